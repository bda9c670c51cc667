#include "daemon/loop/systemd.h"

#include <systemd/sd-daemon.h>

namespace deskops::daemon::systemd {

bool Notify(const std::string& state) { return sd_notify(0, state.c_str()) > 0; }

std::optional<std::chrono::microseconds> WatchdogPeriod() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace deskops::daemon::systemd
