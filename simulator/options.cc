#include "simulator/options.h"

#include <charconv>
#include <functional>
#include <map>

#include "core/strings.h"

namespace deskops::simulator {
namespace {

core::Status Bad(std::string_view flag, std::string_view why) {
  return core::Status::InvalidArgument(core::StrCat(flag, ": ", why));
}

core::StatusOr<int> ToInt(std::string_view flag, const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return Bad(flag, core::StrCat("expected an integer from ", min, " to ", max));
  }
  return value;
}

}  // namespace

std::string Usage() {
  return R"(usage: wks-sim [flags]
A local simulator of the Huawei Cloud Workspace API. Prints the URL it listens on as its first line.

  --listen HOST:PORT       address to listen on (default 127.0.0.1:8443; port 0 picks a free one)
  --plain-http             serve HTTP instead of HTTPS
  --tls-cert FILE          server certificate chain (PEM); with --tls-key
  --tls-key FILE           server private key (PEM)
  --ca-out FILE            write the generated CA certificate here (when no --tls-cert)
  --ak KEY                 access key (default WKSSIMDEMOACCESSKEY0)
  --sk SECRET              secret key (default the demo secret key)
  --project-id ID          project ID (default a1b2c3d4e5f60718293a4b5c6d7e8f90)
  --auth-token TOKEN       also accept this X-Auth-Token (default: tokens are refused)
  --seed FILE              tenant seed, JSON or YAML (default: the built-in tenant)
  --state-file FILE        load state from FILE at start, save it there (crash-safe)
  --save-interval-ms N     how often changed state is saved (default 1000)
  --control-api            serve the /_sim/ control API
  --jobs MODE              job progression: immediate | seconds:N | reads:N (default seconds:3)
  --threads N              network threads (default 2)
  --idle-timeout SECONDS   close keep-alive connections idle this long (default 30)
  --log-format F           logfmt | json | auto (default auto)
  --log-level L            debug | info | warn | error (default info)
  --no-access-log          do not log one line per request
  --help, --version
)";
}

core::Status SplitHostPort(const std::string& text, std::string* host, unsigned short* port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Bad("--listen", "expected HOST:PORT");
  *host = text.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  DESKOPS_ASSIGN_OR_RETURN(int p, ToInt("--listen", text.substr(colon + 1), 0, 65535));
  *port = static_cast<unsigned short>(p);
  return core::Status::Ok();
}

core::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine c;
  std::map<std::string, std::string*> strings = {
      {"--listen", &c.listen},         {"--tls-cert", &c.tls_cert},
      {"--tls-key", &c.tls_key},       {"--ca-out", &c.ca_out},
      {"--ak", &c.access_key},         {"--sk", &c.secret_key},
      {"--project-id", &c.project_id}, {"--seed", &c.seed_file},
      {"--state-file", &c.state_file}, {"--jobs", &c.jobs},
      {"--log-format", &c.log_format}, {"--log-level", &c.log_level}};
  std::map<std::string, bool*> flags = {{"--plain-http", &c.plain_http},
                                        {"--control-api", &c.control_api},
                                        {"--help", &c.help},
                                        {"--version", &c.version}};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> value;
    if (auto eq = arg.find('='); eq != std::string::npos && core::StartsWith(arg, "--")) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    if (arg == "-h") arg = "--help";
    if (auto f = flags.find(arg); f != flags.end() && !value) {
      *f->second = true;
      continue;
    }
    if (arg == "--no-access-log" && !value) {
      c.access_log = false;
      continue;
    }
    bool takes_value = strings.count(arg) || arg == "--auth-token" || arg == "--threads" ||
                       arg == "--save-interval-ms" || arg == "--idle-timeout";
    if (!takes_value) return Bad(arg, "unknown flag (see --help)");
    if (!value) {
      if (i + 1 >= argc) return Bad(arg, "needs a value");
      value = argv[++i];
    }
    if (arg == "--auth-token")
      c.auth_token = *value;
    else if (arg == "--threads") {
      DESKOPS_ASSIGN_OR_RETURN(c.threads, ToInt(arg, *value, 1, 64));
    } else if (arg == "--idle-timeout") {
      DESKOPS_ASSIGN_OR_RETURN(c.idle_timeout_s, ToInt(arg, *value, 1, 3600));
    } else if (arg == "--save-interval-ms") {
      DESKOPS_ASSIGN_OR_RETURN(c.save_interval_ms, ToInt(arg, *value, 10, 3600000));
    } else {
      *strings[arg] = *value;
    }
  }
  if (c.tls_cert.empty() != c.tls_key.empty()) return Bad("--tls-cert", "needs --tls-key too");
  if (c.plain_http && !c.tls_cert.empty()) return Bad("--plain-http", "conflicts with --tls-cert");
  std::string host;
  unsigned short port = 0;
  DESKOPS_RETURN_IF_ERROR(SplitHostPort(c.listen, &host, &port));
  return c;
}

}  // namespace deskops::simulator
