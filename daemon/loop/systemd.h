#pragma once
// systemd's service notification protocol (sd_notify(3), through libsystemd): READY=1 once the
// daemon serves, STATUS= lines a person sees in `systemctl status`, STOPPING=1, RELOADING=1, and
// watchdog pings. Every call is a no-op outside systemd (no $NOTIFY_SOCKET). Thread-safe.

#include <chrono>
#include <optional>
#include <string>

namespace deskops::daemon::systemd {

// Sends the state lines (e.g. "READY=1\nSTATUS=idle"); false when not under systemd.
bool Notify(const std::string& state);
// The watchdog period systemd expects pings within (WatchdogSec=), if it enabled one for us.
std::optional<std::chrono::microseconds> WatchdogPeriod();

}  // namespace deskops::daemon::systemd
