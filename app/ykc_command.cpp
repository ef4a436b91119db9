#include "app/ykc_command.hpp"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/ykc16/frame.hpp"
#include "protocol/ykc16/hex.hpp"
#include "protocol/ykc16/json.hpp"

namespace ct::app {
namespace {

using ykc16::Json;

struct YkcOptions {
  std::vector<std::string> frames;
  std::string json;
  std::string utc_offset = "+08:00";
  bool compact = false;
};

struct Line {
  std::string label;  // "line 3" / "argument 2"
  std::string text;
};

std::string dump(const Json& j, bool compact) {
  return j.dump(compact ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parse_offset_option(const YkcOptions& o, ykc16::JsonOptions& out) {
  const auto offset = ykc16::parse_offset(o.utc_offset);
  if (!offset) {
    std::fprintf(stderr, "error: --utc-offset must look like +08:00, got '%s'\n",
                 o.utc_offset.c_str());
    return false;
  }
  out.utc_offset = *offset;
  return true;
}

// A pasted frame without quotes arrives as one argument per byte; glue such runs together.
std::vector<Line> lines_from_arguments(const std::vector<std::string>& args) {
  std::vector<Line> out;
  bool gluing = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string token = args[i];
    while (!token.empty() && (token.back() == ',' || token.back() == ':')) token.pop_back();
    if (token.rfind("0x", 0) == 0 || token.rfind("0X", 0) == 0) token.erase(0, 2);
    const bool single_byte = !token.empty() && token.size() <= 2;
    if (single_byte && gluing) {
      out.back().text += " " + args[i];
      continue;
    }
    out.push_back(Line{"argument " + std::to_string(i + 1), args[i]});
    gluing = single_byte;
  }
  return out;
}

std::vector<Line> lines_from_stdin() {
  std::vector<Line> out;
  std::string text;
  for (std::size_t n = 1; std::getline(std::cin, text); ++n) {
    out.push_back(Line{"line " + std::to_string(n), text});
  }
  return out;
}

// Returns false when a line is not frames, or a frame would be refused.
bool decode_line(const Line& line, const ykc16::JsonOptions& options, bool compact) {
  std::string text = line.text;
  if (const auto hash = text.find('#'); hash != std::string::npos) text.erase(hash);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return true;
  auto parsed = ykc16::parse_hex(text);
  if (const auto* err = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "error: %s: not a frame: %s\n", line.label.c_str(), err->c_str());
    return false;
  }
  const auto& bytes = std::get<std::vector<std::uint8_t>>(parsed);
  bool ok = true;
  // A capture line may hold several frames back to back: cut them by their length bytes.
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::span<const std::uint8_t> rest(bytes.data() + pos, bytes.size() - pos);
    const auto size = ykc16::frame_size(rest);
    if (!size) {
      std::fprintf(stderr,
                   "error: %s: not a frame at byte %zu: expected 0x68 and a length of at least "
                   "4, got %s\n",
                   line.label.c_str(), pos,
                   ykc16::to_hex(rest.first(std::min<std::size_t>(2, rest.size()))).c_str());
      return false;
    }
    if (*size > rest.size()) {
      std::fprintf(stderr,
                   "error: %s: truncated frame at byte %zu: the length byte means %zu bytes, "
                   "%zu are there\n",
                   line.label.c_str(), pos, *size, rest.size());
      return false;
    }
    const Json described = ykc16::describe_frame(rest.first(*size), options);
    std::printf("%s\n", dump(described, compact).c_str());
    if (described.contains("error")) ok = false;
    pos += *size;
  }
  return ok;
}

int run_decode(const YkcOptions& o) {
  ykc16::JsonOptions options;
  if (!parse_offset_option(o, options)) return 2;
  const std::vector<Line> lines =
      o.frames.empty() ? lines_from_stdin() : lines_from_arguments(o.frames);
  bool ok = true;
  for (const Line& line : lines) {
    ok = decode_line(line, options, o.compact) && ok;
    std::fflush(stdout);
  }
  return ok ? 0 : 1;
}

// The JSON values in `text`: one object, an array of them, or several objects in a row
// (what decode prints).
bool read_json_values(const std::string& text, std::vector<Json>& out) {
  std::istringstream in(text);
  for (int n = 1;; ++n) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) return true;
    Json value;
    try {
      in >> value;
    } catch (const nlohmann::json::exception& e) {
      std::fprintf(stderr, "error: JSON value %d: %s\n", n, e.what());
      return false;
    }
    if (value.is_array()) {
      for (auto& item : value) out.push_back(std::move(item));
    } else {
      out.push_back(std::move(value));
    }
  }
}

int run_encode(const YkcOptions& o) {
  ykc16::JsonOptions options;
  if (!parse_offset_option(o, options)) return 2;
  const std::string text = !o.json.empty() && o.json != "-"
                               ? o.json
                               : std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::vector<Json> frames;
  if (!read_json_values(text, frames)) return 1;
  if (frames.empty()) {
    std::fprintf(stderr, "error: no JSON frame given\n");
    return 1;
  }
  bool ok = true;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto parsed = ykc16::frame_from_json(frames[i], options);
    if (const auto* err = std::get_if<std::string>(&parsed)) {
      std::fprintf(stderr, "error: frame %zu: %s\n", i + 1, err->c_str());
      ok = false;
      continue;
    }
    const auto& frame = std::get<ykc16::JsonFrame>(parsed);
    auto bytes = ykc16::encode_frame(frame.message, frame.sequence);
    if (const auto* err = std::get_if<ykc16::EncodeError>(&bytes)) {
      std::fprintf(stderr, "error: frame %zu: body.%s: %s\n", i + 1, err->field.c_str(),
                   err->detail.c_str());
      ok = false;
      continue;
    }
    std::printf("%s\n", ykc16::to_hex(std::get<std::vector<std::uint8_t>>(bytes)).c_str());
  }
  return ok ? 0 : 1;
}

}  // namespace

void add_ykc_command(CLI::App& app) {
  auto o = std::make_shared<YkcOptions>();
  auto* ykc = app.add_subcommand("ykc", "YKC (云快充) 1.6 frame tool: decode and encode frames");
  ykc->require_subcommand(1);

  auto* decode = ykc->add_subcommand(
      "decode",
      "Print frames as JSON. Each argument (or each stdin line when there are none) holds one "
      "or more frames in hex; spaces, 0x prefixes, colons and commas are allowed, '#' starts a "
      "comment. Exits 1 if any line is not a frame or any frame would be refused.");
  decode->add_option("frames", o->frames, "Frame hex, e.g. \"68 0C 00 00 00 02 ...\"");
  decode
      ->add_option("--utc-offset", o->utc_offset,
                   "Offset of the piles' local time, for the \"utc\" of CP56Time2a fields")
      ->capture_default_str();
  decode->add_flag("--compact", o->compact, "One line of JSON per frame");
  decode->callback([o] {
    const int rc = run_decode(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto* encode = ykc->add_subcommand(
      "encode",
      "Print the hex of frames given as JSON (decode's output, or hand-written: \"type\", "
      "\"sequence\" (default 0), \"body\"). The CRC is computed, low byte first.");
  encode->add_option("json", o->json, "JSON text; omitted or '-': read stdin");
  encode
      ->add_option("--utc-offset", o->utc_offset,
                   "Offset of the piles' local time, for times given as \"utc\"")
      ->capture_default_str();
  encode->callback([o] {
    const int rc = run_encode(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace ct::app
