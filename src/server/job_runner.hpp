// Long work (imports) on one background thread, in the order it was submitted, so
// the request threads stay free. Jobs still queued at shutdown run before it ends.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "shegong/app/ports.hpp"

namespace shegong {

class ThreadJobRunner final : public JobRunner {
 public:
  ThreadJobRunner() : worker_([this] { loop(); }) {}
  ~ThreadJobRunner() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  ThreadJobRunner(const ThreadJobRunner&) = delete;
  ThreadJobRunner& operator=(const ThreadJobRunner&) = delete;

  bool reserve() override {
    std::lock_guard lock(mu_);
    // Each queued import holds its whole upload in memory.
    if (queue_.size() + reserved_ >= kMaxQueued) return false;
    ++reserved_;
    return true;
  }
  void run_reserved(std::function<void()> work) override {
    {
      std::lock_guard lock(mu_);
      --reserved_;
      if (!work) return;
      queue_.push_back(std::move(work));
    }
    cv_.notify_one();
  }
  static constexpr std::size_t kMaxQueued = 8;

 private:
  void loop() {
    for (;;) {
      std::function<void()> work;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
      }
      try {
        work();
      } catch (...) {
        // A job reports its own failures; whatever escapes must not end the server.
      }
    }
  }

  std::mutex mu_;
  std::size_t reserved_ = 0;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread worker_; // last: starts after the members it uses
};

} // namespace shegong
