#include "simulator/faults.h"

#include "core/status_or.h"
#include "core/strings.h"
#include "simulator/api_error.h"

namespace deskops::simulator {
namespace {

struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {
    {FaultKind::kHttp429, "http_429"},       {FaultKind::kHttp500, "http_500"},
    {FaultKind::kHttp503, "http_503"},       {FaultKind::kConflict409, "conflict_409"},
    {FaultKind::kDelay, "delay_ms"},         {FaultKind::kDrop, "drop_connection"},
    {FaultKind::kJobFailure, "job_failure"},
};

std::string_view NameOf(FaultKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "";
}

core::StatusOr<FaultRule> ParseRule(const nlohmann::json& j, std::size_t index) {
  auto bad = [index](std::string_view why) {
    return core::Status::InvalidArgument(core::StrCat("rules[", index, "]: ", why));
  };
  if (!j.is_object()) return bad("a rule is an object");
  FaultRule rule;
  try {
    rule.operation = j.value("operation", "*");
    rule.probability = j.value("probability", 1.0);
    std::string kind = j.value("kind", "");
    bool known = false;
    for (const auto& k : kKinds) {
      if (k.name == kind) rule.kind = k.kind, known = true;
    }
    if (!known) {
      return bad(
          "kind must be http_429, http_500, http_503, conflict_409, delay_ms, "
          "drop_connection or job_failure");
    }
    rule.retry_after = j.value("retry_after", 1);
    rule.delay_ms = j.value("delay_ms", 0);
    if (j.contains("count")) rule.count = j["count"].get<int>();
    rule.error_code = j.value("error_code", "");
    rule.error_msg = j.value("error_msg", "");
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
  if (rule.probability < 0 || rule.probability > 1) return bad("probability must be in [0, 1]");
  if (rule.delay_ms < 0 || rule.delay_ms > 600000) return bad("delay_ms must be in [0, 600000]");
  if (rule.kind == FaultKind::kDelay && rule.delay_ms == 0) return bad("delay_ms needs delay_ms");
  return rule;
}

}  // namespace

void FaultInjector::Clear() {
  rules_.clear();
  seed_ = 0;
  rng_.seed(seed_);
}

core::Status FaultInjector::Configure(const nlohmann::json& config) {
  if (!config.is_object() || !config.contains("rules") || !config["rules"].is_array()) {
    return core::Status::InvalidArgument("the body is {\"seed\": N, \"rules\": [...]}");
  }
  std::vector<FaultRule> rules;
  for (std::size_t i = 0; i < config["rules"].size(); ++i) {
    DESKOPS_ASSIGN_OR_RETURN(FaultRule rule, ParseRule(config["rules"][i], i));
    rules.push_back(std::move(rule));
  }
  rules_ = std::move(rules);
  seed_ = config.value("seed", std::uint64_t{0});
  rng_.seed(seed_);
  return core::Status::Ok();
}

nlohmann::json FaultInjector::ToJson() const {
  nlohmann::json rules = nlohmann::json::array();
  for (const FaultRule& r : rules_) {
    nlohmann::json j = {{"operation", r.operation},
                        {"probability", r.probability},
                        {"kind", NameOf(r.kind)},
                        {"fired", r.fired}};
    if (r.kind == FaultKind::kHttp429) j["retry_after"] = r.retry_after;
    if (r.kind == FaultKind::kDelay) j["delay_ms"] = r.delay_ms;
    if (r.count) j["count"] = *r.count;
    if (!r.error_code.empty()) j["error_code"] = r.error_code;
    if (!r.error_msg.empty()) j["error_msg"] = r.error_msg;
    rules.push_back(j);
  }
  return {{"seed", seed_}, {"rules", rules}};
}

bool FaultInjector::Matches(const FaultRule& rule, std::string_view operation,
                            std::string_view method, std::string_view route) {
  const std::string& want = rule.operation;
  if (want == "*" || want == operation) return true;
  if (want.size() > 2 && want.ends_with(".*")) {
    return core::StartsWith(operation, std::string_view(want).substr(0, want.size() - 1));
  }
  return want == core::StrCat(method, " ", route);
}

FaultDecision FaultInjector::Decide(std::string_view operation, std::string_view method,
                                    std::string_view route, std::string_view resource_id) {
  FaultDecision d;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (FaultRule& rule : rules_) {
    if (!Matches(rule, operation, method, route)) continue;
    if (rule.count && rule.fired >= *rule.count) continue;
    if (uniform(rng_) >= rule.probability) continue;
    ++rule.fired;
    auto message = [&](std::string_view fallback) {
      return rule.error_msg.empty() ? std::string(fallback) : rule.error_msg;
    };
    auto code = [&](std::string_view fallback) {
      return rule.error_code.empty() ? std::string(fallback) : rule.error_code;
    };
    switch (rule.kind) {
      case FaultKind::kDelay:
        d.delay += std::chrono::milliseconds(rule.delay_ms);
        continue;
      case FaultKind::kDrop:
        d.drop = true;
        continue;
      case FaultKind::kJobFailure:
        d.fail_job = true;
        d.fail_code = code("WKS.0005");
        d.fail_reason = message("Failed to invoke ECS interface.");  // L50667
        continue;
      case FaultKind::kHttp429:
        d.error =
            ApiError(429, code("SIM.0429"), message("The throttling threshold has been reached."));
        d.retry_after = rule.retry_after;
        break;
      case FaultKind::kHttp500:
        d.error = ApiError(500, code("WKS.0002"), message("Internal error."));
        break;
      case FaultKind::kHttp503:
        d.error = ApiError(503, code("SIM.0503"), message("Service unavailable."));
        break;
      case FaultKind::kConflict409:
        d.error = rule.error_code.empty()
                      ? OperationConflict("ACTIVE", operation, resource_id)
                      : ApiError(409, rule.error_code, message("Operation conflict."));
        break;
    }
    if (d.error) break;
  }
  return d;
}

}  // namespace deskops::simulator
