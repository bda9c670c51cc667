#pragma once
// Reports a pass's drift (daemon/drift): one log line and one metric sample per object and field,
// and the pass's payloads handed to the webhook when there is one. Main thread; never blocks on
// the webhook.

#include <vector>

#include "core/log.h"
#include "daemon/drift/drift_events.h"
#include "daemon/drift/drift_payload.h"
#include "daemon/drift/drift_webhook.h"
#include "daemon/metrics/metrics.h"

namespace deskops::daemon {

// The log line's fields for one event: kind, name, field, before, after, verb, action, and gate
// and reason (held) or result (ran).
std::vector<core::LogField> DriftLogFields(const DriftEvent& event);

void ReportDrift(const std::vector<DriftEvent>& events, const DriftPass& pass,
                 const core::Logger& log, Metrics& metrics, DriftWebhook* webhook);

}  // namespace deskops::daemon
