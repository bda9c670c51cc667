#pragma once
// The daemon's status as JSON (GET /status): the daemon's own state, the last pass, and every
// managed object with its conditions; the HTML page (GET /) is status_page.h. Pure rendering.

#include <chrono>
#include <map>
#include <string>

#include "daemon/status/object_status.h"

namespace deskops::daemon {

struct DaemonState {
  std::string version;
  std::string phase;  // starting, standby, reconciling, idle, stopping
  bool leader = false;
  bool ready = false;
  std::string ready_reason;  // why not ready
  std::string config_path, state_dir;
  std::string state_backend;  // "state directory .deskops", "etcd prefix /deskops/t1/ at ..."
  std::string leader_id;      // this process's identity as the leader key shows it (etcd)
  std::chrono::system_clock::time_point started{}, last_pass_start{}, last_pass_end{},
      last_success{}, next_pass{};
  std::string last_result;   // success, failure, stopped (cut short), "" before the first pass
  std::string last_message;  // the last pass's summary or error
  std::size_t runnable = 0, held = 0, errors = 0, in_sync = 0;  // of the last plan
  // Readiness inputs besides `leader` (a configuration is always loaded: the daemon does not start
  // without a valid one and keeps the old one when a reload is invalid): the tenant was observed
  // within observe_window.
  std::string standby_reason;  // why this instance waits (the lock holder, the leader, etcd down)
  std::chrono::system_clock::time_point last_observe_ok{};
  std::chrono::seconds observe_window{900};
};

// Sets ready and ready_reason from the inputs at `now`: ready means this instance holds the lock
// and observed the tenant recently.
void EvaluateReadiness(DaemonState& daemon, std::chrono::system_clock::time_point now);

std::string RenderStatusJson(const DaemonState& daemon,
                             const std::map<std::string, ObjectStatus>& objects);
// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace deskops::daemon
