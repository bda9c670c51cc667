// Assigning desktops to users and back: 4.3.20 attach, 4.3.29 batch attach, 4.3.19 detach,
// 4.3.18 batch detach, 4.3.21 permission groups. All asynchronous; the new assignment shows when
// the job succeeds, attach_state says ATTACHING / DEATTACHING meanwhile (L5875).
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"
#include "simulator/model_json.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// One AttachInstancesUserInfo (L8638-8644), resolved against the tenant: USER by ID or name,
// GROUP by ID or name ("The backend service checks whether the username exists", L5370).
core::StatusOr<AttachedUser> ResolveUser(Context& ctx, BodyReader& r, bool type_optional) {
  AttachedUser u;
  u.user_id = r.Str("user_id").value_or("");
  u.user_name = r.Str("user_name").value_or("");
  u.user_group = r.Enum("user_group", Need::kOptional, kUserGroups).value_or("users");
  std::string type =
      r.Str("type", type_optional ? Need::kOptional : Need::kRequired).value_or("USER");
  if (!r.ok()) return r.status();
  u.type = core::ToLower(type) == "group" ? "GROUP" : "USER";
  if (core::ToLower(type) != "user" && core::ToLower(type) != "group") {
    return InvalidField(r.PathOf("type"), "Allowed values: USER, GROUP.");
  }
  if (u.type == "USER") {
    User* user = !u.user_id.empty() ? ctx.state.users.Find(u.user_id)
                                    : ctx.state.FindUserByName(u.user_name);
    if (!user) return ResourceNotFoundInBody("user", u.user_id.empty() ? u.user_name : u.user_id);
    u.user_id = user->id, u.user_name = user->user_name;
  } else {
    Group* group = !u.user_id.empty() ? ctx.state.groups.Find(u.user_id)
                                      : ctx.state.FindGroupByName(u.user_name);
    if (!group)
      return ResourceNotFoundInBody("user group", u.user_id.empty() ? u.user_name : u.user_id);
    u.user_id = group->id, u.user_name = group->name;
  }
  return u;
}

core::StatusOr<std::vector<AttachedUser>> ResolveUsers(Context& ctx, BodyReader& r,
                                                       std::string_view key, bool type_optional) {
  std::vector<AttachedUser> users;
  r.ForEach(key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    DESKOPS_ASSIGN_OR_RETURN(AttachedUser u, ResolveUser(ctx, item, type_optional));
    users.push_back(std::move(u));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  return users;
}

core::Status CheckAttachable(const Context& ctx, const Desktop& d) {
  if (d.in_maintenance_mode) {
    return ApiError(409, "WKS.0016",  // L50635
                    "Cannot operate the desktop in maintenance mode or the desktop id is invalid.");
  }
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, d, "attach"));
  if (!d.users.empty()) return OperationConflict("ATTACHED", "attach", d.id);
  return core::Status::Ok();
}

struct Assignment {
  Desktop* desktop = nullptr;
  std::vector<AttachedUser> users;
  std::string computer_name;
  std::string user_email;  // kept on the desktop (model.h)
};

// One AttachInstancesDesktopInfo (4.3.20 L8620-8644).
core::StatusOr<Assignment> ReadAssignment(Context& ctx, BodyReader& r) {
  Assignment a;
  std::string id = r.Str("desktop_id", Need::kRequired).value_or("");
  std::string user_name = r.Str("user_name").value_or("");
  std::string email = r.Str("user_email").value_or("");
  a.user_email = email;
  std::optional<std::string> group = r.Enum("user_group", Need::kOptional, kUserGroups);
  a.computer_name = r.Str("computer_name").value_or("");
  r.Bool("is_clear_data");
  if (!r.ok()) return r.status();
  a.desktop = ctx.state.desktops.Find(id);
  if (!a.desktop) return DesktopNotFoundInBody(id);
  // attach_user_infos "has a higher priority" than user_name (L8624).
  DESKOPS_ASSIGN_OR_RETURN(a.users, ResolveUsers(ctx, r, "attach_user_infos", false));
  if (a.users.empty() && !user_name.empty()) {
    if (!group) return InvalidField(r.PathOf("user_group"), "It is mandatory with user_name.");
    if (core::EqualsIgnoreCase(user_name, a.desktop->computer_name)) {
      return InvalidField(r.PathOf("user_name"), "It cannot be the desktop's name.");  // L8624
    }
    User* user = EnsureUser(ctx, user_name, email, "");
    a.users.push_back({user->id, user->user_name, *group, "USER"});
  }
  if (!a.computer_name.empty()) {
    DESKOPS_RETURN_IF_ERROR(ValidateComputerName(a.computer_name, r.PathOf("computer_name")));
    const Desktop* other = ctx.state.desktops.FindByName(a.computer_name);
    if (other && other != a.desktop) return AlreadyExists("desktop", a.computer_name);
  }
  return a;
}

