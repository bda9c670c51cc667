// The engine's part of the kind contract (kind.h): the steps every kind takes the same way.
#include "reconcilers/engine/kind.h"

#include <algorithm>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/gates.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;

bool ObjectContext::Ignores(const std::string& path) const { return IgnoresChange(object, path); }

std::string Fingerprint(std::string_view value) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a: change detection, not security
  for (unsigned char c : value) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::string AppliedKey(const std::string& path) { return "applied:" + path; }

bool ObjectContext::WriteOnly(const std::string& path, const std::optional<std::string>& value,
                              std::vector<FieldChange>& changes,
                              std::map<std::string, std::string>& records) const {
  if (!value || Ignores(path)) return false;
  const std::string key = AppliedKey(path);
  const std::string want = Fingerprint(*value);
  const std::string have = owned ? owned->Record(key) : "";
  if (have == want) return false;
  FieldChange c{path, have.empty() ? "(not applied by deskops)" : "(last applied differs)", *value,
                true};
  changes.push_back(std::move(c));
  records[key] = want;
  return true;
}

namespace kind_engine {

namespace {

// The engine's payload of adopt and default-delete actions: the live object's ID.
struct EnginePayload final : ActionPayload {
  explicit EnginePayload(std::string i) : id(std::move(i)) {}
  bool engine() const override { return true; }
  std::string id;
};

void AddOnce(std::vector<std::string>& keys, std::string key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

}  // namespace

bool CheckReferences(const ObjectContext& ctx, ObjectPlan& p) {
  for (const specs::Ref& ref : ctx.object.refs) {
    if (!specs::FindKind(ref.kind) || ctx.Ignores(ref.path)) continue;
    if (ctx.diff.Ref(ref.kind, ref.name) != RefState::kMissing) continue;
    p.errors.push_back(StrCat(ref.path, ": ", ref.kind, " ", core::Quote(ref.name),
                              " neither exists nor is declared in the manifests"));
  }
  return p.errors.empty();
}

bool HoldCreate(const ObjectContext& ctx, ObjectPlan& p) {
  const PendingCreate* pending = ctx.diff.Pending(ctx.kind(), ctx.name());
  if (!pending) return false;
  Action a;
  a.kind = ctx.kind();
  a.name = ctx.name();
  a.verb = Verb::kCreate;
  a.held_by = Gate::kInFlight;
  a.held_reason = pending->reason;
  p.actions.push_back(std::move(a));
  return true;
}

bool Adopt(const ObjectContext& ctx, std::string_view id, ObjectPlan& p) {
  if (ctx.owned) return true;
  const std::string kind = ctx.kind();
  if (!ctx.object.policy.adopt.value_or(ctx.diff.options.AdoptKind(kind))) {
    p.errors.push_back(StrCat("a live ", kind,
                              " of this name exists but deskops does not own it; allow "
                              "adoption (deskops.io/adopt: \"true\") to manage it"));
    return false;
  }
  Action a;
  a.kind = kind;
  a.name = ctx.name();
  a.verb = Verb::kAdopt;
  a.payload = std::make_shared<EnginePayload>(std::string(id));
  p.actions.push_back(std::move(a));
  return true;
}

bool NeedsReplace(const ObjectContext& ctx, const KindTraits& traits, ObjectPlan& p) {
  std::erase_if(p.fixed, [&](const ObjectPlan::Fixed& f) { return ctx.Ignores(f.path); });
  if (p.fixed.empty()) return false;
  if (!traits.replaceable) {
    for (const auto& f : p.fixed) {
      p.errors.push_back(StrCat(f.path, " cannot change (", f.live, " -> ", f.desired, "); a ",
                                ctx.kind(), " cannot be replaced, so change it back"));
    }
    return false;
  }
  if (!ctx.object.policy.allow_replace) {
    for (const auto& f : p.fixed) p.errors.push_back(CannotChange(f.path, f.desired, f.live));
    return false;
  }
  std::erase_if(p.actions, [](const Action& a) { return a.verb != Verb::kAdopt; });
  return true;
}

void MarkReplacement(ObjectPlan& p, std::size_t first_action) {
  for (std::size_t i = first_action; i < p.actions.size(); ++i) {
    Action& a = p.actions[i];
    if (a.verb != Verb::kReplace) continue;
    a.disruption = Disruption::kDestructive;
    // The fields that force the replacement come first, then what the kind's step changes too.
    std::vector<FieldChange> changes;
    for (const auto& f : p.fixed) {
      const bool shown = std::any_of(a.changes.begin(), a.changes.end(),
                                     [&](const FieldChange& c) { return c.path == f.path; });
      if (!shown) changes.push_back({f.path, f.live, f.desired});
    }
    changes.insert(changes.end(), a.changes.begin(), a.changes.end());
    a.changes = std::move(changes);
  }
}

std::string Ambiguous(const std::string& kind, std::size_t count) {
  return StrCat(count, " live objects of kind ", kind,
                " have this name; deskops cannot tell which one to manage");
}

void Commit(const ObjectContext& ctx, const KindTraits& traits, ObjectPlan p, PlanBuilder& plan) {
  const std::string kind = ctx.kind();
  if (!p.errors.empty()) {
    for (auto& e : p.errors) plan.Error(kind, ctx.name(), std::move(e));
    return;
  }
  if (!p.records.empty()) {
    // An object adopted by this plan is not owned yet when the plan's records are written (the
    // inventory records only on owned objects): its adoption carries them, recorded once it ran.
    auto adopt = std::find_if(p.actions.begin(), p.actions.end(),
                              [](const Action& a) { return a.verb == Verb::kAdopt; });
    if (adopt != p.actions.end()) {
      adopt->records.insert(p.records.begin(), p.records.end());
    } else {
      plan.Record(kind, ctx.name(), std::move(p.records));
    }
  }
  bool changes = false, shown = false;
  for (Action& a : p.actions) {
    changes = changes || a.verb != Verb::kAdopt;
    if (a.verb == Verb::kCreate && a.changes.empty() && !a.held() && !shown) {
      // What the create sends: the fields its manifest sets, secrets by their source. (A create
      // held because an earlier one may be in flight sends nothing.)
      for (const auto& f : ctx.object.fields) a.changes.push_back({f.path, "", f.value});
      shown = true;
    }
    if (a.verb == Verb::kCreate || a.verb == Verb::kReplace) {
      for (const specs::Ref& ref : ctx.object.refs) {
        if (specs::FindKind(ref.kind)) AddOnce(a.depends_on, ObjectKey(ref.kind, ref.name));
      }
    }
    if (traits.serial) a.batch_key = ObjectKey(kind, ctx.name());
    plan.Add(std::move(a));
  }
  if (!changes) plan.InSync();
}

Action DeleteAction(const std::string& kind, const std::string& name, std::string_view id,
                    const KindTraits& traits) {
  Action a;
  a.kind = kind;
  a.name = name;
  a.verb = Verb::kDelete;
  a.disruption = Disruption::kDestructive;
  if (traits.batch_delete) {
    a.calls = {traits.batch_delete};
    a.batch_key = std::string(traits.batch_delete->id);
  }
  a.payload = std::make_shared<EnginePayload>(std::string(id));
  return a;
}

void CommitDelete(const DeleteContext& ctx, ObjectPlan p, PlanBuilder& plan) {
  const std::string& kind = ctx.owned.kind;
  if (!p.errors.empty()) {
    for (auto& e : p.errors) plan.Error(kind, ctx.owned.name, std::move(e));
    return;
  }
  // What a deletion forgets with no action of its own (a part of a singleton already gone).
  if (!p.records.empty()) plan.Record(kind, ctx.owned.name, std::move(p.records));
  for (Action& a : p.actions) plan.Add(std::move(a));
}

bool IsEngineAction(const Action& a) { return a.payload && a.payload->engine(); }

std::vector<ActionResult> RunEngineActions(ExecContext& ctx, const KindTraits& traits,
                                           const std::vector<const Action*>& batch) {
  auto id_of = [](const Action* a) { return static_cast<const EnginePayload&>(*a->payload).id; };
  std::vector<ActionResult> results;
  if (batch.front()->verb == Verb::kAdopt) {
    for (const Action* a : batch) {
      ctx.inventory.Own(a->kind, a->name, id_of(a));
      results.push_back({});
    }
    return results;
  }
  // Default deletions: one call per `max_per_delete` IDs.
  if (!traits.batch_delete || !traits.delete_ids) {
    return std::vector<ActionResult>(batch.size(),
                                     ActionResult{Status::Internal("the kind deletes nothing")});
  }
  const std::size_t step = traits.max_per_delete ? traits.max_per_delete : batch.size();
  for (std::size_t from = 0; from < batch.size(); from += step) {
    std::vector<const Action*> chunk(batch.begin() + from,
                                     batch.begin() + std::min(batch.size(), from + step));
    std::vector<std::string> ids;
    for (const Action* a : chunk) ids.push_back(id_of(a));
    auto done = CallOnce(ctx, *traits.batch_delete, chunk, [&]() -> core::StatusOr<std::string> {
      return traits.delete_ids(ctx.client, ids);
    });
    results.insert(results.end(), done.begin(), done.end());
  }
  return results;
}

std::vector<ActionResult> RunSerial(
    ExecContext& ctx, const Reconciler& kind, const std::vector<const Action*>& batch,
    const std::function<std::vector<ActionResult>(const std::vector<const Action*>&)>& run) {
  return RunInOrder(
      ctx, batch, [&](const Action& a) { return run({&a}).front(); },
      [&](const Action& a, ActionResult& r, const std::vector<std::string>& ids) {
        // The next step needs a created object's ID (a group's members after the group).
        if (!r.status.ok() || !a.creates()) return;
        ctx.inventory.Own(a.kind, a.name, r.id);
        if (!r.id.empty()) {
          ctx.index.Put({a.kind, a.name, r.id, {}});
          return;
        }
        auto found = kind.Discover(ctx, {a.name}, ids);
        if (!found.ok()) {
          r.status = found.status().Annotate("created; looking up its ID");
          return;
        }
        for (LiveRef& ref : *found) {
          if (ObjectKey(ref.kind, ref.name) != ObjectKey(a.kind, a.name)) continue;
          r.id = ref.id;
          ctx.inventory.Own(a.kind, a.name, ref.id);
          ctx.index.Put(std::move(ref));
          return;
        }
        r.status =
            Status::NotFound(StrCat("created, but the ", a.kind, " list does not show it yet"));
      });
}

}  // namespace kind_engine
}  // namespace deskops::reconcilers
