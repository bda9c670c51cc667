#pragma once
// FaultInjector: chaos on demand, LocalStack-style, configured through PUT /_sim/faults. Off until
// rules are set. A rule names an operation (an operation ID such as "desktops.create", a prefix
// such as "desktops.*", "METHOD /v2/{project_id}/route", or "*"), a probability and a kind:
//   http_429        429 with Retry-After: retry_after seconds (the reference documents no code for
//                   throttling: SIM.0429, api-errors.md 4)
//   http_500        500 WKS.0002 "Internal error." (L50723)
//   http_503        503 SIM.0503 "Service unavailable."
//   conflict_409    409 WKS.00010032 "Operation conflict ..." (L50624)
//   delay_ms        answer after delay_ms milliseconds (the request is still served)
//   drop_connection close the connection without answering
//   job_failure     the job the request starts ends FAILED (sub-jobs carry error_code)
// Optional: count (fire at most N times), error_code / error_msg overrides. Draws come from a
// seeded generator (`seed`), so a sequence of requests sees the same faults on every run.
// Not thread-safe; guarded by the Simulator's lock.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

enum class FaultKind { kHttp429, kHttp500, kHttp503, kConflict409, kDelay, kDrop, kJobFailure };

struct FaultRule {
  std::string operation = "*";
  double probability = 1.0;
  FaultKind kind = FaultKind::kHttp500;
  int retry_after = 1;
  int delay_ms = 0;
  std::optional<int> count;
  std::string error_code;
  std::string error_msg;
  int fired = 0;
};

struct FaultDecision {
  std::optional<core::Status> error;  // answer with this error instead of serving the request
  int retry_after = 0;                // add Retry-After when > 0
  std::chrono::milliseconds delay{0};
  bool drop = false;
  bool fail_job = false;
  std::string fail_code;
  std::string fail_reason;
};

class FaultInjector {
 public:
  FaultInjector() { Clear(); }

  // {"seed": 42, "rules": [{"operation": ..., "probability": ..., "kind": ..., ...}]}
  core::Status Configure(const nlohmann::json& config);
  nlohmann::json ToJson() const;
  void Clear();
  bool empty() const { return rules_.empty(); }

  FaultDecision Decide(std::string_view operation, std::string_view method, std::string_view route,
                       std::string_view resource_id);

 private:
  static bool Matches(const FaultRule& rule, std::string_view operation, std::string_view method,
                      std::string_view route);
  std::vector<FaultRule> rules_;
  std::uint64_t seed_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace deskops::simulator
