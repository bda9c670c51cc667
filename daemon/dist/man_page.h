#pragma once
// A manual page in troff (man macros), generated from the command line's own description
// (cli_model.h): NAME, SYNOPSIS, DESCRIPTION, the program's OPTIONS, then COMMANDS with every
// command's synopsis, description, positional arguments and options, then the reference sections
// the caller gives (exit status, environment, files). `deskops man` prints deskops(1) and the
// build installs it, so the page cannot drift from --help. Pure; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/dist/cli_model.h"

namespace deskops::daemon {

struct ManEntry {
  std::string term;  // "64", "HUAWEICLOUD_SDK_AK", "/etc/deskops/config.yaml"
  std::string text;
};

struct ManSection {
  std::string title;   // "EXIT STATUS"
  bool paths = false;  // terms are file names (italic) rather than literals (bold)
  std::vector<ManEntry> entries;
};

struct ManPageInfo {
  std::string program = "deskops";
  std::string version;                // "0.1.0", in the page's footer
  std::string summary;                // the NAME line after the dash
  std::vector<ManSection> sections;   // after COMMANDS
  std::vector<std::string> see_also;  // "systemctl(1)", or plain text such as a path
};

std::string ManPage(const CliCommand& cli, const ManPageInfo& info);

// Text for a troff line: backslashes and hyphens escaped, a leading '.' or '\'' defused.
std::string TroffEscape(std::string_view text);

}  // namespace deskops::daemon
