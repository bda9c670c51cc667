#include "sim_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cloud/url.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/strings.h"

namespace deskops::testing {

using namespace std::chrono_literals;

namespace {

std::string SimBinary(const SimOptions& o) {
  if (!o.binary.empty()) return o.binary;
  if (const char* env = std::getenv("WKS_SIM"); env && *env) return env;
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "wks-sim").string();
}

core::StatusOr<std::string> MakeWorkdir() {
  std::string base = std::filesystem::temp_directory_path() / "wks-sim-XXXXXX";
  if (!::mkdtemp(base.data())) return core::Status::Internal("mkdtemp failed");
  return base;
}

// Forks and execs argv with stdout on a pipe and stderr on `log`; the child dies with its parent.
core::StatusOr<pid_t> Spawn(const std::vector<std::string>& args, const std::string& log,
                            int* stdout_fd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return core::Status::Internal("pipe failed");
  int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(fds[1], 1);
    if (log_fd >= 0) ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  if (log_fd >= 0) ::close(log_fd);
  if (pid < 0) {
    ::close(fds[0]);
    return core::Status::Internal("fork failed");
  }
  *stdout_fd = fds[0];
  return pid;
}

// Reads one line from fd, waiting at most `timeout` in all.
std::string ReadLine(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
    char c;
    if (::read(fd, &c, 1) != 1 || c == '\n') break;
    line.push_back(c);
  }
  return line;
}

}  // namespace

core::StatusOr<std::unique_ptr<SimProcess>> SimProcess::Start(const SimOptions& options) {
  std::unique_ptr<SimProcess> sim(new SimProcess());
  DESKOPS_ASSIGN_OR_RETURN(sim->workdir_, MakeWorkdir());
  sim->ca_file_ = sim->workdir_ + "/ca.pem";
  std::vector<std::string> args = {SimBinary(options), "--listen",      "127.0.0.1:0", "--ca-out",
                                   sim->ca_file_,      "--control-api", "--jobs",      options.jobs,
                                   "--no-access-log",  "--log-level",   "warn"};
  args.insert(args.end(), options.extra.begin(), options.extra.end());
  DESKOPS_ASSIGN_OR_RETURN(sim->pid_, Spawn(args, sim->workdir_ + "/sim.log", &sim->stdout_fd_));
  sim->url_ = ReadLine(sim->stdout_fd_, 20s);
  if (!core::StartsWith(sim->url_, "https://")) {
    auto log = core::ReadFile(sim->workdir_ + "/sim.log");
    return core::Status::Unavailable(core::StrCat("wks-sim (", args[0],
                                                  ") did not start: ", core::Quote(sim->url_), " ",
                                                  log.ok() ? *log : std::string()));
  }
  cloud::TransportOptions t;
  t.endpoint = sim->url_;
  t.ca_file = sim->ca_file_;
  t.max_connections = 1;
  DESKOPS_ASSIGN_OR_RETURN(sim->control_, cloud::MakeHttpTransport(t));
  return sim;
}

SimProcess::~SimProcess() {
  Stop();
  std::error_code ignored;
  if (!workdir_.empty()) std::filesystem::remove_all(workdir_, ignored);
}

int SimProcess::Stop() {
  if (pid_ <= 0) return exit_code_;
  control_.reset();  // close its keep-alive connection first
  ::kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  pid_ = -1;
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return exit_code_;
}

core::StatusOr<std::unique_ptr<cloud::ApiClient>> SimProcess::NewClient(
    cloud::RateLimits limits, cloud::RetryPolicy retry) const {
  cloud::TransportOptions t;
  t.endpoint = url_;
  t.ca_file = ca_file_;
  DESKOPS_ASSIGN_OR_RETURN(auto transport, cloud::MakeHttpTransport(t));
  cloud::ClientOptions o;
  o.endpoint = url_;
  o.limits = limits;
  o.retry = retry;
  o.attempt_timeout = 30s;
  cloud::Credentials creds{kSimAk, kSimSk, "", kSimProject, ""};
  return std::make_unique<cloud::ApiClient>(o, creds, std::move(transport), core::SystemClock());
}

core::StatusOr<std::string> SimProcess::Control(const std::string& method, const std::string& path,
                                                const std::string& body) {
  if (!control_) return core::Status::FailedPrecondition("wks-sim is stopped");
  DESKOPS_ASSIGN_OR_RETURN(cloud::Url url, cloud::ParseUrl(url_));
  cloud::HttpRequest request;
  request.method = method;
  request.path = "/_sim/" + path;
  request.headers = {{"Host", url.HostHeader()}, {"Content-Type", "application/json"}};
  request.body = body;
  DESKOPS_ASSIGN_OR_RETURN(cloud::HttpResponse response,
                           control_->Send(request, std::chrono::steady_clock::now() + 120s));
  if (response.status / 100 != 2) {
    return core::Status::Internal(
        core::StrCat(method, " /_sim/", path, ": HTTP ", response.status, " ", response.body));
  }
  return response.body;
}

}  // namespace deskops::testing
