#pragma once
// The implementations of the CLI commands, separated from argument parsing so tests can call them
// with streams. Each returns a process exit code (see cli.h). Not thread-safe; one command per
// process.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace deskops::daemon {

struct ValidateOptions {
  std::vector<std::string> paths;  // "-" reads standard input
  bool strict_references = false;
  std::string output = "text";  // text | json
};
int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

struct SchemaOptions {
  std::optional<std::string> kind;
  std::optional<std::string> out_dir;  // writes manifest.json and <kind>.json there
};
int RunSchema(const SchemaOptions& options, std::ostream& out, std::ostream& err);

int RunVersion(std::ostream& out);

}  // namespace deskops::daemon
