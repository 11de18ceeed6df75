// Work repeated in the background while its owner lives (an import's heartbeat, the
// audit witness, recovering cut-off jobs): once at start, then every `every`, and, when
// asked, once more as it stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace shegong {

class Periodic {
 public:
  Periodic(std::function<void()> work, std::chrono::milliseconds every, bool once_more_at_stop = false)
      : work_(std::move(work)), every_(every), at_stop_(once_more_at_stop), thread_([this] { loop(); }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  void loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      lock.unlock();
      work_();
      lock.lock();
      if (stopping_) return;
      if (wake_.wait_for(lock, every_, [this] { return stopping_; })) {
        if (at_stop_) {
          lock.unlock();
          work_();
        }
        return;
      }
    }
  }

  std::function<void()> work_;
  std::chrono::milliseconds every_;
  bool at_stop_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_; // last: it starts once the rest is ready
};

} // namespace shegong