Job* StartAttachJob(Context& ctx, const std::vector<Assignment>& assignments,
                    const std::string& image_id, const std::string& image_type) {
  JobSpec spec = ctx.NewJob("attachDesktops");
  Json desktops = Json::object();
  for (const Assignment& a : assignments) {
    desktops[a.desktop->id] = {
        {"users", a.users}, {"computer_name", a.computer_name}, {"user_email", a.user_email}};
    a.desktop->attach_state = "ATTACHING";
    spec.subs.push_back(SubJobFor(*a.desktop));
    if (!a.users.empty()) spec.subs.back().user_name = a.users.front().user_name;
  }
  spec.effect = {{"kind", "attach"}, {"desktops", desktops}};
  if (!image_id.empty()) spec.effect["image_id"] = image_id;
  if (!image_id.empty() && !image_type.empty()) spec.effect["image_type"] = image_type;
  return ctx.jobs.Start(std::move(spec));
}

core::StatusOr<std::vector<Assignment>> ReadAssignments(Context& ctx, BodyReader& r) {
  std::vector<Assignment> out;
  r.ForEach("desktops", Need::kOptional, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    DESKOPS_ASSIGN_OR_RETURN(Assignment a, ReadAssignment(ctx, item));
    DESKOPS_RETURN_IF_ERROR(CheckAttachable(ctx, *a.desktop));
    out.push_back(std::move(a));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  return out;
}

// 4.3.29 `users` spread over desktops without their own users, by assign_model (L10201-10208).
core::Status Distribute(Context& ctx, BodyReader& r, std::vector<Assignment>* assignments) {
  DESKOPS_ASSIGN_OR_RETURN(std::vector<AttachedUser> users, ResolveUsers(ctx, r, "users", true));
  std::string strategy;
  if (const Json* model = r.Object("assign_model")) {
    BodyReader m(*model, "assign_model");
    m.Enum("assign_dimension", Need::kOptional, {"USER", "DESKTOP"});
    strategy = m.Str("priority_strategy").value_or("");
    r.Absorb(m);
  }
  if (!r.ok()) return r.status();
  std::size_t next = 0;
  for (Assignment& a : *assignments) {
    if (!a.users.empty() || users.empty()) continue;
    if (strategy == "DESKTOP_ASSIGN_USERS_OR_GROUPS")
      a.users = users;
    else if (next < users.size())
      a.users = {users[next++]};
  }
  return core::Status::Ok();
}

core::StatusOr<Response> Detach(Context& ctx, std::vector<Desktop*> desktops, const Json& plan,
                                bool shutoff, std::string job_type) {
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "detach"));
  for (Desktop* d : desktops) d->attach_state = "DEATTACHING";
  Job* job =
      StartDesktopJob(ctx, std::move(job_type),
                      {{"kind", "detach"}, {"desktops", plan}, {"shutoff", shutoff}}, desktops, "");
  return JsonResponse(200, {{"failed_operation_list", Json::array()}, {"job_id", job->id}});
}

}  // namespace

