#pragma once
// The single-writer lock on a state directory: an exclusive flock(2) on <state_dir>/lock, held for
// the life of the process (the kernel drops it when the process dies, however it dies). The file
// records who holds it, for the messages of those who wait. One per process and state directory.

#include <string>

#include "core/status_or.h"

namespace deskops::daemon {

class LeaderLock {
 public:
  explicit LeaderLock(std::string state_dir);
  ~LeaderLock();
  LeaderLock(const LeaderLock&) = delete;
  LeaderLock& operator=(const LeaderLock&) = delete;

  // Takes the lock if it is free; true when this process holds it. Errors: the directory or the
  // lock file cannot be created or opened.
  core::StatusOr<bool> TryAcquire();
  bool held() const { return held_; }
  // What the holder wrote ("pid 1234 on host since 2026-...") or "" when unknown.
  std::string Holder() const;
  void Release();

 private:
  std::string path_;
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace deskops::daemon
