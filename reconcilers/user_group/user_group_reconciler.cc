#include "reconcilers/user_group/user_group_reconciler.h"

#include <algorithm>
#include <iterator>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/kind_util.h"
#include "specs/user_group.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
namespace groups = cloud::groups;

namespace {

constexpr const char* kKind = "UserGroup";

struct CreatePayload : ActionPayload {
  std::string platform_type;
  std::optional<std::string> description;
  std::string replaces_id;           // kReplace: the group deleted first
  std::vector<std::string> members;  // kReplace: added to the new group, by user name
};
struct DescribePayload : ActionPayload {
  std::string id, description;
};
// Members by user name; their IDs are looked up when the action runs, because users may be
// created earlier in the same run. The group's ID is empty when the group is (re-)created in the
// same run: it is looked up then too.
struct MembersPayload : ActionPayload {
  std::string group_id;
  std::vector<std::string> user_names;
};

LiveRef Ref(const groups::Group& g) { return {kKind, g.name, g.id, {{"sid", g.sid}}}; }

// Every action on one group shares a batch, so Execute runs them one by one in plan order.
Action GroupAction(const std::string& group, Verb verb, std::string op,
                   std::shared_ptr<const ActionPayload> payload) {
  Action a = MakeAction(kKind, group, verb, std::move(op), std::move(payload));
  a.batch_key = ObjectKey(kKind, group);
  return a;
}

using Members = std::map<std::string, std::vector<std::string>>;

// Every group's members, sorted: the users whose "groups" attribute (set by the User kind) names
// the group. One pass over the users for all groups (one pass per group is quadratic at scale).
Members MembersByGroup(const LiveIndex& index) {
  Members out;
  for (const LiveRef& user : index.OfKind("User")) {
    const std::string groups = user.Attr("groups");
    if (groups.empty()) continue;
    for (const auto& group : core::Split(groups, '\n')) out[group].push_back(user.name);
  }
  for (auto& [group, members] : out) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
  }
  return out;
}

const std::vector<std::string>& MembersOf(const Members& all, const std::string& group) {
  static const std::vector<std::string> kNone;
  auto it = all.find(group);
  return it == all.end() ? kNone : it->second;
}

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

Action MembersAction(const std::string& group, const std::string& group_id, Verb verb,
                     std::vector<std::string> users, const std::vector<std::string>& before,
                     const std::vector<std::string>& after) {
  auto payload = std::make_shared<MembersPayload>();
  payload->group_id = group_id;
  payload->user_names = users;
  Action a = GroupAction(group, verb, "groups.members", payload);
  a.changes = {{"spec.members", ShowList(before), ShowList(after)}};
  a.note = StrCat(verb == Verb::kMembershipAdd ? "adds " : "removes ", core::Join(users, ", "));
  if (verb == Verb::kMembershipAdd) {
    for (const auto& u : users) a.depends_on.push_back(ObjectKey("User", u));
  }
  return a;
}

// From `current` to `desired` (both sorted): the missing members in one ADD action, then the
// others in one DELETE action. Never empties the group to refill it.
void DiffMembers(const std::string& group, const std::string& group_id,
                 const std::vector<std::string>& current, const std::vector<std::string>& desired,
                 PlanBuilder& plan) {
  const std::vector<std::string> add = Minus(desired, current);
  const std::vector<std::string> remove = Minus(current, desired);
  std::vector<std::string> with_added = current;
  with_added.insert(with_added.end(), add.begin(), add.end());
  with_added = Sorted(std::move(with_added));
  if (!add.empty()) {
    plan.Add(MembersAction(group, group_id, Verb::kMembershipAdd, add, current, with_added));
  }
  if (!remove.empty()) {
    plan.Add(MembersAction(group, group_id, Verb::kMembershipRemove, remove, with_added, desired));
  }
}

Action CreateAction(const std::string& name, const specs::UserGroupSpec& spec,
                    const std::string& replaces_id) {
  auto payload = std::make_shared<CreatePayload>();
  payload->platform_type = spec.platform_type;
  payload->description = spec.description;
  payload->replaces_id = replaces_id;
  Action a = GroupAction(name, replaces_id.empty() ? Verb::kCreate : Verb::kReplace,
                         "groups.create", payload);
  // 4.9.2 answers without the ID: one list call (by keyword) finds it.
  a.api_calls.push_back("groups.list");
  if (!replaces_id.empty()) {
    a.api_calls.insert(a.api_calls.begin(), "groups.delete");
    a.disruption = Disruption::kDestructive;
  }
  return a;
}

