#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "shegong/http/server.hpp"

namespace shegong::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
// Concrete executor types: a type-erased any_io_executor costs a copy and a
// virtual call on every operation.
using Strand = asio::strand<asio::io_context::executor_type>;
using Socket = tcp::socket::rebind_executor<Strand>::other;
using Stream = beast::basic_stream<tcp, Strand, beast::unlimited_rate_policy>;

class Listener;

// Shared by all connections of one server run.
struct ServerState {
  ServerState(const ServerOptions& o, const RequestHandler& h, Metrics& m, const AccessLogger& a)
      : options(o), handler(h), metrics(m), access_log(a) {}
  const ServerOptions& options;
  const RequestHandler& handler;
  Metrics& metrics;
  const AccessLogger& access_log;
  std::atomic<bool> draining{false};
  std::atomic<std::uint64_t> next_id{1};
  std::string id_prefix;
  std::mutex mu;
  std::set<std::weak_ptr<class Connection>, std::owner_less<std::weak_ptr<class Connection>>> live; // GUARDED_BY(mu)
};

bool valid_request_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
          c == '.'))
      return false;
  return true;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Socket&& socket, ServerState& state) : stream_(std::move(socket)), state_(state) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void start() {
    {
      std::lock_guard lock(state_.mu);
      state_.live.insert(weak_from_this());
    }
    state_.metrics.connection_opened();
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::read, shared_from_this()));
  }

  ~Connection() {
    state_.metrics.connection_closed();
    std::lock_guard lock(state_.mu);
    state_.live.erase(weak_from_this());
  }

  // Called on drain: a connection waiting for its next request is closed now; a busy
  // one closes after its response.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void read() {
    if (state_.draining) return close();
    parser_.emplace();
    // Beast checks Content-Length against the limit while it reads the headers, so the
    // larger of the two limits goes first; on_header narrows it for other routes.
    parser_->body_limit(std::max(state_.options.body_limit, state_.options.upload_limit));
    parser_->header_limit(static_cast<std::uint32_t>(state_.options.header_limit));
    if (first_request_) {
      arm(state_.options.read_timeout);
    } else if (std::chrono::steady_clock::now() + state_.options.idle_timeout - deadline_ > std::chrono::seconds(1)) {
      arm(state_.options.idle_timeout); // at most once a second per connection
    }
    busy_ = false;
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Connection::on_header, shared_from_this()));
  }

  // The headers decide how large a body may be: uploads (spreadsheet imports) may be
  // larger than any other request.
  void on_header(beast::error_code ec, std::size_t n) {
    if (ec || parser_->is_done()) return on_read(ec, n);
    const auto& h = parser_->get();
    const bool upload = h.method() == bhttp::verb::post && !state_.options.upload_path.empty() &&
                        std::string_view(h.target()).starts_with(state_.options.upload_path);
    if (!upload) {
      const auto length = parser_->content_length();
      if (length && *length > state_.options.body_limit) return reject(bhttp::error::body_limit);
      parser_->body_limit(state_.options.body_limit);
    }
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  bool trusted(std::string_view addr) const {
    for (const auto& t : state_.options.trusted_proxies)
      if (t == addr) return true;
    return false;
  }

  // The address the audit trail and the sign-in lockout count: the peer, or behind a
  // trusted proxy the last untrusted hop it reports.
  std::string client_address(std::string_view forwarded) const {
    if (forwarded.empty() || !trusted(remote_)) return remote_;
    while (!forwarded.empty()) {
      const auto comma = forwarded.rfind(',');
      std::string_view hop = comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
      forwarded = comma == std::string_view::npos ? std::string_view{} : forwarded.substr(0, comma);
      while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
      while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
      beast::error_code ec;
      const auto addr = asio::ip::make_address(std::string(hop), ec);
      if (ec) return remote_; // a malformed header is not believed
      if (!trusted(hop)) return addr.to_string();
    }
    return remote_;
  }

  // One deadline covers reading a request, handling it and writing the answer;
  // it is renewed only when less than read_timeout is left, which saves a timer
  // syscall on nearly every request of a keep-alive connection.
  void arm(std::chrono::seconds d) {
    deadline_ = std::chrono::steady_clock::now() + d;
    stream_.expires_at(deadline_);
  }

  void on_read(beast::error_code ec, std::size_t) {
    busy_ = true;
    if (!ec && deadline_ - std::chrono::steady_clock::now() < state_.options.read_timeout)
      arm(state_.options.read_timeout);
    first_request_ = false;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec) return reject(ec);

    const auto start = std::chrono::steady_clock::now();
    auto& in = parser_->get();
    Request req;
    req.method = std::string(in.method_string());
    req.target = std::string(in.target());
    req.authorization = std::string(in[bhttp::field::authorization]);
    req.content_type = std::string(in[bhttp::field::content_type]);
    req.if_none_match = std::string(in[bhttp::field::if_none_match]);
    const auto given_id = in["X-Request-Id"];
    req.request_id = valid_request_id(given_id)
                         ? std::string(given_id)
                         : fmt::format("{}-{:08x}", state_.id_prefix, state_.next_id.fetch_add(1));
    req.remote = client_address(in["X-Forwarded-For"]);
    req.body = std::move(in.body());

    Response res;
    if (!parse_target(req)) {
      res = error_response(Error::make(ErrorCode::bad_request, "the request target is malformed"));
      res.route = "malformed";
    } else {
      res = state_.handler(req);
    }
    const bool keep_alive = in.keep_alive() && !state_.draining;
    send(req, std::move(res), in.version(), keep_alive, start);
  }

  void send(const Request& req, Response res, unsigned version, bool keep_alive,
            std::chrono::steady_clock::time_point start) {
    // One response at a time per connection (requests are handled in order), so the
    // message lives in the connection rather than in a shared allocation.
    auto& out = out_.emplace(static_cast<bhttp::status>(res.status), version);
    out.set(bhttp::field::server, "shegong");
    out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Request-Id", req.request_id);
    for (auto& [k, v] : res.headers) out.set(k, v);
    out.keep_alive(keep_alive);
    const std::size_t bytes = res.body.size();
    if (req.method == "HEAD") {
      out.content_length(bytes);
    } else if (res.status != 204 && res.status != 304) {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state_.metrics.observe(req.method, res.route.empty() ? "unmatched" : res.route, res.status, seconds);
    if (state_.access_log) state_.access_log(req, res, seconds, bytes);
    // The deadline set when the request began also bounds writing the response:
    // resetting it per operation would cost a timer syscall per request.
    bhttp::async_write(stream_, out, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  // The message could not be read as HTTP: answer once, then close.
  void reject(beast::error_code ec) {
    Error e = Error::make(ErrorCode::bad_request, "the request is not valid HTTP/1.1: " + ec.message());
    if (ec == bhttp::error::body_limit)
      e = Error::make(ErrorCode::payload_too_large,
                      fmt::format("the body is larger than {} bytes", state_.options.body_limit));
    else if (ec == bhttp::error::header_limit)
      e = Error::make(ErrorCode::header_too_large,
                      fmt::format("the headers are larger than {} bytes", state_.options.header_limit));
    Request req;
    req.method = "-";
    req.remote = remote_;
    req.request_id = fmt::format("{}-{:08x}", state_.id_prefix, state_.next_id.fetch_add(1));
    Response res = error_response(e);
    res.route = "rejected";
    send(req, std::move(res), 11, false, std::chrono::steady_clock::now());
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  Stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> out_;
  std::string remote_;
  bool busy_ = false;
  bool first_request_ = true;
  std::chrono::steady_clock::time_point deadline_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, ServerState& state) : ioc_(ioc), acceptor_(asio::make_strand(ioc)), state_(state) {}

  bool open(const tcp::endpoint& ep, std::string& why) {
    beast::error_code ec;
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) why = ec.message();
    return !ec;
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void start() { accept(); }
  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(asio::make_strand(ioc_.get_executor()),
                           [self = shared_from_this()](beast::error_code ec, Socket s) {
                             if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
                             if (!ec) {
                               s.set_option(tcp::no_delay(true), ec);
                               std::make_shared<Connection>(std::move(s), self->state_)->start();
                             }
                             self->accept();
                           });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  ServerState& state_;
};

} // namespace

int run_server(const ServerOptions& options, const RequestHandler& handler, Metrics& metrics,
               const AccessLogger& access_log, const std::function<void(unsigned short)>& on_listening,
               const std::function<void(const std::string&)>& fail) {
  const int threads = options.threads < 1 ? 1 : options.threads;
  asio::io_context ioc(threads);
  ServerState state(options, handler, metrics, access_log);
  state.id_prefix = fmt::format("{:06x}", std::random_device{}() & 0xFFFFFF);

  beast::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) {
    fail("cannot use address " + options.address + ": " + ec.message());
    return 1;
  }
  auto listener = std::make_shared<Listener>(ioc, state);
  std::string why;
  if (!listener->open({address, options.port}, why)) {
    fail(fmt::format("cannot listen on {}:{}: {}", options.address, options.port, why));
    return 1;
  }
  listener->start();
  on_listening(listener->port());

  asio::steady_timer drain_deadline(ioc);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    state.draining = true;
    listener->stop();
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(state.mu);
      for (auto& w : state.live)
        if (auto c = w.lock()) live.push_back(std::move(c));
    }
    for (auto& c : live) c->close_if_idle();
    drain_deadline.expires_after(options.drain_timeout);
    drain_deadline.async_wait([&](beast::error_code e) {
      if (!e) ioc.stop();
    });
  });

  // Once draining, the io_context runs out of work when the last connection closes;
  // the deadline timer is the only thing left then, so cancel it from a watcher.
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (!state.draining) continue;
      bool empty;
      {
        std::lock_guard lock(state.mu);
        empty = state.live.empty();
      }
      if (empty) {
        asio::post(ioc, [&] { drain_deadline.cancel(); });
        break;
      }
    }
  });

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  done = true;
  watcher.join();
  return 0;
}

} // namespace shegong::http
