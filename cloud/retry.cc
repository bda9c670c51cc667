#include "cloud/retry.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace deskops::cloud {

bool IsBusyCode(std::string_view code) {
  // api-errors.md §3.1 "Ongoing task / transient busy state" and the state conflicts that clear by
  // themselves once a running job ends. Each was rejected without being applied.
  static constexpr std::string_view kBusy[] = {
      "WKS.00010032",  // 409 operation conflict: the desktop/pool state denies the operation now
      "WKS.0407",      // 403 disks are being added
      "WKS.0406",      // 400 the desktop is being started/stopped/restarted
      "WKS.0402",      // 403 the desktop is being deleted
      "WKS.00000010",  // 500 there are ongoing tasks
      "WKS.00010200",  // 500 a disk-mount task exists
      "WKS.0224",      // 500 ongoing task
      "WKS.00010043",  // 500 migration not complete
      "WKS.00170112",  // 500 migration not complete
  };
  return std::find(std::begin(kBusy), std::end(kBusy), code) != std::end(kBusy);
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && p == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::milliseconds(seconds * 1000);
  }
  std::tm tm{};  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  std::string text(value);
  if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(when - now);
  return std::max(wait, std::chrono::milliseconds(0));
}

RetryDecision DecideHttp(const HttpResponse& response, std::string_view api_code,
                         bool idempotent, std::chrono::system_clock::time_point now) {
  const int s = response.status;
  RetryDecision d;
  if (s >= 200 && s < 300) return d;
  if (s == 429 || s == 503) {
    d.verdict = RetryVerdict::kRetry;
    d.throttled = s == 429;
    d.retry_after = ParseRetryAfter(response.Header("Retry-After"), now);
  } else if (s == 408 || IsBusyCode(api_code)) {
    d.verdict = RetryVerdict::kRetry;
  } else if (s == 502 || s == 504) {
    // A gateway lost the backend's answer: the call may have been applied.
    d.verdict = idempotent ? RetryVerdict::kRetry : RetryVerdict::kOutcomeUnknown;
  } else if (s == 500 && idempotent) {
    // An internal error (WKS.0002) is transient as often as not; sending a read or an idempotent
    // change again is harmless. A POST that got a 500 is not resent: the caller reports it and
    // the next pass re-observes before deciding again.
    d.verdict = RetryVerdict::kRetry;
  }
  return d;
}

RetryDecision DecideTransport(const core::Status& error, bool idempotent) {
  RetryDecision d;
  switch (error.code()) {
    case core::StatusCode::kUnavailable:  // never sent
      d.verdict = RetryVerdict::kRetry;
      break;
    case core::StatusCode::kUnknown:
    case core::StatusCode::kDeadlineExceeded:  // sent, no answer
      d.verdict = idempotent ? RetryVerdict::kRetry : RetryVerdict::kOutcomeUnknown;
      break;
    default:  // TLS verification, bad request: retrying cannot help
      break;
  }
  return d;
}

std::chrono::milliseconds Backoff::Ceiling(int attempt) const {
  auto ceiling = policy_.base_delay;
  for (int i = 1; i < attempt && ceiling < policy_.max_delay; ++i) ceiling *= 2;
  return std::min(ceiling, policy_.max_delay);
}

std::chrono::milliseconds Backoff::Next(int attempt,
                                        std::optional<std::chrono::milliseconds> retry_after) {
  std::uniform_int_distribution<long long> pick(0, Ceiling(attempt).count());
  std::chrono::milliseconds jittered(pick(rng_));
  if (retry_after) return std::max(jittered, std::min(*retry_after, policy_.max_retry_after));
  return jittered;
}

}  // namespace deskops::cloud