// Deletes the group and creates it again. The new group starts empty and gets the desired members,
// or (when the manifest does not manage membership) the members of the group it replaces. One
// action, so that a gate holding the replace holds the members too.
Action ReplaceAction(const std::string& name, const specs::UserGroupSpec& spec,
                     const groups::Group* live, const std::vector<std::string>& current) {
  Action a = CreateAction(name, spec, live->id);
  a.changes = {{"spec.platformType", Show(live->platform_type), Show(spec.platform_type)}};
  auto payload = std::make_shared<CreatePayload>(*a.As<CreatePayload>());
  payload->members = spec.members ? Sorted(*spec.members) : current;
  if (payload->members != current) {
    a.changes.push_back({"spec.members", ShowList(current), ShowList(payload->members)});
  }
  if (!payload->members.empty()) {
    a.api_calls.push_back("groups.members");
    a.note = StrCat("then adds ", core::Join(payload->members, ", "));
    for (const auto& u : payload->members) a.depends_on.push_back(ObjectKey("User", u));
  }
  a.payload = std::move(payload);
  return a;
}

// The user names in `members` that are neither live nor declared.
std::vector<std::string> UnknownUsers(const DiffContext& ctx,
                                      const std::optional<std::vector<std::string>>& members) {
  std::vector<std::string> unknown;
  for (const auto& m : members.value_or(std::vector<std::string>{})) {
    if (ctx.Ref("User", m) == RefState::kMissing) unknown.push_back(m);
  }
  return unknown;
}

}  // namespace

std::unique_ptr<Reconciler> MakeUserGroupReconciler() {
  return std::make_unique<UserGroupReconciler>();
}

Status UserGroupReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(live_, groups::List(client));
  for (const auto& g : live_) index.Put(Ref(g));
  index_ = &index;
  return Status::Ok();
}

void UserGroupReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  const auto members = MembersByGroup(ctx.index);
  for (const specs::Object* o : ctx.desired) DiffGroup(ctx, *o, members, plan);
  DiffDeletions(ctx, plan);
}

void UserGroupReconciler::DiffGroup(const DiffContext& ctx, const specs::Object& o,
                                    const Members& members, PlanBuilder& plan) const {
  const auto& spec = *o.As<specs::UserGroupSpec>();
  const std::string& name = o.meta.name;
  if (auto unknown = UnknownUsers(ctx, spec.members); !unknown.empty()) {
    plan.Error(kKind, name,
               StrCat("spec.members: no user named ", core::Join(unknown, ", "),
                      " is live or declared in the manifests"));
    return;
  }
  const std::vector<std::string> desired =
      Sorted(spec.members.value_or(std::vector<std::string>{}));
  const groups::Group* live = FindByName(live_, name);
  if (!live) {
    if (auto held = HeldCreate(ctx, kKind, name, "groups.create")) return plan.Add(*held);
    plan.Add(CreateAction(name, spec, ""));
    DiffMembers(name, "", {}, desired, plan);
    return;
  }
  const bool adopt = !ctx.Owned(kKind, name);
  if (adopt && !MayAdopt(ctx, o, plan)) return;
  auto immutable = live->platform_type.empty()
                       ? std::nullopt
                       : Immutable("spec.platformType", spec.platform_type, live->platform_type);
  if (immutable && !o.policy.allow_replace) return plan.Error(kKind, name, *immutable);
  if (adopt) {
    Action a = AdoptAction(kKind, name, live->id);
    a.batch_key = ObjectKey(kKind, name);
    plan.Add(std::move(a));
  }
  const std::vector<std::string>& current = MembersOf(members, name);
  if (immutable) {
    plan.Add(ReplaceAction(name, spec, live, current));
    return;
  }
  bool acted = adopt;
  std::vector<FieldChange> changes;
  if (Compare(changes, "spec.description", spec.description, live->description)) {
    auto payload = std::make_shared<DescribePayload>();
    payload->id = live->id;
    payload->description = *spec.description;
    Action a = GroupAction(name, Verb::kUpdate, "groups.modify", payload);
    a.changes = std::move(changes);
    plan.Add(std::move(a));
    acted = true;
  }
  if (spec.members && desired != current) {
    DiffMembers(name, live->id, current, desired, plan);
    acted = true;
  }
  if (!acted) plan.InSync();
}

