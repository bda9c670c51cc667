// Desktop reads and the synchronous desktop writes: 4.3.2, 4.3.8, 4.3.5, 4.3.3, 4.3.4, 4.3.6,
// 4.3.27 and 4.3.15.
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"
#include "simulator/desktop_query.h"
#include "simulator/job_effects.h"

namespace deskops::simulator {
namespace {

core::StatusOr<Response> ListDesktopsImpl(Context& ctx, bool detail) {
  // 4.3.2: limit 0-1000, default 1000 (L5303); 4.3.8: limit 0-500, default 500 (L6493).
  PageSpec spec = detail ? PageSpec{.default_limit = 500, .max_limit = 500}
                         : PageSpec{.default_limit = 1000, .max_limit = 1000};
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, spec));
  DESKOPS_ASSIGN_OR_RETURN(DesktopFilter filter, ParseDesktopFilter(ctx.query, detail));
  DesktopPage result = SelectDesktops(ctx.state, filter, page);
  std::string body;
  body.reserve(result.items.size() * (detail ? 2600 : 900) + 64);
  JsonWriter w(&body);
  RenderContext render = ctx.Render();
  w.BeginObject().Field("total_count", static_cast<std::int64_t>(result.total));
  w.Key("desktops").BeginArray();
  for (const Desktop* d : result.items) {
    if (detail)
      WriteDesktopDetail(w, *d, render);
    else
      WriteDesktopSimple(w, *d, render);
  }
  w.EndArray().EndObject();
  return RawJsonResponse(200, std::move(body));
}

}  // namespace

core::StatusOr<Response> ListDesktops(Context& ctx) { return ListDesktopsImpl(ctx, false); }
core::StatusOr<Response> ListDesktopsDetail(Context& ctx) { return ListDesktopsImpl(ctx, true); }

core::StatusOr<Response> GetDesktop(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  std::string body;
  JsonWriter w(&body);
  w.BeginObject().Key("desktop");
  WriteDesktopDetail(w, *d, ctx.Render());
  w.EndObject();
  return RawJsonResponse(200, std::move(body));
}

core::StatusOr<Response> UpdateDesktop(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  const nlohmann::json* desktop = r.Object("desktop");
  std::optional<std::string> name;
  std::optional<std::int64_t> backup;
  if (desktop) {
    BodyReader dr(*desktop, "desktop");
    name = dr.Str("computer_name");
    // The reference contradicts itself: a String "0"/"1" in the table (L5532), the integer 1 in
    // the example (L5603). Both are accepted (Int takes numeric strings) and kept as "0"/"1".
    backup = dr.Int("self_backup_management", Need::kOptional, 0, 1);
    r.Absorb(dr);
  }
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "modify desktop"));
  if (name && !core::EqualsIgnoreCase(*name, d->computer_name)) {
    DESKOPS_RETURN_IF_ERROR(ValidateComputerName(*name, "desktop.computer_name"));
    if (ctx.state.desktops.FindByName(*name)) return AlreadyExists("desktop", *name);
  }
  if (name) ctx.state.desktops.Modify(d, [&](Desktop& x) { x.computer_name = *name; });
  if (backup) d->self_backup_management = std::to_string(*backup);  // no read returns it
  // The reference documents this 200 body as the error fields (L5538-5548), which "are returned
  // upon failure"; a success carries none of them.
  return JsonResponse(200, nlohmann::json::object());
}

core::StatusOr<Response> DeleteDesktop(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  std::optional<bool> delete_users = QueryBool(ctx.query, "delete_users");
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "delete"));
  std::vector<AttachedUser> users = d->users;
  ctx.state.desktops.Remove(d->id);  // synchronous: 204 and no job (L5760)
  if (delete_users.value_or(false)) DeleteUsersWithoutDesktops(ctx.state, users);
  return EmptyResponse(204);
}

core::StatusOr<Response> BatchDeleteDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids =
      r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  bool delete_users = r.Bool("delete_users").value_or(false);
  r.Bool("email_notification");
  r.Bool("is_force_delete");
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "delete"));
  Job* job = StartDesktopJob(ctx, "deleteDesktops",
                             {{"kind", "delete_desktops"}, {"delete_users", delete_users}},
                             desktops, "deleting");
  return JobResponse(202, *job);  // 202, unlike the other async desktop calls (L6231)
}

core::StatusOr<Response> SetMaintenanceMode(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids =
      r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  bool on = r.Bool("in_maintenance_mode", Need::kRequired).value_or(false);
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  for (Desktop* d : desktops) d->in_maintenance_mode = on;
  return EmptyResponse(200);  // "200 Normal", no body (L9851)
}

core::StatusOr<Response> UpdateDesktopSids(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids =
      r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "update sid"));
  // No job_type is documented for 4.3.15.
  return JobResponse(202,
                     *StartDesktopJob(ctx, "updateDesktopSid", {{"kind", "sids"}}, desktops, ""));
}

}  // namespace deskops::simulator
