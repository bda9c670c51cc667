#pragma once
// User groups (4.9): created with 4.9.2 (which answers without the ID, so one list call by keyword
// finds it), described with 4.9.5, re-created when the platform type changes (only with the
// deskops.io/allow-replace annotation: 4.9.4 delete, create, then the members in one ADD call),
// given and relieved of members with one 4.9.6 ADD call and one 4.9.6 DELETE call per group,
// deleted in one 4.9.3 batch call.
//
// Observed with one 4.9.1 list call per 100 groups. Membership is not read per group (4.9.7 would
// cost one call per group): the User kind publishes each user's group names in the LiveIndex
// (User attribute "groups", one name per line), and the diff derives each group's members from
// that. One group's steps run in order (serial): create or replace, then the description, then
// members added, then members removed, so a new group gets its members and a group is never
// emptied before it is refilled.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cloud/users.h"
#include "reconcilers/engine/kind.h"
#include "specs/user_group.h"

namespace deskops::reconcilers::user_group {

// What is observed of a group: 4.9.1's entry, and for `deskops get usergroups NAME` its members.
struct LiveGroup {
  cloud::groups::Group group;
  std::optional<std::vector<std::string>> members;
};

struct Create {
  std::string platform_type;
  std::optional<std::string> description;
  std::string replaces_id;           // a replacement: the group deleted first
  std::vector<std::string> members;  // a replacement: added to the new group, by user name
};
struct SetDescription {
  std::string id, description;
};
// Members by user name; their IDs (and the group's, when it is created in the same run) are looked
// up when the step runs.
struct Members {
  std::string group_id;
  std::vector<std::string> user_names;
  bool add = true;
};
using Step = std::variant<Create, SetDescription, Members>;

class Reconciler final : public TypedKind<specs::UserGroupSpec, LiveGroup, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.group.name; }
  std::string_view IdOf(const Live& live) const override { return live.group.id; }
  void Attributes(const Live& live, LiveRef& ref) const override;
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                   ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  core::StatusOr<std::vector<Live>> Find(ExecContext& ctx, const std::vector<std::string>& names,
                                         const std::vector<std::string>& ids) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::user_group
