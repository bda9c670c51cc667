// Users, 4.8.1-4.8.8. Synchronous; create answers 201 {"id"} (L17022), batch create 200 without a
// body (L17901).
#include <algorithm>
#include <unordered_set>

#include "core/redact.h"
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// account_expires: "0" or yyyy-MM-ddTHH:mm:ssZ / yyyy-MM-ddTHH:mm:ss.SSSZ (L16999).
core::Status CheckExpiry(const std::string& value, std::string_view field) {
  if (value == "0" || ParseIsoUtc(value)) return core::Status::Ok();
  return InvalidField(field, "Use 0 or yyyy-MM-ddTHH:mm:ssZ.");
}

// Username rules: letters, digits, '-' and '_', 1 to 64 characters (AttachInstancesUserInfo,
// L5370; 4.8.2 itself states no rule).
core::Status CheckUserName(const std::string& name, std::string_view field) {
  bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  return ok ? core::Status::Ok()
            : InvalidField(field, "Use 1 to 64 letters, digits, hyphens and underscores.");
}

// The fields 4.8.2 and 4.8.5 share, applied to `user`.
void ReadEditable(BodyReader& r, User* user) {
  if (auto v = r.Str("user_email")) user->user_email = *v;
  if (auto v = r.Str("user_phone")) user->user_phone = *v;
  if (auto v = r.Enum("active_type", Need::kOptional, {"USER_ACTIVATE", "ADMIN_ACTIVATE"})) {
    user->active_type = *v;
  }
  if (auto v = r.Str("account_expires")) {
    user->account_expires = *v;
    r.Fail(CheckExpiry(*v, r.PathOf("account_expires")));
  }
  if (auto v = r.Bool("enable_change_password")) user->enable_change_password = *v;
  if (auto v = r.Bool("next_login_change_password")) user->next_login_change_password = *v;
  if (auto v = r.Str("description", Need::kOptional, 255)) user->description = *v;
  if (auto v = r.Str("user_info_map")) user->user_info_map = *v;
}

// One CreateUserRequest (4.8.2 L16997-17012); group IDs go to *group_ids.
core::StatusOr<User> ReadNewUser(Context& ctx, BodyReader& r, std::vector<std::string>* group_ids) {
  User user;
  user.user_name = r.Str("user_name", Need::kRequired).value_or("");
  ReadEditable(r, &user);
  std::optional<std::string> password = r.Str("password");
  if (password) core::SecretRegistry::Global().Register(*password);  // never printed
  user.alias_name = r.Str("alias_name").value_or("");
  user.enterprise_project_id = r.Str("enterprise_project_id").value_or("");
  *group_ids = r.StrList("group_ids").value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckUserName(user.user_name, r.PathOf("user_name")));
  // "Initial user password, which is required for the administrator activation mode." (L17002)
  if (user.active_type == "ADMIN_ACTIVATE" && (!password || password->empty())) {
    return InvalidField(r.PathOf("password"), "It is required with ADMIN_ACTIVATE.");
  }
  for (const std::string& id : *group_ids) {
    if (!ctx.state.groups.Find(id)) return ResourceNotFoundInBody("user group", id);
  }
  // The reference says "will be set to true during creation" for both flags (L17003, L17007).
  user.id = ctx.state.NewHexId();
  user.sid = ctx.state.NewUserSid();
  user.created_ms = ctx.now_ms;
  return user;
}

void AddToGroups(Context& ctx, const User& user, const std::vector<std::string>& group_ids) {
  for (const std::string& id : group_ids) {
    if (Group* g = ctx.state.groups.Find(id)) g->member_ids.push_back(user.id);
  }
}

void DeleteUser(Context& ctx, const std::string& id) {
  for (Group* g : ctx.state.groups.All()) std::erase(g->member_ids, id);
  ctx.state.users.Remove(id);
}

core::StatusOr<User*> PathUser(Context& ctx) {
  User* u = ctx.state.users.Find(ctx.Param("user_id"));
  if (!u) return PathNotFound("user", ctx.Param("user_id"));
  return u;
}

}  // namespace

