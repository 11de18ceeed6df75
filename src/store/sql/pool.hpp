// A pool of connections and the transaction wrapper shared by the SQL stores.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "repos.hpp"

namespace shegong::sql {

// Hands out at most `max` connections, opening them lazily with `open`. Thread-safe.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(int max, Opener open) : max_(max < 1 ? 1 : max), open_(std::move(open)) {}

  Result<std::unique_ptr<Connection>> acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || opened_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++opened_;
    lock.unlock();
    auto c = open_();
    if (!c) forget();
    return c;
  }

  // Returns a connection; a broken one is closed instead, so the next acquire reconnects.
  void release(std::unique_ptr<Connection> c) {
    c->reset_all();
    if (c->broken()) {
      c.reset();
      forget();
      return;
    }
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

  // Runs `fn` in one transaction opened with `begin`: committed if it succeeds,
  // rolled back whole if it returns an error or throws. A null `begin` runs `fn`
  // without a transaction (each statement on its own; for reads over a network,
  // where BEGIN and COMMIT would cost two more round trips).
  Result<void> transact(const std::function<Result<void>(Repositories&)>& fn, const char* begin) {
    return transact_raw(
        [&](Connection& c) {
          SqlRepositories repos(c);
          return fn(repos);
        },
        begin);
  }

  // Runs `fn` on a pooled connection outside any transaction (migrations, pings).
  template <typename T>
  Result<T> with(const std::function<Result<T>(Connection&)>& fn) {
    SHEGONG_ASSIGN(auto conn, acquire());
    Result<T> out = fn(*conn);
    release(std::move(conn));
    return out;
  }

  // The same, handing over the connection itself (bulk copies between stores).
  Result<void> transact_raw(const std::function<Result<void>(Connection&)>& fn, const char* begin) {
    for (int attempt = 0;; ++attempt) {
      SHEGONG_ASSIGN(auto conn, acquire());
      bool began = false;
      Result<void> out = run(*conn, fn, begin, began);
      const bool stale = !began && conn->broken();
      release(std::move(conn));
      // A pooled connection that died while idle (the server restarted) fails at
      // BEGIN, before `fn` did anything: retrying on a fresh connection is safe.
      if (out || !stale || attempt >= 1) return out;
    }
  }

 private:
  void forget() {
    std::lock_guard lock(mu_);
    --opened_;
    cv_.notify_one();
  }

  static Result<void> control(Connection& c, const char* text) {
    SHEGONG_ASSIGN(auto st, c.prepare(text));
    SHEGONG_TRY(st->exec());
    return ok();
  }

  static Result<void> guarded(Connection& c, const std::function<Result<void>(Connection&)>& fn) {
    Result<void> r = ok();
    try {
      r = fn(c);
    } catch (const std::exception& e) {
      r = Error::make(ErrorCode::internal, std::string("store: ") + e.what());
    }
    c.reset_all();
    return r;
  }

  static Result<void> run(Connection& c, const std::function<Result<void>(Connection&)>& fn, const char* begin,
                          bool& began) {
    // Without `begin`, `began` stays false: `fn` only reads, so a failure on a
    // connection that turns out to be dead may be retried.
    if (!begin) return guarded(c, fn);
    SHEGONG_TRY(control(c, begin));
    began = true;
    Result<void> r = guarded(c, fn);
    if (!r) {
      (void)control(c, "ROLLBACK");
      return r;
    }
    auto committed = control(c, "COMMIT");
    if (!committed) (void)control(c, "ROLLBACK");
    return committed;
  }

  const int max_;
  Opener open_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_; // GUARDED_BY(mu_)
  int opened_ = 0; // GUARDED_BY(mu_)
};

} // namespace shegong::sql
