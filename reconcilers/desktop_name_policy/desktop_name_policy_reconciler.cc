#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"

#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace desktop_name_policy {

namespace api = cloud::name_policies;
namespace ops = cloud::ops;

namespace {

constexpr std::size_t kMaxIdsPerDelete = 50;  // L15303

// What 4.5.3 would change; `r` gets only those fields.
std::vector<FieldChange> Changes(const specs::DesktopNamePolicySpec& s, const api::NamePolicy& p,
                                 api::Spec& r) {
  using Int = std::optional<std::int64_t>;
  std::vector<FieldChange> c;
  if (Compare(c, "spec.namePrefix", std::optional(s.name_prefix), p.name_prefix)) {
    r.name_prefix = s.name_prefix;
  }
  if (Compare(c, "spec.digitNumber", Int(s.digit_number), p.digit_number)) {
    r.digit_number = s.digit_number;
  }
  if (Compare(c, "spec.startNumber", Int(s.start_number), p.start_number)) {
    r.start_number = s.start_number;
  }
  if (Compare(c, "spec.singleDomainUserIncrement", Int(s.single_domain_user_increment),
              p.single_domain_user_increment)) {
    r.single_domain_user_increment = s.single_domain_user_increment;
  }
  if (Compare(c, "spec.isDefaultPolicy", s.is_default_policy, p.is_default_policy)) {
    r.is_default_policy = s.is_default_policy;
  }
  return c;
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::DesktopNamePolicyKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{},
      .batch_delete = &ops::kDeleteNamePolicies,
      .max_per_delete = kMaxIdsPerDelete,
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(api::Delete(client, ids));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListNamePolicies, &ops::kCreateNamePolicy, &ops::kUpdateNamePolicy,
          &ops::kDeleteNamePolicies};
}

core::StatusOr<std::vector<Reconciler::Live>> Reconciler::List(const ObserveContext& ctx) const {
  return api::List(ctx.client);
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& s, ObjectPlan& p) const {
  api::Spec r;
  r.policy_name = ctx.name();
  r.name_prefix = s.name_prefix;
  r.digit_number = s.digit_number;
  r.start_number = s.start_number;
  r.single_domain_user_increment = s.single_domain_user_increment;
  r.is_default_policy = s.is_default_policy;
  p.actions.push_back(NewStep(ctx.name(), Verb::kCreate, {&ops::kCreateNamePolicy}, Create{r}));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& s, const Live& live,
                            ObjectPlan& p) const {
  Update update{live.id, {}};
  std::vector<FieldChange> changes = Changes(s, live, update.request);
  if (changes.empty()) return;
  Action a = NewStep(ctx.name(), Verb::kUpdate, {&ops::kUpdateNamePolicy}, std::move(update));
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    const Step& step = StepOf<Step>(*a);
    if (const auto* create = std::get_if<Create>(&step)) {
      results.push_back(CallCreate(ctx, ops::kCreateNamePolicy, *a,
                                   [&] { return api::Create(ctx.client, create->request); }));
    } else {
      const auto& update = std::get<Update>(step);
      results.push_back(CallSync(ctx, ops::kUpdateNamePolicy, *a, [&] {
        return api::Update(ctx.client, update.id, update.request);
      }));
    }
  }
  return results;
}

void Reconciler::ExportTo(const Live& p, const ExportContext&, ExportDoc& doc) const {
  doc.Set("namePrefix", p.name_prefix)
      .Set("digitNumber", p.digit_number)
      .Set("startNumber", p.start_number)
      .Set("singleDomainUserIncrement", p.single_domain_user_increment)
      .Set("isDefaultPolicy", p.is_default_policy);
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "PREFIX", "DIGITS", "START", "DEFAULT"};
}

Reconciler::Row Reconciler::RowOf(const Live& p) const {
  return {{p.name, p.id, p.name_prefix, std::to_string(p.digit_number),
           std::to_string(p.start_number), p.is_default_policy ? "yes" : "no"},
          nlohmann::json{{"name", p.name},
                         {"id", p.id},
                         {"name_prefix", p.name_prefix},
                         {"digit_number", p.digit_number},
                         {"start_number", p.start_number},
                         {"single_domain_user_increment", p.single_domain_user_increment},
                         {"is_default_policy", p.is_default_policy}}
              .dump()};
}

}  // namespace desktop_name_policy

std::unique_ptr<reconcilers::Reconciler> MakeDesktopNamePolicyReconciler() {
  return std::make_unique<desktop_name_policy::Reconciler>();
}

}  // namespace deskops::reconcilers
