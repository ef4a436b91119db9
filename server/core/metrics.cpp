#include "server/core/metrics.hpp"

#include <array>
#include <cstdio>
#include <sstream>

namespace ct::metrics {
namespace {

constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string with_le(const std::string& labels, const std::string& le) {
  std::string inner = labels.empty() ? "" : labels.substr(1, labels.size() - 2) + ",";
  return "{" + inner + "le=\"" + le + "\"}";
}

}  // namespace

std::string Registry::render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ",";
    out += labels[i].first + "=\"" + escape(labels[i].second) + "\"";
  }
  return out + "}";
}

void Registry::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

void Registry::inc(const std::string& name, const Labels& labels, double by) {
  std::lock_guard lock(mu_);
  families_[name].values[render_labels(labels)] += by;
}

void Registry::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (f.help.empty()) f.type = "gauge";
  f.values[render_labels(labels)] = value;
}

void Registry::add(const std::string& name, const Labels& labels, double by) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (f.help.empty()) f.type = "gauge";
  f.values[render_labels(labels)] += by;
}

void Registry::observe(const std::string& name, const Labels& labels, double seconds) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.type = "histogram";
  auto& h = f.histograms[render_labels(labels)];
  if (h.buckets.empty()) h.buckets.assign(kBuckets.size(), 0);
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

double Registry::value(const std::string& name, const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto f = families_.find(name);
  if (f == families_.end()) return 0;
  auto v = f->second.values.find(render_labels(labels));
  return v == f->second.values.end() ? 0 : v->second;
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out << "# HELP " << name << " " << f.help << "\n";
    out << "# TYPE " << name << " " << f.type << "\n";
    for (const auto& [labels, v] : f.values) out << name << labels << " " << number(v) << "\n";
    for (const auto& [labels, h] : f.histograms) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out << name << "_bucket" << with_le(labels, number(kBuckets[i])) << " " << h.buckets[i]
            << "\n";
      }
      out << name << "_bucket" << with_le(labels, "+Inf") << " " << h.count << "\n";
      out << name << "_sum" << labels << " " << number(h.sum) << "\n";
      out << name << "_count" << labels << " " << h.count << "\n";
    }
  }
  return out.str();
}

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace ct::metrics
