#include "cloud/policies.h"

#include "cloud/json_leaves.h"
#include "cloud/wire.h"
#include "core/strings.h"

namespace deskops::cloud::policy_groups {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

Target ReadTarget(const json& j) {
  Target t{jsonx::Str(j, "target_id"), jsonx::Str(j, "target_name"), jsonx::Str(j, "target_type")};
  if (t.target_type == "DESKTOPSPOOL") t.target_type = "DESKTOPPOOL";  // 4.14.8 spelling, L29294
  return t;
}

std::vector<JsonLeaf> ReadPolicies(const json& j) {
  auto leaves = FlattenJson(jsonx::Object(j, "policies").dump());
  return leaves.ok() ? *leaves : std::vector<JsonLeaf>{};
}

PolicyGroup ReadGroup(const json& j) {
  PolicyGroup g;
  g.id = jsonx::Str(j, "policy_group_id");
  g.name = jsonx::Str(j, "policy_group_name");
  g.description = jsonx::Str(j, "description");
  g.update_time = jsonx::Str(j, "update_time");
  g.priority = jsonx::OptInt(j, "priority");
  for (const json& t : jsonx::Array(j, "targets")) g.targets.push_back(ReadTarget(t));
  g.policies = ReadPolicies(j);
  return g;
}

json TargetsJson(const std::vector<Target>& targets) {
  json list = json::array();
  for (const auto& t : targets) {
    list.push_back({{"target_id", t.target_id},
                    {"target_name", t.target_name},
                    {"target_type", t.target_type}});
  }
  return list;
}

json SpecJson(const Spec& s) {
  json g = json::object();
  jsonx::Put(g, "policy_group_name", s.name);
  jsonx::Put(g, "description", s.description);
  jsonx::Put(g, "priority", s.priority);
  if (s.targets) g["targets"] = TargetsJson(*s.targets);
  if (!s.policies.empty()) g["policies"] = json::parse(UnflattenJson(s.policies));
  return {{"policy_group", g}};
}

}  // namespace

StatusOr<std::vector<PolicyGroup>> ListDetail(ApiClient& client) {
  return wire::ListAll<PolicyGroup>(client, ops::kListPolicyGroupsDetail, {}, {}, "policy_groups",
                                    ReadGroup, [](const PolicyGroup& g) { return g.id; });
}

StatusOr<PolicyGroup> Get(ApiClient& client, const std::string& id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetPolicyGroup, {id}));
  return ReadGroup(jsonx::Object(j, "policy_group"));
}

StatusOr<std::string> Create(ApiClient& client, const Spec& spec) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kCreatePolicyGroup, {}, {}, SpecJson(spec)));
  std::string id = jsonx::Str(j, "id");
  if (id.empty()) id = jsonx::Str(j, "policy_group_id");
  if (id.empty()) return Status::DataLoss("policy_groups.create: the answer has no id");
  return id;
}

Status Modify(ApiClient& client, const std::string& id, const Spec& spec) {
  return wire::Call(client, ops::kModifyPolicyGroup, {id}, {}, SpecJson(spec)).status();
}

Status Delete(ApiClient& client, const std::string& id) {
  return wire::Call(client, ops::kDeletePolicyGroup, {id}).status();
}

StatusOr<std::vector<JsonLeaf>> GetPolicies(ApiClient& client, const std::string& id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetPolicies, {id}));
  return ReadPolicies(j);
}

Status ModifyPolicies(ApiClient& client, const std::string& id,
                      const std::vector<JsonLeaf>& policies) {
  return wire::Call(client, ops::kModifyPolicies, {id}, {},
                    {{"policies", json::parse(UnflattenJson(policies))}})
      .status();
}

StatusOr<std::vector<Target>> ListTargets(ApiClient& client, const std::string& id) {
  return wire::ListAll<Target>(client, ops::kListPolicyTargets, {id}, {}, "targets", ReadTarget,
                               [](const Target& t) { return t.target_type + "/" + t.target_id; });
}

Status ModifyTargets(ApiClient& client, const std::string& id, const std::vector<Target>& add,
                     const std::vector<Target>& remove) {
  json body = json::object();
  if (!add.empty()) body["add"] = TargetsJson(add);
  if (!remove.empty()) body["delete"] = TargetsJson(remove);
  return wire::Call(client, ops::kModifyPolicyTargets, {id}, {}, body).status();
}

}  // namespace deskops::cloud::policy_groups

namespace deskops::cloud::access_policies {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

std::vector<IpRange> ReadIps(const json& j, std::string_view key) {
  std::vector<IpRange> out;
  for (const json& ip : jsonx::Array(j, key)) {
    out.push_back({jsonx::Str(ip, "ip_address"), jsonx::Str(ip, "subnet_mask")});
  }
  return out;
}

json IpsJson(const std::vector<IpRange>& ips) {
  json list = json::array();
  for (const auto& ip : ips) {
    list.push_back({{"ip_address", ip.ip_address}, {"subnet_mask", ip.subnet_mask}});
  }
  return list;
}

json ObjectsJson(const std::vector<Object>& objects) {
  json list = json::array();
  for (const auto& o : objects) {
    list.push_back({{"object_id", o.object_id},
                    {"object_type", o.object_type},
                    {"object_name", o.object_name}});
  }
  return list;
}

}  // namespace

