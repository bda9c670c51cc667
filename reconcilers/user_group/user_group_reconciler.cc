#include "reconcilers/user_group/user_group_reconciler.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace user_group {

using core::Status;
using core::StrCat;
namespace groups = cloud::groups;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "UserGroup";

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// a - b, both sorted.
std::vector<std::string> Minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string ShowList(const std::vector<std::string>& items) {
  return StrCat("[", core::Join(items, ", "), "]");
}

// The group's members as the User kind published them (sorted).
std::vector<std::string> MembersOf(const LiveIndex& index, const std::string& group) {
  return index.Holding("User", "groups", group);
}

Action MembersAction(const std::string& group, const std::string& group_id, bool add,
                     std::vector<std::string> users, const std::vector<std::string>& before,
                     const std::vector<std::string>& after) {
  Action a = MakeStep(kKind, group, add ? Verb::kMembershipAdd : Verb::kMembershipRemove,
                      {&ops::kGroupAction}, Step{Members{group_id, users, add}});
  a.changes = {{"spec.members", ShowList(before), ShowList(after)}};
  a.note = StrCat(add ? "adds " : "removes ", core::Join(users, ", "));
  if (add) {
    for (const auto& u : users) a.depends_on.push_back(ObjectKey("User", u));
  }
  return a;
}

// From `current` to `desired` (both sorted): the missing members in one ADD action, then the
// others in one DELETE action. Never empties the group to refill it.
void DiffMembers(const std::string& group, const std::string& group_id,
                 const std::vector<std::string>& current, const std::vector<std::string>& desired,
                 ObjectPlan& p) {
  const std::vector<std::string> add = Minus(desired, current);
  const std::vector<std::string> remove = Minus(current, desired);
  std::vector<std::string> with_added = current;
  with_added.insert(with_added.end(), add.begin(), add.end());
  with_added = Sorted(std::move(with_added));
  if (!add.empty()) {
    p.actions.push_back(MembersAction(group, group_id, true, add, current, with_added));
  }
  if (!remove.empty()) {
    p.actions.push_back(MembersAction(group, group_id, false, remove, with_added, desired));
  }
}

core::StatusOr<std::vector<std::string>> UserIds(const LiveIndex& index,
                                                 const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const auto& name : names) {
    DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, "User", name));
    ids.push_back(std::move(id));
  }
  return ids;
}

ActionResult SendMembers(ExecContext& ctx, const Action& a, const std::string& group_id,
                         const std::vector<std::string>& user_ids, bool add) {
  return CallSync(ctx, ops::kGroupAction, a, [&] {
    return groups::ChangeMembers(ctx.client, group_id, user_ids, add ? "ADD" : "DELETE");
  });
}

// Creates the group (deleting the one it replaces first); the engine learns its ID (Find) before
// the next step, and a replacement's members are added right after.
ActionResult CreateGroup(ExecContext& ctx, const Action& a, const Create& c) {
  auto members = UserIds(ctx.index, c.members);  // before deleting anything
  if (!members.ok()) return {members.status()};
  if (!c.replaces_id.empty()) {
    ActionResult deleted = CallSync(ctx, ops::kDeleteGroup, a,
                                    [&] { return groups::Delete(ctx.client, c.replaces_id); });
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove(kKind, a.name);
  }
  ActionResult created = CallSync(ctx, ops::kCreateGroup, a, [&] {
    return groups::Create(ctx.client, a.name, c.platform_type, c.description);
  });
  if (!created.status.ok() || members->empty()) return created;
  auto listed = groups::List(ctx.client, a.name);  // the keyword filter is fuzzy: match exactly
  if (!listed.ok()) return {listed.status().Annotate("created; looking up its ID")};
  for (const auto& g : *listed) {
    if (g.name != a.name) continue;
    ActionResult added = SendMembers(ctx, a, g.id, *members, true);
    added.id = g.id;
    return added;
  }
  return {Status::NotFound("created, but the group list does not show it yet")};
}

ActionResult ChangeMembers(ExecContext& ctx, const Action& a, const Members& m) {
  auto group_id = m.group_id.empty() ? ResolveId(ctx.index, kKind, a.name)
                                     : core::StatusOr<std::string>(m.group_id);
  if (!group_id.ok()) return {group_id.status()};
  auto user_ids = UserIds(ctx.index, m.user_names);
  if (!user_ids.ok()) return {user_ids.status()};
  return SendMembers(ctx, a, *group_id, *user_ids, m.add);
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::UserGroupKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{"User"},
      .serial = true,
      .replaceable = true,
      .batch_delete = &ops::kBatchDeleteGroups,
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(groups::BatchDelete(client, ids));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListGroups,  &ops::kCreateGroup,       &ops::kModifyGroup,   &ops::kDeleteGroup,
          &ops::kGroupAction, &ops::kBatchDeleteGroups, &ops::kListGroupUsers};
}

