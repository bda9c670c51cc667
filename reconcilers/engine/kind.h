#pragma once
// The kind contract, in the shape of Crossplane's external client and controller-runtime's
// reconciler. A kind derives from TypedKind<Spec, Live, Step> and supplies only what is particular
// to it:
//   - Spec: its manifest type (specs/<kind>.h); Live: what it observes of one object; Step: its
//     typed changes (usually a std::variant of request structs), carried by its actions;
//   - List: the live objects, in as few calls as the API allows, returned (no state is kept);
//   - NameOf / IdOf / Ref: how a live object is named, identified and looked up by other kinds;
//   - PlanCreate / PlanUpdate (and PlanReplace, PlanDelete when the defaults do not fit): pure
//     planners of one object's steps, from its manifest and live object;
//   - Run: the typed execution of a batch of its steps (StepOf<Step>);
//   - ExportTo, Columns, Row: manifests and `deskops get` rows.
// TypedKind<> does the rest once for every kind: references checked, a create held while an earlier
// one may be in flight, adoption, immutable fields (a plan error, or a replacement with
// deskops.io/allow-replace), owned objects that left the manifests deleted (by default in batch
// calls of KindTraits::batch_delete), one object's steps serialised (KindTraits::serial), and the
// bookkeeping of the executor (ownership, IDs of created objects, write-only fields, the data-disk
// map). Kind objects are immutable after construction; see reconciler.h for threads.

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/strings.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

// ---- Observed objects ----------------------------------------------------------------------

// The live objects of one kind, with lookups by name (case-insensitive for kinds whose names are,
// like desktops') and by ID.
template <class Live>
class Observed final : public ObservedSet {
 public:
  using NameFn = std::function<std::string_view(const Live&)>;
  Observed(std::vector<Live> items, bool case_insensitive, const NameFn& name, const NameFn& id)
      : items_(std::move(items)), case_insensitive_(case_insensitive) {
    for (std::size_t i = 0; i < items_.size(); ++i) {
      by_name_.emplace(Key(name(items_[i])), i);
      by_id_.emplace(std::string(id(items_[i])), i);
    }
  }
  std::size_t size() const override { return items_.size(); }
  const std::vector<Live>& items() const { return items_; }
  // What the kind looked up besides its objects (TypedKind::Lookups).
  std::vector<LiveRef> lookups;
  // Every live object of this name (more than one when the API allows namesakes).
  std::vector<const Live*> Named(std::string_view name) const {
    std::vector<const Live*> out;
    auto [from, to] = by_name_.equal_range(Key(name));
    for (auto it = from; it != to; ++it) out.push_back(&items_[it->second]);
    return out;
  }
  const Live* ById(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() || id.empty() ? nullptr : &items_[it->second];
  }

 private:
  std::string Key(std::string_view name) const {
    return case_insensitive_ ? core::ToLower(name) : std::string(name);
  }
  std::vector<Live> items_;
  bool case_insensitive_;
  std::unordered_multimap<std::string, std::size_t> by_name_;
  std::unordered_map<std::string, std::size_t> by_id_;
};

// ---- Planning one object -------------------------------------------------------------------

// One object's plan, as the kind's planners build it.
struct ObjectPlan {
  std::vector<Action> actions;  // in the order they run
  // Plan errors: the object is left alone (none of its actions run).
  std::vector<std::string> errors;
  // Fields that differ and cannot change in place (values as plans show them): the plan fails
  // for the object, or with deskops.io/allow-replace the object is replaced (PlanReplace).
  struct Fixed {
    std::string path, desired, live;
  };
  std::vector<Fixed> fixed;
  // Facts to record on the object when the plan is applied even if no action runs (a data-disk
  // map adopted from the tenant), as Action::records.
  std::map<std::string, std::string> records;

  void Immutable(std::string path, std::string desired, std::string live) {
    fixed.push_back({std::move(path), std::move(desired), std::move(live)});
  }
};

// What planning one object sees: the run's DiffContext, the manifest, and what deskops knows of
// the object (nullptr when it does not own it yet).
struct ObjectContext {
  const DiffContext& diff;
  const specs::Object& object;
  std::optional<OwnedObject> owned;

  const std::string& name() const { return object.meta.name; }
  std::string kind() const { return std::string(object.kind->name); }
  // Whether deskops.io/ignore-changes covers the field at `path`: such a field is neither compared
  // nor checked, so its errors do not block the rest of the object.
  bool Ignores(const std::string& path) const;
  // A write-only field (the API takes it and never returns it): `value`, the manifest's value as
  // text (nullopt: unmanaged), is compared with the fingerprint of the value deskops last applied.
  // When they differ (or nothing was recorded), appends the change and the new fingerprint and
  // returns true.
  bool WriteOnly(const std::string& path, const std::optional<std::string>& value,
                 std::vector<FieldChange>& changes,
                 std::map<std::string, std::string>& records) const;
};

