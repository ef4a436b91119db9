// YkcChargerModel against a scripted YKC platform on fake time: no sockets, no sleeps.
// Every frame the pile sends is checked by the harness: it decodes with CrcStatus::Ok, has
// the body size the catalogue gives its type, re-encodes to the same bytes, goes in the
// pile-to-platform direction, and carries the right sequence number (the next one for a
// frame the pile starts, the request's for a reply).
#include "simulator/ykc_charger_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "protocol/ykc16/flags.hpp"

namespace ct::sim {
namespace {

namespace y = ykc16;

constexpr Millis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z = 08:00 at +08:00
constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr const char* kPile = "32010200000001";
constexpr const char* kCard = "00000000D14B0A54";
constexpr const char* kCard2 = "00000000E14C0A54";
constexpr const char* kVin = "LSVAB2BR5KN123456";

y::PileCode pile() {
  return *y::PileCode::parse(kPile);
}
y::PhysicalCardNo card_bytes(const char* tag) {
  return *ykc_card_from_id_tag(tag);
}

// Local day: valley 00-08, peak 08-12, flat 12-17, sharp 17-21, flat 21-24.
y::BillingModel tariff(const char* model_no = "0001") {
  y::BillingModel m;
  m.pile_code = pile();
  m.model_no = *y::BillingModelNo::parse(model_no);
  m.sharp = {120'000, 40'000};  // 1.2 + 0.4 yuan/kWh
  m.peak = {100'000, 40'000};
  m.flat = {70'000, 40'000};
  m.valley = {30'000, 40'000};
  const y::TariffSegment day[] = {{0, 480, y::TariffPeriod::Valley},
                                  {480, 720, y::TariffPeriod::Peak},
                                  {720, 1020, y::TariffPeriod::Flat},
                                  {1020, 1260, y::TariffPeriod::Sharp},
                                  {1260, 1440, y::TariffPeriod::Flat}};
  m.slots = std::get<y::DaySlots>(y::slots_from_segments(day));
  return m;
}

YkcChargerConfig quiet_config() {
  YkcChargerConfig c;
  c.pile_code = kPile;
  c.guns = 2;
  c.dc = true;
  c.max_power_w = 60'000;
  c.self_arrivals = false;
  c.cards = {kCard, kCard2};
  return c;
}

Visit visit(const std::string& id_tag, StartMethod start, Millis budget = 30 * kMinute,
            StopMethod stop = StopMethod::AtCharger) {
  Visit v;
  v.id_tag = id_tag;
  v.vehicle = *find_vehicle_preset("sedan");
  v.arrival_soc_pct = 20;
  v.target_soc_pct = 100;
  v.start = start;
  v.stop = stop;
  v.budget_ms = budget;
  v.idle_after_full_ms = 0;
  return v;
}

y::Cp56Time2a local(Millis utc) {
  return *y::from_utc_ms(utc);
}

template <class T>
std::vector<T> all(const std::vector<y::Frame>& frames) {
  std::vector<T> out;
  for (const auto& f : frames) {
    if (auto* m = std::get_if<T>(&f.message)) out.push_back(*m);
  }
  return out;
}

std::vector<int> types(const std::vector<y::Frame>& frames) {
  std::vector<int> out;
  for (const auto& f : frames) out.push_back(f.header.type);
  return out;
}

bool has_type(const std::vector<y::Frame>& frames, int type) {
  return std::any_of(frames.begin(), frames.end(),
                     [&](const y::Frame& f) { return f.header.type == type; });
}

// The 0x13 frames of one gun.
std::vector<y::RealtimeData> realtime(const std::vector<y::Frame>& frames, int gun) {
  std::vector<y::RealtimeData> out;
  for (const auto& r : all<y::RealtimeData>(frames)) {
    if (r.gun == gun) out.push_back(r);
  }
  return out;
}

// A scripted YKC platform. With auto_answer it answers what a platform answers (0x01,
// 0x03, 0x05, 0x09, 0x31, 0x3B) as the knobs below say; everything else the test sends.
struct Platform {
  explicit Platform(YkcChargerConfig cfg = quiet_config(), std::uint64_t seed = 1)
      : model(std::move(cfg), seed) {}

  YkcChargerModel model;
  Millis now = kStart;
  std::vector<y::Frame> frames;                // every frame the pile sent
  std::vector<std::vector<std::uint8_t>> raw;  // ... as bytes
  bool auto_answer = true;
  bool answer_login = true;
  y::LoginResult login_result = y::LoginResult::Success;
  bool answer_heartbeats = true;
  bool answer_model_check = true;
  std::optional<y::BillingModel> platform_model = tariff();  // nullopt: 0x09 unanswered
  bool answer_cards = true;
  y::SuccessFlag card_result = y::SuccessFlag::Success;
  y::AuthFailureReason card_reason = y::AuthFailureReason::None;
  std::uint32_t balance_e2 = 100'000;                           // 1000.00 yuan
  std::function<bool(const y::TransactionRecord&)> ack_record;  // unset: ack every record
  int serials = 0;
  std::uint16_t platform_seq = 0x8000;  // the platform's own sequence numbers
  std::uint16_t expected_seq = 0;       // the pile's next one
  std::map<int, std::uint16_t> request_seq;
  std::deque<std::uint16_t> polls;  // 0x12 sequences awaiting their 0x13
  std::size_t chunk = 0;

  y::TransactionSerial next_serial(int gun) {
    char digits[64];
    std::snprintf(digits, sizeof digits, "%s%02d260101080000%04d", kPile, gun, ++serials);
    return *y::TransactionSerial::parse(digits);
  }

  static std::vector<std::uint8_t> encode(const y::Message& m, std::uint16_t seq) {
    auto bytes = y::encode_frame(m, seq);
    EXPECT_TRUE(std::holds_alternative<std::vector<std::uint8_t>>(bytes));
    return std::get<std::vector<std::uint8_t>>(bytes);
  }

  // TCP gives no frame boundaries: feed in uneven chunks.
  void feed(std::span<const std::uint8_t> bytes) {
    static constexpr std::size_t kSizes[] = {1, 3, 7, 2, 11, 5, 64};
    std::size_t i = 0;
    while (i < bytes.size()) {
      std::size_t n = std::min(kSizes[chunk++ % 7], bytes.size() - i);
      model.on_bytes(bytes.subspan(i, n), now);
      i += n;
    }
  }

  // A platform frame to the pile; returns what the pile sent in consequence.
  std::vector<y::Frame> send(const y::Message& m, std::optional<std::uint16_t> seq = {}) {
    const std::uint16_t s = seq.value_or(platform_seq++);
    request_seq[y::type_of(m)] = s;
    if (y::type_of(m) == 0x12) polls.push_back(s);
    feed(encode(m, s));
    return pump();
  }

  std::optional<y::Frame> check(const std::vector<std::uint8_t>& bytes) {
    auto decoded = y::decode_frame(bytes);
    if (auto* err = std::get_if<y::FrameError>(&decoded)) {
      ADD_FAILURE() << "the pile sent a frame that does not decode: " << err->detail;
      return std::nullopt;
    }
    auto f = std::get<y::Frame>(decoded);
    EXPECT_EQ(f.crc, y::CrcStatus::Ok);
    const auto* info = y::find_message_info(f.header.type);
    EXPECT_NE(info, nullptr);
    if (!info) return std::nullopt;
    EXPECT_EQ(info->direction, y::Direction::PileToPlatform) << info->name;
    EXPECT_EQ(bytes.size(), std::size_t{bytes[1]} + 4);
    const std::size_t body = std::size_t{bytes[1]} - 4;
    if (info->shape == y::BodyShape::Fixed) {
      EXPECT_EQ(body, info->body_size) << info->name;
    } else {
      EXPECT_GE(body, info->body_size) << info->name;
      EXPECT_EQ((body - info->body_size) % info->item_size, 0u) << info->name;
    }
    EXPECT_EQ(encode(f.message, f.header.sequence), bytes) << info->name << " re-encodes";
    // Sequence numbers: replies repeat the request's; the pile's own count up from 0.
    static const std::map<int, int> kReplyTo = {
        {0x33, 0x34}, {0x35, 0x36}, {0x41, 0x42}, {0x43, 0x44}, {0x45, 0x46},
        {0x47, 0x48}, {0x51, 0x52}, {0x55, 0x56}, {0x57, 0x58}, {0x63, 0x62},
        {0x91, 0x92}, {0x93, 0x94}, {0xA3, 0xA4}};
    const std::uint16_t seq = f.header.sequence;
    if (auto it = kReplyTo.find(f.header.type); it != kReplyTo.end()) {
      EXPECT_TRUE(request_seq.contains(it->second)) << info->name << " answers nothing";
      EXPECT_EQ(seq, request_seq[it->second]) << info->name << " must reuse the request's sequence";
    } else if (f.header.type == 0x13 && !polls.empty() && seq == polls.front()) {
      polls.pop_front();
    } else {
      EXPECT_EQ(seq, expected_seq) << info->name << ": the pile's sequence counts up";
      expected_seq = static_cast<std::uint16_t>(seq + 1);
    }
    return f;
  }

