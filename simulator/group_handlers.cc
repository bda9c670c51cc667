// User groups, 4.9.1-4.9.7.
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

core::StatusOr<Group*> PathGroup(Context& ctx) {
  Group* g = ctx.state.groups.Find(ctx.Param("group_id"));
  if (!g) return PathNotFound("user group", ctx.Param("group_id"));
  return g;
}

core::Status CheckGroupName(const Context& ctx, const std::string& name, const std::string& self) {
  if (name.empty() || name.size() > 64) return InvalidField("group_name");
  if (ctx.state.groups.FindIf([&](const Group& g) { return g.name == name && g.id != self; })) {
    return AlreadyExists("user group", name);
  }
  return core::Status::Ok();
}

}  // namespace

core::StatusOr<Response> ListGroups(Context& ctx) {
  // limit: "not specified or is set to 0, the default value 100"; 1-100 (L18622).
  DESKOPS_ASSIGN_OR_RETURN(
      Page page,
      ParsePage(ctx.query, {.default_limit = 100, .max_limit = 100, .zero_means_default = true}));
  std::optional<std::string> keyword = ctx.query.Get("keyword");  // fuzzy by name (L18624)
  std::vector<Group*> groups =
      ctx.state.groups.Select([&](const Group& g) { return !keyword || Fuzzy(g.name, *keyword); });
  return PageResponse(groups, page, "user_groups", "total_count",
                      [&](const Group* g) { return GroupJson(*g, ctx.state); });
}

core::StatusOr<Response> CreateGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  Group g;
  g.name = r.Str("group_name", Need::kRequired).value_or("");  // read back as `name` (L18649)
  g.platform_type = r.Enum("platform_type", Need::kRequired, {"AD", "LOCAL"}).value_or("");
  g.description = r.Str("description").value_or("");
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckGroupName(ctx, g.name, ""));
  g.id = ctx.state.NewHexId();
  g.sid = ctx.state.NewUserSid();
  g.created_ms = ctx.now_ms;
  ctx.state.groups.Add(std::move(g));
  return EmptyResponse(201);  // 201 without a body (L18803-18805): find the ID by listing
}

core::StatusOr<Response> UpdateGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Group * g, PathGroup(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> description = r.Str("description");
  std::optional<std::string> name = r.Str("group_name");
  if (!r.ok()) return r.status();
  if (name && *name != g->name) {
    if (g->platform_type == "AD") {
      return InvalidField("group_name", "AD user groups cannot be renamed.");  // L19168
    }
    DESKOPS_RETURN_IF_ERROR(CheckGroupName(ctx, *name, g->id));
    g->name = *name;
  }
  if (description) g->description = *description;
  return EmptyResponse(200);
}

core::StatusOr<Response> DeleteGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Group * g, PathGroup(ctx));
  ctx.state.groups.Remove(g->id);
  return EmptyResponse(204);
}

core::StatusOr<Response> BatchDeleteGroups(Context& ctx) {
  return BatchDelete(ctx, ctx.state.groups, {"group_ids", 0, "user group", 204},
                     [&](const std::string& id) { ctx.state.groups.Remove(id); });
}

core::StatusOr<Response> GroupMembersAction(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Group * g, PathGroup(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList("user_ids", Need::kRequired).value_or(std::vector<std::string>{});
  std::string op = r.Enum("op_type", Need::kRequired, {"ADD", "DELETE"}).value_or("");
  if (!r.ok()) return r.status();
  for (const std::string& id : ids) {
    if (!ctx.state.users.Find(id)) return ResourceNotFoundInBody("user", id);
  }
  for (const std::string& id : ids) {
    bool member = std::find(g->member_ids.begin(), g->member_ids.end(), id) != g->member_ids.end();
    if (op == "ADD" && !member) g->member_ids.push_back(id);
    if (op == "DELETE") std::erase(g->member_ids, id);
  }
  return EmptyResponse(204);
}

core::StatusOr<Response> ListGroupMembers(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Group * g, PathGroup(ctx));
  // limit: "not specified or is set to 0, the default value 2000 is used. The maximum value is
  // 2000." (L19411)
  DESKOPS_ASSIGN_OR_RETURN(
      Page page,
      ParsePage(ctx.query, {.default_limit = 2000, .max_limit = 2000, .zero_means_default = true}));
  std::optional<std::string> name = ctx.query.Get("user_name"),
                             description = ctx.query.Get("description"),
                             active = ctx.query.Get("active_type"),
                             project = ctx.query.Get("enterprise_project_id");
  std::vector<const User*> users;
  for (const std::string& id : g->member_ids) {
    const User* u = ctx.state.users.Find(id);
    if (!u) continue;
    if (name && !Fuzzy(u->user_name, *name)) continue;                  // fuzzy (L19407)
    if (description && !Fuzzy(u->description, *description)) continue;  // fuzzy (L19408)
    if (active && u->active_type != *active) continue;
    if (project && u->enterprise_project_id != *project) continue;
    users.push_back(u);
  }
  return PageResponse(users, page, "users", "total_count", [&](const User* u) -> Json {
    return {{"id", u->id},
            {"user_name", u->user_name},
            {"user_email", u->user_email},
            {"user_phone", u->user_phone},
            {"total_desktops", ctx.state.desktops.CountForUser(u->user_name)},
            {"enterprise_project_id", u->enterprise_project_id},
            {"description", u->description}};
  });
}

}  // namespace deskops::simulator
