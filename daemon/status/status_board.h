#pragma once
// The daemon's current status, shared between the run loop (which updates it after each pass)
// and the admin server (which reads it for /status, / and /readyz). Thread-safe; readers get
// copies.

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "daemon/status/object_status.h"
#include "daemon/status/status_view.h"

namespace deskops::daemon {

class StatusBoard {
 public:
  struct Snapshot {
    DaemonState daemon;
    std::map<std::string, ObjectStatus> objects;
  };

  Snapshot Get() const {
    std::lock_guard lock(mu_);
    return {daemon_, objects_};
  }
  // Changes the daemon's state under the lock.
  void Update(const std::function<void(DaemonState&)>& change) {
    std::lock_guard lock(mu_);
    change(daemon_);
  }
  void SetObjects(std::map<std::string, ObjectStatus> objects) {
    std::lock_guard lock(mu_);
    objects_ = std::move(objects);
  }
  std::map<std::string, ObjectStatus> Objects() const {
    std::lock_guard lock(mu_);
    return objects_;
  }

 private:
  mutable std::mutex mu_;
  DaemonState daemon_;
  std::map<std::string, ObjectStatus> objects_;
};

}  // namespace deskops::daemon