StatusOr<std::vector<AccessPolicy>> List(ApiClient& client) {
  return wire::ListAll<AccessPolicy>(
      client, ops::kListAccessPolicies, {}, {}, "policies",
      [](const json& j) {
        return AccessPolicy{jsonx::Str(j, "policy_id"),        jsonx::Str(j, "policy_name"),
                            jsonx::Str(j, "blacklist_type"),   jsonx::Str(j, "access_control_type"),
                            jsonx::Str(j, "create_time"),      ReadIps(j, "ip_list"),
                            jsonx::Bool(j, "is_enable"),       jsonx::Bool(j, "is_block_all")};
      },
      [](const AccessPolicy& p) { return p.id; });
}

Status Create(ApiClient& client, const CreateRequest& r) {
  json policy = json::object();
  jsonx::Put(policy, "policy_name", r.policy_name);
  jsonx::Put(policy, "blacklist_type", r.blacklist_type);
  jsonx::Put(policy, "access_control_type", r.access_control_type);
  if (!r.ip_list.empty()) policy["ip_list"] = IpsJson(r.ip_list);
  jsonx::Put(policy, "is_enable", r.is_enable);
  jsonx::Put(policy, "is_block_all", r.is_block_all);
  json body = {{"policy", policy}};
  if (!r.objects.empty()) body["policy_objects_list"] = ObjectsJson(r.objects);
  return wire::Call(client, ops::kCreateAccessPolicy, {}, {}, body).status();
}

Status Update(ApiClient& client, const std::string& policy_id, const UpdateRequest& r) {
  json body = json::object();
  jsonx::Put(body, "operation_type", r.operation_type);
  if (!r.ip_white_list.empty()) body["ip_white_list"] = IpsJson(r.ip_white_list);  // L32379
  jsonx::Put(body, "is_enable", r.is_enable);
  jsonx::Put(body, "is_block_all", r.is_block_all);
  return wire::Call(client, ops::kUpdateAccessPolicy, {policy_id}, {}, body).status();
}

Status Delete(ApiClient& client, const std::vector<std::string>& policy_ids) {
  return wire::Call(client, ops::kDeleteAccessPolicies, {}, {}, {{"policy_id_list", policy_ids}})
      .status();
}

StatusOr<std::vector<Object>> ListObjects(ApiClient& client, const std::string& policy_id) {
  return wire::ListAll<Object>(
      client, ops::kListAccessPolicyObjects, {policy_id}, {}, "policy_objects_list",
      [](const json& j) {
        return Object{jsonx::Str(j, "object_id"), jsonx::Str(j, "object_name"),
                      jsonx::Str(j, "object_type")};
      },
      [](const Object& o) { return o.object_type + "/" + o.object_id; });
}

Status UpdateObjects(ApiClient& client, const std::string& policy_id,
                     const std::vector<Object>& objects) {
  return wire::Call(client, ops::kUpdateAccessPolicyObjects, {policy_id}, {},
                    {{"policy_objects_list", ObjectsJson(objects)}})
      .status();
}

}  // namespace deskops::cloud::access_policies

namespace deskops::cloud::name_policies {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

json SpecJson(const Spec& s) {
  json j = json::object();
  jsonx::Put(j, "policy_name", s.policy_name);
  jsonx::Put(j, "name_prefix", s.name_prefix);
  jsonx::Put(j, "digit_number", s.digit_number);
  jsonx::Put(j, "start_number", s.start_number);
  // Written as single_domain_user_increment (L15062), read as single_domain_user_inc (L14937).
  jsonx::Put(j, "single_domain_user_increment", s.single_domain_user_increment);
  jsonx::Put(j, "is_default_policy", s.is_default_policy);
  return j;
}

}  // namespace

StatusOr<std::vector<NamePolicy>> List(ApiClient& client) {
  return wire::ListAll<NamePolicy>(
      client, ops::kListNamePolicies, {}, {}, "desktop_name_policy_infos",
      [](const json& j) {
        NamePolicy p;
        p.id = jsonx::Str(j, "policy_id");
        p.name = jsonx::Str(j, "policy_name");
        p.name_prefix = jsonx::Str(j, "name_prefix");
        p.digit_number = jsonx::Int(j, "digit_number");
        p.start_number = jsonx::Int(j, "start_number");
        p.single_domain_user_increment =
            jsonx::OptInt(j, "single_domain_user_inc")
                .value_or(jsonx::Int(j, "single_domain_user_increment"));
        p.is_default_policy = jsonx::Bool(j, "is_default_policy");
        p.is_contain_user = jsonx::Bool(j, "is_contain_user");
        return p;
      },
      [](const NamePolicy& p) { return p.id; });
}

StatusOr<std::string> Create(ApiClient& client, const Spec& spec) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kCreateNamePolicy, {}, {}, SpecJson(spec)));
  std::string id = jsonx::Str(j, "policy_id");
  if (id.empty()) return Status::DataLoss("name_policies.create: the answer has no policy_id");
  return id;
}

Status Update(ApiClient& client, const std::string& policy_id, const Spec& spec) {
  return wire::Call(client, ops::kUpdateNamePolicy, {policy_id}, {}, SpecJson(spec)).status();
}

Status Delete(ApiClient& client, const std::vector<std::string>& policy_ids) {
  if (policy_ids.size() > 50) {
    return Status::InvalidArgument("name_policies.batch_delete: at most 50 IDs per call (L15303)");
  }
  return wire::Call(client, ops::kDeleteNamePolicies, {}, {}, {{"policy_ids", policy_ids}})
      .status();
}

}  // namespace deskops::cloud::name_policies
