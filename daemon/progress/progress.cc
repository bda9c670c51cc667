#include "daemon/progress/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/strings.h"
#include "reconcilers/engine/executor.h"

namespace deskops::daemon {

using core::StrCat;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

namespace {

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::size_t TerminalWidth(int fd) {
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

std::string ClockText(milliseconds d) {
  long long s = std::max<long long>(0, d.count() / 1000);
  const long long h = s / 3600, m = s / 60 % 60;
  s %= 60;
  auto two = [](long long v) { return StrCat(v < 10 ? "0" : "", v); };
  return h > 0 ? StrCat(h, ":", two(m), ":", two(s)) : StrCat(m, ":", two(s));
}

std::string ProgressText(const ProgressCounts& c) {
  std::string out = StrCat(c.done, "/", c.total, " actions, ", c.jobs,
                           c.jobs == 1 ? " job running" : " jobs running");
  if (c.failed > 0) out += StrCat(", ", c.failed, " failed");
  out += StrCat(", ", ClockText(c.elapsed), " elapsed");
  if (c.done > 0 && c.done < c.total && c.round_elapsed.count() > 0) {
    // The rate observed in this round: actions ended per elapsed time.
    const double per_action = static_cast<double>(c.round_elapsed.count()) / c.done;
    out += StrCat(", ~",
                  ClockText(milliseconds(
                      static_cast<long long>(per_action * static_cast<double>(c.total - c.done)))),
                  " left");
  }
  return out;
}

// The log's sink: on a terminal it keeps the progress line under the log lines.
class ApplyProgress::Sink final : public core::LogSink {
 public:
  Sink(int fd, bool terminal) : fd_(fd), terminal_(terminal) {}
  void Write(std::string_view line) override {
    std::lock_guard lock(mu_);
    if (terminal_ && !line_.empty()) WriteAll(fd_, "\r\x1b[K");
    WriteAll(fd_, line);
    if (terminal_ && !line_.empty()) WriteAll(fd_, line_);
  }
  // Replaces the progress line (terminal only); "" removes it.
  void Show(std::string text) {
    std::lock_guard lock(mu_);
    if (!terminal_) return;
    const std::size_t width = TerminalWidth(fd_);
    if (text.size() >= width) text.resize(width - 1);  // a wrapped line cannot be rewritten
    line_ = text;
    WriteAll(fd_, StrCat("\r\x1b[K", line_));
  }

 private:
  std::mutex mu_;
  int fd_;
  bool terminal_;
  std::string line_;
};

ApplyProgress::Mode ApplyProgress::ModeFor(int fd) {
  const char* term = std::getenv("TERM");
  const bool dumb = term && std::strcmp(term, "dumb") == 0;
  return isatty(fd) && !dumb ? Mode::kTerminal : Mode::kLines;
}

ApplyProgress::ApplyProgress(Options options)
    : options_(options),
      sink_(std::make_shared<Sink>(options.fd, options.mode == Mode::kTerminal)) {}

ApplyProgress::~ApplyProgress() { EndRound(); }

std::shared_ptr<core::LogSink> ApplyProgress::sink() const { return sink_; }

void ApplyProgress::StartRound(std::size_t actions) {
  EndRound();
  std::lock_guard lock(mu_);
  counts_.total = actions;
  counts_.done = counts_.failed = counts_.jobs = 0;
  round_started_ = Clock::now();
  running_ = true;
  quit_ = false;
  ticker_ = std::thread([this] { Tick(); });
}

void ApplyProgress::EndRound() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    quit_ = true;
    running_ = false;
  }
  cv_.notify_all();
  ticker_.join();
  sink_->Show("");
}

ProgressCounts ApplyProgress::Counts() const {
  std::lock_guard lock(mu_);
  ProgressCounts c = counts_;
  const auto now = Clock::now();
  c.elapsed = duration_cast<milliseconds>(now - started_);
  c.round_elapsed = duration_cast<milliseconds>(now - round_started_);
  return c;
}

void ApplyProgress::Tick() {
  const bool terminal = options_.mode == Mode::kTerminal;
  const milliseconds every = terminal ? options_.redraw : options_.line_every;
  std::unique_lock lock(mu_);
  for (;;) {
    if (terminal) {
      lock.unlock();
      sink_->Show(StrCat("apply: ", ProgressText(Counts())));
      lock.lock();
    }
    if (cv_.wait_for(lock, every, [this] { return quit_; })) return;
    if (!terminal && log_) {
      lock.unlock();
      const ProgressCounts c = Counts();
      log_->Info("apply progress", {{"done", static_cast<long long>(c.done)},
                                    {"total", static_cast<long long>(c.total)},
                                    {"jobs_running", static_cast<long long>(c.jobs)},
                                    {"failed", static_cast<long long>(c.failed)},
                                    {"elapsed_s", static_cast<long long>(c.elapsed.count() / 1000)},
                                    {"progress", ProgressText(c)}});
      lock.lock();
    }
  }
}

void ApplyProgress::Changed() {
  if (options_.mode != Mode::kTerminal) return;
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
  }
  sink_->Show(StrCat("apply: ", ProgressText(Counts())));
}

void ApplyProgress::OnJobStarted(const std::string&, const std::string&) {
  {
    std::lock_guard lock(mu_);
    ++counts_.jobs;
  }
  Changed();
}

void ApplyProgress::OnJobEnded(const std::string&, const std::string&, std::string_view) {
  {
    std::lock_guard lock(mu_);
    if (counts_.jobs > 0) --counts_.jobs;
  }
  Changed();
}

void ApplyProgress::OnOutcome(const reconcilers::Action&,
                              const reconcilers::ActionOutcome& outcome) {
  {
    std::lock_guard lock(mu_);
    ++counts_.done;
    counts_.failed += !outcome.ok && !outcome.skipped;
  }
  Changed();
}

}  // namespace deskops::daemon
