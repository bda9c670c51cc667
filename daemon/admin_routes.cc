#include "daemon/admin_routes.h"

#include "core/clock.h"
#include "core/strings.h"
#include "daemon/status/status_page.h"

namespace deskops::daemon {

std::map<std::string, AdminHandler> AdminRoutes(const Metrics& metrics, const StatusBoard& board,
                                                const Liveness& liveness) {
  auto snapshot = [&board] {
    StatusBoard::Snapshot s = board.Get();
    EvaluateReadiness(s.daemon, core::SystemClock().Now());
    return s;
  };
  return {
      {"/healthz",
       [&liveness](std::string_view) {
         const auto now = Liveness::Clock::now();
         if (liveness.Alive(now)) return AdminResponse{200, "text/plain; charset=utf-8", "ok\n"};
         using std::chrono::duration_cast, std::chrono::seconds;
         return AdminResponse{
             503, "text/plain; charset=utf-8",
             core::StrCat("stalled: no progress for ",
                          duration_cast<seconds>(liveness.Silence(now)).count(), "s (limit ",
                          duration_cast<seconds>(liveness.limit()).count(), "s)\n")};
       }},
      {"/readyz",
       [snapshot](std::string_view) {
         auto s = snapshot();
         return s.daemon.ready ? AdminResponse{200, "text/plain; charset=utf-8", "ready\n"}
                               : AdminResponse{503, "text/plain; charset=utf-8",
                                               "not ready: " + s.daemon.ready_reason + "\n"};
       }},
      {"/metrics",
       [&metrics](std::string_view) {
         return AdminResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics.Render()};
       }},
      {"/status",
       [snapshot](std::string_view) {
         auto s = snapshot();
         return AdminResponse{200, "application/json", RenderStatusJson(s.daemon, s.objects)};
       }},
      {"/",
       [snapshot](std::string_view query) {
         auto s = snapshot();
         return AdminResponse{200, "text/html; charset=utf-8",
                              RenderStatusPage(s.daemon, s.objects, ParsePageFilter(query),
                                               core::SystemClock().Now())};
       }},
  };
}

}  // namespace deskops::daemon