// The fingerprint of a write-only field's value, as the inventory keeps it (never the value).
std::string Fingerprint(std::string_view value);
// The inventory key of a write-only field's fingerprint ("applied:spec.tags").
std::string AppliedKey(const std::string& path);

// A deletion of an owned object that left the manifests.
struct DeleteContext {
  const DiffContext& diff;
  const OwnedObject& owned;
};

// ---- Steps -----------------------------------------------------------------------------------

// The payload of a kind's action: its typed step.
template <class Step>
struct StepPayload final : ActionPayload {
  explicit StepPayload(Step s) : step(std::move(s)) {}
  Step step;
};

// An action of `kind` on `name` carrying `step`, making `calls` in order.
template <class Step>
Action MakeStep(std::string kind, std::string name, Verb verb,
                std::vector<const cloud::Operation*> calls, Step step) {
  Action a;
  a.kind = std::move(kind);
  a.name = std::move(name);
  a.verb = verb;
  a.calls = std::move(calls);
  a.payload = std::make_shared<StepPayload<Step>>(std::move(step));
  return a;
}

// The step of one of the kind's own actions (Run receives only those).
template <class Step>
const Step& StepOf(const Action& a) {
  return static_cast<const StepPayload<Step>&>(*a.payload).step;
}

// ---- The engine's part (kind.cc) -----------------------------------------------------------

namespace kind_engine {

// Plan errors for references (specs::Object::refs) to objects that neither exist nor are declared;
// returns whether there were none. References from fields the object ignores do not count.
bool CheckReferences(const ObjectContext& ctx, ObjectPlan& p);
// A create an earlier run may still have in flight: the held create to plan instead of a second
// one (returns true), or false.
bool HoldCreate(const ObjectContext& ctx, ObjectPlan& p);
// A live object of the manifest's name: owned (true), adopted (true, an adopt action added) or
// refused (false, a plan error added).
bool Adopt(const ObjectContext& ctx, std::string_view id, ObjectPlan& p);
// After PlanUpdate: the fields that cannot change in place, less those ignored. None: false.
// Without deskops.io/allow-replace, or for a kind that cannot be replaced, they become plan errors
// (false); otherwise every action but the adoption is dropped and true says to plan the
// replacement.
bool NeedsReplace(const ObjectContext& ctx, const KindTraits& traits, ObjectPlan& p);
// After PlanReplace: the replacement is destructive and shows the fixed fields as its changes.
void MarkReplacement(ObjectPlan& p, std::size_t first_action);
// The plan error for several live objects of one name.
std::string Ambiguous(const std::string& kind, std::size_t count);
// Adds one object's plan to the run's: its errors (and then nothing else), or its actions (the
// object's references as dependencies of its creates and replacements; with `serial`, one batch
// per object), counting it in sync when nothing but an adoption is planned.
void Commit(const ObjectContext& ctx, const KindTraits& traits, ObjectPlan p, PlanBuilder& plan);
// A default deletion: destructive, batched by the kind's batch_delete operation.
Action DeleteAction(const std::string& kind, const std::string& name, std::string_view id,
                    const KindTraits& traits);
void CommitDelete(const DeleteContext& ctx, ObjectPlan p, PlanBuilder& plan);
// Whether an action is the engine's own (adopt, default delete) rather than the kind's.
bool IsEngineAction(const Action& a);
// Executes the engine's own actions of a batch (all of one kind: adopts, or default deletes).
std::vector<ActionResult> RunEngineActions(ExecContext& ctx, const KindTraits& traits,
                                           const std::vector<const Action*>& batch);
// Runs one object's steps in order through `run_one` (serial kinds), see steps.h RunInOrder.
std::vector<ActionResult> RunSerial(
    ExecContext& ctx, const Reconciler& kind, const std::vector<const Action*>& batch,
    const std::function<std::vector<ActionResult>(const std::vector<const Action*>&)>& run);
}  // namespace kind_engine

// ---- The typed base every kind derives from --------------------------------------------------

template <class SpecT, class LiveT, class StepT>
class TypedKind : public Reconciler {
 public:
  using Spec = SpecT;
  using Live = LiveT;
  using Step = StepT;
  using Set = Observed<Live>;

