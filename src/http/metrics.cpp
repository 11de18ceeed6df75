#include "shegong/http/metrics.hpp"

#include <fmt/format.h>

namespace shegong::http {

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  // A label from the client would let anyone grow the series without bound.
  static constexpr std::string_view known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  std::string_view m = "OTHER";
  for (auto k : known)
    if (k == method) m = k;
  thread_local std::string key;
  key.assign(m).append(" ").append(route).append(" ").append(std::to_string(status));
  std::lock_guard lock(mu_);
  if (auto it = requests_.find(key); it != requests_.end())
    ++it->second;
  else
    requests_.emplace(key, 1);
  auto lit = latency_.find(std::string_view(route));
  if (lit == latency_.end()) lit = latency_.emplace(route, Series{}).first;
  auto& s = lit->second;
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP shegong_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE shegong_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [key, n] : requests_) {
    const auto sp1 = key.find(' '), sp2 = key.rfind(' ');
    const std::string_view k(key);
    const auto method = k.substr(0, sp1), route = k.substr(sp1 + 1, sp2 - sp1 - 1), status = k.substr(sp2 + 1);
    out += fmt::format("shegong_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", method, route,
                       status, n);
  }
  out += "# HELP shegong_http_request_duration_seconds Time to handle a request, by route.\n";
  out += "# TYPE shegong_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("shegong_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], s.buckets[i]);
    out += fmt::format("shegong_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, s.count);
    out += fmt::format("shegong_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route, s.sum);
    out += fmt::format("shegong_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, s.count);
  }
  out += "# HELP shegong_http_open_connections Connections currently open.\n";
  out += "# TYPE shegong_http_open_connections gauge\n";
  out += fmt::format("shegong_http_open_connections {}\n", open_connections_.load(std::memory_order_relaxed));
  return out;
}

} // namespace shegong::http
