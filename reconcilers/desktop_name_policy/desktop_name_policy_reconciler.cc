#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"

#include <algorithm>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/kind_util.h"
#include "specs/desktop_name_policy.h"

namespace deskops::reconcilers {

using core::Status;
namespace name_policies = cloud::name_policies;

namespace {

constexpr const char* kKind = "DesktopNamePolicy";
constexpr std::size_t kMaxIdsPerDelete = 50;  // L15303

struct SpecPayload : ActionPayload {
  std::string id;  // empty for a create
  name_policies::Spec request;
};

LiveRef Ref(const std::string& name, const std::string& id) { return {kKind, name, id, {}}; }

name_policies::Spec CreateRequest(const std::string& name, const specs::DesktopNamePolicySpec& s) {
  name_policies::Spec r;
  r.policy_name = name;
  r.name_prefix = s.name_prefix;
  r.digit_number = s.digit_number;
  r.start_number = s.start_number;
  r.single_domain_user_increment = s.single_domain_user_increment;
  r.is_default_policy = s.is_default_policy;
  return r;
}

// What 4.5.3 would change; `r` gets only those fields.
std::vector<FieldChange> Changes(const specs::DesktopNamePolicySpec& s,
                                 const name_policies::NamePolicy& p, name_policies::Spec& r) {
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

std::unique_ptr<Reconciler> MakeDesktopNamePolicyReconciler() {
  return std::make_unique<DesktopNamePolicyReconciler>();
}

Status DesktopNamePolicyReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(live_, name_policies::List(client));
  for (const auto& p : live_) index.Put(Ref(p.name, p.id));
  return Status::Ok();
}

void DesktopNamePolicyReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) {
    const auto& spec = *o->As<specs::DesktopNamePolicySpec>();
    const std::string& name = o->meta.name;
    const name_policies::NamePolicy* live = FindByName(live_, name);
    if (!live) {
      if (auto held = HeldCreate(ctx, kKind, name, "name_policies.create")) {
        plan.Add(*held);
        continue;
      }
      auto payload = std::make_shared<SpecPayload>();
      payload->request = CreateRequest(name, spec);
      plan.Add(MakeAction(kKind, name, Verb::kCreate, "name_policies.create", payload));
      continue;
    }
    const bool adopt = !ctx.Owned(kKind, name);
    if (adopt) {
      if (!MayAdopt(ctx, *o, plan)) continue;
      plan.Add(AdoptAction(kKind, name, live->id));
    }
    auto update = std::make_shared<SpecPayload>();
    update->id = live->id;
    std::vector<FieldChange> changes = Changes(spec, *live, update->request);
    if (!changes.empty()) {
      Action a = MakeAction(kKind, name, Verb::kUpdate, "name_policies.update", update);
      a.changes = std::move(changes);
      plan.Add(std::move(a));
    } else if (!adopt) {
      plan.InSync();
    }
  }
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    const name_policies::NamePolicy* live = FindByName(live_, owned.name);
    if (live) plan.Add(DeleteAction(kKind, owned.name, live->id, "name_policies.batch_delete"));
  }
}

namespace {

ActionResult RunOne(ExecContext& ctx, const Action& a) {
  if (a.verb == Verb::kAdopt) return Adopt(ctx, a);
  const auto* p = a.As<SpecPayload>();
  if (a.verb == Verb::kUpdate) {
    return CallSync(ctx, "name_policies.update", {&a},
                    [&] { return name_policies::Update(ctx.client, p->id, p->request); })
        .front();
  }
  std::string id;  // 4.5.2 answers with it
  ActionResult created =
      CallSync(ctx, "name_policies.create", {&a}, [&]() -> Status {
        DESKOPS_ASSIGN_OR_RETURN(id, name_policies::Create(ctx.client, p->request));
        return Status::Ok();
      }).front();
  if (created.status.ok()) {
    ctx.inventory.Own(kKind, a.name, id);
    ctx.index.Put(Ref(a.name, id));
  }
  return created;
}

}  // namespace

std::vector<ActionResult> DesktopNamePolicyReconciler::Execute(
    ExecContext& ctx, const std::vector<const Action*>& batch) {
  std::vector<ActionResult> results;
  if (batch.front()->verb != Verb::kDelete) {
    for (const Action* a : batch) results.push_back(RunOne(ctx, *a));
    return results;
  }
  // 4.5.4 takes at most 50 IDs: one call per 50 deletions.
  for (std::size_t from = 0; from < batch.size(); from += kMaxIdsPerDelete) {
    std::vector<const Action*> chunk(
        batch.begin() + from, batch.begin() + std::min(batch.size(), from + kMaxIdsPerDelete));
    auto done = DeleteInOneCall(ctx, "name_policies.batch_delete", chunk, [&](const auto& ids) {
      return name_policies::Delete(ctx.client, ids);
    });
    results.insert(results.end(), done.begin(), done.end());
  }
  return results;
}

std::string DesktopNamePolicyReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& p : live_) {
    if (owned_only && !inventory.Find(kKind, p.name)) continue;
    ExportDoc doc(kKind, p.name);
    doc.Set("namePrefix", p.name_prefix)
        .Set("digitNumber", p.digit_number)
        .Set("startNumber", p.start_number)
        .Set("singleDomainUserIncrement", p.single_domain_user_increment)
        .Set("isDefaultPolicy", p.is_default_policy);
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
