#pragma once
// `deskops state show` (what deskops owns, its open intents, who leads; read-only) and
// `deskops state migrate` (the state directory to etcd and back). Main thread only.

#include <iosfwd>
#include <string>

#include "daemon/config/config.h"

namespace deskops::daemon {

struct StateShowOptions {
  Config config;                // --state-dir or the etcd settings, resolved
  std::string output = "text";  // text | json
};
int RunStateShow(const StateShowOptions& options, std::ostream& out, std::ostream& err);

struct StateMigrateOptions {
  Config config;         // the etcd settings
  std::string from_dir;  // --from DIR (with --to-etcd)
  std::string to_dir;    // --to DIR (with --from-etcd)
  bool to_etcd = false, from_etcd = false;
  bool overwrite = false;  // replace state the destination already holds
};
int RunStateMigrate(const StateMigrateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deskops::daemon
