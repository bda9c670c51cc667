#pragma once
// Access policies (4.14.12-4.14.17): created with 4.14.12 (which answers without a body, so one
// list call finds the new ID by name and access-control type), re-created when the blacklist or
// access-control type changes (only with deskops.io/allow-replace), updated with 4.14.15 (one call
// per change: IP ranges added with ADD_IP, then removed with DELETE_IP, and is_enable and
// is_block_all each on their own, L31944-31945), given their users and groups with one 4.14.17 PUT
// of the complete list, and deleted with one 4.14.14 DELETE (body policy_id_list) for all.
//
// Observed with one 4.14.13 list call per 100 policies plus one 4.14.16 call per policy (per 2,000
// objects): the API has no cheaper source of a policy's objects. Objects are compared by type and
// name; a live object's name is taken from the LiveIndex by its ID (users and groups), falling
// back to the object_name the policy stored (the API does not verify it, L31960).
// One policy's steps run in order (serial): create or replace; enable; is_block_all (which can
// change only while the policy is enabled, L31945); IP ranges; objects; disable.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cloud/policies.h"
#include "reconcilers/engine/kind.h"
#include "specs/access_policy.h"

namespace deskops::reconcilers::access_policy {

struct LivePolicy {
  cloud::access_policies::AccessPolicy policy;
  std::vector<cloud::access_policies::Object> objects;  // read for plans and exports only
};

// Create (replaces_id empty) or replace. The policy is created without is_enable and is_block_all,
// which the reference says can only be set on their own (L31944-31945): they follow, each in its
// own 4.14.15 call, when the created policy does not already match.
struct Create {
  cloud::access_policies::CreateRequest request;  // without objects, is_enable, is_block_all
  std::vector<specs::NamedObject> objects;        // by name: resolved when the step runs
  std::optional<bool> is_enable, is_block_all;
  std::string replaces_id;
};
// The 4.14.15 calls for one field, in order (ADD_IP before DELETE_IP).
struct Update {
  std::string id;
  std::vector<cloud::access_policies::UpdateRequest> calls;
};
// 4.14.17: the complete list.
struct SetObjects {
  std::string id;
  std::vector<specs::NamedObject> objects;
};
using Step = std::variant<Create, Update, SetObjects>;

class Reconciler final : public TypedKind<specs::AccessPolicySpec, LivePolicy, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.policy.name; }
  std::string_view IdOf(const Live& live) const override { return live.policy.id; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                   ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

// The LiveIndex kind of an object type (USER, USERGROUP).
std::string KindOfObject(const std::string& object_type);
// Carries out one step (access_policy_execute.cc).
ActionResult RunStep(ExecContext& ctx, const Action& action);

}  // namespace deskops::reconcilers::access_policy
