// Request counters and latency histograms, exposed in Prometheus text format.
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace shegong::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  std::string render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.0};
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mu_;
  // Keyed by "METHOD route status", looked up without allocating once a key exists.
  std::map<std::string, std::uint64_t, std::less<>> requests_; // GUARDED_BY(mu_)
  std::map<std::string, Series, std::less<>> latency_; // GUARDED_BY(mu_)
  std::atomic<std::int64_t> open_connections_{0};
};

} // namespace shegong::http
