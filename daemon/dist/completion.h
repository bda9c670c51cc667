#pragma once
// Shell completion scripts for bash, zsh and fish, generated from the command line's own
// description (cli_model.h): subcommands at every level, each command's options, the values of
// options and positional arguments that take a fixed set of words (`get` kinds, `-o` formats),
// file names elsewhere. `deskops completion SHELL` prints one and the build installs all three.
// Pure; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "daemon/dist/cli_model.h"

namespace deskops::daemon {

enum class Shell { kBash, kZsh, kFish };

// "bash", "zsh" or "fish"; nullopt for anything else.
std::optional<Shell> ParseShell(std::string_view name);

// The script that completes `program` (a command name: letters, digits, '-' and '_').
std::string CompletionScript(const CliCommand& cli, Shell shell, const std::string& program);

namespace completion_internal {
// bash and zsh share one POSIX-style engine (completion_posix.cc); fish has its own.
std::string PosixScript(const CliCommand& cli, bool zsh, const std::string& program);
std::string FishScript(const CliCommand& cli, const std::string& program);
// 'text' for sh (a quote inside becomes '\'') and fish ('\'' becomes \' and '\\' becomes \\).
std::string ShQuote(std::string_view text);
std::string FishQuote(std::string_view text);
// A shell function name for the program: "__deskops" (other characters become '_').
std::string FunctionPrefix(const std::string& program);
// The command's path as the scripts spell it: "debug sign", "" for the program.
std::string PathKey(const CliCommand& c);
}  // namespace completion_internal

}  // namespace deskops::daemon
