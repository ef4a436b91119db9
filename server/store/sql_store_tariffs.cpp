// SqlStore: tariffs, tariff versions and their assignment to stations and piles.
// A version's 48 slots are stored as one 48-character text of period digits ('0' sharp,
// '1' peak, '2' flat, '3' valley: the YKC rate indices); unpriced periods as NULLs.
#include "server/store/sql_query.hpp"

namespace ct::store {

using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp

namespace {

const std::string kTariffCols = "id, tenant_id, name, description, created_at, updated_at";
const std::string kVersionCols =
    "id, tenant_id, tariff_id, version_no, effective_from, sharp_electricity_e5, "
    "sharp_service_e5, peak_electricity_e5, peak_service_e5, flat_electricity_e5, "
    "flat_service_e5, valley_electricity_e5, valley_service_e5, slots, idle_grace_minutes, "
    "idle_price_per_minute_e4, idle_cap_e4, created_by, created_at";

Tariff read_tariff(Query& q) {
  Tariff t;
  t.id = q.i64();
  t.tenant_id = q.i64();
  t.name = q.text();
  t.description = q.text();
  t.created_at = q.i64();
  t.updated_at = q.i64();
  return t;
}

std::string slots_text(const billing::SlotTable& slots) {
  std::string out;
  for (auto p : slots) out += static_cast<char>('0' + static_cast<int>(p));
  return out;
}

billing::SlotTable slots_of(const std::string& text) {
  billing::SlotTable t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    int v = i < text.size() ? text[i] - '0' : static_cast<int>(billing::Period::Flat);
    if (v < 0 || v > 3) throw StoreError("tariff_versions.slots: bad period digit");
    t[i] = static_cast<billing::Period>(v);
  }
  return t;
}

TariffVersionRecord read_version(Query& q) {
  TariffVersionRecord r;
  r.version.id = q.i64();
  r.tenant_id = q.i64();
  r.tariff_id = q.i64();
  r.version_no = q.i32();
  r.version.effective_from = q.i64();
  for (auto p : billing::kPeriods) {
    auto e = q.opt_i64();
    auto sv = q.opt_i64();
    if (e && sv) r.version.prices[billing::index_of(p)] = billing::PeriodPrice{*e, *sv};
  }
  r.version.slots = slots_of(q.text());
  r.version.idle_fee.grace_minutes = q.i64();
  r.version.idle_fee.price_per_minute_e4 = q.i64();
  r.version.idle_fee.cap_e4 = q.i64();
  r.created_by = q.text();
  r.created_at = q.i64();
  return r;
}

std::optional<std::int64_t> electricity(const billing::TariffVersion& v, billing::Period p) {
  const auto& pr = v.price(p);
  if (!pr) return std::nullopt;
  return pr->electricity_price_e5;
}
std::optional<std::int64_t> service(const billing::TariffVersion& v, billing::Period p) {
  const auto& pr = v.price(p);
  if (!pr) return std::nullopt;
  return pr->service_price_e5;
}

const char* target_name(TariffTarget t) {
  return t == TariffTarget::Station ? "station" : "pile";
}

}  // namespace

Tariff SqlStore::create_tariff(const TenantScope& s, const Tariff& t) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(t.created_at);
  Query q(*this,
          "INSERT INTO tariffs (tenant_id, name, description, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING " +
              kTariffCols);
  q.bind(s.tenant_id(), t.name, t.description, created, t.updated_at != 0 ? t.updated_at : created);
  if (!q.next()) throw StoreError("create_tariff: no row returned");
  return read_tariff(q);
}

std::optional<Tariff> SqlStore::get_tariff(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTariffCols + " FROM tariffs WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), id);
  return first_row<Tariff>(q, read_tariff);
}

Page<Tariff> SqlStore::list_tariffs(const TenantScope& s, const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window win = window(page);
  Page<Tariff> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM tariffs WHERE tenant_id = ?");
    q.bind(s.tenant_id());
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kTariffCols +
                     " FROM tariffs WHERE tenant_id = ? ORDER BY id LIMIT ? OFFSET ?");
  q.bind(s.tenant_id(), win.limit, win.offset);
  out.items = all_rows<Tariff>(q, read_tariff);
  return out;
}

bool SqlStore::update_tariff(const TenantScope& s, const Tariff& t) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE tariffs SET name = ?, description = ?, updated_at = ? "
          "WHERE tenant_id = ? AND id = ?");
  q.bind(t.name, t.description, now_or(t.updated_at), s.tenant_id(), t.id);
  return q.run() > 0;
}

