#include "daemon/run_command.h"

#include <csignal>
#include <iostream>
#include <thread>

#include "core/strings.h"
#include "daemon/cli.h"
#include "daemon/logging.h"
#include "daemon/loop/systemd.h"
#include "daemon/run_loop.h"

namespace deskops::daemon {

namespace {

using Clock = std::chrono::steady_clock;

// Handles signals on its own thread with sigtimedwait, and pings the watchdog.
class SignalThread {
 public:
  SignalThread(Daemon& daemon, std::chrono::seconds grace) : daemon_(daemon), grace_(grace) {
    thread_ = std::thread([this] { Run(); });
  }
  ~SignalThread() {
    done_ = true;
    thread_.join();
  }

 private:
  void Run() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, sig);
    const auto watchdog = systemd::WatchdogPeriod();
    auto next_ping = Clock::now();
    std::optional<Clock::time_point> stop_deadline;
    while (!done_) {
      timespec tick{0, 200'000'000};
      int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGHUP) {
        daemon_.RequestReload();
      } else if (sig == SIGTERM || sig == SIGINT) {
        if (stop_deadline) {
          std::cerr << JournalText(core::LogLevel::kWarn, "deskops: second signal; exiting now");
          std::_Exit(0);
        }
        daemon_.RequestStop();
        stop_deadline = Clock::now() + grace_;
      }
      if (stop_deadline && Clock::now() > *stop_deadline) {
        // In-flight calls outlived the grace period. Their intents are in the ledger, so the next
        // run settles them; leaving now loses nothing.
        std::cerr << JournalText(core::LogLevel::kWarn,
                                 "deskops: the shutdown grace period is over; exiting with calls "
                                 "in flight (the next run settles them from the ledger)");
        std::_Exit(0);
      }
      if (watchdog && Clock::now() >= next_ping) {
        // The rule /healthz answers by: no sign of life (loop wake-ups, API calls) within
        // livenessTimeout stops the pings, and systemd restarts deskops.
        if (daemon_.liveness().Alive()) {
          systemd::Notify("WATCHDOG=1");
        }
        next_ping = Clock::now() + *watchdog / 3;
      }
    }
  }

  Daemon& daemon_;
  std::chrono::seconds grace_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int RunDaemon(const Settings& settings, bool once) {
  auto config = settings.Resolve();
  if (!config.ok()) {
    std::cerr << JournalText(
        core::LogLevel::kError,
        core::StrCat(config.status().message(), "\ndeskops run: the configuration is invalid"));
    return kExitConfig;
  }
  // Before any thread starts, so every thread inherits the mask and only SignalThread sees them.
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  const auto grace = config->grace;
  Daemon daemon(settings, std::move(*config), once);
  SignalThread signals(daemon, grace);
  return daemon.Run();
}

int RunConfigCheck(const std::string& path, std::ostream& out, std::ostream& err) {
  auto config = LoadConfigFile(path);
  if (!config.ok()) {
    err << config.status().message() << "\n" << path << ": invalid\n";
    return kExitConfig;
  }
  out << path << ": valid\n";
  return kExitOk;
}

}  // namespace deskops::daemon
