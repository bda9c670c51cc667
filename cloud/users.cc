#include "cloud/users.h"

#include "cloud/wire.h"

namespace deskops::cloud::users {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

User ReadUser(const json& j) {
  User u;
  u.id = jsonx::Str(j, "id");
  u.user_name = jsonx::Str(j, "user_name");
  u.user_email = jsonx::Str(j, "user_email");
  u.user_phone = jsonx::Str(j, "user_phone");
  u.active_type = jsonx::Str(j, "active_type");
  u.description = jsonx::Str(j, "description");
  // L16826 (list) is a string such as "0"; L17315 (get) is a Long in milliseconds.
  u.account_expires = jsonx::Str(j, "account_expires");
  // account_expired on list (L16828), user_expired on get (L17317).
  u.account_expired = jsonx::OptBool(j, "account_expired")
                          .value_or(jsonx::Bool(j, "user_expired"));
  u.enable_change_password = jsonx::Bool(j, "enable_change_password");
  u.next_login_change_password = jsonx::Bool(j, "next_login_change_password");
  u.password_never_expired = jsonx::Bool(j, "password_never_expired");
  u.locked = jsonx::Bool(j, "locked");
  u.disabled = jsonx::Bool(j, "disabled");
  u.group_names = jsonx::StrList(j, "group_names");
  u.enterprise_project_id = jsonx::Str(j, "enterprise_project_id");
  u.user_info_map = jsonx::Str(j, "user_info_map");
  u.sid = jsonx::Str(j, "sid");
  if (u.sid.empty()) u.sid = jsonx::Str(j, "object_sid");
  u.total_desktops = jsonx::Int(j, "total_desktops");
  return u;
}

json CreateJson(const CreateRequest& r) {
  json j = {{"user_name", r.user_name}};
  jsonx::Put(j, "user_email", r.user_email);
  jsonx::Put(j, "user_phone", r.user_phone);
  jsonx::Put(j, "account_expires", r.account_expires);
  jsonx::Put(j, "active_type", r.active_type);
  jsonx::Put(j, "password", r.password);
  jsonx::Put(j, "enable_change_password", r.enable_change_password);
  jsonx::Put(j, "next_login_change_password", r.next_login_change_password);
  if (!r.group_ids.empty()) j["group_ids"] = r.group_ids;
  jsonx::Put(j, "description", r.description);
  jsonx::Put(j, "alias_name", r.alias_name);
  jsonx::Put(j, "enterprise_project_id", r.enterprise_project_id);
  jsonx::Put(j, "user_info_map", r.user_info_map);
  return j;
}

}  // namespace

StatusOr<std::vector<User>> List(ApiClient& client, const Query& q) {
  std::vector<std::pair<std::string, std::string>> query;
  if (q.user_name) query.emplace_back("user_name", *q.user_name);
  if (q.group_name) query.emplace_back("group_name", *q.group_name);
  if (q.description) query.emplace_back("description", *q.description);
  if (q.active_type) query.emplace_back("active_type", *q.active_type);
  return wire::ListAll<User>(client, ops::kListUsers, {}, std::move(query), "users", ReadUser,
                             [](const User& u) { return u.id; });
}

StatusOr<User> Get(ApiClient& client, const std::string& user_id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetUser, {user_id}));
  return ReadUser(jsonx::Object(j, "user_detail"));
}

StatusOr<std::string> Create(ApiClient& client, const CreateRequest& request) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kCreateUser, {}, {}, CreateJson(request)));
  std::string id = jsonx::Str(j, "id");
  if (id.empty()) return Status::DataLoss("users.create: the answer has no id");
  return id;
}

Status BatchCreate(ApiClient& client, const std::vector<CreateRequest>& requests) {
  json list = json::array();
  for (const auto& r : requests) list.push_back(CreateJson(r));
  return wire::Call(client, ops::kBatchCreateUsers, {}, {}, {{"users", list}}).status();
}