  std::optional<y::Message> answer(const y::Frame& f) {
    const auto& m = f.message;
    if (auto* login = std::get_if<y::Login>(&m)) {
      if (answer_login) return y::LoginResponse{login->pile_code, login_result};
    } else if (auto* hb = std::get_if<y::Heartbeat>(&m)) {
      if (answer_heartbeats) return y::HeartbeatResponse{hb->pile_code, hb->gun, 0};
    } else if (auto* check = std::get_if<y::BillingModelCheck>(&m)) {
      if (answer_model_check && platform_model) {
        bool same = !check->model_no.is_zero() && check->model_no == platform_model->model_no;
        return y::BillingModelCheckResponse{
            check->pile_code, platform_model->model_no,
            same ? y::ModelCheckResult::Same : y::ModelCheckResult::Different};
      }
    } else if (std::get_if<y::BillingModelRequest>(&m)) {
      if (platform_model) {
        y::BillingModelResponse r;
        static_cast<y::BillingModel&>(r) = *platform_model;
        return r;
      }
    } else if (auto* req = std::get_if<y::StartRequest>(&m)) {
      if (answer_cards) {
        return y::StartAuthorization{next_serial(req->gun),
                                     req->pile_code,
                                     req->gun,
                                     *y::LogicalCardNo::parse("1000000573"),
                                     balance_e2,
                                     card_result,
                                     card_reason};
      }
    } else if (auto* rec = std::get_if<y::TransactionRecord>(&m)) {
      if (!ack_record || ack_record(*rec))
        return y::TransactionRecordAck{rec->serial, y::RecordAckResult::Accepted};
    }
    return std::nullopt;
  }

  // Collects the outbox; with auto_answer, answers until the pile is quiet.
  std::vector<y::Frame> pump() {
    std::vector<y::Frame> fresh;
    for (int round = 0; round < 1000; ++round) {
      auto out = model.take_outbox();
      if (out.empty()) break;
      std::vector<std::vector<std::uint8_t>> answers;
      for (auto& bytes : out) {
        auto f = check(bytes);
        if (!f) continue;
        raw.push_back(bytes);
        frames.push_back(*f);
        fresh.push_back(*f);
        if (!auto_answer) continue;
        if (auto a = answer(*f)) answers.push_back(encode(*a, f->header.sequence));
      }
      for (auto& a : answers) feed(a);
    }
    return fresh;
  }

  std::vector<y::Frame> connect() {
    expected_seq = 0;
    request_seq.clear();
    polls.clear();
    model.on_connected(now);
    return pump();
  }
  void disconnect() { model.on_disconnected(now); }
  std::vector<y::Frame> tick(Millis advance) {
    now += advance;
    model.on_tick(now);
    return pump();
  }
  std::vector<y::Frame> run(Millis duration, Millis step = kSecond) {
    std::vector<y::Frame> out;
    for (Millis t = 0; t < duration; t += step) {
      auto f = tick(step);
      out.insert(out.end(), f.begin(), f.end());
    }
    return out;
  }

  y::RemoteStart remote_start(const y::TransactionSerial& serial, int gun,
                              std::uint32_t balance = 100'000) {
    return y::RemoteStart{serial,
                          pile(),
                          static_cast<std::uint8_t>(gun),
                          *y::LogicalCardNo::parse("1000000573"),
                          card_bytes(kCard),
                          balance};
  }

  // An app session: the driver plugs in, asks the app, the platform sends 0x34.
  y::TransactionSerial start_app(int gun, Visit v, std::uint32_t balance = 100'000) {
    EXPECT_TRUE(model.plug_in(gun, std::move(v), now));
    pump();
    auto requests = model.take_driver_requests();
    EXPECT_EQ(requests.size(), 1u);
    auto serial = next_serial(gun);
    auto out = send(remote_start(serial, gun, balance));
    auto answers = all<y::RemoteStartResponse>(out);
    EXPECT_EQ(answers.size(), 1u);
    if (!answers.empty()) {
      EXPECT_EQ(answers[0].result, y::SuccessFlag::Success);
    }
    return serial;
  }
};

// ---- login and billing model ------------------------------------------------------------

TEST(YkcChargerModelTest, LoginCarriesThePilesIdentity) {
  auto cfg = quiet_config();
  cfg.program_version = "V4.1.50";
  Platform h(cfg);
  auto frames = h.connect();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].header.sequence, 0);
  auto login = std::get<y::Login>(frames[0].message);
  EXPECT_EQ(login.pile_code, pile());
  EXPECT_EQ(login.pile_type, y::PileType::Dc);
  EXPECT_EQ(login.gun_count, 2);
  EXPECT_EQ(login.protocol_version, 0x10);
  EXPECT_EQ(login.program_version, "V4.1.50");
  EXPECT_EQ(login.network_type, y::NetworkType::Sim);
  EXPECT_EQ(login.iccid, cfg.iccid);
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
  EXPECT_EQ(h.model.stats().logins_accepted, 1);
}

TEST(YkcChargerModelTest, InvalidConfigIsRefused) {
  auto cfg = quiet_config();
  cfg.pile_code = "3201020000001";  // 13 digits
  EXPECT_FALSE(validate(cfg).empty());
  EXPECT_THROW(YkcChargerModel(cfg, 1), std::invalid_argument);
  cfg = quiet_config();
  cfg.program_version = "TOO-LONG-1";
  EXPECT_THROW(YkcChargerModel(cfg, 1), std::invalid_argument);
  cfg = quiet_config();
  cfg.cards = {"SIMTAG0001"};
  EXPECT_THROW(YkcChargerModel(cfg, 1), std::invalid_argument);
  EXPECT_TRUE(validate(quiet_config()).empty());
}

TEST(YkcChargerModelTest, LoginRefusedIsRetriedAfterTheInterval) {
  Platform h;
  h.login_result = y::LoginResult::Failure;
  EXPECT_EQ(types(h.connect()), (std::vector<int>{0x01}));
  EXPECT_EQ(h.model.registration(), Registration::Rejected);
  EXPECT_EQ(h.model.stats().logins_refused, 1);
  // Nothing else before a successful login: no heartbeat, no 0x13.
  EXPECT_TRUE(h.run(29 * kSecond).empty());
  h.login_result = y::LoginResult::Success;
  auto retry = h.tick(kSecond);
  ASSERT_FALSE(retry.empty());
  EXPECT_EQ(retry[0].header.type, 0x01);
  EXPECT_EQ(retry[0].header.sequence, 1) << "same connection: the sequence goes on";
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
  EXPECT_EQ(types(retry), (std::vector<int>{0x01, 0x05, 0x13, 0x13, 0x09}));
}

TEST(YkcChargerModelTest, UnansweredLoginTimesOutAndIsSentAgain) {
  Platform h;
  h.answer_login = false;
  h.connect();
  EXPECT_TRUE(h.run(10 * kSecond).empty());
  EXPECT_EQ(h.model.stats().login_timeouts, 1);
  EXPECT_TRUE(h.run(29 * kSecond).empty());
  h.answer_login = true;
  EXPECT_EQ(h.tick(kSecond).front().header.type, 0x01);
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
}

TEST(YkcChargerModelTest, FirstConnectionAsksForTheBillingModel) {
  Platform h;  // the config has no model: 0x05 says 0000
  auto frames = h.connect();
  EXPECT_EQ(types(frames), (std::vector<int>{0x01, 0x05, 0x13, 0x13, 0x09}));
  auto check = all<y::BillingModelCheck>(frames);
  ASSERT_EQ(check.size(), 1u);
  EXPECT_TRUE(check[0].model_no.is_zero());
  ASSERT_TRUE(h.model.billing_model());
  EXPECT_EQ(*h.model.billing_model(), tariff());
  EXPECT_TRUE(h.model.billing_model_confirmed());
  EXPECT_EQ(h.model.stats().models_received, 1);
}

TEST(YkcChargerModelTest, StoredModelIsCheckedAndOnlyRequestedWhenDifferent) {
  auto cfg = quiet_config();
  cfg.billing_model = tariff("0001");
  {
    Platform h(cfg);
    EXPECT_EQ(types(h.connect()), (std::vector<int>{0x01, 0x05, 0x13, 0x13}));
    EXPECT_EQ(all<y::BillingModelCheck>(h.frames)[0].model_no.str(), "0001");
    EXPECT_TRUE(h.model.billing_model_confirmed());
  }
  {
    Platform h(cfg);
    h.platform_model = tariff("0002");
    EXPECT_EQ(types(h.connect()), (std::vector<int>{0x01, 0x05, 0x13, 0x13, 0x09}));
    EXPECT_EQ(h.model.billing_model()->model_no.str(), "0002");
  }
}

