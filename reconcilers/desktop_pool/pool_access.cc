// Who may use a pool (4.4.14) and whether its desktops run (4.4.12); see desktop_pool_reconciler.h.
#include <map>
#include <set>
#include <tuple>

#include "core/strings.h"
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"

namespace deskops::reconcilers::pool {

using core::StrCat;
namespace ops = cloud::ops;

namespace {

// The power state a desktop status stands for (statuses are upper-cased on read).
std::string StateOf(const std::string& status) {
  if (status == "ACTIVE") return "running";
  if (status == "SHUTOFF") return "stopped";
  if (status == "HIBERNATED") return "hibernated";
  return core::ToLower(status);
}

// 4.4.12 op_type for a desired state (L13545).
std::string OpFor(specs::PowerState state) {
  switch (state) {
    case specs::PowerState::kRunning:
      return "os-start";
    case specs::PowerState::kStopped:
      return "os-stop";
    case specs::PowerState::kHibernated:
      return "hibernate";
  }
  return "os-start";
}

std::string Describe(const std::string& type, const std::string& name,
                     const std::string& user_group) {
  return StrCat(type, " ", core::Quote(name), " (", user_group, ")");
}

std::string KindOf(const std::string& object_type) {
  return object_type == "USER" ? "User" : "UserGroup";
}

// One 4.4.14 call (ADD or REMOVE) for every object in it.
struct Authorization {
  Authorize step;
  std::vector<FieldChange> changes;
  std::vector<std::string> depends_on;

  void Plan(const cloud::pools::Pool& live, const std::string& verb, ObjectPlan& p) {
    if (changes.empty()) return;
    step.id = live.id;
    step.action = verb;
    Action a = MakeStep(kKind, live.name, Verb::kAuthorize, {&ops::kAuthorizePool}, Step{step});
    a.changes = std::move(changes);
    a.depends_on = std::move(depends_on);
    a.note = StrCat("one 4.4.14 ", verb, " call");
    p.actions.push_back(std::move(a));
  }
};

}  // namespace

void DiffAuthorized(const specs::DesktopPoolSpec& spec, const LivePool& live, ObjectPlan& p) {
  if (!spec.authorized_objects) return;
  if (!live.authorized) {
    p.errors.push_back("spec.authorizedObjects: the pool's authorised users were not read");
    return;
  }
  using Key = std::tuple<std::string, std::string, std::string>;
  std::set<Key> have, want;
  for (const auto& o : *live.authorized) have.insert({o.object_type, o.object_name, o.user_group});
  Authorization add, remove;
  std::set<std::pair<std::string, std::string>> added;
  for (const auto& o : *spec.authorized_objects) {
    want.insert({o.type, o.name, o.user_group});
    if (have.count({o.type, o.name, o.user_group})) continue;
    add.step.add.push_back(o);
    add.changes.push_back({"spec.authorizedObjects", "", Describe(o.type, o.name, o.user_group)});
    add.depends_on.push_back(ObjectKey(KindOf(o.type), o.name));
    added.insert({o.type, o.name});
  }
  bool regrouped = false;
  for (const auto& o : *live.authorized) {
    if (want.count({o.object_type, o.object_name, o.user_group})) continue;
    remove.step.remove.push_back(o);
    remove.changes.push_back(
        {"spec.authorizedObjects", Describe(o.object_type, o.object_name, o.user_group), ""});
    regrouped = regrouped || added.count({o.object_type, o.object_name});
  }
  if (regrouped) remove.Plan(live.pool, "REMOVE", p);
  add.Plan(live.pool, "ADD", p);
  if (!regrouped) remove.Plan(live.pool, "REMOVE", p);
}

void DiffPower(const specs::DesktopPoolSpec& spec, const LivePool& live, ObjectPlan& p) {
  if (!spec.power_state) return;
  if (!live.desktops) {
    p.errors.push_back("spec.powerState: the pool's desktops were not read");
    return;
  }
  const std::string want(specs::PowerStateName(*spec.power_state));
  std::map<std::string, int> states;
  int off = 0;
  for (const auto& d : *live.desktops) {
    const std::string state = StateOf(d.status);
    ++states[state];
    off += state != want;
  }
  if (off == 0) return;
  std::vector<std::string> before;
  for (const auto& [state, n] : states) before.push_back(StrCat(n, " ", state));
  const std::string op = OpFor(*spec.power_state);
  Action a = MakeStep(kKind, live.pool.name, Verb::kPower, {&ops::kPoolAction},
                      Step{Power{live.pool.id, op}});
  a.changes = {{"spec.powerState", core::Join(before, ", "), want}};
  a.disruption = Disruption::kDisruptive;
  a.note = StrCat(off, " of ", live.desktops->size(), " desktop(s) not ", want, ": 4.4.12 ", op);
  p.actions.push_back(std::move(a));
}

}  // namespace deskops::reconcilers::pool
