#include "daemon/metrics/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "core/files.h"

namespace deskops::daemon {

core::StatusOr<ProcStat> ParseProcStat(std::string_view text) {
  // "pid (comm) state ppid ...": the command ends at the last ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) {
    return core::Status::InvalidArgument("/proc/self/stat: no command name");
  }
  std::istringstream in{std::string(text.substr(close + 1))};
  // Fields 3.. (state is field 3); utime is 14, stime 15, rss 24.
  std::string field;
  ProcStat out;
  for (int n = 3; n <= 24 && in >> field; ++n) {
    if (n == 14) out.utime_ticks = std::stoull(field);
    if (n == 15) out.stime_ticks = std::stoull(field);
    if (n == 24) {
      out.rss_pages = std::stoll(field);
      return out;
    }
  }
  return core::Status::InvalidArgument("/proc/self/stat: too few fields");
}

core::StatusOr<ProcessStats> ReadProcessStats() {
  DESKOPS_ASSIGN_OR_RETURN(std::string text, core::ReadFile("/proc/self/stat"));
  core::StatusOr<ProcStat> stat = core::Status::Unknown("");
  try {
    stat = ParseProcStat(text);
  } catch (const std::exception&) {
    return core::Status::InvalidArgument("/proc/self/stat: a field is not a number");
  }
  DESKOPS_RETURN_IF_ERROR(stat.status());
  ProcessStats out;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  out.cpu_seconds = static_cast<double>(stat->utime_ticks + stat->stime_ticks) / ticks;
  out.resident_bytes =
      static_cast<double>(stat->rss_pages) * static_cast<double>(sysconf(_SC_PAGESIZE));
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++out.open_fds;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.max_fds = limit.rlim_cur == RLIM_INFINITY ? 0 : static_cast<double>(limit.rlim_cur);
  }
  return out;
}

}  // namespace deskops::daemon