void UserGroupReconciler::DiffDeletions(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    const groups::Group* live = FindByName(live_, owned.name);
    if (live) plan.Add(DeleteAction(kKind, owned.name, live->id, "groups.batch_delete"));
  }
}

namespace {

core::StatusOr<std::vector<std::string>> UserIds(const LiveIndex& index,
                                                 const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const auto& name : names) {
    DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, "User", name));
    ids.push_back(std::move(id));
  }
  return ids;
}

// One 4.9.6 call: op_type ADD or DELETE.
ActionResult SendMembers(ExecContext& ctx, const Action& a, const std::string& group_id,
                         const std::vector<std::string>& user_ids, const std::string& op_type) {
  return CallSync(ctx, "groups.members", {&a},
                  [&] { return groups::ChangeMembers(ctx.client, group_id, user_ids, op_type); })
      .front();
}

// Creates the group and learns its ID; for a replace, deletes the old group first and adds the
// members after.
ActionResult CreateGroup(ExecContext& ctx, const Action& a) {
  const auto* p = a.As<CreatePayload>();
  auto members = UserIds(ctx.index, p->members);  // before deleting anything
  if (!members.ok()) return {members.status(), "", ""};
  if (!p->replaces_id.empty()) {
    ActionResult deleted = CallSync(ctx, "groups.delete", {&a}, [&] {
                             return groups::Delete(ctx.client, p->replaces_id);
                           }).front();
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove(kKind, a.name);
  }
  ActionResult created =
      CallSync(ctx, "groups.create", {&a}, [&] {
        return groups::Create(ctx.client, a.name, p->platform_type, p->description);
      }).front();
  if (!created.status.ok()) return created;
  ctx.inventory.Own(kKind, a.name, "");
  auto listed = groups::List(ctx.client, a.name);  // the keyword filter is fuzzy: match exactly
  if (!listed.ok()) return {listed.status().Annotate("created; looking up its ID"), "", ""};
  for (const auto& g : *listed) {
    if (g.name != a.name) continue;
    ctx.index.Put(Ref(g));
    ctx.inventory.Own(kKind, a.name, g.id);
    return members->empty() ? ActionResult{} : SendMembers(ctx, a, g.id, *members, "ADD");
  }
  return {Status::NotFound("created, but the group list does not show it yet"), "", ""};
}

ActionResult ChangeMembers(ExecContext& ctx, const Action& a) {
  const auto* p = a.As<MembersPayload>();
  auto group_id = p->group_id.empty() ? ResolveId(ctx.index, kKind, a.name)
                                      : core::StatusOr<std::string>(p->group_id);
  if (!group_id.ok()) return {group_id.status(), "", ""};
  auto user_ids = UserIds(ctx.index, p->user_names);
  if (!user_ids.ok()) return {user_ids.status(), "", ""};
  return SendMembers(ctx, a, *group_id, *user_ids,
                     a.verb == Verb::kMembershipAdd ? "ADD" : "DELETE");
}

ActionResult RunOne(ExecContext& ctx, const Action& a) {
  switch (a.verb) {
    case Verb::kAdopt:
      return Adopt(ctx, a);
    case Verb::kCreate:
    case Verb::kReplace:
      return CreateGroup(ctx, a);
    case Verb::kMembershipAdd:
    case Verb::kMembershipRemove:
      return ChangeMembers(ctx, a);
    default: {
      const auto* p = a.As<DescribePayload>();
      return CallSync(
                 ctx, "groups.modify", {&a},
                 [&] { return groups::Modify(ctx.client, p->id, std::nullopt, p->description); })
          .front();
    }
  }
}

}  // namespace

std::vector<ActionResult> UserGroupReconciler::Execute(ExecContext& ctx,
                                                       const std::vector<const Action*>& batch) {
  if (batch.front()->verb != Verb::kDelete) {
    return RunInPlanOrder(batch, [&](const Action& a) { return RunOne(ctx, a); });
  }
  return DeleteInOneCall(ctx, "groups.batch_delete", batch,
                         [&](const auto& ids) { return groups::BatchDelete(ctx.client, ids); });
}

std::string UserGroupReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  const auto members = index_ ? MembersByGroup(*index_) : Members{};
  for (const auto& g : live_) {
    if (owned_only && !inventory.Find(kKind, g.name)) continue;
    ExportDoc doc(kKind, g.name);
    doc.Set("platformType", g.platform_type).Set("description", g.description);
    if (index_) doc.SetList("members", MembersOf(members, g.name));
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