core::StatusOr<Response> ListUsers(Context& ctx) {
  // limit and offset are Strings with no range; "If this parameter is not specified, all users
  // who meet the query criteria are returned." (L16781)
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.all_by_default = true, .no_range = true}));
  const QueryParams& q = ctx.query;
  std::optional<std::string> name = q.Get("user_name"), description = q.Get("description"),
                             active = q.Get("active_type"), group = q.Get("group_name"),
                             project = q.Get("enterprise_project_id");
  const Group* wanted_group = group ? ctx.state.FindGroupByName(*group) : nullptr;
  std::vector<User*> users = ctx.state.users.Select([&](const User& u) {
    if (name && !Fuzzy(u.user_name, *name)) return false;
    if (description && !Fuzzy(u.description, *description)) return false;  // fuzzy (L16783)
    if (active && u.active_type != *active) return false;
    if (project && u.enterprise_project_id != *project) return false;
    if (group) {  // exact (L16785)
      if (!wanted_group) return false;
      const auto& m = wanted_group->member_ids;
      if (std::find(m.begin(), m.end(), u.id) == m.end()) return false;
    }
    return true;
  });
  auto group_names = GroupNamesByUser(ctx.state);
  return PageResponse(users, page, "users", "total_count", [&](const User* u) {
    return UserListJson(*u, ctx.state, ctx.now_ms, std::move(group_names[u->id]));
  });
}

core::StatusOr<Response> CreateUser(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> group_ids;
  DESKOPS_ASSIGN_OR_RETURN(User user, ReadNewUser(ctx, r, &group_ids));
  if (ctx.state.FindUserByName(user.user_name)) return AlreadyExists("user", user.user_name);
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, QuotaDelta{.users = 1}));
  User* stored = ctx.state.users.Add(std::move(user));
  AddToGroups(ctx, *stored, group_ids);
  return JsonResponse(201, {{"id", stored->id}});
}

core::StatusOr<Response> BatchCreateUsers(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::pair<User, std::vector<std::string>>> users;
  std::unordered_set<std::string> names;
  r.ForEach("users", Need::kRequired, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    std::vector<std::string> group_ids;
    DESKOPS_ASSIGN_OR_RETURN(User user, ReadNewUser(ctx, item, &group_ids));
    if (ctx.state.FindUserByName(user.user_name) || !names.insert(user.user_name).second) {
      return AlreadyExists("user", user.user_name);
    }
    users.emplace_back(std::move(user), std::move(group_ids));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(
      CheckQuota(ctx.state, QuotaDelta{.users = static_cast<std::int64_t>(users.size())}));
  for (auto& [user, groups] : users)
    AddToGroups(ctx, *ctx.state.users.Add(std::move(user)), groups);
  return EmptyResponse(200);
}

core::StatusOr<Response> GetUser(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(User * u, PathUser(ctx));
  return JsonResponse(200, {{"user_detail", UserDetailJson(*u, ctx.state, ctx.now_ms)}});
}

core::StatusOr<Response> UpdateUser(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(User * u, PathUser(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  User updated = *u;
  ReadEditable(r, &updated);
  if (auto v = r.Bool("password_never_expired")) updated.password_never_expired = *v;
  if (auto v = r.Bool("disabled")) updated.disabled = *v;
  if (!r.ok()) return r.status();
  *u = std::move(updated);
  return JsonResponse(200, {{"id", u->id}});
}

core::StatusOr<Response> DeleteUserHandler(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(User * u, PathUser(ctx));
  DeleteUser(ctx, u->id);
  return EmptyResponse(204);
}

core::StatusOr<Response> BatchDeleteUsers(Context& ctx) {
  return BatchDelete(ctx, ctx.state.users, {"user_ids", 0, "user", 204},
                     [&](const std::string& id) { DeleteUser(ctx, id); });
}

core::StatusOr<Response> UserAction(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(User * u, PathUser(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string op = r.Enum("op_type", Need::kRequired, {"LOCK", "UNLOCK", "RESET_PWD"}).value_or("");
  if (!r.ok()) return r.status();
  if (op == "LOCK") u->locked = true;
  if (op == "UNLOCK") u->locked = false;
  if (op == "RESET_PWD") u->next_login_change_password = true;
  return EmptyResponse(204);
}

}  // namespace deskops::simulator
