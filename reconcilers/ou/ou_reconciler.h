#pragma once
// OUs (4.10): the AD domain's organisational units registered with Workspace, keyed by their OU
// name. Listed with 4.10.1, added with 4.10.2 (which answers the new ID), described with 4.10.4,
// deleted one by one with 4.10.3. An OU must exist in the AD domain to be added: the plan checks
// the name against the domain's OUs (4.10.5, looked up as "OU:ad") and refuses an unknown one. The
// domain cannot change in place: with deskops.io/allow-replace the OU is deleted and added again.

#include <optional>
#include <string>
#include <variant>

#include "reconcilers/engine/kind.h"
#include "reconcilers/ou/ou_client.h"
#include "specs/ou.h"

namespace deskops::reconcilers::ou {

struct Create {
  std::string domain;
  std::optional<std::string> description;
  std::string replaces_id;  // a replacement: the OU deleted first
};
struct Update {
  std::string id;
  std::optional<std::string> description;
};
using Step = std::variant<Create, Update>;

class Reconciler final : public TypedKind<specs::OuSpec, cloud::ous::Ou, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  core::StatusOr<std::vector<LiveRef>> Lookups(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.ou_name; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
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

}  // namespace deskops::reconcilers::ou