  // ---- What each kind supplies.
  virtual core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const = 0;
  virtual std::string_view NameOf(const Live& live) const = 0;
  virtual std::string_view IdOf(const Live& live) const = 0;
  // What other kinds may look up (kind, name and ID are filled in; add attributes).
  virtual void Attributes(const Live& live, LiveRef& ref) const { (void)live, (void)ref; }
  virtual void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const = 0;
  virtual void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                          ObjectPlan& p) const = 0;
  // Replacing an object whose immutable fields changed (KindTraits::replaceable, and only with
  // deskops.io/allow-replace).
  virtual void PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                           ObjectPlan& p) const {
    (void)ctx, (void)spec, (void)live, (void)p;
  }
  // Deleting an owned object that left the manifests. The default: KindTraits::batch_delete. A
  // singleton is never deleted: by default its manifest leaving removes nothing; a kind may remove
  // the parts of it deskops made (its records say which).
  virtual void PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const {
    if (Traits().singleton) return;
    p.actions.push_back(kind_engine::DeleteAction(Kind(), ctx.owned.name, IdOf(live), Traits()));
  }
  // Executes a batch of the kind's own steps (never adopts or default deletes).
  virtual std::vector<ActionResult> Run(ExecContext& ctx,
                                        const std::vector<const Action*>& batch) const = 0;
  virtual void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const = 0;
  // Objects Export leaves out (a pool's desktops: the pool's manifest describes them).
  virtual bool Exported(const Live& live) const { return (void)live, true; }
  virtual std::vector<std::string> Columns() const = 0;
  // One `get` row: the cells (as Columns names them) and the object as JSON text.
  struct Row {
    std::vector<std::string> cells;
    std::string json;
  };
  virtual Row RowOf(const Live& live) const = 0;
  // What planning needs besides the kind's own objects (the OUs of the AD domain, the time zones
  // the API accepts), read with them for a plan and put in the LiveIndex under kinds named
  // "<Kind>:<what>" (LiveIndex::ClearKind of the kind clears them too). Default: nothing.
  virtual core::StatusOr<std::vector<LiveRef>> Lookups(const ObserveContext& ctx) const {
    (void)ctx;
    return std::vector<LiveRef>{};
  }
  // The live objects of these names, after the run created them (and `ids` jobs reported). The
  // default lists the whole kind once.
  virtual core::StatusOr<std::vector<Live>> Find(ExecContext& ctx,
                                                 const std::vector<std::string>& names,
                                                 const std::vector<std::string>& ids) const {
    (void)names, (void)ids;
    return List(ObserveContext{ctx.client, Purpose::kGet, nullptr, nullptr, std::nullopt});
  }

  // The observed set of these live objects, as Observe returns it (for tests and tools).
  std::shared_ptr<const ObservedSet> ObservedOf(std::vector<Live> items) const {
    return MakeSet(std::move(items));
  }

  // ---- The engine's interface, implemented once.
  core::StatusOr<std::shared_ptr<const ObservedSet>> Observe(
      const ObserveContext& ctx) const final {
    DESKOPS_ASSIGN_OR_RETURN(std::vector<Live> items, List(ctx));
    std::unique_ptr<Set> set = MakeSet(std::move(items));
    if (ctx.purpose == Purpose::kPlan) {
      DESKOPS_ASSIGN_OR_RETURN(set->lookups, Lookups(ctx));
    }
    return std::shared_ptr<const ObservedSet>(std::move(set));
  }

  std::vector<LiveRef> Refs(const ObservedSet& observed) const final {
    const Set& set = Typed(observed);
    std::vector<LiveRef> out = set.lookups;
    for (const Live& live : set.items()) out.push_back(RefOf(live));
    return out;
  }

  void Plan(const DiffContext& ctx, const ObservedSet& observed, PlanBuilder& plan) const final {
    const Set& set = Typed(observed);
    for (const specs::Object* object : ctx.desired) {
      ObjectContext oc{ctx, *object, ctx.inventory.Find(Kind(), object->meta.name)};
      ObjectPlan p;
      PlanObject(oc, set, p);
      kind_engine::Commit(oc, Traits(), std::move(p), plan);
    }
    // A singleton (owned while it holds parts deskops made) goes through PlanDelete only when no
    // manifest declares it any more.
    if (Traits().singleton && !ctx.desired.empty()) return;
    for (const OwnedObject& owned : ctx.inventory.OfKind(Kind())) {
      if (ctx.manifests.Find(Kind(), owned.name)) continue;
      const Live* live = Traits().singleton ? (set.items().empty() ? nullptr : &set.items().front())
                                            : OwnedLive(set, owned);
      if (!live) continue;  // already gone
      DeleteContext dc{ctx, owned};
      ObjectPlan p;
      PlanDelete(dc, *live, p);
      kind_engine::CommitDelete(dc, std::move(p), plan);
    }
  }

  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) const final {
    // A batch of the engine's own actions only (adopts, default deletes). One serial object's
    // batch may start with its adoption and go on with the kind's steps: those run below.
    if (std::all_of(batch.begin(), batch.end(),
                    [](const Action* a) { return kind_engine::IsEngineAction(*a); })) {
      return kind_engine::RunEngineActions(ctx, Traits(), batch);
    }
    if (Traits().serial) {
      return kind_engine::RunSerial(ctx, *this, batch, [&](const auto& one) {
        return kind_engine::IsEngineAction(*one.front())
                   ? kind_engine::RunEngineActions(ctx, Traits(), one)
                   : Run(ctx, one);
      });
    }
    return Run(ctx, batch);
  }

  core::StatusOr<std::vector<LiveRef>> Discover(ExecContext& ctx,
                                                const std::vector<std::string>& names,
                                                const std::vector<std::string>& ids) const final {
    DESKOPS_ASSIGN_OR_RETURN(std::vector<Live> found, Find(ctx, names, ids));
    std::vector<LiveRef> out;
    for (const Live& live : found) out.push_back(RefOf(live));
    return out;
  }

  std::string Export(const ObservedSet& observed, const ExportContext& ctx) const final {
    std::string out;
    for (const Live& live : Typed(observed).items()) {
      const std::string name(NameOf(live));
      if (!Exported(live) || (ctx.owned_only && !ctx.inventory.Find(Kind(), name))) continue;
      ExportDoc doc(Kind(), name);
      ExportTo(live, ctx, doc);
      out += doc.Yaml();
    }
    return out;
  }

  GetListing Present(const ObservedSet& observed) const final {
    GetListing listing{Columns(), {}, {}};
    for (const Live& live : Typed(observed).items()) {
      Row row = RowOf(live);
      listing.rows.push_back(std::move(row.cells));
      listing.items.push_back(std::move(row.json));
    }
    return listing;
  }

 protected:
  // An action of this kind on `name`.
  Action NewStep(const std::string& name, Verb verb, std::vector<const cloud::Operation*> calls,
                 Step step) const {
    return MakeStep(Kind(), name, verb, std::move(calls), std::move(step));
  }
  static const Spec& SpecOf(const ObjectContext& ctx) { return *ctx.object.As<Spec>(); }

 private:
  static const Set& Typed(const ObservedSet& observed) { return static_cast<const Set&>(observed); }

  std::unique_ptr<Set> MakeSet(std::vector<Live> items) const {
    auto name = [this](const Live& l) { return NameOf(l); };
    auto id = [this](const Live& l) { return IdOf(l); };
    return std::make_unique<Set>(std::move(items), Info().case_insensitive_names, name, id);
  }

  LiveRef RefOf(const Live& live) const {
    LiveRef ref{Kind(), std::string(NameOf(live)), std::string(IdOf(live)), {}};
    Attributes(live, ref);
    return ref;
  }

  void PlanObject(const ObjectContext& oc, const Set& set, ObjectPlan& p) const {
    if (!kind_engine::CheckReferences(oc, p)) return;
    const Spec& spec = SpecOf(oc);
    if (Traits().singleton) {
      if (set.items().empty()) {
        p.errors.push_back(core::StrCat("the tenant reports no ", Kind(), " to manage"));
        return;
      }
      PlanUpdate(oc, spec, set.items().front(), p);
      kind_engine::NeedsReplace(oc, Traits(), p);  // a singleton cannot be replaced: errors
      return;
    }
    const std::vector<const Live*> matches = set.Named(oc.name());
    if (matches.size() > 1) {
      p.errors.push_back(kind_engine::Ambiguous(Kind(), matches.size()));
      return;
    }
    if (matches.empty()) {
      if (!kind_engine::HoldCreate(oc, p)) PlanCreate(oc, spec, p);
      return;
    }
    const Live& live = *matches.front();
    if (!kind_engine::Adopt(oc, IdOf(live), p)) return;
    PlanUpdate(oc, spec, live, p);
    if (!kind_engine::NeedsReplace(oc, Traits(), p)) return;
    const std::size_t first = p.actions.size();
    PlanReplace(oc, spec, live, p);
    kind_engine::MarkReplacement(p, first);
  }

  // The live object an owned entry stands for: by its ID when known (a namesake deskops does not
  // own is left alone), else the only one of its name.
  const Live* OwnedLive(const Set& set, const OwnedObject& owned) const {
    if (!owned.id.empty()) {
      if (const Live* live = set.ById(owned.id)) return live;
    }
    std::vector<const Live*> named = set.Named(owned.name);
    std::erase_if(named, [&](const Live* l) { return !owned.id.empty() && IdOf(*l) != owned.id; });
    return named.size() == 1 ? named.front() : nullptr;
  }
};

}  // namespace deskops::reconcilers
