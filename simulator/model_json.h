#pragma once
// JSON conversions of the model's structs (model.h), in the simulator's own field names. Used to
// save and restore state (persistence.h) and to carry parameters inside Job::effect. This is not
// the wire format of the API (render.h produces that). Thread-safe (pure functions).

#include <nlohmann/json.hpp>

#include "simulator/model.h"

namespace deskops::simulator {

NLOHMANN_JSON_SERIALIZE_ENUM(Progression::Mode, {{Progression::Mode::kImmediate, "immediate"},
                                                 {Progression::Mode::kSeconds, "seconds"},
                                                 {Progression::Mode::kReads, "reads"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Tag, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Volume, id, volume_id, type, size, index,
                                                created_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AttachedUser, user_id, user_name, user_group, type)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    Desktop, id, computer_name, users, pool_id, product_id, root, data, os_host_name, sid, type,
    image_id, availability_zone, subnet_id, security_group_ids, ip, user_group, ou_name,
    enterprise_project_id, status, task_status, session, attach_state, in_maintenance_mode,
    created_ms, tags, job_id, hour_package_product_id, next_volume_index, image_type,
    email_notification, eip, apply_shared_vpc_dedicated_param, hour_package_offering_id,
    desktop_name_policy_id, user_email, user_phone, self_backup_management)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuthorizedObject, object_type, object_id,
                                                object_name, user_group, created_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PoolVolume, id, type, size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    Pool, id, name, type, description, created_ms, availability_zone, product_id, flavor_id,
    image_type, image_id, root_volume, data_volumes, vpc_id, subnet_ids, security_group_ids,
    authorized, ou_name, tags, enterprise_project_id, disconnected_retention_period,
    enable_autoscale, autoscale_policy, desktop_name_policy_id, in_maintenance_mode, job_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(User, id, user_name, user_email, user_phone,
                                                account_expires, active_type,
                                                enable_change_password, next_login_change_password,
                                                password_never_expired, disabled, locked,
                                                description, alias_name, enterprise_project_id,
                                                user_info_map, sid, created_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Group, id, name, platform_type, description, sid,
                                                created_ms, member_ids)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PolicyTarget, target_id, target_name, target_type)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PolicyGroup, id, name, priority, description,
                                                update_ms, targets, policies)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IpRange, ip_address, subnet_mask)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AccessPolicyObject, object_id, object_type,
                                                object_name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AccessPolicy, id, name, blacklist_type,
                                                access_control_type, ip_list, is_enable,
                                                is_block_all, created_ms, objects)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NamePolicy, id, name, name_prefix, digit_number,
                                                start_number, single_domain_user_inc,
                                                is_default_policy, next_number)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Progression, mode, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SubJob, id, desktop_id, product_id, user_name,
                                                desktop_name, ip_address, error_code, fail_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Job, id, job_type, pool_id, created_ms, progression,
                                                reads, fail, fail_code, fail_reason, done, end_ms,
                                                subs, effect)

}  // namespace deskops::simulator
