#pragma once
// A bounded pool of keep-alive connections. A caller reserves one of `max` slots: it gets an idle
// connection to reuse (most recently used first) or nullptr, meaning "open a new one in this
// slot". When all slots are taken it waits, until its deadline, for one to be released.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "core/status_or.h"
#include "core/strings.h"

namespace deskops::cloud {

template <class Conn>
class ConnectionPool {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  explicit ConnectionPool(std::size_t max) : max_(max == 0 ? 1 : max) {}

  core::StatusOr<std::unique_ptr<Conn>> Acquire(Deadline deadline) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_until(lock, deadline, [&] { return in_use_ < max_; })) {
      return core::Status::Unavailable(core::StrCat(
          "all ", max_, " connections busy until the deadline (request not sent)"));
    }
    ++in_use_;
    if (idle_.empty()) return std::unique_ptr<Conn>();
    std::unique_ptr<Conn> conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }

  // Frees the slot; a non-null `conn` is kept for reuse.
  void Release(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (conn) idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  std::size_t idle() const {
    std::lock_guard lock(mu_);
    return idle_.size();
  }

 private:
  const std::size_t max_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::size_t in_use_ = 0;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace deskops::cloud
