#pragma once
// The one place that decides whether a failed API call is tried again, and how long to wait.
// (architecture.md puts IsRetryable next to Status in core/; it lives here because the decision
// needs the Workspace error codes, which core must not know.) Pure functions except Backoff's
// random source; thread-compatible.
//
// Sent again:   408, 429 (honouring Retry-After), 503, connection failures before the request was
//               sent, and the WKS codes that mean "busy, try later" (409 WKS.00010032 and friends,
//               WKS.0407, WKS.0406, WKS.0402, "ongoing task" 500s).
// Idempotent calls only (GET, PUT, DELETE): 500, 502, 504 and failures after the request was sent,
//               because a POST that may have been applied must never be sent blindly twice; the
//               caller gets UNKNOWN ("outcome unknown") and re-observes the tenant instead.
// Everything else is final.

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

#include "cloud/http.h"
#include "core/status.h"

namespace deskops::cloud {

struct RetryPolicy {
  int max_attempts = 6;                              // first try included
  std::chrono::milliseconds base_delay{500};         // first backoff ceiling
  std::chrono::milliseconds max_delay{30'000};       // backoff ceiling cap
  std::chrono::milliseconds max_retry_after{120'000};  // longest Retry-After honoured
};

enum class RetryVerdict {
  kFinal,           // success, or an error retrying cannot fix
  kRetry,           // safe to send again after a pause
  kOutcomeUnknown,  // may have been applied; do not resend, re-observe
};

struct RetryDecision {
  RetryVerdict verdict = RetryVerdict::kFinal;
  std::optional<std::chrono::milliseconds> retry_after;  // server-requested pause (429/503)
  bool throttled = false;                                // 429: slow every caller down
};

// For an HTTP answer; `now` resolves a Retry-After given as a date.
RetryDecision DecideHttp(const HttpResponse& response, std::string_view api_code, bool idempotent,
                         std::chrono::system_clock::time_point now);
// For a transport error (see transport.h for what the codes mean).
RetryDecision DecideTransport(const core::Status& error, bool idempotent);

// Whether an error code from the API means "busy, try later" (the request was rejected unapplied).
bool IsBusyCode(std::string_view api_code);

// Retry-After as seconds ("3") or an HTTP date; nullopt when absent or unparsable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// Exponential backoff with full jitter: a random pause in [0, min(max, base * 2^(attempt-1))],
// never shorter than the server's Retry-After. `attempt` counts from 1 (the first retry).
class Backoff {
 public:
  Backoff(const RetryPolicy& policy, unsigned seed) : policy_(policy), rng_(seed) {}
  std::chrono::milliseconds Ceiling(int attempt) const;
  std::chrono::milliseconds Next(int attempt, std::optional<std::chrono::milliseconds> retry_after);

 private:
  RetryPolicy policy_;
  std::mt19937_64 rng_;
};

}  // namespace deskops::cloud
