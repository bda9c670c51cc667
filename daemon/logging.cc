#include "daemon/logging.h"

#include <unistd.h>

#include <cstdlib>

namespace deskops::daemon {

core::StatusOr<core::Logger::Options> StderrLogOptions(std::string_view format,
                                                       std::string_view level) {
  DESKOPS_ASSIGN_OR_RETURN(core::LogFormat f, core::ParseLogFormat(format, 2));
  DESKOPS_ASSIGN_OR_RETURN(core::LogLevel l, core::ParseLogLevel(level));
  return core::Logger::Options{f, l, core::IsJournalStream(2)};
}

bool UseColor(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(fd) && !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

std::string JournalText(core::LogLevel level, std::string_view text) {
  if (!core::IsJournalStream(2)) return std::string(text);
  std::string out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    out.append(core::JournalPrefix(level)).append(line).append("\n");
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

}  // namespace deskops::daemon