TEST(YkcChargerModelTest, BillingModelCheckIsRepeatedUntilAnswered) {
  Platform h;
  h.answer_model_check = false;
  h.connect();
  EXPECT_FALSE(h.model.billing_model_confirmed());
  EXPECT_FALSE(h.model.quiescent());
  auto again = h.run(10 * kSecond);
  EXPECT_EQ(all<y::BillingModelCheck>(again).size(), 1u);
  h.answer_model_check = true;
  h.run(10 * kSecond);
  EXPECT_TRUE(h.model.billing_model_confirmed());
}

TEST(YkcChargerModelTest, NoChargingWithoutABillingModel) {
  Platform h;
  h.platform_model.reset();  // the platform never answers 0x05 / 0x09
  h.connect();
  EXPECT_FALSE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid), h.now));
  auto out = h.send(h.remote_start(h.next_serial(1), 1));
  auto r = all<y::RemoteStartResponse>(out);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].result, y::SuccessFlag::Failure);
  EXPECT_EQ(r[0].reason, y::StartFailureReason::DeviceFault);
}

// ---- heartbeats and sequence numbers -------------------------------------------------------

TEST(YkcChargerModelTest, HeartbeatPerGunEveryTenSeconds) {
  Platform h;
  h.connect();
  EXPECT_TRUE(all<y::Heartbeat>(h.run(9 * kSecond)).empty());
  auto round = h.tick(kSecond);
  auto hb = all<y::Heartbeat>(round);
  ASSERT_EQ(hb.size(), 2u);
  EXPECT_EQ(hb[0].gun, 1);
  EXPECT_EQ(hb[1].gun, 2);
  EXPECT_EQ(hb[0].gun_state, y::GunState::Normal);
  EXPECT_EQ(round[1].header.sequence, round[0].header.sequence + 1);
  EXPECT_EQ(all<y::Heartbeat>(h.run(10 * kSecond)).size(), 2u);
  EXPECT_EQ(h.model.stats().heartbeat_acks, 4);
}

TEST(YkcChargerModelTest, RepliesReuseTheRequestSequenceAndReconnectRestartsAtZero) {
  Platform h;
  h.connect();
  h.run(25 * kSecond);
  auto reply = h.send(y::TimeSync{pile(), local(h.now)}, 0x1234);
  ASSERT_EQ(types(reply), (std::vector<int>{0x55}));
  EXPECT_EQ(reply[0].header.sequence, 0x1234);
  auto poll = h.send(y::RealtimeDataRequest{pile(), 2}, 0x0777);
  ASSERT_EQ(types(poll), (std::vector<int>{0x13}));
  EXPECT_EQ(poll[0].header.sequence, 0x0777);
  EXPECT_EQ(std::get<y::RealtimeData>(poll[0].message).gun, 2);
  // The pile's own frames went on counting in between.
  auto hb = h.run(10 * kSecond);
  ASSERT_FALSE(hb.empty());
  EXPECT_GT(hb[0].header.sequence, 5);

  h.disconnect();
  auto again = h.connect();
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again[0].header.type, 0x01);
  EXPECT_EQ(again[0].header.sequence, 0);
  EXPECT_EQ(again[1].header.sequence, 1);
}

TEST(YkcChargerModelTest, ThreeMissedHeartbeatsGiveUpTheLink) {
  Platform h;
  h.connect();
  h.answer_heartbeats = false;
  auto sent = h.run(30 * kSecond);
  EXPECT_EQ(all<y::Heartbeat>(sent).size(), 6u) << "three rounds of two guns";
  EXPECT_FALSE(h.model.close_requested());
  h.run(10 * kSecond);
  EXPECT_TRUE(h.model.close_requested());
  EXPECT_EQ(h.model.registration(), Registration::Disconnected);
  EXPECT_EQ(h.model.stats().heartbeat_timeouts, 1);
  EXPECT_TRUE(h.run(30 * kSecond).empty()) << "given up: nothing more on this link";
  // The caller closes and connects again: a new login.
  h.disconnect();
  EXPECT_FALSE(h.model.close_requested());
  h.answer_heartbeats = true;
  EXPECT_EQ(h.connect().front().header.type, 0x01);
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
}

// ---- real-time data ---------------------------------------------------------------------------

TEST(YkcChargerModelTest, RealtimeDataIdleEveryFiveMinutesChargingEveryFifteenSeconds) {
  Platform h;
  auto login = h.connect();
  ASSERT_EQ(realtime(login, 1).size(), 1u);
  EXPECT_EQ(realtime(login, 1)[0].status, y::GunStatus::Idle);
  EXPECT_EQ(realtime(login, 1)[0].plugged, y::PlugState::Unplugged);
  EXPECT_TRUE(realtime(login, 1)[0].serial.is_zero());
  EXPECT_TRUE(all<y::RealtimeData>(h.run(299 * kSecond)).empty());
  EXPECT_EQ(all<y::RealtimeData>(h.tick(kSecond)).size(), 2u);

  // A status change goes out at once: the plug ...
  ASSERT_TRUE(h.model.plug_in(1, visit("APPUSER1", StartMethod::Remote), h.now));
  auto plugged = realtime(h.pump(), 1);
  ASSERT_EQ(plugged.size(), 1u);
  EXPECT_EQ(plugged[0].plugged, y::PlugState::Plugged);
  EXPECT_EQ(plugged[0].homed, y::GunHomed::No);
  EXPECT_EQ(plugged[0].status, y::GunStatus::Idle);
  // ... and the start.
  auto serial = h.next_serial(1);
  auto started = h.send(h.remote_start(serial, 1));
  auto charging = realtime(started, 1);
  ASSERT_EQ(charging.size(), 1u);
  EXPECT_EQ(charging[0].status, y::GunStatus::Charging);
  EXPECT_EQ(charging[0].serial, serial);

  auto minute = h.run(kMinute);
  auto gun1 = realtime(minute, 1);
  EXPECT_EQ(gun1.size(), 4u) << "every 15 s while charging";
  for (const auto& r : gun1) {
    EXPECT_EQ(r.status, y::GunStatus::Charging) << "never idle while charging";
    EXPECT_EQ(r.serial, serial);
  }
  EXPECT_TRUE(realtime(minute, 2).empty()) << "the idle gun stays on its 5 min cadence";
  EXPECT_LT(gun1[0].energy_e4_kwh, gun1[3].energy_e4_kwh);
}

// ---- app starts --------------------------------------------------------------------------------

TEST(YkcChargerModelTest, AppStartWithTheCarPluggedIn) {
  Platform h;
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit("APPUSER1", StartMethod::Remote), h.now));
  h.pump();
  auto req = h.model.take_driver_requests();
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].kind, DriverRequest::Kind::RemoteStart);
  EXPECT_EQ(req[0].connector_id, 1);
  EXPECT_EQ(req[0].id_tag, "APPUSER1");
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);

  auto serial = h.next_serial(1);
  auto out = h.send(h.remote_start(serial, 1));
  EXPECT_EQ(types(out), (std::vector<int>{0x33, 0x15, 0x17, 0x13}));
  auto resp = std::get<y::RemoteStartResponse>(out[0].message);
  EXPECT_EQ(resp.serial, serial);
  EXPECT_EQ(resp.gun, 1);
  EXPECT_EQ(resp.result, y::SuccessFlag::Success);
  EXPECT_EQ(resp.reason, y::StartFailureReason::None);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  EXPECT_EQ(h.model.serial(1), serial);
  ASSERT_EQ(h.model.session_records().size(), 1u);
  EXPECT_EQ(h.model.session_records()[0].trade_type, y::TradeType::App);
  EXPECT_EQ(h.model.stats().sessions_started, 1);
}

