#include "reconcilers/ou/ou_reconciler.h"

#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace ou {

using core::StrCat;
namespace api = cloud::ous;
namespace ops = cloud::ops;

namespace {

constexpr const char* kAdKind = "OU:ad";  // the AD domain's OUs (4.10.5)

ActionResult CreateOu(ExecContext& ctx, const Action& a, const Create& c) {
  if (!c.replaces_id.empty()) {
    ActionResult deleted =
        CallSync(ctx, ops::kDeleteOu, a, [&] { return api::Delete(ctx.client, c.replaces_id); });
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove("OU", a.name);
  }
  return CallCreate(ctx, ops::kCreateOu, a,
                    [&] { return api::Create(ctx.client, c.domain, a.name, c.description); });
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::OUKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{},
      .serial = true,
      .replaceable = true,
      .batch_delete = &ops::kDeleteOu,
      .max_per_delete = 1,  // 4.10.3 deletes one OU
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(api::Delete(client, ids.front()));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListOus, &ops::kListAdOus, &ops::kCreateOu, &ops::kUpdateOu, &ops::kDeleteOu};
}

core::StatusOr<std::vector<api::Ou>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, api::List(ctx.client, ctx.name));
  if (ctx.name) std::erase_if(listed, [&](const api::Ou& o) { return o.ou_name != *ctx.name; });
  return listed;
}

core::StatusOr<std::vector<LiveRef>> Reconciler::Lookups(const ObserveContext& ctx) const {
  // Only a plan that adds an OU needs the domain's OUs.
  bool adds = false;
  if (ctx.manifests) adds = !ctx.manifests->OfKind("OU").empty();
  std::vector<LiveRef> out;
  if (!adds) return out;
  DESKOPS_ASSIGN_OR_RETURN(auto ad, api::ListAd(ctx.client));
  for (const auto& o : ad) out.push_back({kAdKind, o.ou_name, o.ou_dn, {}});
  return out;
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  // The domain's OUs (4.10.5): an OU that is not in AD cannot be added. An empty list says the
  // domain reported none, which deskops does not take as proof.
  if (!ctx.diff.index.OfKind(kAdKind).empty() && !ctx.diff.index.Find(kAdKind, ctx.name())) {
    p.errors.push_back(StrCat("metadata.name: the AD domain has no OU ", core::Quote(ctx.name()),
                              " (4.10.5 lists the domain's OUs); create it in AD first"));
    return;
  }
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kCreateOu},
                     Create{spec.domain, spec.description, ""});
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  if (!live.domain.empty() && !core::EqualsIgnoreCase(spec.domain, live.domain)) {
    p.Immutable("spec.domain", Show(spec.domain), Show(live.domain));
    return;
  }
  std::vector<FieldChange> changes;
  if (!Compare(changes, "spec.description", spec.description, live.description)) return;
  Action a =
      NewStep(ctx.name(), Verb::kUpdate, {&ops::kUpdateOu}, Update{live.id, spec.description});
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                             ObjectPlan& p) const {
  Action a = NewStep(ctx.name(), Verb::kReplace, {&ops::kDeleteOu, &ops::kCreateOu},
                     Create{spec.domain, spec.description, live.id});
  a.note = "deleted from Workspace and added again in its new domain";
  p.actions.push_back(std::move(a));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    const Step& step = StepOf<Step>(*a);
    if (const auto* c = std::get_if<Create>(&step)) {
      results.push_back(CreateOu(ctx, *a, *c));
    } else {
      const auto& u = std::get<Update>(step);
      results.push_back(CallSync(ctx, ops::kUpdateOu, *a, [&] {
        return api::Update(ctx.client, u.id, a->name, u.description);
      }));
    }
  }
  return results;
}

void Reconciler::ExportTo(const Live& o, const ExportContext&, ExportDoc& doc) const {
  doc.Set("domain", o.domain).Set("description", o.description);
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "DOMAIN", "DN", "DESCRIPTION"};
}

Reconciler::Row Reconciler::RowOf(const Live& o) const {
  return {{o.ou_name, o.id, o.domain, o.ou_dn, o.description},
          nlohmann::json{{"name", o.ou_name},
                         {"id", o.id},
                         {"domain_id", o.domain_id},
                         {"domain", o.domain},
                         {"ou_dn", o.ou_dn},
                         {"description", o.description}}
              .dump()};
}

}  // namespace ou

std::unique_ptr<reconcilers::Reconciler> MakeOUReconciler() {
  return std::make_unique<ou::Reconciler>();
}

}  // namespace deskops::reconcilers
