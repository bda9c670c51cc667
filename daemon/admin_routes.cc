#include "daemon/admin_routes.h"

#include "core/clock.h"

namespace deskops::daemon {

std::map<std::string, AdminHandler> AdminRoutes(const Metrics& metrics, const StatusBoard& board) {
  auto snapshot = [&board] {
    StatusBoard::Snapshot s = board.Get();
    EvaluateReadiness(s.daemon, core::SystemClock().Now());
    return s;
  };
  return {
      {"/healthz", [] { return AdminResponse{200, "text/plain; charset=utf-8", "ok\n"}; }},
      {"/readyz",
       [snapshot] {
         auto s = snapshot();
         return s.daemon.ready ? AdminResponse{200, "text/plain; charset=utf-8", "ready\n"}
                               : AdminResponse{503, "text/plain; charset=utf-8",
                                               "not ready: " + s.daemon.ready_reason + "\n"};
       }},
      {"/metrics",
       [&metrics] {
         return AdminResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics.Render()};
       }},
      {"/status",
       [snapshot] {
         auto s = snapshot();
         return AdminResponse{200, "application/json", RenderStatusJson(s.daemon, s.objects)};
       }},
      {"/",
       [snapshot] {
         auto s = snapshot();
         return AdminResponse{200, "text/html; charset=utf-8", RenderStatusPage(s.daemon, s.objects)};
       }},
  };
}

}  // namespace deskops::daemon