TEST(YkcChargerModelTest, AppStartBeforeThePlugSucceedsWithASecond0x33) {
  Platform h;
  h.connect();
  // The driver scans the QR code, the platform starts, the cable comes 20 s later.
  ASSERT_TRUE(
      h.model.scan_then_plug(1, visit("APPUSER1", StartMethod::Remote), 20 * kSecond, h.now));
  EXPECT_EQ(h.model.take_driver_requests().size(), 1u);
  auto serial = h.next_serial(1);
  auto first = h.send(h.remote_start(serial, 1), 0x0042);
  ASSERT_EQ(types(first), (std::vector<int>{0x33}));
  auto fail = std::get<y::RemoteStartResponse>(first[0].message);
  EXPECT_EQ(fail.result, y::SuccessFlag::Failure);
  EXPECT_EQ(fail.reason, y::StartFailureReason::GunNotPlugged);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  EXPECT_TRUE(all<y::RemoteStartResponse>(h.run(19 * kSecond)).empty());

  auto later = h.tick(kSecond);
  auto second = all<y::RemoteStartResponse>(later);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].result, y::SuccessFlag::Success);
  EXPECT_EQ(second[0].serial, serial);
  auto frame33 = std::find_if(later.begin(), later.end(),
                              [](const y::Frame& f) { return f.header.type == 0x33; });
  ASSERT_NE(frame33, later.end());
  EXPECT_EQ(frame33->header.sequence, 0x0042) << "the same command answered again";
  EXPECT_EQ(realtime(later, 1).back().status, y::GunStatus::Charging);
  EXPECT_EQ(h.model.stats().remote_starts_refused, 0);

  // A driver nobody announced who plugs into the waiting gun gets the start too.
  auto serial2 = h.next_serial(2);
  EXPECT_EQ(all<y::RemoteStartResponse>(h.send(h.remote_start(serial2, 2)))[0].reason,
            y::StartFailureReason::GunNotPlugged);
  h.run(30 * kSecond);
  ASSERT_TRUE(h.model.plug_in(2, visit("APPUSER2", StartMethod::Remote), h.now));
  auto late = all<y::RemoteStartResponse>(h.pump());
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].result, y::SuccessFlag::Success);
  EXPECT_EQ(h.model.serial(2), serial2);
}

TEST(YkcChargerModelTest, NoPlugWithinSixtySecondsMeansNoStart) {
  Platform h;
  h.connect();
  auto out = h.send(h.remote_start(h.next_serial(1), 1));
  EXPECT_EQ(all<y::RemoteStartResponse>(out)[0].reason, y::StartFailureReason::GunNotPlugged);
  h.run(59 * kSecond);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  auto after = h.run(2 * kSecond);
  EXPECT_FALSE(has_type(after, 0x33)) << "no second 0x33 after the window";
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().late_plug_failures, 1);

  // A driver who scanned but plugs after the window: the start failed, nothing charges.
  ASSERT_TRUE(
      h.model.scan_then_plug(2, visit("APPUSER2", StartMethod::Remote), 70 * kSecond, h.now));
  h.send(h.remote_start(h.next_serial(2), 2));
  auto rest = h.run(2 * kMinute);
  EXPECT_FALSE(has_type(rest, 0x33));
  EXPECT_FALSE(has_type(rest, 0x3B));
  EXPECT_EQ(h.model.stats().late_plug_failures, 2);
  EXPECT_EQ(h.model.stats().sessions_started, 0);
  EXPECT_TRUE(h.model.session_records().empty());
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Available);
}

TEST(YkcChargerModelTest, RemoteStartRefusalsSayWhy) {
  Platform h;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote));
  auto reason = [&](const y::RemoteStart& m) {
    auto r = all<y::RemoteStartResponse>(h.send(m));
    EXPECT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].result, y::SuccessFlag::Failure);
    return r[0].reason;
  };
  EXPECT_EQ(reason(h.remote_start(h.next_serial(1), 1)), y::StartFailureReason::GunAlreadyCharging);
  auto other = h.remote_start(h.next_serial(2), 2);
  other.pile_code = *y::PileCode::parse("32010200000099");
  EXPECT_EQ(reason(other), y::StartFailureReason::PileCodeMismatch);
  EXPECT_EQ(reason(h.remote_start(h.next_serial(5), 5)), y::StartFailureReason::PileCodeMismatch);
  h.model.fault_connector(2, h.now);
  h.pump();
  EXPECT_EQ(reason(h.remote_start(h.next_serial(2), 2)), y::StartFailureReason::DeviceFault);
  EXPECT_EQ(h.model.stats().remote_starts_refused, 4);
  EXPECT_EQ(h.model.stats().wrong_pile_code, 1);
}

// ---- card and VIN starts ---------------------------------------------------------------------

TEST(YkcChargerModelTest, CardStartAuthorizedByThePlatform) {
  Platform h;
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid, 10 * kMinute), h.now));
  auto out = h.pump();
  EXPECT_EQ(types(out), (std::vector<int>{0x13, 0x31, 0x15, 0x17, 0x13}))
      << "plug, card request, BMS handshake and parameters, charging";
  auto req = all<y::StartRequest>(out);
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].gun, 1);
  EXPECT_EQ(req[0].start_mode, y::StartMode::Card);
  EXPECT_EQ(req[0].password_required, y::PasswordRequired::No);
  EXPECT_EQ(req[0].card, (y::PhysicalCardNo{0, 0, 0, 0, 0xD1, 0x4B, 0x0A, 0x54}));
  EXPECT_TRUE(req[0].vin.empty());
  // The harness authorized it: charging under the platform's serial.
  auto serial = h.model.serial(1);
  ASSERT_TRUE(serial);
  EXPECT_EQ(realtime(out, 1).back().serial, *serial);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);

  // The budget ends it at the pile (a card swipe): CST, BSD, status, bill.
  auto end = h.run(10 * kMinute);
  auto rec = all<y::TransactionRecord>(end);
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].serial, *serial);
  EXPECT_EQ(rec[0].trade_type, y::TradeType::Card);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::ManualStop);
  EXPECT_EQ(rec[0].physical_card, card_bytes(kCard));
  EXPECT_EQ(rec[0].vin.size(), 17u) << "a DC car tells its VIN";
  EXPECT_TRUE(has_type(end, 0x21));
  EXPECT_TRUE(has_type(end, 0x19));
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
  const auto& r = h.model.session_records()[0];
  EXPECT_TRUE(r.stop_acknowledged);
  EXPECT_TRUE(r.start_confirmed);
  EXPECT_EQ(r.stop_reason, "manual_stop");
  EXPECT_EQ(r.serial, *serial);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Finishing) << "the car is still there";
  h.run(3 * kMinute);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(realtime(h.frames, 1).back().plugged, y::PlugState::Unplugged);
  EXPECT_TRUE(h.model.quiescent());
}

TEST(YkcChargerModelTest, CardRefusedByThePlatform) {
  Platform h;
  h.connect();
  h.card_result = y::SuccessFlag::Failure;
  h.card_reason = y::AuthFailureReason::AccountNotFound;
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid), h.now));
  auto out = h.pump();
  EXPECT_TRUE(has_type(out, 0x31));
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().card_auth_refused, 1);
  EXPECT_TRUE(h.model.session_records().empty());
  EXPECT_FALSE(has_type(h.run(5 * kMinute), 0x3B)) << "no bill: nothing was started";
  // A card the platform never answers: the driver gives up.
  h.answer_cards = false;
  ASSERT_TRUE(h.model.plug_in(2, visit(kCard2, StartMethod::Rfid), h.now));
  h.run(11 * kSecond);
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().card_auth_timeouts, 1);
  // Not a card at all.
  EXPECT_FALSE(h.model.plug_in(1, visit("SIMTAG0001", StartMethod::Rfid), h.now));
}

TEST(YkcChargerModelTest, VinStartIsPlugAndCharge) {
  Platform h;
  h.connect();
  ASSERT_TRUE(is_vin(kVin));
  ASSERT_TRUE(h.model.plug_in(1, visit(kVin, StartMethod::Rfid, 5 * kMinute), h.now));
  auto out = h.pump();
  auto req = all<y::StartRequest>(out);
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].start_mode, y::StartMode::Vin);
  EXPECT_EQ(req[0].vin, kVin);
  EXPECT_EQ(req[0].card, y::PhysicalCardNo{});
  EXPECT_EQ(all<y::BmsHandshake>(out)[0].vin, kVin);
  auto rec = all<y::TransactionRecord>(h.run(5 * kMinute));
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].trade_type, y::TradeType::Vin);
  EXPECT_EQ(rec[0].vin, kVin);
}

// ---- billing -------------------------------------------------------------------------------

