#pragma once
// Typed endpoints for policy groups (4.14.1-4.14.11), access policies (4.14.12-4.14.17) and
// desktop name policies (4.5). Policy groups carry their `policies` object as JSON leaves (see
// json_leaves.h). Thread-safe like ApiClient.

#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/types.h"
#include "core/status_or.h"

namespace deskops::cloud::policy_groups {

struct Target {
  std::string target_id, target_name;
  std::string target_type;  // INSTANCE, USER, USERGROUP, CLIENTIP, OU, DESKTOPPOOL, ALL
  friend bool operator==(const Target&, const Target&) = default;
};

struct PolicyGroup {
  std::string id, name, description, update_time;
  std::optional<std::int64_t> priority;
  std::vector<Target> targets;
  std::vector<JsonLeaf> policies;
};

// 4.14.10: every group with its policies and targets.
core::StatusOr<std::vector<PolicyGroup>> ListDetail(ApiClient& client);
core::StatusOr<PolicyGroup> Get(ApiClient& client, const std::string& policy_group_id);

struct Spec {  // 4.14.2 create / 4.14.5 modify
  std::optional<std::string> name, description;
  std::optional<std::int64_t> priority;
  std::optional<std::vector<Target>> targets;
  std::vector<JsonLeaf> policies;  // empty: not sent
};
// Returns the new group's ID (answered as `id`, L23804).
core::StatusOr<std::string> Create(ApiClient& client, const Spec& spec);
core::Status Modify(ApiClient& client, const std::string& policy_group_id, const Spec& spec);
core::Status Delete(ApiClient& client, const std::string& policy_group_id);
// 4.14.6 / 4.14.7: the policies alone ("modifies some or all policy items", L27483).
core::StatusOr<std::vector<JsonLeaf>> GetPolicies(ApiClient& client,
                                                  const std::string& policy_group_id);
core::Status ModifyPolicies(ApiClient& client, const std::string& policy_group_id,
                            const std::vector<JsonLeaf>& policies);
core::StatusOr<std::vector<Target>> ListTargets(ApiClient& client,
                                                const std::string& policy_group_id);
// 4.14.9: adds and removes targets in one call.
core::Status ModifyTargets(ApiClient& client, const std::string& policy_group_id,
                           const std::vector<Target>& add, const std::vector<Target>& remove);

}  // namespace deskops::cloud::policy_groups

namespace deskops::cloud::access_policies {

struct IpRange {
  std::string ip_address, subnet_mask;
  friend bool operator==(const IpRange&, const IpRange&) = default;
};

struct AccessPolicy {
  std::string id, name, blacklist_type, access_control_type, create_time;
  std::vector<IpRange> ip_list;
  bool is_enable = false, is_block_all = false;
};

struct Object {
  std::string object_id, object_name;
  std::string object_type;  // USER or USERGROUP
  friend bool operator==(const Object&, const Object&) = default;
};

core::StatusOr<std::vector<AccessPolicy>> List(ApiClient& client);

struct CreateRequest {
  std::optional<std::string> policy_name, blacklist_type, access_control_type;
  std::vector<IpRange> ip_list;
  std::optional<bool> is_enable, is_block_all;
  std::vector<Object> objects;
};
// 4.14.12: no body comes back; find the policy by name afterwards.
core::Status Create(ApiClient& client, const CreateRequest& request);

// 4.14.15: one change per call (L31944-31945): an IP delta, or is_enable, or is_block_all.
struct UpdateRequest {
  std::optional<std::string> operation_type;  // ADD_IP or DELETE_IP, with ip_white_list
  std::vector<IpRange> ip_white_list;
  std::optional<bool> is_enable, is_block_all;
};
core::Status Update(ApiClient& client, const std::string& policy_id, const UpdateRequest& request);
core::Status Delete(ApiClient& client, const std::vector<std::string>& policy_ids);
core::StatusOr<std::vector<Object>> ListObjects(ApiClient& client, const std::string& policy_id);
// 4.14.17: the full list of objects.
core::Status UpdateObjects(ApiClient& client, const std::string& policy_id,
                           const std::vector<Object>& objects);

}  // namespace deskops::cloud::access_policies

namespace deskops::cloud::name_policies {

struct NamePolicy {
  std::string id, name, name_prefix;
  std::int64_t digit_number = 0, start_number = 0, single_domain_user_increment = 0;
  bool is_default_policy = false, is_contain_user = false;
};

struct Spec {
  std::optional<std::string> policy_name, name_prefix;
  std::optional<std::int64_t> digit_number, start_number, single_domain_user_increment;
  std::optional<bool> is_default_policy;
};

core::StatusOr<std::vector<NamePolicy>> List(ApiClient& client);
// 4.5.2: returns the new policy's ID.
core::StatusOr<std::string> Create(ApiClient& client, const Spec& spec);
core::Status Update(ApiClient& client, const std::string& policy_id, const Spec& spec);
// 4.5.4: at most 50 IDs per call.
core::Status Delete(ApiClient& client, const std::vector<std::string>& policy_ids);

}  // namespace deskops::cloud::name_policies
