// Prometheus text-format metrics. Counters and gauges are keyed by name + label set;
// histograms use fixed buckets. Thread-safe; cheap enough for every message.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ct::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  void describe(const std::string& name, const std::string& type, const std::string& help);
  void inc(const std::string& name, const Labels& labels = {}, double by = 1);
  void set(const std::string& name, const Labels& labels, double value);
  void add(const std::string& name, const Labels& labels, double by);  // gauge +/-
  // Observes a value in seconds into the histogram `name`.
  void observe(const std::string& name, const Labels& labels, double seconds);
  double value(const std::string& name, const Labels& labels = {}) const;
  std::string render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> buckets;  // cumulative at render
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    std::string type = "counter";
    std::string help;
    std::map<std::string, double> values;         // rendered label set -> value
    std::map<std::string, Histogram> histograms;  // rendered label set -> histogram
  };
  static std::string render_labels(const Labels& labels);
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// The process-wide registry served on /metrics.
Registry& registry();

}  // namespace ct::metrics
