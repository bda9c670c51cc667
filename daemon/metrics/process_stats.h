#pragma once
// The process's own resource use, read from /proc/self and getrlimit, for the metrics Prometheus'
// client libraries export under these names: process_resident_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds. Linux only; thread-safe.

#include "core/status_or.h"

namespace deskops::daemon {

struct ProcessStats {
  double resident_bytes = 0;  // resident set size
  double cpu_seconds = 0;     // user and system time
  double open_fds = 0;        // entries of /proc/self/fd
  double max_fds = 0;         // RLIMIT_NOFILE's soft limit
};

core::StatusOr<ProcessStats> ReadProcessStats();

// The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses):
// utime and stime (clock ticks) and rss (pages). Exposed for tests.
struct ProcStat {
  unsigned long long utime_ticks = 0, stime_ticks = 0;
  long long rss_pages = 0;
};
core::StatusOr<ProcStat> ParseProcStat(std::string_view text);

}  // namespace deskops::daemon