bool SqlStore::delete_tariff(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  return tx([&] {
    {
      Query q(*this,
              "SELECT COUNT(*) FROM tariff_assignments WHERE tenant_id = ? AND tariff_id = ?");
      q.bind(s.tenant_id(), id);
      if (q.next() && q.i64() > 0)
        throw ConflictError("tariff " + std::to_string(id) + " is assigned to stations or piles");
    }
    {
      Query q(*this, "DELETE FROM tariff_versions WHERE tenant_id = ? AND tariff_id = ?");
      q.bind(s.tenant_id(), id).run();
    }
    Query q(*this, "DELETE FROM tariffs WHERE tenant_id = ? AND id = ?");
    return q.bind(s.tenant_id(), id).run() > 0;
  });
}

TariffVersionRecord SqlStore::add_tariff_version(const TenantScope& s,
                                                 const TariffVersionRecord& v) {
  std::lock_guard lock(mu_);
  return tx([&] {
    int next_no = 1;
    {
      Query q(*this,
              "SELECT COALESCE(MAX(version_no), 0) FROM tariff_versions "
              "WHERE tenant_id = ? AND tariff_id = ?");
      q.bind(s.tenant_id(), v.tariff_id);
      if (q.next()) next_no = q.i32() + 1;
    }
    using billing::Period;
    const auto& tv = v.version;
    Query q(*this,
            "INSERT INTO tariff_versions (tenant_id, tariff_id, version_no, effective_from, "
            "sharp_electricity_e5, sharp_service_e5, peak_electricity_e5, peak_service_e5, "
            "flat_electricity_e5, flat_service_e5, valley_electricity_e5, valley_service_e5, "
            "slots, idle_grace_minutes, idle_price_per_minute_e4, idle_cap_e4, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
                kVersionCols);
    q.bind(s.tenant_id(), v.tariff_id, next_no, tv.effective_from, electricity(tv, Period::Sharp),
           service(tv, Period::Sharp), electricity(tv, Period::Peak), service(tv, Period::Peak),
           electricity(tv, Period::Flat), service(tv, Period::Flat),
           electricity(tv, Period::Valley), service(tv, Period::Valley), slots_text(tv.slots),
           tv.idle_fee.grace_minutes, tv.idle_fee.price_per_minute_e4, tv.idle_fee.cap_e4,
           v.created_by, now_or(v.created_at));
    if (!q.next()) throw StoreError("add_tariff_version: no row returned");
    auto out = read_version(q);
    Query touch(*this, "UPDATE tariffs SET updated_at = ? WHERE tenant_id = ? AND id = ?");
    touch.bind(now_or(v.created_at), s.tenant_id(), v.tariff_id).run();
    return out;
  });
}

std::vector<TariffVersionRecord> SqlStore::list_tariff_versions(const TenantScope& s,
                                                                Id tariff_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kVersionCols +
                     " FROM tariff_versions WHERE tenant_id = ? AND tariff_id = ? "
                     "ORDER BY effective_from, id");
  q.bind(s.tenant_id(), tariff_id);
  return all_rows<TariffVersionRecord>(q, read_version);
}

std::optional<TariffVersionRecord> SqlStore::get_tariff_version(const TenantScope& s,
                                                                Id version_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kVersionCols + " FROM tariff_versions WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), version_id);
  return first_row<TariffVersionRecord>(q, read_version);
}

bool SqlStore::delete_future_tariff_version(const TenantScope& s, Id version_id, UtcMillis now) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "DELETE FROM tariff_versions WHERE tenant_id = ? AND id = ? AND effective_from > ?");
  return q.bind(s.tenant_id(), version_id, now).run() > 0;
}

void SqlStore::assign_tariff(const TenantScope& s, TariffTarget target, Id target_id,
                             std::optional<Id> tariff_id, UtcMillis at) {
  std::lock_guard lock(mu_);
  tx([&] {
    {
      Query q(*this,
              "DELETE FROM tariff_assignments WHERE tenant_id = ? AND target_kind = ? AND "
              "target_id = ?");
      q.bind(s.tenant_id(), target_name(target), target_id).run();
    }
    if (!tariff_id) return;
    Query q(*this,
            "INSERT INTO tariff_assignments (tenant_id, target_kind, target_id, tariff_id, "
            "assigned_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(s.tenant_id(), target_name(target), target_id, *tariff_id, now_or(at)).run();
  });
}

std::optional<Id> SqlStore::assigned_tariff(const TenantScope& s, TariffTarget target,
                                            Id target_id) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT tariff_id FROM tariff_assignments WHERE tenant_id = ? AND target_kind = ? AND "
          "target_id = ?");
  q.bind(s.tenant_id(), target_name(target), target_id);
  if (!q.next()) return std::nullopt;
  return q.i64();
}

}  // namespace ct::store
