#pragma once
// ApplyProgress: what `deskops apply` shows while it executes, built on the engine's observer
// (actions that ended, jobs started and ended). Two modes:
//   - terminal (stderr is a TTY): one line, rewritten in place at least every second:
//       apply: 12/40 actions, 3 jobs running, 1 failed, 0:42 elapsed, ~1:38 left
//     Log lines go through sink(), which clears the line, writes the log line and redraws it, so
//     the two never garble each other;
//   - lines (anything else): the same facts as an info log line ("apply progress") at least every
//     10 seconds while actions run.
// The time left is estimated from the observed rate (actions ended per second of this round);
// there is no estimate until one has ended. Every write goes through one mutex (the sink's), so
// the ticker thread that keeps the line fresh never races a log line. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/log.h"
#include "reconcilers/engine/observer.h"

namespace deskops::daemon {

struct ProgressCounts {
  std::size_t total = 0, done = 0, failed = 0, jobs = 0;
  std::chrono::milliseconds elapsed{0}, round_elapsed{0};
};

// "12/40 actions, 3 jobs running, 1 failed, 0:42 elapsed, ~1:38 left" (the failures only when
// there are some; the estimate only once an action ended and some remain).
std::string ProgressText(const ProgressCounts& c);
// "0:42", "12:05", "1:02:03".
std::string ClockText(std::chrono::milliseconds d);

class ApplyProgress final : public reconcilers::EngineObserver {
 public:
  enum class Mode { kTerminal, kLines };
  struct Options {
    Mode mode = Mode::kLines;
    int fd = 2;                                    // the terminal (kTerminal)
    std::chrono::milliseconds redraw{1000};        // kTerminal: the line's refresh
    std::chrono::milliseconds line_every{10'000};  // kLines: a summary line this often
  };
  // kTerminal when `fd` is a terminal (and TERM is not "dumb"), else kLines.
  static Mode ModeFor(int fd);

  explicit ApplyProgress(Options options);
  ~ApplyProgress() override;

  // Where the command's logger writes: log lines interleave cleanly with the progress line. Set
  // the logger (for the summary lines of kLines) once it exists.
  std::shared_ptr<core::LogSink> sink() const;
  void set_logger(const core::Logger* log) { log_ = log; }

  // A round of the apply starts executing `actions` actions; EndRound clears the line.
  void StartRound(std::size_t actions);
  void EndRound();
  ProgressCounts Counts() const;

  // reconcilers::EngineObserver
  void OnJobStarted(const std::string& job_id, const std::string& type) override;
  void OnJobEnded(const std::string& job_id, const std::string& type,
                  std::string_view outcome) override;
  void OnOutcome(const reconcilers::Action& action,
                 const reconcilers::ActionOutcome& outcome) override;

 private:
  class Sink;
  void Tick();
  void Changed();
  std::string LineLocked() const;

  Options options_;
  std::shared_ptr<Sink> sink_;
  const core::Logger* log_ = nullptr;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started_ = Clock::now();
  mutable std::mutex mu_;  // guards the counts and the thread's state
  std::condition_variable cv_;
  ProgressCounts counts_;
  Clock::time_point round_started_{};
  bool running_ = false, quit_ = false;
  std::thread ticker_;
};

}  // namespace deskops::daemon
