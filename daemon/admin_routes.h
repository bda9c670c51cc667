#pragma once
// The admin server's pages: /metrics, /healthz, /readyz, /status and the status page at /.

#include <map>
#include <string>

#include "daemon/admin/admin_server.h"
#include "daemon/metrics/metrics.h"
#include "daemon/status/status_board.h"

namespace deskops::daemon {

std::map<std::string, AdminHandler> AdminRoutes(const Metrics& metrics, const StatusBoard& board);

}  // namespace deskops::daemon
