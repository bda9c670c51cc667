#include "daemon/dist/completion.h"

#include "core/strings.h"

namespace deskops::daemon {

std::optional<Shell> ParseShell(std::string_view name) {
  if (name == "bash") return Shell::kBash;
  if (name == "zsh") return Shell::kZsh;
  if (name == "fish") return Shell::kFish;
  return std::nullopt;
}

std::string CompletionScript(const CliCommand& cli, Shell shell, const std::string& program) {
  switch (shell) {
    case Shell::kBash:
      return completion_internal::PosixScript(cli, /*zsh=*/false, program);
    case Shell::kZsh:
      return completion_internal::PosixScript(cli, /*zsh=*/true, program);
    case Shell::kFish:
      return completion_internal::FishScript(cli, program);
  }
  return "";
}

namespace completion_internal {

std::string ShQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string FishQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string FunctionPrefix(const std::string& program) {
  std::string out = "__";
  for (char c : program) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return out;
}

std::string PathKey(const CliCommand& c) { return core::Join(c.path, " "); }

}  // namespace completion_internal
}  // namespace deskops::daemon
