#pragma once
// `deskops run` (the daemon, see run_loop.h) and `deskops config check FILE`. Main thread only.

#include <iosfwd>
#include <string>

#include "daemon/settings.h"

namespace deskops::daemon {

// Blocks SIGTERM, SIGINT and SIGHUP, runs the daemon and turns the signals into requests: the
// first SIGTERM or SIGINT stops it (gracefully, within the configured grace period), a second
// one exits at once; SIGHUP reloads the configuration. Feeds systemd's watchdog.
int RunDaemon(const Settings& settings, bool once);

// Validates a configuration file; prints every problem with its position. Exit 0 or 78.
int RunConfigCheck(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace deskops::daemon