TEST(YkcChargerModelTest, SessionAcrossATariffBoundaryIsSplitByTheStoredModel) {
  Platform h;
  h.now = kStart + 3 * kHour + 40 * kMinute;  // 11:40 local: peak until 12:00, then flat
  h.connect();
  const auto meter_before = h.model.energy_register_e4_kwh(1);
  auto serial = h.start_app(1, visit("APPUSER1", StartMethod::Remote, 40 * kMinute));
  auto frames = h.run(40 * kMinute);
  auto recs = all<y::TransactionRecord>(frames);
  ASSERT_EQ(recs.size(), 1u);
  const auto& r = recs[0];
  EXPECT_EQ(r.serial, serial);
  EXPECT_EQ(r.start_time, local(kStart + 3 * kHour + 40 * kMinute));
  EXPECT_EQ(r.end_time, local(kStart + 4 * kHour + 20 * kMinute));
  EXPECT_EQ(y::format_local(r.start_time), "2026-01-01 11:40:00.000");
  EXPECT_EQ(r.trade_time, r.end_time);
  // 20 minutes at 60 kW before noon: exactly 20 kWh in the peak period.
  EXPECT_EQ(r.peak.energy_e4_kwh, 200'000u);
  EXPECT_GT(r.flat.energy_e4_kwh, 0u);
  EXPECT_EQ(r.sharp.energy_e4_kwh, 0u);
  EXPECT_EQ(r.valley.energy_e4_kwh, 0u);
  // The periods add up to the total and to the register difference.
  EXPECT_EQ(
      r.sharp.energy_e4_kwh + r.peak.energy_e4_kwh + r.flat.energy_e4_kwh + r.valley.energy_e4_kwh,
      r.energy_e4_kwh);
  EXPECT_EQ(r.meter_start_e4_kwh, meter_before);
  EXPECT_EQ(r.meter_end_e4_kwh - r.meter_start_e4_kwh, r.energy_e4_kwh);
  EXPECT_EQ(r.meter_end_e4_kwh, h.model.energy_register_e4_kwh(1));
  EXPECT_EQ(r.loss_energy_e4_kwh, r.energy_e4_kwh);
  // Prices and amounts follow the stored model: (electricity + service) x energy.
  EXPECT_EQ(r.peak.price_e5_yuan, 140'000u);
  EXPECT_EQ(r.flat.price_e5_yuan, 110'000u);
  EXPECT_EQ(r.sharp.price_e5_yuan, 160'000u);
  EXPECT_EQ(r.valley.price_e5_yuan, 70'000u);
  EXPECT_EQ(r.peak.amount_e4_yuan, 280'000u);  // 20 kWh x 1.4 yuan = 28.0000 yuan
  EXPECT_EQ(r.flat.amount_e4_yuan,
            static_cast<std::uint32_t>(std::uint64_t{r.flat.energy_e4_kwh} * 110'000 / 100'000));
  EXPECT_EQ(r.amount_e4_yuan, r.sharp.amount_e4_yuan + r.peak.amount_e4_yuan +
                                  r.flat.amount_e4_yuan + r.valley.amount_e4_yuan);
  // The last 0x13 before the end showed the pile's running amount the same way.
  auto rt = realtime(frames, 1);
  auto last_charging = std::find_if(rt.rbegin(), rt.rend(), [](const y::RealtimeData& d) {
    return d.status == y::GunStatus::Charging;
  });
  ASSERT_NE(last_charging, rt.rend());
  EXPECT_LE(last_charging->amount_e4_yuan, r.amount_e4_yuan);
  EXPECT_GT(last_charging->amount_e4_yuan, 280'000u);
  // The session record says the same in Wh.
  const auto& rec = h.model.session_records()[0];
  EXPECT_EQ(rec.meter_start_wh, y::wh_from_e4_kwh(r.meter_start_e4_kwh));
  EXPECT_EQ(rec.meter_stop_wh, y::wh_from_e4_kwh(r.meter_end_e4_kwh));
  EXPECT_EQ(rec.meter_stop_wh, h.model.energy_register_wh(1));
  EXPECT_EQ(rec.amount_e4_yuan, r.amount_e4_yuan);
  EXPECT_EQ(rec.period_energy_e4_kwh[1], 200'000u);
  EXPECT_EQ(rec.model_no.str(), "0001");
  EXPECT_EQ(rec.stopped_at - rec.started_at, 40 * kMinute);
}

TEST(YkcChargerModelTest, PushedModelAppliesToTheNextSession) {
  Platform h;
  h.now = kStart + kHour;  // 09:00 local: peak
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 10 * kMinute));
  h.run(2 * kMinute);
  auto next = tariff("0002");
  next.peak = {200'000, 50'000};
  y::BillingModelSet push;
  static_cast<y::BillingModel&>(push) = next;
  auto ack = all<y::BillingModelSetResponse>(h.send(push));
  ASSERT_EQ(ack.size(), 1u);
  EXPECT_EQ(ack[0].result, y::SuccessFlag::Success);
  EXPECT_EQ(h.model.billing_model()->model_no.str(), "0002");
  auto first = all<y::TransactionRecord>(h.run(8 * kMinute));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].peak.price_e5_yuan, 140'000u) << "the running session keeps its model";
  EXPECT_EQ(h.model.session_records()[0].model_no.str(), "0001");

  h.run(3 * kMinute);
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute));
  auto second = all<y::TransactionRecord>(h.run(5 * kMinute));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].peak.price_e5_yuan, 250'000u);
  EXPECT_EQ(h.model.session_records()[1].model_no.str(), "0002");

  // A model with a slot code outside 0..3, or for another pile, is refused.
  auto bad = push;
  bad.slots[3] = static_cast<y::TariffPeriod>(7);
  EXPECT_EQ(all<y::BillingModelSetResponse>(h.send(bad))[0].result, y::SuccessFlag::Failure);
  auto other = push;
  other.pile_code = *y::PileCode::parse("32010200000099");
  EXPECT_EQ(all<y::BillingModelSetResponse>(h.send(other))[0].result, y::SuccessFlag::Failure);
  EXPECT_EQ(h.model.billing_model()->model_no.str(), "0002");
  EXPECT_EQ(h.model.stats().models_refused, 1);
}

TEST(YkcChargerModelTest, BalanceLimitsTheSessionAndATopUpExtendsIt) {
  Platform h;
  h.now = kStart + kHour;  // peak: 1.4 yuan/kWh
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote), 100);  // 1.00 yuan
  auto rec = all<y::TransactionRecord>(h.run(2 * kMinute));
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::AbnormalBalanceExhausted);
  EXPECT_GE(rec[0].amount_e4_yuan, 10'000u);
  EXPECT_LT(rec[0].amount_e4_yuan, 10'300u) << "stopped within a second of running out";

  h.run(3 * kMinute);
  h.start_app(2, visit("APPUSER2", StartMethod::Remote), 100);
  h.run(20 * kSecond);
  auto up = [&](const y::BalanceUpdate& m) {
    auto r = all<y::BalanceUpdateResponse>(h.send(m));
    EXPECT_EQ(r.size(), 1u);
    return r[0].result;
  };
  EXPECT_EQ(up({pile(), 2, card_bytes(kCard2), 1'000}), y::BalanceUpdateResult::WrongCard);
  EXPECT_EQ(up({pile(), 1, {}, 1'000}), y::BalanceUpdateResult::WrongCard) << "gun 1 is idle";
  EXPECT_EQ(up({*y::PileCode::parse("32010200000099"), 2, {}, 1'000}),
            y::BalanceUpdateResult::WrongPileCode);
  EXPECT_EQ(up({pile(), 2, card_bytes(kCard), 1'000}), y::BalanceUpdateResult::Success);
  EXPECT_FALSE(has_type(h.run(2 * kMinute), 0x3B)) << "10 yuan last longer";
  auto later = all<y::TransactionRecord>(h.run(10 * kMinute));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].stop_reason, y::StopReason::AbnormalBalanceExhausted);
  EXPECT_GE(later[0].amount_e4_yuan, 100'000u);
}

// ---- transaction records ---------------------------------------------------------------------

TEST(YkcChargerModelTest, RecordIsResentUntilAcknowledged) {
  Platform h;
  h.connect();
  int seen = 0;
  h.ack_record = [&](const y::TransactionRecord&) { return ++seen == 3; };
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute));
  h.run(5 * kMinute);
  EXPECT_EQ(seen, 1);
  EXPECT_FALSE(h.model.transactions_settled());
  h.run(29 * kSecond);
  EXPECT_EQ(seen, 1);
  h.run(kSecond);
  EXPECT_EQ(seen, 2) << "resent after 30 s";
  h.run(30 * kSecond);
  EXPECT_EQ(seen, 3);
  h.run(5 * kMinute);
  EXPECT_EQ(seen, 3) << "acknowledged: not sent again";
  EXPECT_EQ(h.model.stats().records_resent, 2);
  EXPECT_EQ(h.model.session_records()[0].record_sends, 3);
  EXPECT_TRUE(h.model.session_records()[0].stop_acknowledged);
  EXPECT_TRUE(h.model.transactions_settled());
}

TEST(YkcChargerModelTest, RecordResentThreeTimesThenKeptForTheNextLogin) {
  Platform h;
  h.connect();
  int seen = 0;
  h.ack_record = [&](const y::TransactionRecord&) {
    ++seen;
    return false;
  };
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute));
  h.run(15 * kMinute);
  EXPECT_EQ(seen, 4) << "the first send and three resends";
  EXPECT_EQ(h.model.stats().records_resent, 3);
  EXPECT_EQ(h.model.stats().records_deferred, 1);
  EXPECT_EQ(h.model.stored_records(), 1u);
  EXPECT_FALSE(h.model.session_records()[0].stop_acknowledged);

  h.disconnect();
  h.ack_record = nullptr;
  auto login = h.connect();
  EXPECT_EQ(types(login), (std::vector<int>{0x01, 0x3B, 0x05, 0x13, 0x13}))
      << "stored records before the billing model (vendor 5.1)";
  EXPECT_EQ(h.model.stored_records(), 0u);
  EXPECT_TRUE(h.model.session_records()[0].stop_acknowledged);
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
}

TEST(YkcChargerModelTest, DisconnectMidSessionKeepsChargingAndUploadsInOrder) {
  Platform h;
  h.connect();
  ASSERT_TRUE(h.model.plug_in(2, visit(kCard2, StartMethod::Rfid, 20 * kMinute), h.now));
  h.pump();
  h.run(kMinute);
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid, 10 * kMinute), h.now));
  h.pump();
  auto serial1 = *h.model.serial(1);
  auto serial2 = *h.model.serial(2);
  h.run(kMinute);
  const auto before = h.model.energy_register_e4_kwh(1);
  h.disconnect();
  EXPECT_TRUE(h.run(25 * kMinute).empty()) << "nothing goes out while offline";
  EXPECT_GT(h.model.energy_register_e4_kwh(1), before) << "charging went on offline";
  EXPECT_EQ(h.model.stored_records(), 2u);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);

  auto login = h.connect();
  auto recs = all<y::TransactionRecord>(login);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].serial, serial1) << "gun 1 ended first (10 min after 1 min)";
  EXPECT_EQ(recs[1].serial, serial2);
  EXPECT_EQ(recs[0].stop_reason, y::StopReason::ManualStop);
  EXPECT_EQ(login[1].header.type, 0x3B);
  EXPECT_EQ(h.model.stored_records(), 0u);
  EXPECT_EQ(h.model.stats().sessions_stopped, 2);
  for (const auto& r : h.model.session_records()) EXPECT_TRUE(r.stop_acknowledged);
}

TEST(YkcChargerModelTest, PowerLossMidSessionEndsItAndUploadsAfterLogin) {
  Platform h;
  h.connect();
  auto serial = h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  h.run(5 * kMinute);
  h.model.reboot(h.now, true);
  EXPECT_TRUE(h.model.take_outbox().empty());
  EXPECT_EQ(h.model.registration(), Registration::Disconnected);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  const auto reg = h.model.energy_register_e4_kwh(1);
  const auto& rec = h.model.session_records()[0];
  EXPECT_EQ(rec.stop_reason, "abnormal_pile_power_lost");
  EXPECT_EQ(rec.meter_stop_wh, h.model.energy_register_wh(1));
  EXPECT_TRUE(h.run(kMinute).empty());
  EXPECT_EQ(h.model.energy_register_e4_kwh(1), reg) << "nothing charges after the cut";

  auto login = h.connect();
  auto recs = all<y::TransactionRecord>(login);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].serial, serial);
  EXPECT_EQ(recs[0].stop_reason, y::StopReason::AbnormalPilePowerLost);
  EXPECT_EQ(recs[0].meter_end_e4_kwh, reg);
  EXPECT_TRUE(h.model.billing_model()) << "the model survives the power cut";
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
}

