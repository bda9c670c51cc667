#pragma once
// The Workspace API operations deskops uses: method, path template, the reference section, and for
// list calls the largest page size the API allows (api-digest §2.2). One table, so retries,
// metrics and pagination key on the same operation identity. Immutable; thread-safe.

#include <string_view>

namespace deskops::cloud {

struct Operation {
  std::string_view id;       // stable name for logs and metrics: "desktops.list_detail"
  std::string_view method;   // GET, POST, PUT, DELETE
  std::string_view path;     // "/v2/{project_id}/desktops/{desktop_id}"
  std::string_view section;  // "4.3.5"
  // List calls: the largest `limit`; -1 when omitting `limit` returns everything (4.8.1, 4.14.1);
  // 0 for calls that do not page.
  int max_page_size = 0;
  // Whether the call makes new objects (a create, a batch create): the ledger keeps such a call's
  // intent open until the objects are seen, so a crash never leads to a second create.
  bool creates = false;

  // GET, PUT and DELETE may be sent twice; a POST may not (it could create or act twice).
  bool idempotent() const { return method != "POST" && method != "PATCH"; }
  bool mutating() const { return method != "GET"; }
};

namespace ops {
// Desktops (4.3), tags (4.6), disks (4.11).
inline constexpr Operation kCreateDesktops{"desktops.create", "POST", "/v2/{project_id}/desktops",
                                           "4.3.1",           0,      true};
inline constexpr Operation kListDesktops{"desktops.list", "GET", "/v2/{project_id}/desktops",
                                         "4.3.2", 1000};
inline constexpr Operation kModifyDesktop{"desktops.modify", "PUT",
                                          "/v2/{project_id}/desktops/{desktop_id}", "4.3.3"};
inline constexpr Operation kDeleteDesktop{"desktops.delete", "DELETE",
                                          "/v2/{project_id}/desktops/{desktop_id}", "4.3.4"};
inline constexpr Operation kGetDesktop{"desktops.get", "GET",
                                       "/v2/{project_id}/desktops/{desktop_id}", "4.3.5"};
inline constexpr Operation kBatchDeleteDesktops{"desktops.batch_delete", "POST",
                                                "/v2/{project_id}/desktops/batch-delete", "4.3.6"};
inline constexpr Operation kListDesktopsDetail{"desktops.list_detail", "GET",
                                               "/v2/{project_id}/desktops/detail", "4.3.8", 500};
inline constexpr Operation kDesktopsAction{"desktops.action", "POST",
                                           "/v2/{project_id}/desktops/action", "4.3.9"};
inline constexpr Operation kResizeDesktops{"desktops.resize", "POST",
                                           "/v2/{project_id}/desktops/resize", "4.3.10"};
inline constexpr Operation kRebuildDesktops{"desktops.rebuild", "POST",
                                            "/v2/{project_id}/desktops/rebuild", "4.3.11"};
inline constexpr Operation kBatchDetachDesktops{"desktops.batch_detach", "POST",
                                                "/v2/{project_id}/desktops/batch-detach", "4.3.18"};
inline constexpr Operation kDetachDesktops{"desktops.detach", "POST",
                                           "/v2/{project_id}/desktops/detach", "4.3.19"};
inline constexpr Operation kAttachDesktops{"desktops.attach", "POST",
                                           "/v2/{project_id}/desktops/attach", "4.3.20"};
inline constexpr Operation kChangePrivilegeGroup{
    "desktops.change_privilege_group", "POST",
    "/v2/{project_id}/desktops/change-user-privilege-group", "4.3.21"};
inline constexpr Operation kChangeDesktopNetwork{
    "desktops.change_network", "PUT", "/v2/{project_id}/desktops/{desktop_id}/networks", "4.3.23"};
inline constexpr Operation kBatchChangeNetworks{"desktops.batch_change_network", "POST",
                                                "/v2/{project_id}/desktops/networks/batch-change",
                                                "4.3.25"};
inline constexpr Operation kSetMaintenanceMode{
    "desktops.maintenance_mode", "PUT", "/v2/{project_id}/desktops/maintenance-mode", "4.3.27"};
inline constexpr Operation kBatchAttachDesktops{"desktops.batch_attach", "POST",
                                                "/v2/{project_id}/desktops/batch-attach", "4.3.29"};
inline constexpr Operation kListDesktopTags{"tags.list", "GET",
                                            "/v2/{project_id}/desktops/{desktop_id}/tags", "4.6.1"};
inline constexpr Operation kDesktopTagsAction{
    "tags.action", "POST", "/v2/{project_id}/desktops/{desktop_id}/tags/action", "4.6.5"};
inline constexpr Operation kListProjectTags{"tags.list_project", "GET",
                                            "/v2/{project_id}/desktops/tags", "4.6.4", 1000};
inline constexpr Operation kBatchCreateTags{"tags.batch_create", "POST",
                                            "/v2/{project_id}/desktops/batch-tags", "4.6.7"};
inline constexpr Operation kBatchDeleteTags{"tags.batch_delete", "DELETE",
                                            "/v2/{project_id}/desktops/batch-tags", "4.6.8"};
inline constexpr Operation kAddVolumes{"volumes.add", "POST",
                                       "/v2/{project_id}/desktops/{desktop_id}/volumes", "4.11.1"};
inline constexpr Operation kDeleteVolumes{
    "volumes.delete", "POST", "/v2/{project_id}/desktops/{desktop_id}/volumes/batch-delete",
    "4.11.2"};
inline constexpr Operation kBatchAddVolumes{"volumes.batch_add", "POST", "/v2/{project_id}/volumes",
                                            "4.11.3"};
inline constexpr Operation kExpandVolume{
    "volumes.expand", "POST", "/v2/{project_id}/desktops/{desktop_id}/volumes/{volume_id}/expand",
    "4.11.4"};
inline constexpr Operation kBatchExpandVolumes{"volumes.batch_expand", "POST",
                                               "/v2/{project_id}/volumes/expand", "4.11.5"};

// Desktop pools (4.4).
inline constexpr Operation kCreatePool{"pools.create", "POST", "/v2/{project_id}/desktop-pools",
                                       "4.4.1",        0,      true};
inline constexpr Operation kListPools{"pools.list", "GET", "/v2/{project_id}/desktop-pools",
                                      "4.4.2", 1000};
inline constexpr Operation kModifyPool{"pools.modify", "PUT",
                                       "/v2/{project_id}/desktop-pools/{pool_id}", "4.4.3"};
inline constexpr Operation kDeletePool{"pools.delete", "DELETE",
                                       "/v2/{project_id}/desktop-pools/{pool_id}", "4.4.4"};
inline constexpr Operation kGetPool{"pools.get", "GET", "/v2/{project_id}/desktop-pools/{pool_id}",
                                    "4.4.5"};
inline constexpr Operation kExpandPool{"pools.expand", "POST",
                                       "/v2/{project_id}/desktop-pools/{pool_id}/expand", "4.4.6"};
inline constexpr Operation kResizePool{"pools.resize", "POST",
                                       "/v2/{project_id}/desktop-pools/{pool_id}/resize", "4.4.7"};
inline constexpr Operation kRebuildPool{
    "pools.rebuild", "POST", "/v2/{project_id}/desktop-pools/{pool_id}/rebuild", "4.4.8"};
inline constexpr Operation kAddPoolVolumes{
    "pools.volumes_add", "POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-add",
    "4.4.9"};
inline constexpr Operation kDeletePoolVolumes{
    "pools.volumes_delete", "POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-delete",
    "4.4.10"};
inline constexpr Operation kExpandPoolVolumes{
    "pools.volumes_expand", "POST", "/v2/{project_id}/desktop-pools/{pool_id}/volumes/batch-expand",
    "4.4.11"};
inline constexpr Operation kPoolAction{"pools.action", "POST",
                                       "/v2/{project_id}/desktop-pools/{pool_id}/action", "4.4.12"};
inline constexpr Operation kListPoolUsers{"pools.list_authorized", "GET",
                                          "/v2/{project_id}/desktop-pools/{pool_id}/users",
                                          "4.4.13", 100};
inline constexpr Operation kAuthorizePool{
    "pools.authorize", "POST", "/v2/{project_id}/desktop-pools/{pool_id}/users", "4.4.14"};
inline constexpr Operation kListPoolDesktops{"pools.list_desktops", "GET",
                                             "/v2/{project_id}/desktop-pools/{pool_id}/desktops",
                                             "4.4.15", 100};

// Desktop name policies (4.5).
inline constexpr Operation kListNamePolicies{"name_policies.list", "GET",
                                             "/v2/{project_id}/desktop-name-policies", "4.5.1", 50};
inline constexpr Operation kCreateNamePolicy{
    "name_policies.create", "POST", "/v2/{project_id}/desktop-name-policies", "4.5.2", 0, true};
inline constexpr Operation kUpdateNamePolicy{
    "name_policies.update", "PUT", "/v2/{project_id}/desktop-name-policies/{policy_id}", "4.5.3"};
inline constexpr Operation kDeleteNamePolicies{
    "name_policies.batch_delete", "POST", "/v2/{project_id}/desktop-name-policies/batch-delete",
    "4.5.4"};

// Users (4.8).
inline constexpr Operation kListUsers{"users.list", "GET", "/v2/{project_id}/users", "4.8.1", -1};
inline constexpr Operation kCreateUser{"users.create", "POST", "/v2/{project_id}/users",
                                       "4.8.2",        0,      true};
inline constexpr Operation kDeleteUser{"users.delete", "DELETE", "/v2/{project_id}/users/{user_id}",
                                       "4.8.3"};
inline constexpr Operation kGetUser{"users.get", "GET", "/v2/{project_id}/users/{user_id}",
                                    "4.8.4"};
inline constexpr Operation kModifyUser{"users.modify", "PUT", "/v2/{project_id}/users/{user_id}",
                                       "4.8.5"};
inline constexpr Operation kBatchDeleteUsers{"users.batch_delete", "POST",
                                             "/v2/{project_id}/users/batch-delete", "4.8.6"};
inline constexpr Operation kBatchCreateUsers{
    "users.batch_create", "POST", "/v2/{project_id}/users/batch-create", "4.8.7", 0, true};
inline constexpr Operation kUserAction{"users.action", "POST",
                                       "/v2/{project_id}/users/{user_id}/actions", "4.8.8"};

// User groups (4.9).
inline constexpr Operation kListGroups{"groups.list", "GET", "/v2/{project_id}/groups", "4.9.1",
                                       100};
inline constexpr Operation kCreateGroup{"groups.create", "POST", "/v2/{project_id}/groups",
                                        "4.9.2",         0,      true};
inline constexpr Operation kBatchDeleteGroups{"groups.batch_delete", "POST",
                                              "/v2/{project_id}/groups/batch-delete", "4.9.3"};
inline constexpr Operation kDeleteGroup{"groups.delete", "DELETE",
                                        "/v2/{project_id}/groups/{group_id}", "4.9.4"};
inline constexpr Operation kModifyGroup{"groups.modify", "PUT",
                                        "/v2/{project_id}/groups/{group_id}", "4.9.5"};
inline constexpr Operation kGroupAction{"groups.members", "POST",
                                        "/v2/{project_id}/groups/{group_id}/actions", "4.9.6"};
inline constexpr Operation kListGroupUsers{
    "groups.list_members", "GET", "/v2/{project_id}/groups/{group_id}/users", "4.9.7", 2000};

// OUs (4.10), needed to resolve policy targets of type OU.
inline constexpr Operation kListOus{"ous.list", "GET", "/v2/{project_id}/ous", "4.10.1", 100};

// Policy groups (4.14.1-4.14.11).
inline constexpr Operation kListPolicyGroups{"policy_groups.list", "GET",
                                             "/v2/{project_id}/policy-groups", "4.14.1", -1};
inline constexpr Operation kCreatePolicyGroup{
    "policy_groups.create", "POST", "/v2/{project_id}/policy-groups", "4.14.2", 0, true};
inline constexpr Operation kDeletePolicyGroup{
    "policy_groups.delete", "DELETE", "/v2/{project_id}/policy-groups/{policy_group_id}", "4.14.3"};
inline constexpr Operation kGetPolicyGroup{
    "policy_groups.get", "GET", "/v2/{project_id}/policy-groups/{policy_group_id}", "4.14.4"};
inline constexpr Operation kModifyPolicyGroup{
    "policy_groups.modify", "PUT", "/v2/{project_id}/policy-groups/{policy_group_id}", "4.14.5"};
inline constexpr Operation kGetPolicies{"policy_groups.get_policies", "GET",
                                        "/v2/{project_id}/policy-groups/{policy_group_id}/policies",
                                        "4.14.6"};
inline constexpr Operation kModifyPolicies{
    "policy_groups.modify_policies", "PUT",
    "/v2/{project_id}/policy-groups/{policy_group_id}/policies", "4.14.7"};
inline constexpr Operation kListPolicyTargets{
    "policy_groups.list_targets", "GET", "/v2/{project_id}/policy-groups/{policy_group_id}/targets",
    "4.14.8", 1000};
inline constexpr Operation kModifyPolicyTargets{
    "policy_groups.modify_targets", "PUT",
    "/v2/{project_id}/policy-groups/{policy_group_id}/targets", "4.14.9"};
inline constexpr Operation kListPolicyGroupsDetail{
    "policy_groups.list_detail", "GET", "/v2/{project_id}/policy-groups/detail", "4.14.10", 100};

// Access policies (4.14.12-4.14.17).
inline constexpr Operation kCreateAccessPolicy{
    "access_policies.create", "POST", "/v2/{project_id}/access-policy", "4.14.12", 0, true};
inline constexpr Operation kListAccessPolicies{"access_policies.list", "GET",
                                               "/v2/{project_id}/access-policy", "4.14.13", 100};
inline constexpr Operation kDeleteAccessPolicies{"access_policies.delete", "DELETE",
                                                 "/v2/{project_id}/access-policy", "4.14.14"};
inline constexpr Operation kUpdateAccessPolicy{"access_policies.update", "PUT",
                                               "/v2/{project_id}/access-policy/{access_policy_id}",
                                               "4.14.15"};
inline constexpr Operation kListAccessPolicyObjects{
    "access_policies.list_objects", "GET",
    "/v2/{project_id}/access-policy/{access_policy_id}/objects", "4.14.16", 2000};
inline constexpr Operation kUpdateAccessPolicyObjects{
    "access_policies.update_objects", "PUT",
    "/v2/{project_id}/access-policy/{access_policy_id}/objects", "4.14.17"};

// Jobs (4.28) and lookups.
inline constexpr Operation kGetJob{"jobs.get", "GET", "/v2/{project_id}/workspace-jobs/{job_id}",
                                   "4.28.1"};
inline constexpr Operation kListSubJobs{"jobs.list_sub_jobs", "GET",
                                        "/v2/{project_id}/workspace-sub-jobs", "4.28.2", 1000};
inline constexpr Operation kListProducts{"products.list", "GET", "/v2/{project_id}/products",
                                         "4.18.1", 100};
inline constexpr Operation kListQuotas{"quotas.list", "GET", "/v2/{project_id}/quotas", "4.25.1"};
inline constexpr Operation kListImages{"images.list", "GET", "/v2/{project_id}/images", "4.26.1",
                                       100};
inline constexpr Operation kListAvailabilityZones{"availability_zones.list", "GET",
                                                  "/v2/{project_id}/availability-zones", "4.27.1"};

// Every operation above, for metrics that pre-initialise a series per operation. A test checks
// that nothing above is missing here.
inline constexpr const Operation* kAll[] = {
    &kCreateDesktops,
    &kListDesktops,
    &kModifyDesktop,
    &kDeleteDesktop,
    &kGetDesktop,
    &kBatchDeleteDesktops,
    &kListDesktopsDetail,
    &kDesktopsAction,
    &kResizeDesktops,
    &kRebuildDesktops,
    &kBatchDetachDesktops,
    &kDetachDesktops,
    &kAttachDesktops,
    &kChangePrivilegeGroup,
    &kChangeDesktopNetwork,
    &kBatchChangeNetworks,
    &kSetMaintenanceMode,
    &kBatchAttachDesktops,
    &kListDesktopTags,
    &kDesktopTagsAction,
    &kListProjectTags,
    &kBatchCreateTags,
    &kBatchDeleteTags,
    &kAddVolumes,
    &kDeleteVolumes,
    &kBatchAddVolumes,
    &kExpandVolume,
    &kBatchExpandVolumes,
    &kCreatePool,
    &kListPools,
    &kModifyPool,
    &kDeletePool,
    &kGetPool,
    &kExpandPool,
    &kResizePool,
    &kRebuildPool,
    &kAddPoolVolumes,
    &kDeletePoolVolumes,
    &kExpandPoolVolumes,
    &kPoolAction,
    &kListPoolUsers,
    &kAuthorizePool,
    &kListPoolDesktops,
    &kListNamePolicies,
    &kCreateNamePolicy,
    &kUpdateNamePolicy,
    &kDeleteNamePolicies,
    &kListUsers,
    &kCreateUser,
    &kDeleteUser,
    &kGetUser,
    &kModifyUser,
    &kBatchDeleteUsers,
    &kBatchCreateUsers,
    &kUserAction,
    &kListGroups,
    &kCreateGroup,
    &kBatchDeleteGroups,
    &kDeleteGroup,
    &kModifyGroup,
    &kGroupAction,
    &kListGroupUsers,
    &kListOus,
    &kListPolicyGroups,
    &kCreatePolicyGroup,
    &kDeletePolicyGroup,
    &kGetPolicyGroup,
    &kModifyPolicyGroup,
    &kGetPolicies,
    &kModifyPolicies,
    &kListPolicyTargets,
    &kModifyPolicyTargets,
    &kListPolicyGroupsDetail,
    &kCreateAccessPolicy,
    &kListAccessPolicies,
    &kDeleteAccessPolicies,
    &kUpdateAccessPolicy,
    &kListAccessPolicyObjects,
    &kUpdateAccessPolicyObjects,
    &kGetJob,
    &kListSubJobs,
    &kListProducts,
    &kListQuotas,
    &kListImages,
    &kListAvailabilityZones,
};
}  // namespace ops

}  // namespace deskops::cloud
