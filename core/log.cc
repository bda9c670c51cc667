#include "core/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/strings.h"

namespace deskops::core {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  out += JsonEscape(s);
  out += '"';
}

bool NeedsQuoting(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (c == ' ' || c == '=' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x21) {
      return true;
    }
  }
  return false;
}

std::string ValueText(const LogValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, double>) {
          if (!std::isfinite(v)) return "null";
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.6g", v);
          return buf;
        } else {
          return std::to_string(v);
        }
      },
      value.v);
}

void AppendLogfmt(std::string& out, std::string_view key, const LogValue& value, bool secret) {
  if (!out.empty()) out += ' ';
  out += key;
  out += '=';
  std::string text = secret ? std::string(SecretRegistry::kMask) : ValueText(value);
  if (NeedsQuoting(text)) {
    AppendJsonString(out, text);
  } else {
    out += text;
  }
}

void AppendJson(std::string& out, std::string_view key, const LogValue& value, bool secret) {
  out += out.size() > 1 ? "," : "";
  AppendJsonString(out, key);
  out += ':';
  if (secret || std::holds_alternative<std::string>(value.v)) {
    AppendJsonString(out, secret ? std::string(SecretRegistry::kMask) : ValueText(value));
  } else {
    out += ValueText(value);
  }
}

}  // namespace

StatusOr<LogLevel> ParseLogLevel(std::string_view text) {
  std::string t = ToLower(text);
  if (t == "debug") return LogLevel::kDebug;
  if (t == "info") return LogLevel::kInfo;
  if (t == "warn" || t == "warning") return LogLevel::kWarn;
  if (t == "error") return LogLevel::kError;
  return Status::InvalidArgument(
      StrCat("unknown log level ", Quote(text), " (want debug, info, warn or error)"));
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

StatusOr<LogFormat> ParseLogFormat(std::string_view text, int fd) {
  std::string t = ToLower(text);
  if (t == "logfmt" || t == "text") return LogFormat::kLogfmt;
  if (t == "json") return LogFormat::kJson;
  if (t == "auto" || t.empty()) return isatty(fd) ? LogFormat::kLogfmt : LogFormat::kJson;
  return Status::InvalidArgument(
      StrCat("unknown log format ", Quote(text), " (want auto, logfmt or json)"));
}

bool IsJournalStream(int fd, const char* journal_stream) {
  if (!journal_stream || !*journal_stream) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(journal_stream, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

bool IsJournalStream(int fd) { return IsJournalStream(fd, std::getenv("JOURNAL_STREAM")); }

std::string_view JournalPrefix(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "<7>";
    case LogLevel::kInfo:
      return "<6>";
    case LogLevel::kWarn:
      return "<4>";
    case LogLevel::kError:
      return "<3>";
  }
  return "<6>";
}

void FdSink::Write(std::string_view line) {
  std::lock_guard lock(mu_);
  while (!line.empty()) {
    ssize_t n = ::write(fd_, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report a failing log sink
    line.remove_prefix(static_cast<std::size_t>(n));
  }
}

void MemorySink::Write(std::string_view line) {
  std::lock_guard lock(mu_);
  lines_.emplace_back(line);
}

std::vector<std::string> MemorySink::Lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

std::string MemorySink::Text() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& l : lines_) out += l;
  return out;
}

Logger::Logger(std::shared_ptr<LogSink> sink, Options options, const Clock& clock,
               const SecretRegistry& secrets)
    : sink_(std::move(sink)), options_(options), clock_(&clock), secrets_(&secrets) {}

std::string Logger::Format(LogLevel level, std::string_view msg,
                           const std::vector<LogField>& fields) const {
  std::string out;
  auto append = options_.format == LogFormat::kJson ? AppendJson : AppendLogfmt;
  if (options_.format == LogFormat::kJson) out = "{";
  append(out, "ts", FormatRfc3339(clock_->Now()), false);
  append(out, "level", LogLevelName(level), false);
  append(out, "msg", msg, false);
  for (const auto* list : {&context_, &fields}) {
    for (const auto& f : *list) append(out, f.key, f.value, IsSecretKey(f.key));
  }
  if (options_.format == LogFormat::kJson) out += '}';
  out = secrets_->Redact(out);
  out += '\n';
  if (options_.journal_priority) out.insert(0, JournalPrefix(level));
  return out;
}

void Logger::Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields) const {
  if (!Enabled(level) || !sink_) return;
  sink_->Write(Format(level, msg, fields));
}

Logger Logger::With(const std::vector<LogField>& fields) const {
  Logger child = *this;
  child.context_.insert(child.context_.end(), fields.begin(), fields.end());
  return child;
}

}  // namespace deskops::core
