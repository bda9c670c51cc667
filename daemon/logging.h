#pragma once
// The logger every command and the daemon write to stderr with: logfmt on a terminal, JSON
// otherwise (or as configured), and each line prefixed with its syslog priority when stderr is the
// journal (core::IsJournalStream), so `journalctl -p` filters deskops' lines. Plain messages the
// commands print to stderr go through JournalText for the same reason.

#include <memory>
#include <string>
#include <string_view>

#include "core/log.h"

namespace deskops::daemon {

// The options for a logger on stderr; an unknown format or level is an error.
core::StatusOr<core::Logger::Options> StderrLogOptions(std::string_view format,
                                                       std::string_view level);
// `text` (one or more lines) as written to stderr: each line prefixed with `level`'s priority when
// stderr is the journal, unchanged otherwise.
std::string JournalText(core::LogLevel level, std::string_view text);
// Whether output for people on `fd` may use ANSI colour: a terminal (not TERM=dumb) and NO_COLOR
// unset or empty (https://no-color.org).
bool UseColor(int fd);

}  // namespace deskops::daemon