Status Modify(ApiClient& client, const std::string& user_id, const ModifyRequest& r) {
  json j = json::object();
  jsonx::Put(j, "description", r.description);
  jsonx::Put(j, "user_email", r.user_email);
  jsonx::Put(j, "user_phone", r.user_phone);
  jsonx::Put(j, "active_type", r.active_type);
  jsonx::Put(j, "account_expires", r.account_expires);
  jsonx::Put(j, "enable_change_password", r.enable_change_password);
  jsonx::Put(j, "next_login_change_password", r.next_login_change_password);
  jsonx::Put(j, "password_never_expired", r.password_never_expired);
  jsonx::Put(j, "disabled", r.disabled);
  jsonx::Put(j, "user_info_map", r.user_info_map);
  return wire::Call(client, ops::kModifyUser, {user_id}, {}, j).status();
}

Status Delete(ApiClient& client, const std::string& user_id) {
  return wire::Call(client, ops::kDeleteUser, {user_id}).status();
}

Status BatchDelete(ApiClient& client, const std::vector<std::string>& user_ids) {
  return wire::Call(client, ops::kBatchDeleteUsers, {}, {}, {{"user_ids", user_ids}}).status();
}

Status Action(ApiClient& client, const std::string& user_id, const std::string& op_type) {
  return wire::Call(client, ops::kUserAction, {user_id}, {}, {{"op_type", op_type}}).status();
}

}  // namespace deskops::cloud::users

namespace deskops::cloud::groups {

using core::Status;
using core::StatusOr;
using wire::json;

StatusOr<std::vector<Group>> List(ApiClient& client, std::optional<std::string> keyword) {
  std::vector<std::pair<std::string, std::string>> query;
  if (keyword) query.emplace_back("keyword", *keyword);
  return wire::ListAll<Group>(
      client, ops::kListGroups, {}, std::move(query), "user_groups",
      [](const json& j) {
        Group g{jsonx::Str(j, "id"),          jsonx::Str(j, "name"),
                jsonx::Str(j, "description"), jsonx::Str(j, "platform_type"),
                jsonx::Str(j, "create_time"), jsonx::Str(j, "sid"),
                jsonx::Int(j, "user_quantity")};
        // Read as `name` (L18649) but written as `group_name` (L18795): accept both.
        if (g.name.empty()) g.name = jsonx::Str(j, "group_name");
        return g;
      },
      [](const Group& g) { return g.id; });
}

Status Create(ApiClient& client, const std::string& name, const std::string& platform_type,
              std::optional<std::string> description) {
  json j = {{"group_name", name}, {"platform_type", platform_type}};
  jsonx::Put(j, "description", description);
  return wire::Call(client, ops::kCreateGroup, {}, {}, j).status();
}

Status Modify(ApiClient& client, const std::string& group_id, std::optional<std::string> name,
              std::optional<std::string> description) {
  json j = json::object();
  jsonx::Put(j, "group_name", name);
  jsonx::Put(j, "description", description);
  return wire::Call(client, ops::kModifyGroup, {group_id}, {}, j).status();
}

Status Delete(ApiClient& client, const std::string& group_id) {
  return wire::Call(client, ops::kDeleteGroup, {group_id}).status();
}

Status BatchDelete(ApiClient& client, const std::vector<std::string>& group_ids) {
  return wire::Call(client, ops::kBatchDeleteGroups, {}, {}, {{"group_ids", group_ids}}).status();
}

StatusOr<std::vector<Member>> ListMembers(ApiClient& client, const std::string& group_id) {
  return wire::ListAll<Member>(
      client, ops::kListGroupUsers, {group_id}, {}, "users",
      [](const json& j) {
        return Member{jsonx::Str(j, "id"), jsonx::Str(j, "user_name"), jsonx::Str(j, "user_email"),
                      jsonx::Str(j, "description")};
      },
      [](const Member& m) { return m.id; });
}

Status ChangeMembers(ApiClient& client, const std::string& group_id,
                     const std::vector<std::string>& user_ids, const std::string& op_type) {
  return wire::Call(client, ops::kGroupAction, {group_id}, {},
                    {{"user_ids", user_ids}, {"op_type", op_type}})
      .status();
}

}  // namespace deskops::cloud::groups