core::StatusOr<std::vector<LiveGroup>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, groups::List(ctx.client, ctx.name));
  std::vector<LiveGroup> out;
  for (auto& g : listed) {
    if (ctx.name && g.name != *ctx.name) continue;  // the keyword filter is fuzzy
    LiveGroup live{std::move(g), std::nullopt};
    if (ctx.name) {  // `get usergroups NAME`: its members too
      DESKOPS_ASSIGN_OR_RETURN(auto members, groups::ListMembers(ctx.client, live.group.id));
      live.members.emplace();
      for (const auto& m : members) live.members->push_back(m.user_name);
    }
    out.push_back(std::move(live));
  }
  return out;
}

void Reconciler::Attributes(const Live& live, LiveRef& ref) const {
  ref.attrs["sid"] = live.group.sid;
}

core::StatusOr<std::vector<LiveGroup>> Reconciler::Find(ExecContext& ctx,
                                                        const std::vector<std::string>& names,
                                                        const std::vector<std::string>&) const {
  // One group: the keyword filter; more: one listing.
  std::optional<std::string> keyword;
  if (names.size() == 1) keyword = names.front();
  DESKOPS_ASSIGN_OR_RETURN(auto listed, groups::List(ctx.client, keyword));
  std::vector<LiveGroup> out;
  for (auto& g : listed) out.push_back({std::move(g), std::nullopt});
  return out;
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kCreateGroup, &ops::kListGroups},
                     Create{spec.platform_type, spec.description, "", {}});
  p.actions.push_back(std::move(a));
  DiffMembers(ctx.name(), "", {}, Sorted(spec.members.value_or(std::vector<std::string>{})), p);
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  const groups::Group& g = live.group;
  if (!g.platform_type.empty() && spec.platform_type != g.platform_type) {
    p.Immutable("spec.platformType", Show(spec.platform_type), Show(g.platform_type));
    return;
  }
  std::vector<FieldChange> changes;
  if (Compare(changes, "spec.description", spec.description, g.description)) {
    Action a = NewStep(ctx.name(), Verb::kUpdate, {&ops::kModifyGroup},
                       SetDescription{g.id, *spec.description});
    a.changes = std::move(changes);
    p.actions.push_back(std::move(a));
  }
  if (!spec.members) return;
  const std::vector<std::string> desired = Sorted(*spec.members);
  const std::vector<std::string> current = MembersOf(ctx.diff.index, ctx.name());
  if (desired != current) DiffMembers(ctx.name(), g.id, current, desired, p);
}

// Deletes the group and creates it again. The new group starts empty and gets the desired members,
// or (when the manifest does not manage membership) the members of the group it replaces. One
// action, so that a gate holding the replace holds the members too.
void Reconciler::PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                             ObjectPlan& p) const {
  const std::vector<std::string> current = MembersOf(ctx.diff.index, ctx.name());
  Create c{spec.platform_type, spec.description, live.group.id,
           spec.members ? Sorted(*spec.members) : current};
  std::vector<const cloud::Operation*> calls = {&ops::kDeleteGroup, &ops::kCreateGroup,
                                                &ops::kListGroups};
  if (!c.members.empty()) calls.push_back(&ops::kGroupAction);
  Action a = NewStep(ctx.name(), Verb::kReplace, calls, c);
  if (c.members != current)
    a.changes.push_back({"spec.members", ShowList(current), ShowList(c.members)});
  if (!c.members.empty()) {
    a.note = StrCat("then adds ", core::Join(c.members, ", "));
    for (const auto& u : c.members) a.depends_on.push_back(ObjectKey("User", u));
  }
  p.actions.push_back(std::move(a));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    const Step& step = StepOf<Step>(*a);
    if (const auto* c = std::get_if<Create>(&step)) {
      results.push_back(CreateGroup(ctx, *a, *c));
    } else if (const auto* m = std::get_if<Members>(&step)) {
      results.push_back(ChangeMembers(ctx, *a, *m));
    } else {
      const auto& d = std::get<SetDescription>(step);
      results.push_back(CallSync(ctx, ops::kModifyGroup, *a, [&] {
        return groups::Modify(ctx.client, d.id, std::nullopt, d.description);
      }));
    }
  }
  return results;
}

void Reconciler::ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const {
  doc.Set("platformType", live.group.platform_type).Set("description", live.group.description);
  doc.SetList("members", MembersOf(ctx.index, live.group.name));
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "TYPE", "USERS", "DESCRIPTION"};
}

Reconciler::Row Reconciler::RowOf(const Live& live) const {
  const groups::Group& g = live.group;
  nlohmann::json item = {{"name", g.name},
                         {"id", g.id},
                         {"platform_type", g.platform_type},
                         {"user_quantity", g.user_quantity},
                         {"description", g.description}};
  if (live.members) item["members"] = *live.members;
  return {{g.name, g.id, g.platform_type, std::to_string(g.user_quantity), g.description},
          item.dump()};
}

}  // namespace user_group

std::unique_ptr<reconcilers::Reconciler> MakeUserGroupReconciler() {
  return std::make_unique<user_group::Reconciler>();
}

}  // namespace deskops::reconcilers
