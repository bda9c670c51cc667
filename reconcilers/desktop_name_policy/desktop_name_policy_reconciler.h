#pragma once
// Desktop name policies (4.5): listed with 4.5.1, created with 4.5.2 (which answers with the new
// ID), changed with 4.5.3 (only the fields that differ), deleted 50 per 4.5.4 call. Every field is
// read back, so all are diffed.

#include <memory>
#include <string>
#include <variant>

#include "cloud/policies.h"
#include "reconcilers/engine/kind.h"
#include "specs/desktop_name_policy.h"

namespace deskops::reconcilers::desktop_name_policy {

struct Create {
  cloud::name_policies::Spec request;
};
struct Update {
  std::string id;
  cloud::name_policies::Spec request;  // only the fields that change
};
using Step = std::variant<Create, Update>;

class Reconciler final
    : public TypedKind<specs::DesktopNamePolicySpec, cloud::name_policies::NamePolicy, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.name; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::desktop_name_policy
