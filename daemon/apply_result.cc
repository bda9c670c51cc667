#include "daemon/apply_result.h"

#include <nlohmann/json.hpp>

#include "core/redact.h"

namespace deskops::daemon {

using nlohmann::json;

namespace {

std::string Redact(std::string_view text) { return core::SecretRegistry::Global().Redact(text); }

json PlanJson(const reconcilers::Plan& plan) {
  json j = json::parse(Redact(reconcilers::RenderJson(plan)), nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

std::string ResultOf(const reconcilers::ActionOutcome& o) {
  return o.ok ? "succeeded" : o.skipped ? "skipped" : "failed";
}

}  // namespace

std::string_view ApplyEndName(ApplyEnd end) {
  switch (end) {
    case ApplyEnd::kConverged:
      return "converged";
    case ApplyEnd::kNotConverged:
      return "not_converged";
    case ApplyEnd::kFailed:
      return "failed";
    case ApplyEnd::kStale:
      return "stale_plan";
    case ApplyEnd::kAppliedPlan:
      return "applied_plan";
    case ApplyEnd::kGaveUp:
      return "gave_up";
  }
  return "failed";
}

void ApplyResult::Round(int round, const reconcilers::Plan& plan,
                        const reconcilers::ApplyReport& report) {
  json outcomes = json::array();
  for (const auto& o : report.outcomes) {
    const std::size_t slash = o.key.find('/');
    outcomes.push_back({{"kind", o.key.substr(0, slash)},
                        {"name", slash == std::string::npos ? "" : o.key.substr(slash + 1)},
                        {"verb", o.verb},
                        {"result", ResultOf(o)},
                        {"error", Redact(o.error)}});
  }
  json rounds = json::parse(rounds_);
  rounds.push_back({{"round", round},
                    {"plan", PlanJson(plan)},
                    {"outcomes", outcomes},
                    {"succeeded", report.Succeeded()},
                    {"failed", report.Failed()},
                    {"skipped", report.Skipped()},
                    {"held", report.held},
                    {"summary", report.Summary()}});
  rounds_ = rounds.dump();
}

std::string ApplyResult::Render(ApplyEnd end, int exit_code, std::string_view message,
                                const reconcilers::Plan* final_plan,
                                const ApiCallCounts& calls) const {
  json j = {{"format_version", 1},
            {"result", std::string(ApplyEndName(end))},
            {"exit_code", exit_code},
            {"message", Redact(message)},
            {"rounds", json::parse(rounds_)},
            {"api_calls",
             {{"total", calls.total}, {"mutating", calls.mutating}, {"retries", calls.retries}}}};
  if (final_plan) {
    j["in_sync"] = final_plan->in_sync;
    j["final_plan"] = PlanJson(*final_plan);
  }
  return j.dump(2) + "\n";
}

}  // namespace deskops::daemon