// ---- stops and maintenance --------------------------------------------------------------------

TEST(YkcChargerModelTest, RemoteStopEndsTheSession) {
  Platform h;
  h.connect();
  auto serial = h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  h.run(3 * kMinute);
  auto out = h.send(y::RemoteStop{pile(), 1}, 0x0321);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].header.type, 0x35);
  EXPECT_EQ(out[0].header.sequence, 0x0321);
  auto resp = std::get<y::RemoteStopResponse>(out[0].message);
  EXPECT_EQ(resp.result, y::SuccessFlag::Success);
  EXPECT_EQ(types(out), (std::vector<int>{0x35, 0x21, 0x19, 0x13, 0x3B}));
  auto rec = all<y::TransactionRecord>(out);
  EXPECT_EQ(rec[0].serial, serial);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::AppRemoteStop);
  EXPECT_EQ(realtime(out, 1)[0].status, y::GunStatus::Idle);
  EXPECT_TRUE(realtime(out, 1)[0].serial.is_zero());

  auto again = all<y::RemoteStopResponse>(h.send(y::RemoteStop{pile(), 1}));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].result, y::SuccessFlag::Failure);
  EXPECT_EQ(again[0].reason, y::StopFailureReason::GunNotCharging);
}

TEST(YkcChargerModelTest, AppStopAsksThePlatformAndFallsBackToThePile) {
  Platform h;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute, StopMethod::App));
  h.run(5 * kMinute);
  auto req = h.model.take_driver_requests();
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].kind, DriverRequest::Kind::RemoteStop);
  EXPECT_EQ(req[0].connector_id, 1);
  EXPECT_FALSE(req[0].transaction_id);
  auto rec = all<y::TransactionRecord>(h.send(y::RemoteStop{pile(), 1}));
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::AppRemoteStop);

  // No 0x36 within 60 s: the driver stops at the pile.
  h.start_app(2, visit("APPUSER2", StartMethod::Remote, 5 * kMinute, StopMethod::App));
  h.run(5 * kMinute);
  EXPECT_EQ(h.model.take_driver_requests().size(), 1u);
  EXPECT_TRUE(all<y::TransactionRecord>(h.run(59 * kSecond)).empty());
  auto fallback = all<y::TransactionRecord>(h.run(kSecond));
  ASSERT_EQ(fallback.size(), 1u);
  EXPECT_EQ(fallback[0].stop_reason, y::StopReason::ManualStop);
}

TEST(YkcChargerModelTest, RemoteRebootNowEndsTheSessionAndLogsInAgain) {
  Platform h;
  h.connect();
  auto serial = h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  h.run(2 * kMinute);
  auto out = h.send(y::Reboot{pile(), y::ExecuteWhen::Now}, 0x0555);
  ASSERT_EQ(types(out), (std::vector<int>{0x91}));
  EXPECT_EQ(std::get<y::RebootResponse>(out[0].message).result, y::SuccessFlag::Success);
  EXPECT_TRUE(h.model.close_requested());
  EXPECT_EQ(h.model.registration(), Registration::Disconnected);
  EXPECT_EQ(h.model.session_records()[0].ykc_stop_reason, y::StopReason::AbnormalSystemLockout);
  h.disconnect();
  h.run(30 * kSecond);
  auto recs = all<y::TransactionRecord>(h.connect());
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].serial, serial);
  EXPECT_EQ(recs[0].stop_reason, y::StopReason::AbnormalSystemLockout);
}

TEST(YkcChargerModelTest, RemoteRebootWhenIdleWaitsForTheSession) {
  Platform h;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  auto out = h.send(y::Reboot{pile(), y::ExecuteWhen::WhenIdle});
  ASSERT_EQ(types(out), (std::vector<int>{0x91}));
  h.run(kMinute);
  EXPECT_FALSE(h.model.close_requested());
  auto stop = h.send(y::RemoteStop{pile(), 1});
  EXPECT_TRUE(has_type(stop, 0x3B));
  EXPECT_TRUE(h.model.close_requested()) << "idle and the bill acknowledged: reboot";
  EXPECT_EQ(h.model.stored_records(), 0u);
}

TEST(YkcChargerModelTest, TimeSyncSetsTheClockTheFramesUse) {
  Platform h;
  h.connect();
  auto ahead = local(h.now + kHour);
  auto out = h.send(y::TimeSync{pile(), ahead});
  ASSERT_EQ(types(out), (std::vector<int>{0x55}));
  EXPECT_EQ(std::get<y::TimeSyncResponse>(out[0].message).time, ahead);
  EXPECT_EQ(h.model.clock_skew_ms(), kHour);
  const Millis start = h.now;
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute));
  auto recs = all<y::TransactionRecord>(h.run(5 * kMinute));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].start_time, local(start + kHour));
  EXPECT_EQ(recs[0].end_time, local(start + 5 * kMinute + kHour));
  EXPECT_EQ(h.model.session_records()[0].started_at, start) << "records keep true time";

  // A skewed clock writes skewed times until the platform sets it right.
  h.model.set_clock_skew_ms(-7 * kMinute);
  auto reply = h.send(y::TimeSync{pile(), local(h.now)});
  EXPECT_EQ(h.model.clock_skew_ms(), 0);
  EXPECT_EQ(std::get<y::TimeSyncResponse>(reply[0].message).time, local(h.now));
  EXPECT_EQ(h.model.stats().time_syncs, 2);
}

TEST(YkcChargerModelTest, ClockSkewShowsInTheRecordTimes) {
  Platform h;
  h.connect();
  h.model.set_clock_skew_ms(90 * kSecond);
  const Millis start = h.now;
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 5 * kMinute));
  auto recs = all<y::TransactionRecord>(h.run(5 * kMinute));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].start_time, local(start + 90 * kSecond));
}

// ---- faults ---------------------------------------------------------------------------------

