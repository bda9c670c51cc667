#pragma once
// The real wks-sim binary as a child process, for integration tests and benchmarks of the cloud/
// client: `wks-sim --listen 127.0.0.1:0 --ca-out CA --control-api --jobs MODE` over HTTPS on
// loopback, its URL read from the first line it prints, its generated CA trusted. Gives ApiClients
// signed with the simulator's demo credentials and a small client of the /_sim/ control API that
// goes through the same TLS transport. Not thread-safe; one owner per simulator.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/transport.h"
#include "core/status_or.h"

namespace deskops::testing {

// The simulator's built-in demo tenant (simulator/README.md).
inline constexpr char kSimAk[] = "WKSSIMDEMOACCESSKEY0";
inline constexpr char kSimSk[] = "wks-sim-demo-secret-key-0000000000000000";
inline constexpr char kSimProject[] = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

struct SimOptions {
  std::string binary;              // empty: $WKS_SIM, else wks-sim next to this executable
  std::string jobs = "immediate";  // --jobs
  std::vector<std::string> extra;  // more flags
};

class SimProcess {
 public:
  // Starts the simulator and waits (up to 20 s) for its URL.
  static core::StatusOr<std::unique_ptr<SimProcess>> Start(const SimOptions& options = {});
  ~SimProcess();  // Stop(), then removes the working directory
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const std::string& url() const { return url_; }
  const std::string& ca_file() const { return ca_file_; }
  pid_t pid() const { return pid_; }

  // SIGTERM, then waits (SIGKILL after 20 s). Returns the exit code (-1: killed by a signal).
  // Idempotent: later calls return the first result.
  int Stop();

  // A client of the simulator's API with the demo credentials, trusting its CA. Rate limiting is
  // off unless `limits` says otherwise; retries as deskops does unless `retry` says otherwise.
  core::StatusOr<std::unique_ptr<cloud::ApiClient>> NewClient(cloud::RateLimits limits = {0, 1, 8},
                                                              cloud::RetryPolicy retry = {}) const;

  // One control-API call: `path` is below /_sim/ ("stats", "bulk/desktops"). Returns the body of a
  // 2xx answer; anything else is an error naming the status and body.
  core::StatusOr<std::string> Control(const std::string& method, const std::string& path,
                                      const std::string& body = "");

 private:
  SimProcess() = default;

  std::string workdir_, ca_file_, url_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int exit_code_ = 0;
  std::unique_ptr<cloud::Transport> control_;
};

}  // namespace deskops::testing