core::StatusOr<Response> AttachDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // "mandatory only when the image needs to be changed" (L8612)
  std::string image_type = r.Str("image_type").value_or("");
  std::string image_id = r.Str("image_id").value_or("");
  std::string policy_id = r.Str("desktop_name_policy_id").value_or("");
  if (!r.ok()) return r.status();
  if (!image_id.empty() && !ctx.state.catalog().FindImage(image_id)) {
    return ResourceNotFoundInBody("image", image_id);
  }
  if (!policy_id.empty() && !ctx.state.name_policies.Find(policy_id)) {
    return ResourceNotFoundInBody("desktop name policy", policy_id);
  }
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Assignment> assignments, ReadAssignments(ctx, r));
  if (assignments.empty()) return InvalidField("desktops", "It cannot be empty.");
  for (const Assignment& a : assignments) {
    if (a.users.empty())
      return InvalidField("desktops.user_name", "Give user_name or attach_user_infos.");
  }
  return JobResponse(200, *StartAttachJob(ctx, assignments, image_id, image_type));
}

core::StatusOr<Response> BatchAttachDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Assignment> assignments, ReadAssignments(ctx, r));
  DESKOPS_RETURN_IF_ERROR(Distribute(ctx, r, &assignments));
  std::erase_if(assignments, [](const Assignment& a) { return a.users.empty(); });
  if (assignments.empty()) return InvalidField("users", "No desktop gets a user.");
  return JobResponse(200, *StartAttachJob(ctx, assignments, "", ""));
}

core::StatusOr<Response> DetachDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // Mandatory "No" but "cannot be empty" (L8451).
  auto ids = r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  bool shutoff = r.Bool("shutoff_after_detach").value_or(false);
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  Json plan = Json::object();
  for (Desktop* d : desktops) plan[d->id] = {{"all", true}};
  return Detach(ctx, desktops, plan, shutoff, "detachDesktops");
}

core::StatusOr<Response> BatchDetachDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids;
  Json plan = Json::object();
  r.ForEach("desktops", Need::kRequired, 0, [&](BodyReader& item, std::size_t) {
    std::string id = item.Str("desktop_id", Need::kRequired).value_or("");
    std::optional<bool> all = item.Bool("is_detach_all_users");
    std::vector<std::string> names;
    item.ForEach("detach_user_infos", Need::kOptional, 0, [&](BodyReader& info, std::size_t) {
      names.push_back(info.Str("user_name").value_or(""));
      info.Enum("type", Need::kOptional, {"USER", "GROUP"});
      return info.status();
    });
    ids.push_back(id);
    // is_detach_all_users true "will invalidate detach_user_infos" (L8267).
    plan[id] = {{"all", all.value_or(names.empty())}, {"users", names}};
    return item.status();
  });
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  return Detach(ctx, desktops, plan, false, "batchDetachDesktops");
}

core::StatusOr<Response> ChangeUserPrivilegeGroup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> fallback =
      r.Enum("user_privilege_group", Need::kOptional, kUserGroups);
  std::vector<std::string> ids;
  Json plan = Json::object();
  r.ForEach("desktops", Need::kRequired, 0, [&](BodyReader& item, std::size_t) {
    std::string id = item.Str("desktop_id", Need::kRequired).value_or("");
    Json groups = Json::object();
    item.ForEach("attach_user_infos", Need::kOptional, 0, [&](BodyReader& info, std::size_t) {
      std::string name = info.Str("user_name", Need::kRequired).value_or("");
      groups[name] = info.Enum("user_privilege_group", Need::kOptional, kUserGroups)
                         .value_or(fallback.value_or("users"));
      // Type is USER or GROUP (L8809); the example sends "user" (L8882): case is ignored.
      std::string type = core::ToLower(info.Str("type", Need::kRequired).value_or("user"));
      if (type != "user" && type != "group") info.Fail(InvalidField(info.PathOf("type")));
      return info.status();
    });
    ids.push_back(id);
    plan[id] = groups;
    return item.status();
  });
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "change privilege group"));
  for (Desktop* d : desktops) {
    for (const AttachedUser& u : d->users) {
      if (!plan[d->id].contains(u.user_name) && fallback) plan[d->id][u.user_name] = *fallback;
    }
  }
  // No job_type is documented for 4.3.21.
  return JobResponse(200,
                     *StartDesktopJob(ctx, "changeUserPrivilegeGroup",
                                      {{"kind", "privilege"}, {"desktops", plan}}, desktops, ""));
}

}  // namespace deskops::simulator