TEST(YkcChargerModelTest, MeterGlitchReadsZeroOnceAndLeavesTheRegister) {
  Platform h;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  h.run(2 * kMinute);
  h.model.inject_meter_glitch(1, h.now);
  const auto reg = h.model.energy_register_e4_kwh(1);
  auto glitch = realtime(h.pump(), 1);
  ASSERT_EQ(glitch.size(), 1u);
  EXPECT_EQ(glitch[0].status, y::GunStatus::Charging);
  EXPECT_EQ(glitch[0].energy_e4_kwh, 0u);
  EXPECT_EQ(h.model.energy_register_e4_kwh(1), reg);
  auto next = realtime(h.run(15 * kSecond), 1);
  ASSERT_FALSE(next.empty());
  EXPECT_GT(next.back().energy_e4_kwh, 0u);
  EXPECT_GT(h.model.energy_register_e4_kwh(1), reg);
}

TEST(YkcChargerModelTest, FaultStopsTheSessionAndRecoverClearsIt) {
  Platform h;
  h.connect();
  auto serial = h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  h.run(2 * kMinute);
  h.model.fault_connector(1, h.now);
  auto out = h.pump();
  auto stop = all<y::ChargerStop>(out);
  ASSERT_EQ(stop.size(), 1u);
  EXPECT_EQ(stop[0].faults, 0x0100) << "CST emergency stop";
  auto rec = all<y::TransactionRecord>(out);
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].serial, serial);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::AbnormalEmergencyStop);
  auto rt = realtime(out, 1);
  ASSERT_FALSE(rt.empty());
  EXPECT_EQ(rt.back().status, y::GunStatus::Fault);
  EXPECT_EQ(rt.back().hardware_faults, y::flags::kEmergencyStop);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Faulted);
  EXPECT_EQ(h.model.gun_status(1), y::GunStatus::Fault);
  auto hb = all<y::Heartbeat>(h.run(10 * kSecond));
  ASSERT_EQ(hb.size(), 2u);
  EXPECT_EQ(hb[0].gun_state, y::GunState::Fault);
  EXPECT_EQ(hb[1].gun_state, y::GunState::Normal);
  EXPECT_FALSE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid), h.now));

  h.model.recover_connector(1, h.now);
  auto back = realtime(h.pump(), 1);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].status, y::GunStatus::Idle);
  EXPECT_EQ(back[0].hardware_faults, 0);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(all<y::Heartbeat>(h.run(10 * kSecond))[0].gun_state, y::GunState::Normal);
}

// ---- platform settings --------------------------------------------------------------------------

TEST(YkcChargerModelTest, WorkParametersLockThePileAndCapItsPower) {
  Platform h;
  h.connect();
  auto set = [&](y::WorkMode mode, std::uint8_t pct) {
    auto r = all<y::WorkParametersResponse>(h.send(y::WorkParameters{pile(), mode, pct}));
    EXPECT_EQ(r.size(), 1u);
    return r[0].result;
  };
  EXPECT_EQ(set(y::WorkMode::Disabled, 0), y::SuccessFlag::Success);
  EXPECT_FALSE(h.model.enabled());
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Unavailable);
  EXPECT_FALSE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid), h.now));
  auto refused = all<y::RemoteStartResponse>(h.send(h.remote_start(h.next_serial(1), 1)));
  EXPECT_EQ(refused[0].reason, y::StartFailureReason::DeviceFault);

  EXPECT_EQ(set(y::WorkMode::Enabled, 20), y::SuccessFlag::Failure) << "30..100 %";
  EXPECT_EQ(set(y::WorkMode::Enabled, 50), y::SuccessFlag::Success);
  EXPECT_EQ(h.model.max_power_pct(), 50);
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, kHour));
  auto rt = realtime(h.run(15 * kSecond), 1);
  ASSERT_FALSE(rt.empty());
  const double watts = rt.back().output_voltage_dv * rt.back().output_current_da / 100.0;
  EXPECT_NEAR(watts, 30'000, 300);
  EXPECT_EQ(set(y::WorkMode::Enabled, 100), y::SuccessFlag::Success);
  rt = realtime(h.run(15 * kSecond), 1);
  EXPECT_NEAR(rt.back().output_voltage_dv * rt.back().output_current_da / 100.0, 60'000, 600)
      << "the running session follows the new cap";
}

TEST(YkcChargerModelTest, OfflineCardStartsWithoutThePlatform) {
  Platform h;
  h.connect();
  auto sync = all<y::OfflineCardSyncResponse>(h.send(
      y::OfflineCardSync{pile(), {{*y::LogicalCardNo::parse("1000000573"), card_bytes(kCard)}}}));
  ASSERT_EQ(sync.size(), 1u);
  EXPECT_EQ(sync[0].result, y::SuccessFlag::Success);
  auto query = all<y::OfflineCardQueryResponse>(
      h.send(y::OfflineCardQuery{pile(), {card_bytes(kCard), card_bytes(kCard2)}}));
  ASSERT_EQ(query.size(), 1u);
  ASSERT_EQ(query[0].results.size(), 2u);
  EXPECT_EQ(query[0].results[0].presence, y::CardPresence::Present);
  EXPECT_EQ(query[0].results[1].presence, y::CardPresence::Absent);

  h.disconnect();
  EXPECT_FALSE(h.model.plug_in(2, visit(kCard2, StartMethod::Rfid), h.now)) << "not on the list";
  EXPECT_FALSE(h.model.plug_in(2, visit("APPUSER1", StartMethod::Remote), h.now));
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid, 10 * kMinute), h.now));
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  EXPECT_EQ(h.model.stats().offline_starts, 1);
  h.run(10 * kMinute);
  EXPECT_FALSE(h.model.session_records()[0].start_confirmed);

  auto recs = all<y::TransactionRecord>(h.connect());
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].trade_type, y::TradeType::OfflineCard);
  EXPECT_EQ(recs[0].physical_card, card_bytes(kCard));
  // The pile's own serial: pile code, gun, YYMMDDhhmmss (local), running number.
  EXPECT_EQ(recs[0].serial.str(), std::string(kPile) + "01" + "260101080000" + "0001");
  EXPECT_TRUE(h.model.session_records()[0].start_confirmed);
  EXPECT_TRUE(h.model.session_records()[0].offline);

  auto clear =
      all<y::OfflineCardClearResponse>(h.send(y::OfflineCardClear{pile(), {card_bytes(kCard)}}));
  ASSERT_EQ(clear.size(), 1u);
  EXPECT_EQ(clear[0].results[0].result, y::SuccessFlag::Success);
  EXPECT_EQ(h.model.offline_cards(), 0u);
}

TEST(YkcChargerModelTest, CardWaitingForAuthorizationFallsBackToTheOfflineList) {
  Platform h;
  h.connect();
  h.send(y::OfflineCardSync{pile(), {{*y::LogicalCardNo::parse("1000000573"), card_bytes(kCard)}}});
  h.answer_cards = false;
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid), h.now));
  h.pump();
  h.disconnect();
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  EXPECT_TRUE(h.model.session_records()[0].offline);
}

TEST(YkcChargerModelTest, UnknownAndBrokenFramesAreCountedNotFatal) {
  Platform h;
  h.connect();
  // Parking lock, firmware update and parallel start: refused, counted.
  auto lock = h.send(y::ParkingLockCommand{pile(), 1, y::LockAction::Raise, {}});
  ASSERT_EQ(types(lock), (std::vector<int>{0x63}));
  EXPECT_EQ(std::get<y::ParkingLockResponse>(lock[0].message).result, y::SuccessFlag::Failure);
  y::FirmwareUpdate fw;
  fw.pile_code = pile();
  fw.pile_model = y::PileModel::Dc;
  EXPECT_EQ(types(h.send(fw)), (std::vector<int>{0x93}));
  y::ParallelRemoteStart par;
  par.pile_code = pile();
  par.gun = 1;
  auto p = all<y::ParallelRemoteStartResponse>(h.send(par));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].result, y::SuccessFlag::Failure);
  EXPECT_EQ(h.model.stats().unsupported, 3);

  // A pile's frame sent to the pile, a late login answer, an unknown ack: ignored.
  EXPECT_TRUE(h.send(y::Heartbeat{pile(), 1, y::GunState::Normal}).empty());
  EXPECT_TRUE(h.send(y::LoginResponse{pile(), y::LoginResult::Success}).empty());
  EXPECT_TRUE(
      h.send(y::TransactionRecordAck{h.next_serial(1), y::RecordAckResult::Accepted}).empty());
  EXPECT_EQ(h.model.stats().frames_ignored, 3);

  // Garbage, a bad CRC, a swapped CRC, an unknown type.
  auto good = Platform::encode(y::RealtimeDataRequest{pile(), 1}, 0x0999);
  auto bad = good;
  bad.back() ^= 0xFF;
  auto swapped = good;
  std::swap(swapped[swapped.size() - 1], swapped[swapped.size() - 2]);
  // In sync: the bad CRC is refused whole; then garbage, then a type 1.6 does not define.
  std::vector<std::uint8_t> stream(bad.begin(), bad.end());
  stream.insert(stream.end(), swapped.begin(), swapped.end());
  stream.insert(stream.end(), {0x00, 0x11, 0x22});
  std::vector<std::uint8_t> unknown = std::get<std::vector<std::uint8_t>>(
      y::build_frame(y::FrameHeader{1, 0, 0x3D}, std::vector<std::uint8_t>(10, 0)));
  stream.insert(stream.end(), unknown.begin(), unknown.end());
  h.polls.push_back(0x0999);
  h.feed(stream);
  auto answered = h.pump();
  EXPECT_EQ(types(answered), (std::vector<int>{0x13})) << "the swapped-CRC poll is answered";
  EXPECT_EQ(h.model.stats().crc_errors, 1);
  EXPECT_EQ(h.model.stats().crc_swapped, 1);
  EXPECT_EQ(h.model.stats().frames_refused, 1);
  EXPECT_GE(h.model.stats().garbage_bytes, 3);
  // Still alive and well.
  EXPECT_EQ(all<y::Heartbeat>(h.run(10 * kSecond)).size(), 2u);
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
  EXPECT_EQ(h.model.stats().encode_errors, 0);
}

