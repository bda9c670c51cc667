#pragma once
// When the run loop reconciles what. Each kind has its interval (the default or its own), spread
// by jitter so a fleet of daemons does not hit the API in step; a failed pass brings its kinds
// back after the retry interval; a manifest change makes every kind due at once. Objects whose
// actions failed wait out an exponential backoff of their own (their actions are held by the
// engine's backoff gate), so one bad object neither blocks the others nor is hammered.
// Pure: time is passed in. Not thread-safe (the loop's thread only).

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace deskops::daemon {

using Mono = std::chrono::steady_clock::time_point;

struct ScheduleOptions {
  std::chrono::seconds interval{300};
  std::chrono::seconds retry_interval{30};
  double jitter = 0.1;                                         // +- fraction
  std::map<std::string, std::chrono::seconds> kind_intervals;  // overrides per kind
  std::chrono::seconds max_backoff{3600};
};

class Schedule {
 public:
  Schedule(std::vector<std::string> kinds, ScheduleOptions options, unsigned seed);

  // Everything due now (the first pass, after a manifest change or a reload).
  void AllDue(Mono now);
  // Kinds due at `now`.
  std::set<std::string> Due(Mono now) const;
  // A pass over `kinds` ended; failed ones come back after the retry interval.
  void Passed(const std::set<std::string>& kinds, bool ok, Mono now);
  // Brings kinds forward to `at` at the latest (tasks in progress, a follow-up after changes).
  void Soon(const std::set<std::string>& kinds, Mono at);
  // When the next kind is due (or an object's backoff ends).
  Mono Next() const;

  // Object backoff, after a pass over `kinds`: each failed object ("Kind/name" -> error) waits
  // twice as long as last time (retry interval, 2x, 4x, ... up to max_backoff); an object whose
  // wait was over and that did not fail again is forgiven.
  void ObjectsPassed(const std::set<std::string>& kinds,
                     const std::map<std::string, std::string>& failures, Mono now);
  // Objects still waiting at `now`, with the reason the plan shows.
  std::map<std::string, std::string> Backoffs(Mono now) const;

  void set_options(ScheduleOptions options) { options_ = std::move(options); }
  std::chrono::seconds IntervalOf(const std::string& kind) const;

 private:
  struct Backoff {
    int failures = 0;
    Mono until;
    std::string error;
  };
  static std::chrono::milliseconds Jittered(std::chrono::seconds base, double factor);

  std::vector<std::string> kinds_;
  ScheduleOptions options_;
  std::map<std::string, Mono> due_;  // by kind
  std::map<std::string, Backoff> backoff_;
  std::mt19937 rng_;
};

}  // namespace deskops::daemon
