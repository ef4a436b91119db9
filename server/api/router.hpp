// Path matching for the API: patterns like "/api/v1/piles/{pileId}/commands/{name}".
// A literal segment beats a {param} at the same position, so "/api/v1/piles/unbound"
// wins over "/api/v1/piles/{pileId}". Sans-IO: no knowledge of auth or JSON.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ct::api {

using PathParams = std::map<std::string, std::string>;

template <class Target>
class PathRouter {
 public:
  struct Match {
    const Target* target = nullptr;  // null: path known but method not allowed
    PathParams params;
    std::vector<std::string> allowed;  // methods registered for the matched pattern
  };

  void add(const std::string& method, const std::string& pattern, Target target) {
    auto segs = split(pattern);
    for (auto& p : patterns_) {
      if (p.segments == segs) {
        p.methods[method] = std::move(target);
        return;
      }
    }
    Pattern p;
    p.segments = std::move(segs);
    p.methods[method] = std::move(target);
    patterns_.push_back(std::move(p));
  }

  // nullopt: no pattern matches the path (404).
  std::optional<Match> match(const std::string& method, const std::string& path) const {
    auto segs = split(path);
    const Pattern* best = nullptr;
    PathParams best_params;
    for (const auto& p : patterns_) {
      PathParams params;
      if (!matches(p, segs, params)) continue;
      if (best == nullptr || more_specific(p, *best)) {
        best = &p;
        best_params = std::move(params);
      }
    }
    if (best == nullptr) return std::nullopt;
    Match m;
    for (const auto& [meth, _] : best->methods) m.allowed.push_back(meth);
    auto it = best->methods.find(method);
    if (it != best->methods.end()) {
      m.target = &it->second;
      m.params = std::move(best_params);
    }
    return m;
  }

  static std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= path.size()) {
      auto j = path.find('/', i);
      if (j == std::string::npos) j = path.size();
      if (j > i) out.push_back(path.substr(i, j - i));
      i = j + 1;
    }
    return out;
  }

 private:
  struct Pattern {
    std::vector<std::string> segments;
    std::map<std::string, Target> methods;
  };

  static bool is_param(const std::string& seg) {
    return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
  }

  static bool matches(const Pattern& p, const std::vector<std::string>& segs, PathParams& out) {
    if (p.segments.size() != segs.size()) return false;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& s = p.segments[i];
      if (is_param(s)) {
        out[s.substr(1, s.size() - 2)] = segs[i];
      } else if (s != segs[i]) {
        return false;
      }
    }
    return true;
  }

  // Same length (both matched the path): the first position where one has a literal
  // and the other a parameter decides.
  static bool more_specific(const Pattern& a, const Pattern& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
      bool pa = is_param(a.segments[i]);
      bool pb = is_param(b.segments[i]);
      if (pa != pb) return !pa;
    }
    return false;
  }

  std::vector<Pattern> patterns_;
};

}  // namespace ct::api
