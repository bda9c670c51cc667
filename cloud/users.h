#pragma once
// Typed endpoints for users (4.8) and user groups (4.9). The reference names some fields
// differently on write and read (group_name vs name; account_expires as text or milliseconds;
// account_expired vs user_expired); the DTOs hold one normalised form. Thread-safe like ApiClient.

#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "core/status_or.h"

namespace deskops::cloud::users {

struct User {
  std::string id, user_name, user_email, user_phone, active_type, description;
  // "0" when the account never expires, else the expiry as the API gave it (text, or epoch
  // milliseconds as text when 4.8.4 returned a number).
  std::string account_expires;
  bool account_expired = false, enable_change_password = false, next_login_change_password = false,
       password_never_expired = false, locked = false, disabled = false;
  std::vector<std::string> group_names;
  std::string enterprise_project_id, user_info_map, sid;
  std::int64_t total_desktops = 0;
};

struct Query {
  std::optional<std::string> user_name, group_name, description, active_type;
};
core::StatusOr<std::vector<User>> List(ApiClient& client, const Query& query = {});
core::StatusOr<User> Get(ApiClient& client, const std::string& user_id);

struct CreateRequest {
  std::string user_name;
  std::optional<std::string> user_email, user_phone, account_expires, active_type, password,
      description, alias_name, enterprise_project_id, user_info_map;
  std::optional<bool> enable_change_password, next_login_change_password;
  std::vector<std::string> group_ids;
};
// 4.8.2: returns the new user's ID.
core::StatusOr<std::string> Create(ApiClient& client, const CreateRequest& request);
// 4.8.7: no IDs come back; find the users by name afterwards.
core::Status BatchCreate(ApiClient& client, const std::vector<CreateRequest>& requests);

struct ModifyRequest {
  std::optional<std::string> description, user_email, user_phone, active_type, account_expires,
      user_info_map;
  std::optional<bool> enable_change_password, next_login_change_password, password_never_expired,
      disabled;
};
core::Status Modify(ApiClient& client, const std::string& user_id, const ModifyRequest& request);
core::Status Delete(ApiClient& client, const std::string& user_id);
core::Status BatchDelete(ApiClient& client, const std::vector<std::string>& user_ids);
// 4.8.8: LOCK, UNLOCK or RESET_PWD.
core::Status Action(ApiClient& client, const std::string& user_id, const std::string& op_type);

}  // namespace deskops::cloud::users

namespace deskops::cloud::groups {

struct Group {
  std::string id, name, description, platform_type, create_time, sid;
  std::int64_t user_quantity = 0;
};

struct Member {
  std::string id, user_name, user_email, description;
};

// keyword: the API's fuzzy group-name filter.
core::StatusOr<std::vector<Group>> List(ApiClient& client,
                                        std::optional<std::string> keyword = std::nullopt);
// 4.9.2: no body comes back; find the group by name afterwards.
core::Status Create(ApiClient& client, const std::string& name, const std::string& platform_type,
                    std::optional<std::string> description = std::nullopt);
core::Status Modify(ApiClient& client, const std::string& group_id,
                    std::optional<std::string> name, std::optional<std::string> description);
core::Status Delete(ApiClient& client, const std::string& group_id);
core::Status BatchDelete(ApiClient& client, const std::vector<std::string>& group_ids);
core::StatusOr<std::vector<Member>> ListMembers(ApiClient& client, const std::string& group_id);
// 4.9.6: op_type ADD or DELETE.
core::Status ChangeMembers(ApiClient& client, const std::string& group_id,
                           const std::vector<std::string>& user_ids, const std::string& op_type);

}  // namespace deskops::cloud::groups
