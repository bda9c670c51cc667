#pragma once
// Settings for the commands that run the engine (plan, apply, export, run): the configuration
// file (--config) with command-line flags on top. Every setting of the file has a flag; a flag
// given on the command line wins over the file, and the same flags win again after a SIGHUP
// reload. Main thread only.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/status_or.h"
#include "daemon/config/config.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace deskops::daemon {

class Settings {
 public:
  // Which flags a command takes: the connection's (every command that calls the API), the
  // engine's (plan, apply, export, run; they include the state's), positional manifest paths, the
  // run loop's, where the state is (the state directory or etcd: deskops state).
  enum Scope : unsigned {
    kConnection = 1,
    kEngine = 2,
    kManifestPaths = 4,
    kLoop = 8,
    kState = 16
  };
  // Adds --config and the flags of `scope` to a (sub)command.
  void AddFlags(CLI::App& cmd, unsigned scope);

  // The configuration file (if --config was given) with the flags given applied on top. Errors
  // name the file, line and field.
  core::StatusOr<Config> Resolve() const;
  const std::string& config_path() const { return config_path_; }

 private:
  template <class F>
  void Override(CLI::Option* option, F field);
  void AddConnectionFlags(CLI::App& cmd);
  void AddEngineFlags(CLI::App& cmd);
  void AddStateFlags(CLI::App& cmd);
  void AddLoopFlags(CLI::App& cmd);

  std::string config_path_;
  Config flags_;  // what the flags parsed into; copied over the file only where given
  std::vector<std::string> kind_intervals_, adopt_;
  std::string interval_, retry_interval_, grace_, pending_create_grace_, request_timeout_,
      liveness_timeout_, disconnected_grace_;
  std::string lease_ttl_;
  int jitter_percent_ = 10;
  bool no_adopt_ = false;
  std::vector<std::pair<CLI::Option*, std::function<void(Config&)>>> overrides_;
};

// Loads and checks a configuration file; the text of every problem, one per line, on failure.
core::StatusOr<Config> LoadConfigFile(const std::string& path);

}  // namespace deskops::daemon
