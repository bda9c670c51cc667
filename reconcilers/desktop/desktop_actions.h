#pragma once
// Payloads of desktop actions and the helpers that build them (reconcilers/desktop internal).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cloud/desktops.h"
#include "reconcilers/engine/action.h"
#include "specs/desktop.h"

namespace deskops::reconcilers::desktop {

// Create one desktop; compatible creates share a batch key and go out 50 per request.
struct CreatePayload : ActionPayload {
  cloud::desktops::CreateRequest request;  // desktops[] holds this desktop's entry only
};

// Delete a desktop a failed create left in ERROR, then create it again.
struct RecreatePayload : CreatePayload {
  std::string id;  // the failed desktop
};

// One desktop operation keyed by the desktop's ID (most calls take lists of IDs).
struct IdPayload : ActionPayload {
  std::string id;
  std::string arg;  // op_type, product ID, privilege group, "true"/"false"... per verb
  std::string arg2;  // image type, ...
};

struct AttachPayload : ActionPayload {
  std::string id, user_name, user_group;
  std::optional<std::string> user_email;
  bool detach_first = false;  // assigned to someone else now: unassign, then assign
};

struct TagPayload : ActionPayload {
  std::string id;
  std::vector<cloud::Tag> set, remove;  // remove: keys only
};

struct VolumePayload : ActionPayload {
  std::string id;
  std::vector<cloud::Volume> add;
  std::vector<std::string> remove_ids;
  std::vector<cloud::desktops::VolumeExpansion> expand;
};

struct NetworkPayload : ActionPayload {
  std::string id, vpc_id, subnet_id;
  std::vector<std::string> security_group_ids;
  std::optional<std::string> private_ip;
};

// A desktop action with its one API operation.
Action MakeAction(const std::string& name, Verb verb, std::string op,
                 std::shared_ptr<const ActionPayload> payload,
                 Disruption disruption = Disruption::kSafe, std::string batch_key = "");
std::shared_ptr<IdPayload> Ids(const std::string& id, std::string arg = "", std::string arg2 = "");

// The parts of a create request that must be equal for desktops to share one request (L5081).
std::string CreateBatchKey(const cloud::desktops::CreateRequest& r);

// The create request for a desired desktop (its tags include the ownership tag).
cloud::desktops::CreateRequest CreateRequestFor(const std::string& name,
                                                const specs::DesktopSpec& spec,
                                                const std::string& owner);

}  // namespace deskops::reconcilers::desktop
