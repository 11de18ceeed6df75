// The network front: Boost.Beast over Asio. The only part of shegong that includes
// Beast, so that a change elsewhere does not recompile it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "shegong/http/message.hpp"
#include "shegong/http/metrics.hpp"

namespace shegong::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080; // 0: any free port (reported through on_listening)
  int threads = 2;
  std::size_t body_limit = 1 << 20; // bytes; larger bodies get 413
  std::size_t upload_limit = 64 << 20; // bytes, for POSTs under upload_path (spreadsheet files)
  std::string upload_path = "/api/v1/imports";
  std::size_t header_limit = 16 << 10; // bytes; larger headers get 431
  std::chrono::seconds read_timeout{30}; // to receive a whole request once it has begun
  std::chrono::seconds idle_timeout{75}; // keep-alive connections idle this long are closed
  std::chrono::seconds drain_timeout{10}; // on SIGTERM, in-flight requests get this long
  // Peers (e.g. nginx) whose X-Forwarded-For is believed: the client address is then
  // the rightmost entry that is not itself a trusted proxy. Empty: the peer is the client.
  std::vector<std::string> trusted_proxies;
};

using RequestHandler = std::function<Response(Request&)>;
using AccessLogger = std::function<void(const Request&, const Response&, double seconds, std::size_t bytes)>;

// Serves until SIGINT or SIGTERM; then stops accepting, lets in-flight requests
// finish (up to drain_timeout), closes idle connections and returns 0. Returns 1
// when the address cannot be bound (the reason goes to `fail`).
int run_server(const ServerOptions& options, const RequestHandler& handler, Metrics& metrics,
               const AccessLogger& access_log, const std::function<void(unsigned short port)>& on_listening,
               const std::function<void(const std::string&)>& fail);

} // namespace shegong::http
