// The routing table: the core operations by reference section, then the registered families'
// (resources/resources.cc). Operation IDs ("desktops.create") name operations in fault rules and
// statistics.
#include "simulator/handlers.h"
#include "simulator/resource.h"

namespace deskops::simulator {

// desktop_create.cc, desktop_handlers.cc
core::StatusOr<Response> CreateDesktops(Context&);
core::StatusOr<Response> ListDesktops(Context&);
core::StatusOr<Response> ListDesktopsDetail(Context&);
core::StatusOr<Response> GetDesktop(Context&);
core::StatusOr<Response> UpdateDesktop(Context&);
core::StatusOr<Response> DeleteDesktop(Context&);
core::StatusOr<Response> BatchDeleteDesktops(Context&);
core::StatusOr<Response> SetMaintenanceMode(Context&);
core::StatusOr<Response> UpdateDesktopSids(Context&);
// desktop_action_handlers.cc
core::StatusOr<Response> DesktopAction(Context&);
core::StatusOr<Response> ResizeDesktops(Context&);
core::StatusOr<Response> RebuildDesktops(Context&);
core::StatusOr<Response> GetDesktopNetwork(Context&);
core::StatusOr<Response> ListDesktopNetworks(Context&);
core::StatusOr<Response> UpdateDesktopNetwork(Context&);
core::StatusOr<Response> BatchChangeDesktopNetwork(Context&);
// desktop_user_handlers.cc
core::StatusOr<Response> AttachDesktops(Context&);
core::StatusOr<Response> BatchAttachDesktops(Context&);
core::StatusOr<Response> DetachDesktops(Context&);
core::StatusOr<Response> BatchDetachDesktops(Context&);
core::StatusOr<Response> ChangeUserPrivilegeGroup(Context&);
// tag_handlers.cc
core::StatusOr<Response> ListDesktopTags(Context&);
core::StatusOr<Response> CreateDesktopTag(Context&);
core::StatusOr<Response> DeleteDesktopTag(Context&);
core::StatusOr<Response> ListProjectTags(Context&);
core::StatusOr<Response> DesktopTagsAction(Context&);
core::StatusOr<Response> FilterDesktopsByTag(Context&);
core::StatusOr<Response> BatchCreateTags(Context&);
core::StatusOr<Response> BatchDeleteTags(Context&);
// volume_handlers.cc
core::StatusOr<Response> AddDesktopVolumes(Context&);
core::StatusOr<Response> DeleteDesktopVolumes(Context&);
core::StatusOr<Response> BatchAddVolumes(Context&);
core::StatusOr<Response> ExpandDesktopVolume(Context&);
core::StatusOr<Response> BatchExpandVolumes(Context&);
// pool_handlers.cc, pool_action_handlers.cc
core::StatusOr<Response> CreatePool(Context&);
core::StatusOr<Response> ListPools(Context&);
core::StatusOr<Response> GetPool(Context&);
core::StatusOr<Response> UpdatePool(Context&);
core::StatusOr<Response> DeletePool(Context&);
core::StatusOr<Response> ExpandPool(Context&);
core::StatusOr<Response> ResizePool(Context&);
core::StatusOr<Response> RebuildPool(Context&);
core::StatusOr<Response> AddPoolVolumes(Context&);
core::StatusOr<Response> DeletePoolVolumes(Context&);
core::StatusOr<Response> ExpandPoolVolumes(Context&);
core::StatusOr<Response> PoolAction(Context&);
core::StatusOr<Response> ListPoolUsers(Context&);
core::StatusOr<Response> UpdatePoolUsers(Context&);
core::StatusOr<Response> ListPoolDesktops(Context&);
// user_handlers.cc, group_handlers.cc
core::StatusOr<Response> ListUsers(Context&);
core::StatusOr<Response> CreateUser(Context&);
core::StatusOr<Response> BatchCreateUsers(Context&);
core::StatusOr<Response> GetUser(Context&);
core::StatusOr<Response> UpdateUser(Context&);
core::StatusOr<Response> DeleteUserHandler(Context&);
core::StatusOr<Response> BatchDeleteUsers(Context&);
core::StatusOr<Response> UserAction(Context&);
core::StatusOr<Response> ListGroups(Context&);
core::StatusOr<Response> CreateGroup(Context&);
core::StatusOr<Response> UpdateGroup(Context&);
core::StatusOr<Response> DeleteGroup(Context&);
core::StatusOr<Response> BatchDeleteGroups(Context&);
core::StatusOr<Response> GroupMembersAction(Context&);
core::StatusOr<Response> ListGroupMembers(Context&);
// policy_group_handlers.cc, access_policy_handlers.cc
core::StatusOr<Response> ListPolicyGroups(Context&);
core::StatusOr<Response> ListPolicyGroupsDetail(Context&);
core::StatusOr<Response> GetPolicyGroup(Context&);
core::StatusOr<Response> CreatePolicyGroup(Context&);
core::StatusOr<Response> UpdatePolicyGroup(Context&);
core::StatusOr<Response> DeletePolicyGroup(Context&);
core::StatusOr<Response> GetPolicies(Context&);
core::StatusOr<Response> UpdatePolicies(Context&);
core::StatusOr<Response> ListPolicyTargets(Context&);
core::StatusOr<Response> UpdatePolicyTargets(Context&);
core::StatusOr<Response> CreateAccessPolicy(Context&);
core::StatusOr<Response> ListAccessPolicies(Context&);
core::StatusOr<Response> DeleteAccessPolicies(Context&);
core::StatusOr<Response> UpdateAccessPolicy(Context&);
core::StatusOr<Response> ListAccessPolicyObjects(Context&);
core::StatusOr<Response> UpdateAccessPolicyObjects(Context&);
core::StatusOr<Response> ListNamePolicies(Context&);
core::StatusOr<Response> CreateNamePolicy(Context&);
core::StatusOr<Response> UpdateNamePolicy(Context&);
core::StatusOr<Response> BatchDeleteNamePolicies(Context&);
// job_handlers.cc
core::StatusOr<Response> GetJob(Context&);
core::StatusOr<Response> ListSubJobs(Context&);
core::StatusOr<Response> DeleteSubJobs(Context&);
core::StatusOr<Response> ListProducts(Context&);
core::StatusOr<Response> ListImages(Context&);
core::StatusOr<Response> ListAvailabilityZones(Context&);
core::StatusOr<Response> GetQuotas(Context&);

const std::vector<Operation>& CoreOperations() {
  static const std::vector<Operation> kOperations = {
      // 4.3 desktops
      {"POST", "/v2/{project_id}/desktops", "desktops.create", CreateDesktops},             // 4.3.1
      {"GET", "/v2/{project_id}/desktops", "desktops.list", ListDesktops},                  // 4.3.2
      {"PUT", "/v2/{project_id}/desktops/{desktop_id}", "desktops.modify", UpdateDesktop},  // 4.3.3
      {"DELETE", "/v2/{project_id}/desktops/{desktop_id}", "desktops.delete",
       DeleteDesktop},                                                                // 4.3.4
      {"GET", "/v2/{project_id}/desktops/{desktop_id}", "desktops.get", GetDesktop},  // 4.3.5
      {"POST", "/v2/{project_id}/desktops/batch-delete", "desktops.batch_delete",
       BatchDeleteDesktops},  // 4.3.6
      {"GET", "/v2/{project_id}/desktops/detail", "desktops.list_detail",
       ListDesktopsDetail},                                                                // 4.3.8
      {"POST", "/v2/{project_id}/desktops/action", "desktops.action", DesktopAction},      // 4.3.9
      {"POST", "/v2/{project_id}/desktops/resize", "desktops.resize", ResizeDesktops},     // 4.3.10
      {"POST", "/v2/{project_id}/desktops/rebuild", "desktops.rebuild", RebuildDesktops},  // 4.3.11
      {"PUT", "/v2/{project_id}/desktops/sids", "desktops.update_sids",
       UpdateDesktopSids},  // 4.3.15
      {"POST", "/v2/{project_id}/desktops/batch-detach", "desktops.batch_detach",
       BatchDetachDesktops},                                                            // 4.3.18
      {"POST", "/v2/{project_id}/desktops/detach", "desktops.detach", DetachDesktops},  // 4.3.19
      {"POST", "/v2/{project_id}/desktops/attach", "desktops.attach", AttachDesktops},  // 4.3.20
      {"POST", "/v2/{project_id}/desktops/change-user-privilege-group",
       "desktops.change_privilege_group", ChangeUserPrivilegeGroup},  // 4.3.21
      {"GET", "/v2/{project_id}/desktops/{desktop_id}/networks", "desktops.get_network",
       GetDesktopNetwork},  // 4.3.22
      {"PUT", "/v2/{project_id}/desktops/{desktop_id}/networks", "desktops.change_network",
       UpdateDesktopNetwork},  // 4.3.23
      {"GET", "/v2/{project_id}/desktops/networks", "desktops.list_networks",
       ListDesktopNetworks},  // 4.3.24
      {"POST", "/v2/{project_id}/desktops/networks/batch-change", "desktops.batch_change_network",
       BatchChangeDesktopNetwork},  // 4.3.25
      {"PUT", "/v2/{project_id}/desktops/maintenance-mode", "desktops.maintenance_mode",
       SetMaintenanceMode},  // 4.3.27
      {"POST", "/v2/{project_id}/desktops/batch-attach", "desktops.batch_attach",
       BatchAttachDesktops},  // 4.3.29
      // 4.4 desktop pools
      {"POST", "/v2/{project_id}/desktop-pools", "pools.create", CreatePool},              // 4.4.1
      {"GET", "/v2/{project_id}/desktop-pools", "pools.list", ListPools},                  // 4.4.2
      {"PUT", "/v2/{project_id}/desktop-pools/{pool_id}", "pools.modify", UpdatePool},     // 4.4.3
      {"DELETE", "/v2/{project_id}/desktop-pools/{pool_id}", "pools.delete", DeletePool},  // 4.4.4
      {"GET", "/v2/{project_id}/desktop-pools/{pool_id}", "pools.get", GetPool},           // 4.4.5
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/expand", "pools.expand",
       ExpandPool},  // 4.4.6
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/resize", "pools.resize",
       ResizePool},  // 4.4.7
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/rebuild", "pools.rebuild",
       RebuildPool},  // 4.4.8
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-add", "pools.volumes_add",
       AddPoolVolumes},  // 4.4.9
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-delete",
       "pools.volumes_delete", DeletePoolVolumes},  // 4.4.10
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-expand",
       "pools.volumes_expand", ExpandPoolVolumes},  // 4.4.11
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/action", "pools.action",
       PoolAction},  // 4.4.12
      {"GET", "/v2/{project_id}/desktop-pools/{pool_id}/users", "pools.list_authorized",
       ListPoolUsers},  // 4.4.13
      {"POST", "/v2/{project_id}/desktop-pools/{pool_id}/users", "pools.authorize",
       UpdatePoolUsers},  // 4.4.14
      {"GET", "/v2/{project_id}/desktop-pools/{pool_id}/desktops", "pools.list_desktops",
       ListPoolDesktops},  // 4.4.15
      // 4.5 desktop name policies
      {"GET", "/v2/{project_id}/desktop-name-policies", "name_policies.list",
       ListNamePolicies},  // 4.5.1
      {"POST", "/v2/{project_id}/desktop-name-policies", "name_policies.create",
       CreateNamePolicy},  // 4.5.2
      {"PUT", "/v2/{project_id}/desktop-name-policies/{policy_id}", "name_policies.update",
       UpdateNamePolicy},  // 4.5.3
      {"POST", "/v2/{project_id}/desktop-name-policies/batch-delete", "name_policies.batch_delete",
       BatchDeleteNamePolicies},  // 4.5.4
      // 4.6 tags
      {"GET", "/v2/{project_id}/desktops/{desktop_id}/tags", "tags.list",
       ListDesktopTags},  // 4.6.1
      {"POST", "/v2/{project_id}/desktops/{desktop_id}/tags", "tags.create",
       CreateDesktopTag},  // 4.6.2
      {"DELETE", "/v2/{project_id}/desktops/{desktop_id}/tags/{key}", "tags.delete",
       DeleteDesktopTag},                                                               // 4.6.3
      {"GET", "/v2/{project_id}/desktops/tags", "tags.list_project", ListProjectTags},  // 4.6.4
      {"POST", "/v2/{project_id}/desktops/{desktop_id}/tags/action", "tags.action",
       DesktopTagsAction},  // 4.6.5
      {"POST", "/v2/{project_id}/desktops/resource_instances/action", "tags.filter",
       FilterDesktopsByTag},  // 4.6.6
      {"POST", "/v2/{project_id}/desktops/batch-tags", "tags.batch_create",
       BatchCreateTags},  // 4.6.7
      {"DELETE", "/v2/{project_id}/desktops/batch-tags", "tags.batch_delete",
       BatchDeleteTags},  // 4.6.8
      // 4.8 users
      {"GET", "/v2/{project_id}/users", "users.list", ListUsers},                         // 4.8.1
      {"POST", "/v2/{project_id}/users", "users.create", CreateUser},                     // 4.8.2
      {"DELETE", "/v2/{project_id}/users/{user_id}", "users.delete", DeleteUserHandler},  // 4.8.3
      {"GET", "/v2/{project_id}/users/{user_id}", "users.get", GetUser},                  // 4.8.4
      {"PUT", "/v2/{project_id}/users/{user_id}", "users.modify", UpdateUser},            // 4.8.5
      {"POST", "/v2/{project_id}/users/batch-delete", "users.batch_delete",
       BatchDeleteUsers},  // 4.8.6
      {"POST", "/v2/{project_id}/users/batch-create", "users.batch_create",
       BatchCreateUsers},                                                                // 4.8.7
      {"POST", "/v2/{project_id}/users/{user_id}/actions", "users.action", UserAction},  // 4.8.8
      // 4.9 user groups (4.10 OUs: resources/ous)
      {"GET", "/v2/{project_id}/groups", "groups.list", ListGroups},      // 4.9.1
      {"POST", "/v2/{project_id}/groups", "groups.create", CreateGroup},  // 4.9.2
      {"POST", "/v2/{project_id}/groups/batch-delete", "groups.batch_delete",
       BatchDeleteGroups},                                                             // 4.9.3
      {"DELETE", "/v2/{project_id}/groups/{group_id}", "groups.delete", DeleteGroup},  // 4.9.4
      {"PUT", "/v2/{project_id}/groups/{group_id}", "groups.modify", UpdateGroup},     // 4.9.5
      {"POST", "/v2/{project_id}/groups/{group_id}/actions", "groups.members",
       GroupMembersAction},  // 4.9.6
      {"GET", "/v2/{project_id}/groups/{group_id}/users", "groups.list_members",
       ListGroupMembers},  // 4.9.7
      // 4.11 disks
      {"POST", "/v2/{project_id}/desktops/{desktop_id}/volumes", "volumes.add",
       AddDesktopVolumes},  // 4.11.1
      {"POST", "/v2/{project_id}/desktops/{desktop_id}/volumes/batch-delete", "volumes.delete",
       DeleteDesktopVolumes},                                                      // 4.11.2
      {"POST", "/v2/{project_id}/volumes", "volumes.batch_add", BatchAddVolumes},  // 4.11.3
      {"POST", "/v2/{project_id}/desktops/{desktop_id}/volumes/{volume_id}/expand",
       "volumes.expand", ExpandDesktopVolume},  // 4.11.4
      {"POST", "/v2/{project_id}/volumes/expand", "volumes.batch_expand",
       BatchExpandVolumes},  // 4.11.5
      // 4.14 policy groups and access policies
      {"GET", "/v2/{project_id}/policy-groups", "policy_groups.list", ListPolicyGroups},  // 4.14.1
      {"POST", "/v2/{project_id}/policy-groups", "policy_groups.create",
       CreatePolicyGroup},  // 4.14.2
      {"DELETE", "/v2/{project_id}/policy-groups/{policy_group_id}", "policy_groups.delete",
       DeletePolicyGroup},  // 4.14.3
      {"GET", "/v2/{project_id}/policy-groups/{policy_group_id}", "policy_groups.get",
       GetPolicyGroup},  // 4.14.4
      {"PUT", "/v2/{project_id}/policy-groups/{policy_group_id}", "policy_groups.modify",
       UpdatePolicyGroup},  // 4.14.5
      {"GET", "/v2/{project_id}/policy-groups/{policy_group_id}/policies",
       "policy_groups.get_policies", GetPolicies},  // 4.14.6
      {"PUT", "/v2/{project_id}/policy-groups/{policy_group_id}/policies",
       "policy_groups.modify_policies", UpdatePolicies},  // 4.14.7
      {"GET", "/v2/{project_id}/policy-groups/{policy_group_id}/targets",
       "policy_groups.list_targets", ListPolicyTargets},  // 4.14.8
      {"PUT", "/v2/{project_id}/policy-groups/{policy_group_id}/targets",
       "policy_groups.modify_targets", UpdatePolicyTargets},  // 4.14.9
      {"GET", "/v2/{project_id}/policy-groups/detail", "policy_groups.list_detail",
       ListPolicyGroupsDetail},  // 4.14.10
      {"POST", "/v2/{project_id}/access-policy", "access_policies.create",
       CreateAccessPolicy},  // 4.14.12
      {"GET", "/v2/{project_id}/access-policy", "access_policies.list",
       ListAccessPolicies},  // 4.14.13
      {"DELETE", "/v2/{project_id}/access-policy", "access_policies.delete",
       DeleteAccessPolicies},  // 4.14.14
      {"PUT", "/v2/{project_id}/access-policy/{access_policy_id}", "access_policies.update",
       UpdateAccessPolicy},  // 4.14.15
      {"GET", "/v2/{project_id}/access-policy/{access_policy_id}/objects",
       "access_policies.list_objects", ListAccessPolicyObjects},  // 4.14.16
      {"PUT", "/v2/{project_id}/access-policy/{access_policy_id}/objects",
       "access_policies.update_objects", UpdateAccessPolicyObjects},  // 4.14.17
      // lookups and jobs
      {"GET", "/v2/{project_id}/products", "products.list", ListProducts},  // 4.18.1
      {"GET", "/v2/{project_id}/quotas", "quotas.list", GetQuotas},         // 4.25.1
      {"GET", "/v2/{project_id}/images", "images.list", ListImages},        // 4.26.1
      {"GET", "/v2/{project_id}/availability-zones", "availability_zones.list",
       ListAvailabilityZones},                                                            // 4.27.1
      {"GET", "/v2/{project_id}/workspace-jobs/{job_id}", "jobs.get", GetJob},            // 4.28.1
      {"GET", "/v2/{project_id}/workspace-sub-jobs", "jobs.list_sub_jobs", ListSubJobs},  // 4.28.2
      {"POST", "/v2/{project_id}/workspace-sub-jobs/batch-delete", "jobs.delete_sub_jobs",
       DeleteSubJobs},  // 4.28.3
  };
  return kOperations;
}

std::vector<Operation> AllOperations(std::span<const Resource* const> resources) {
  std::vector<Operation> all = CoreOperations();
  for (const Resource* resource : resources) {
    std::span<const Operation> ops = resource->operations();
    all.insert(all.end(), ops.begin(), ops.end());
  }
  return all;
}

}  // namespace deskops::simulator
