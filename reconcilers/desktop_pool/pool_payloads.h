#pragma once
// What a DesktopPool action carries from Diff to Execute: request bodies with objects referenced
// by name (authorised users and groups, the desktop name policy), resolved to IDs from the
// LiveIndex when the action runs. Plain immutable data once planned; thread-safe to read.

#include <optional>
#include <string>
#include <vector>

#include "cloud/pools.h"
#include "reconcilers/engine/action.h"
#include "specs/object.h"

namespace deskops::reconcilers::pool {

inline constexpr const char* kKind = "DesktopPool";

// 4.4.1.
struct CreatePayload : ActionPayload {
  cloud::pools::CreateRequest request;  // without authorised objects and name policy ID
  std::vector<specs::NamedObject> authorized;
  std::optional<std::string> name_policy;  // DesktopNamePolicy name
};

// Delete (4.3.6 for the desktops, then 4.4.4) and create again.
struct ReplacePayload : ActionPayload {
  std::string id;
  CreatePayload create;
};

// 4.4.3, only the changed fields.
struct ModifyPayload : ActionPayload {
  std::string id;
  cloud::pools::ModifyRequest request;     // without desktop_name_policy_id
  std::optional<std::string> name_policy;  // DesktopNamePolicy name, when it changes
  // What the pool has, sent for autoscale sub-fields whose change is ignored (4.4.3 takes the
  // policy as a whole).
  std::optional<cloud::pools::Autoscale> observed_autoscale;
};

// 4.4.6: the number of desktops to add.
struct ExpandPayload : ActionPayload {
  std::string id;
  std::int64_t add = 0;
  // Desktops a failed pool job left in ERROR, deleted before the pool is expanded by `add`
  // (which counts them again).
  std::vector<std::string> failed_desktop_ids;
};

// 4.4.7.
struct ResizePayload : ActionPayload {
  std::string id, product_id;
  std::optional<std::string> flavor_id;
  std::string observed_product_id;  // sent when only the flavor's change is kept
};

// 4.4.8.
struct RebuildPayload : ActionPayload {
  std::string id, image_type, image_id;
};

// 4.4.9 add / 4.4.10 delete / 4.4.11 expand.
struct VolumesPayload : ActionPayload {
  enum class Op { kAdd, kExpand, kDelete } op = Op::kAdd;
  std::string id;
  std::vector<cloud::Volume> volumes;  // add: type and size; delete and expand: with record IDs
};

// 4.4.14, one call per action: ADD or REMOVE.
struct AuthorizePayload : ActionPayload {
  std::string id, action;
  std::vector<specs::NamedObject> add;                 // by name: resolved when executing
  std::vector<cloud::pools::AuthorizedObject> remove;  // as observed, with their IDs
};

// 4.4.12.
struct PowerPayload : ActionPayload {
  std::string id, op_type;  // os-start, os-stop, hibernate
};

}  // namespace deskops::reconcilers::pool