TEST(YkcChargerModelTest, FramesBeforeLoginAreIgnored) {
  Platform h;
  h.answer_login = false;
  h.connect();
  EXPECT_TRUE(h.send(h.remote_start(h.next_serial(1), 1)).empty());
  EXPECT_TRUE(h.send(y::TimeSync{pile(), local(h.now)}).empty());
  EXPECT_EQ(h.model.stats().frames_ignored, 2);
  // A login answer for another pile does not count either.
  EXPECT_TRUE(
      h.send(y::LoginResponse{*y::PileCode::parse("32010200000099"), y::LoginResult::Success})
          .empty());
  EXPECT_EQ(h.model.registration(), Registration::Booting);
}

// ---- vehicles and BMS -------------------------------------------------------------------------

TEST(YkcChargerModelTest, DcSessionSendsTheBmsFrames) {
  Platform h;
  h.connect();
  auto v = visit(kCard, StartMethod::Rfid, kHour);
  v.vehicle = *find_vehicle_preset("city_car");  // 35 kWh
  v.target_soc_pct = 30;                         // 3.5 kWh: a few minutes at 40 kW
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  auto start = h.pump();
  auto hs = all<y::BmsHandshake>(start);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].battery_type, y::BatteryType::LithiumIronPhosphate);
  EXPECT_EQ(all<y::BmsParameters>(start).size(), 1u);
  EXPECT_EQ(all<y::BmsParameters>(start)[0].soc_permille, 200);
  auto frames = h.run(10 * kMinute);
  auto demand = all<y::BmsDemand>(frames);
  EXPECT_GE(demand.size(), 10u);
  EXPECT_LT(demand[0].output_current_da, 0) << "GB/T: charging current reads negative";
  EXPECT_GE(all<y::BmsStatus>(frames).size(), 10u);
  auto bst = all<y::BmsStop>(frames);
  ASSERT_EQ(bst.size(), 1u);
  EXPECT_EQ(bst[0].reasons, 0x01) << "BST: SOC target reached";
  auto end = all<y::ChargeEnd>(frames);
  ASSERT_EQ(end.size(), 1u);
  EXPECT_GE(end[0].final_soc_pct, 30);
  auto rec = all<y::TransactionRecord>(frames);
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].stop_reason, y::StopReason::SocFull);
  EXPECT_EQ(rec[0].vin, hs[0].vin);
  EXPECT_EQ(end[0].energy_e1_kwh, rec[0].energy_e4_kwh / 1000);
}

TEST(YkcChargerModelTest, AcPileHasNoBmsAndNoSoc) {
  auto cfg = quiet_config();
  cfg.dc = false;
  cfg.max_power_w = 7'000;
  Platform h(cfg);
  auto login = h.connect();
  EXPECT_EQ(std::get<y::Login>(login[0].message).pile_type, y::PileType::Ac);
  ASSERT_TRUE(h.model.plug_in(1, visit(kCard, StartMethod::Rfid, 10 * kMinute), h.now));
  h.pump();
  auto frames = h.run(10 * kMinute);
  for (int type : {0x15, 0x17, 0x19, 0x1D, 0x21, 0x23, 0x25})
    EXPECT_FALSE(has_type(h.frames, type)) << type;
  auto rt = realtime(frames, 1);
  ASSERT_FALSE(rt.empty());
  EXPECT_EQ(rt[0].soc_pct, 0);
  EXPECT_EQ(rt[0].output_voltage_dv, 2200);
  EXPECT_EQ(rt[0].battery_max_temperature_c, -50) << "zero on the wire";
  EXPECT_EQ(rt[0].remaining_time_min, 0);
  EXPECT_NEAR(rt[0].output_voltage_dv * rt[0].output_current_da / 100.0, 7'000, 50);
  auto rec = all<y::TransactionRecord>(frames);
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_TRUE(rec[0].vin.empty());
}

// ---- whole runs -------------------------------------------------------------------------------

TEST(YkcChargerModelTest, EndAllSessionsSettlesEverything) {
  Platform h;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 3 * kHour));
  ASSERT_TRUE(h.model.plug_in(2, visit(kCard, StartMethod::Rfid, 3 * kHour), h.now));
  h.pump();
  h.run(5 * kMinute);
  EXPECT_FALSE(h.model.transactions_settled());
  h.model.end_all_sessions(h.now);
  auto out = h.pump();
  EXPECT_EQ(all<y::TransactionRecord>(out).size(), 2u);
  EXPECT_TRUE(h.model.transactions_settled());
  EXPECT_FALSE(h.model.quiescent()) << "drivers are still unplugging";
  h.run(4 * kMinute);
  EXPECT_TRUE(h.model.quiescent());
  EXPECT_EQ(h.model.stats().sessions_started, 2);
  EXPECT_EQ(h.model.stats().sessions_stopped, 2);
  EXPECT_EQ(h.model.delivered_wh(), (h.model.session_records()[0].meter_stop_wh -
                                     h.model.session_records()[0].meter_start_wh) +
                                        (h.model.session_records()[1].meter_stop_wh -
                                         h.model.session_records()[1].meter_start_wh));
}

TEST(YkcChargerModelTest, SelfArrivalsAndMadeUpDriversForARemoteStart) {
  auto cfg = quiet_config();
  cfg.self_arrivals = true;
  cfg.mean_interarrival_s = 900;
  Platform h(cfg, 7);
  h.connect();
  // A 0x34 with nobody at the gun: a made-up driver plugs in within the window.
  auto first = h.send(h.remote_start(h.next_serial(1), 1));
  EXPECT_EQ(all<y::RemoteStartResponse>(first)[0].reason, y::StartFailureReason::GunNotPlugged);
  auto late = all<y::RemoteStartResponse>(h.run(45 * kSecond));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].result, y::SuccessFlag::Success);
  h.run(8 * kHour, 5 * kSecond);
  h.model.end_all_sessions(h.now);
  h.run(30 * kMinute, 5 * kSecond);
  EXPECT_GE(h.model.stats().sessions_started, 5);
  EXPECT_EQ(h.model.stats().sessions_stopped, h.model.stats().sessions_started);
  EXPECT_TRUE(h.model.quiescent());
  for (const auto& r : h.model.session_records()) {
    EXPECT_TRUE(r.stop_acknowledged);
    EXPECT_GE(r.meter_stop_wh, r.meter_start_wh);
  }
}

std::vector<std::vector<std::uint8_t>> scripted_run(std::uint64_t seed) {
  auto cfg = quiet_config();
  cfg.self_arrivals = true;
  cfg.mean_interarrival_s = 1200;
  Platform h(cfg, seed);
  h.now = kStart + 3 * kHour + 50 * kMinute;
  h.connect();
  h.start_app(1, visit("APPUSER1", StartMethod::Remote, 20 * kMinute));
  h.run(10 * kMinute, 5 * kSecond);
  h.model.inject_meter_glitch(1, h.now);
  h.run(30 * kMinute, 5 * kSecond);
  h.disconnect();
  h.run(20 * kMinute, 5 * kSecond);
  h.connect();
  h.run(2 * kHour, 5 * kSecond);
  h.model.reboot(h.now, true);
  h.run(kMinute, 5 * kSecond);
  h.connect();
  h.model.end_all_sessions(h.now);
  h.run(10 * kMinute, 5 * kSecond);
  return h.raw;
}

TEST(YkcChargerModelTest, SameSeedSameBytesOtherSeedOtherBytes) {
  auto a = scripted_run(42);
  auto b = scripted_run(42);
  auto c = scripted_run(43);
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace ct::sim
