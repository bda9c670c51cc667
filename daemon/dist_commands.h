#pragma once
// The commands that serve distribution rather than a tenant: `deskops completion SHELL` (a shell
// completion script), the hidden `deskops man` (the deskops(1) page the build installs), and the
// answer to an unknown command ("did you mean"). Called by cli.cc on the main thread.

#include <iosfwd>
#include <optional>

#include "daemon/dist/cli_model.h"

namespace CLI {
class App;
}  // namespace CLI

namespace deskops::daemon {

// Adds `completion` and `man` to `app`; their callbacks describe `app` as it is when they run, so
// they see every command, including ones added after them. `rc` receives the exit code.
void AddDistributionCommands(CLI::App& app, int& rc);

// The command line as the generators see it: DescribeCli plus what CLI11 cannot say (the kinds
// `deskops get` accepts, from the kind registry).
CliCommand DescribeDeskops(const CLI::App& app);

// When the arguments name a command that does not exist (`deskops aply`, `deskops config chek`),
// prints `deskops: unknown command "aply"; did you mean "apply"?` (or the commands there are) and
// returns the usage exit code; nullopt when they do not, and CLI11 parses them as usual.
std::optional<int> RejectUnknownCommand(const CLI::App& app, int argc, const char* const* argv,
                                        std::ostream& err);

}  // namespace deskops::daemon
