#pragma once
// The admin server's pages: /metrics, /healthz, /readyz, /status and the status page at /.

#include <map>
#include <string>

#include "daemon/admin/admin_server.h"
#include "daemon/loop/liveness.h"
#include "daemon/metrics/metrics.h"
#include "daemon/status/status_board.h"

namespace deskops::daemon {

// /healthz answers 503 once `liveness` says the loop made no progress for longer than its limit.
std::map<std::string, AdminHandler> AdminRoutes(const Metrics& metrics, const StatusBoard& board,
                                                const Liveness& liveness);

}  // namespace deskops::daemon
