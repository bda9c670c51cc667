#pragma once
// Crash-safe file helpers (LevelDB's recipe): write a temporary file next to the target, fsync it,
// rename it over the target and fsync the directory, so a reader sees the old file or the new one,
// never a torn mix. Appending with fsync for write-ahead logs. Thread-compatible: callers
// serialise writes to one path.

#include <string>
#include <string_view>

#include "core/status_or.h"

namespace deskops::core {

// Replaces `path` with `contents` atomically and durably.
Status WriteFileAtomically(const std::string& path, std::string_view contents);

// Appends `line` (a '\n' is added) to `path`, creating it, and fsyncs before returning.
Status AppendLineDurably(const std::string& path, std::string_view line);

// The whole file; NOT_FOUND when it does not exist.
StatusOr<std::string> ReadFile(const std::string& path);

// Creates the directory and its parents (mode 0700); OK if it exists.
Status MakeDirs(const std::string& path);

}  // namespace deskops::core
