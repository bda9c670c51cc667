#pragma once
// Internal to the AccessPolicy kind: what Diff puts in its actions' payloads and how Execute
// carries them out. Objects are carried by type and name; their IDs are looked up in the LiveIndex
// when the action runs (users and groups may be created earlier in the same run).
//
// One policy's actions run one by one in plan order, which Diff makes: adopt; create or replace;
// enable; is_block_all (which can change only while the policy is enabled, L31945); IP ranges;
// objects; disable.
// Called from the executor's workers; the functions touch only the ExecContext.

#include <optional>
#include <string>
#include <vector>

#include "cloud/policies.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/object.h"

namespace deskops::reconcilers::access_policy {

inline constexpr const char* kKind = "AccessPolicy";

// Create (replaces_id empty) or replace. The policy is created without is_enable and is_block_all,
// which the reference says can only be set on their own (L31944-31945): they follow, each in its
// own 4.14.15 call, when the created policy does not already match.
struct CreatePayload : ActionPayload {
  cloud::access_policies::CreateRequest request;  // without objects, is_enable, is_block_all
  std::vector<specs::NamedObject> objects;
  std::optional<bool> is_enable, is_block_all;
  std::string replaces_id;
};

// The 4.14.15 calls for one field, in order (ADD_IP before DELETE_IP).
struct UpdatePayload : ActionPayload {
  std::string id;
  std::vector<cloud::access_policies::UpdateRequest> calls;
};

// 4.14.17: the complete list.
struct ObjectsPayload : ActionPayload {
  std::string id;
  std::vector<specs::NamedObject> objects;
};

ActionResult RunStep(ExecContext& ctx, const Action& action);

// The LiveIndex kind of an object type (USER, USERGROUP).
std::string KindOfObject(const std::string& object_type);

}  // namespace deskops::reconcilers::access_policy
