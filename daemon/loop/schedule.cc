#include "daemon/loop/schedule.h"

#include <algorithm>

#include "core/strings.h"

namespace deskops::daemon {

Schedule::Schedule(std::vector<std::string> kinds, ScheduleOptions options, unsigned seed)
    : kinds_(std::move(kinds)), options_(std::move(options)), rng_(seed) {
  for (const auto& k : kinds_) due_[k] = Mono{};
}

std::chrono::seconds Schedule::IntervalOf(const std::string& kind) const {
  auto it = options_.kind_intervals.find(kind);
  return it == options_.kind_intervals.end() ? options_.interval : it->second;
}

std::chrono::milliseconds Schedule::Jittered(std::chrono::seconds base, double factor) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(base);
  return std::chrono::milliseconds(static_cast<long long>(ms.count() * factor));
}

void Schedule::AllDue(Mono now) {
  for (auto& [kind, at] : due_) at = now;
}

std::set<std::string> Schedule::Due(Mono now) const {
  std::set<std::string> out;
  for (const auto& [kind, at] : due_) {
    if (at <= now) out.insert(kind);
  }
  // An object whose backoff ended is retried with its kind.
  for (const auto& [key, b] : backoff_) {
    if (b.until <= now) out.insert(key.substr(0, key.find('/')));
  }
  return out;
}

void Schedule::Passed(const std::set<std::string>& kinds, bool ok, Mono now) {
  // One draw for the pass: kinds reconciled together stay together (a spread per kind would split
  // them into a pass each).
  double factor = 1.0;
  if (options_.jitter > 0) {
    std::uniform_real_distribution<double> spread(-options_.jitter, options_.jitter);
    factor += spread(rng_);
  }
  for (const auto& kind : kinds) {
    if (!due_.count(kind)) continue;
    due_[kind] = now + Jittered(ok ? IntervalOf(kind) : options_.retry_interval, factor);
  }
}

void Schedule::Soon(const std::set<std::string>& kinds, Mono at) {
  for (const auto& kind : kinds) {
    auto it = due_.find(kind);
    if (it != due_.end()) it->second = std::min(it->second, at);
  }
}

Mono Schedule::Next() const {
  Mono next = Mono::max();
  for (const auto& [kind, at] : due_) next = std::min(next, at);
  for (const auto& [key, b] : backoff_) next = std::min(next, b.until);
  return next;
}

void Schedule::ObjectsPassed(const std::set<std::string>& kinds,
                             const std::map<std::string, std::string>& failures, Mono now) {
  for (auto it = backoff_.begin(); it != backoff_.end();) {
    const bool retried =
        kinds.count(it->first.substr(0, it->first.find('/'))) && it->second.until <= now;
    if (retried && !failures.count(it->first)) {
      it = backoff_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [key, error] : failures) {
    Backoff& b = backoff_[key];
    ++b.failures;
    auto wait = options_.retry_interval * (1LL << std::min(b.failures - 1, 20));
    b.until = now + std::min<std::chrono::seconds>(wait, options_.max_backoff);
    b.error = error;
  }
}

std::map<std::string, std::string> Schedule::Backoffs(Mono now) const {
  std::map<std::string, std::string> out;
  for (const auto& [key, b] : backoff_) {
    if (b.until <= now) continue;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(b.until - now).count();
    out[key] = core::StrCat("failed ", b.failures, b.failures == 1 ? " time" : " times",
                            "; retried in ", left, "s (last error: ", b.error, ")");
  }
  return out;
}

}  // namespace deskops::daemon
