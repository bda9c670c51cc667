#pragma once
// The daemon's configuration file (YAML), validated like manifests: every problem reported with
// file:line:col and the field path. Credentials appear only by reference ({env: NAME} or
// {file: PATH}); an inline secret is rejected. Every setting also has a command-line flag, which
// wins over the file. Relative paths in the file (manifests, stateDir, caFile, credential files)
// are relative to the file's directory. Pure loading; no global state.

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/credentials.h"
#include "core/status_or.h"
#include "daemon/config/connection_options.h"
#include "daemon/config/state_options.h"
#include "reconcilers/engine/options.h"
#include "specs/diagnostic.h"

namespace deskops::daemon {

struct Config {
  ConnectionOptions connection;  // includes the credential references
  std::vector<std::string> manifests;
  std::string state_dir = ".deskops";
  EtcdOptions etcd;  // the state in etcd instead of state_dir, when it names endpoints
  reconcilers::EngineOptions engine;
  bool strict_references = false;
  std::chrono::seconds interval{300};                          // between reconciles
  std::chrono::seconds retry_interval{30};                     // after a failed reconcile
  double jitter = 0.1;                                         // +- fraction of the interval
  std::map<std::string, std::chrono::seconds> kind_intervals;  // per kind, at least `interval`
  std::chrono::seconds grace{30};  // SIGTERM: in-flight calls may finish meanwhile
  std::string admin_listen = "127.0.0.1:9180";
  // No sign of life (loop wake-ups, API calls) for this long fails /healthz and stops the
  // watchdog's pings.
  std::chrono::seconds liveness_timeout{300};
  // Where each pass's drift is POSTed (daemon/drift/drift_webhook.h); "" for nowhere.
  std::string drift_webhook;
  std::string log_format = "auto", log_level = "info";
};

// Reads and validates a configuration file. Errors are added to `diags`; the result is only
// meaningful when none were added.
Config LoadConfig(const std::string& path, specs::Diagnostics& diags);
// The same for configuration text already read; `path` names it in messages and anchors relative
// paths.
Config ParseConfig(std::string_view text, const std::string& path, specs::Diagnostics& diags);

// "30s", "5m", "1h", "250ms" -> duration; nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace deskops::daemon
