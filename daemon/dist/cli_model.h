#pragma once
// A plain description of the command line (commands, options, positional arguments), read from
// the CLI11 app that parses it, so that the man page and the shell completions are generated from
// the same definition as --help and can never drift from it. Pure data; the generators
// (man_page.h, completion.h) take it, and tests build one by hand. Not thread-safe to build;
// immutable afterwards.

#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace deskops::daemon {

struct CliOption {
  std::vector<std::string> names;    // "-o", "--output": short names first
  std::string value;                 // what the option takes ("TEXT", "INT"); empty for a flag
  std::vector<std::string> choices;  // the only values accepted, when there is such a list
  bool file = false;                 // the value is a path to an existing file
  std::string description;
  std::string default_value;  // as --help shows it; empty when none is shown
};

struct CliPositional {
  std::string name;                  // "paths"
  std::vector<std::string> choices;  // the words it takes, when there is such a list
  std::string description;
  bool required = false;
  bool repeated = false;  // takes any number of words
  bool files = true;      // without choices: complete file names (false: complete nothing)
};

struct CliCommand {
  std::vector<std::string> path;  // {"debug", "sign"}; empty for the program itself
  std::string description;
  std::vector<CliOption> options;
  std::vector<CliPositional> positionals;
  std::vector<CliCommand> subcommands;

  // "deskops debug sign"
  std::string FullName(const std::string& program) const;
  // The subcommand at `path` below this command, or nullptr.
  CliCommand* Find(const std::vector<std::string>& path);
  const CliCommand* Find(const std::vector<std::string>& path) const;
  // This command and every command below it, depth first, parents before children.
  std::vector<const CliCommand*> Flatten() const;
};

// Reads `app` and its subcommands. Hidden subcommands and options (an empty group) are left out.
CliCommand DescribeCli(const CLI::App& app);

}  // namespace deskops::daemon
