#pragma once
// Structured logging: one line per event with a message and key=value fields.
//   logfmt (terminals):  ts=2026-11-27T20:40:22.123Z level=info msg="desktop created" kind=Desktop
//   JSON lines (journald, log shippers): {"ts":"...","level":"info","msg":"...","kind":"Desktop"}
// When stderr is the journal ($JOURNAL_STREAM names fd 2's device and inode), each line starts with
// its syslog priority, "<3>" (error) to "<7>" (debug), which journald reads as the line's priority
// (SyslogLevelPrefix=yes, its default) and strips, so `journalctl -p warning` works.
// Every line passes through the SecretRegistry, and values under secret-looking keys (password,
// token, authorization, ...) are masked whatever they contain, so secrets never reach a log.
// A Logger is immutable after construction and safe to use from any thread; With() makes a child
// that adds context fields.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/redact.h"
#include "core/status_or.h"

namespace deskops::core {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class LogFormat { kLogfmt, kJson };

StatusOr<LogLevel> ParseLogLevel(std::string_view text);  // debug|info|warn|error
std::string_view LogLevelName(LogLevel level);
// "logfmt", "json", or "auto" (logfmt when `fd` is a terminal, else JSON).
StatusOr<LogFormat> ParseLogFormat(std::string_view text, int fd);

// Whether `fd` is the journal's stream: $JOURNAL_STREAM ("DEVICE:INODE", set by systemd for a
// service whose output goes to the journal) names the file `fd` is open on. `journal_stream` is the
// variable's value (nullptr: unset).
bool IsJournalStream(int fd, const char* journal_stream);
// The same for this process's environment.
bool IsJournalStream(int fd);
// The syslog priority prefix journald parses: "<3>" error, "<4>" warn, "<6>" info, "<7>" debug.
std::string_view JournalPrefix(LogLevel level);

// A field value: text, integer, floating point or boolean (JSON keeps the type).
struct LogValue {
  LogValue(std::string_view s) : v(std::string(s)) {}             // NOLINT(runtime/explicit)
  LogValue(const std::string& s) : v(s) {}                        // NOLINT(runtime/explicit)
  LogValue(const char* s) : v(std::string(s)) {}                  // NOLINT(runtime/explicit)
  LogValue(bool b) : v(b) {}                                      // NOLINT(runtime/explicit)
  LogValue(int i) : v(static_cast<std::int64_t>(i)) {}            // NOLINT(runtime/explicit)
  LogValue(long i) : v(static_cast<std::int64_t>(i)) {}           // NOLINT(runtime/explicit)
  LogValue(long long i) : v(static_cast<std::int64_t>(i)) {}      // NOLINT(runtime/explicit)
  LogValue(unsigned i) : v(static_cast<std::int64_t>(i)) {}       // NOLINT(runtime/explicit)
  LogValue(unsigned long i) : v(static_cast<std::int64_t>(i)) {}  // NOLINT(runtime/explicit)
  LogValue(double d) : v(d) {}                                    // NOLINT(runtime/explicit)
  std::variant<std::string, std::int64_t, double, bool> v;
};

struct LogField {
  std::string key;
  LogValue value;
};

// Where finished lines go. Write receives one complete line ending in '\n'.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(std::string_view line) = 0;
};

// Writes to a file descriptor (stderr by default), one write(2) per line under a mutex.
class FdSink final : public LogSink {
 public:
  explicit FdSink(int fd = 2) : fd_(fd) {}
  void Write(std::string_view line) override;

 private:
  std::mutex mu_;
  int fd_;
};

// Keeps lines in memory; for tests.
class MemorySink final : public LogSink {
 public:
  void Write(std::string_view line) override;
  std::vector<std::string> Lines() const;
  std::string Text() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

class Logger {
 public:
  struct Options {
    LogFormat format = LogFormat::kLogfmt;
    LogLevel level = LogLevel::kInfo;
    // Start every line with its priority (JournalPrefix): for a stderr that is the journal.
    bool journal_priority = false;
  };
  Logger(std::shared_ptr<LogSink> sink, Options options, const Clock& clock = SystemClock(),
         const SecretRegistry& secrets = SecretRegistry::Global());

  bool Enabled(LogLevel level) const { return level >= options_.level; }
  void Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields = {}) const;
  void Debug(std::string_view msg, const std::vector<LogField>& fields = {}) const {
    Log(LogLevel::kDebug, msg, fields);
  }
  void Info(std::string_view msg, const std::vector<LogField>& fields = {}) const {
    Log(LogLevel::kInfo, msg, fields);
  }
  void Warn(std::string_view msg, const std::vector<LogField>& fields = {}) const {
    Log(LogLevel::kWarn, msg, fields);
  }
  void Error(std::string_view msg, const std::vector<LogField>& fields = {}) const {
    Log(LogLevel::kError, msg, fields);
  }

  // A logger that adds `fields` to every line.
  Logger With(const std::vector<LogField>& fields) const;

  // Formats a line without writing it (exposed for tests and for the CLI's own messages).
  std::string Format(LogLevel level, std::string_view msg,
                     const std::vector<LogField>& fields) const;

 private:
  std::shared_ptr<LogSink> sink_;
  Options options_;
  const Clock* clock_;
  const SecretRegistry* secrets_;
  std::vector<LogField> context_;
};

}  // namespace deskops::core
