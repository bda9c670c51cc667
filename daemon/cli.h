#pragma once
// The deskops command line: parses arguments and runs one command. The only caller is main.cc.
// Exit codes: 0 success, 1 failure (invalid manifests, errors), 64 usage error.

namespace deskops::daemon {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitConfig = 78;  // EX_CONFIG: the configuration is invalid

int RunCli(int argc, char** argv);

}  // namespace deskops::daemon
