#pragma once
// The wks-sim command line. Parsing is separate from main() so tests can check it. Pure functions;
// thread-safe.

#include <optional>
#include <string>

#include "core/status_or.h"

namespace deskops::simulator {

struct CommandLine {
  std::string listen = "127.0.0.1:8443";
  bool plain_http = false;
  std::string tls_cert, tls_key, ca_out;
  std::string access_key, secret_key, project_id;  // empty: the demo credentials
  std::optional<std::string> auth_token;
  std::string seed_file, state_file;
  int save_interval_ms = 1000;
  bool control_api = false;
  std::string jobs = "seconds:3";
  int threads = 2;
  int idle_timeout_s = 30;  // keep-alive idle limit (and the time to read one request)
  std::string log_format = "auto", log_level = "info";
  bool access_log = true;
  bool help = false, version = false;
};

// Accepts "--flag value" and "--flag=value". Errors name the flag.
core::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv);
// Splits "host:port" ("[::1]:8443" for IPv6).
core::Status SplitHostPort(const std::string& text, std::string* host, unsigned short* port);
std::string Usage();

}  // namespace deskops::simulator
