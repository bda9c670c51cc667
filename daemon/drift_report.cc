#include "daemon/drift_report.h"

namespace deskops::daemon {

std::vector<core::LogField> DriftLogFields(const DriftEvent& e) {
  std::vector<core::LogField> f = {{"kind", e.kind},
                                   {"name", e.name},
                                   {"field", e.field},
                                   {"before", e.before},
                                   {"after", e.after},
                                   {"verb", std::string(reconcilers::VerbName(e.verb))},
                                   {"action", std::string(DriftActionName(e.action))}};
  if (e.action == DriftAction::kHeld) {
    f.push_back({"gate", std::string(reconcilers::GateName(e.gate))});
    f.push_back({"reason", e.reason});
  }
  if (e.result != DriftResult::kNone) {
    f.push_back({"result", std::string(DriftResultName(e.result))});
  }
  return f;
}

void ReportDrift(const std::vector<DriftEvent>& events, const DriftPass& pass,
                 const core::Logger& log, Metrics& metrics, DriftWebhook* webhook) {
  for (const auto& e : events) {
    log.Info("drift", DriftLogFields(e));
    metrics.DriftEvent(e.kind, e.field_label);
  }
  if (!webhook) return;
  for (auto& body : DriftPayloads(pass, events)) webhook->Post(std::move(body));
}

}  // namespace deskops::daemon
