#include "reconcilers/desktop_pool/pool_access.h"

#include <map>
#include <set>
#include <tuple>

#include "core/strings.h"
#include "reconcilers/desktop_pool/pool_payloads.h"

namespace deskops::reconcilers::pool {

using core::StrCat;

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

// One 4.4.14 call (ADD or REMOVE) for every object in it.
struct Authorization {
  std::shared_ptr<AuthorizePayload> payload = std::make_shared<AuthorizePayload>();
  std::vector<FieldChange> changes;
  std::vector<std::string> depends_on;

  void Plan(const cloud::pools::Pool& live, const std::string& verb, ObjectPlan& p) {
    if (changes.empty()) return;
    payload->id = live.id;
    payload->action = verb;
    Action a = MakeAction(kKind, live.name, Verb::kAuthorize, "pools.authorize", payload);
    a.changes = std::move(changes);
    a.depends_on = std::move(depends_on);
    a.note = StrCat("one 4.4.14 ", verb, " call");
    p.actions.push_back(std::move(a));
  }
};

}  // namespace

std::string Describe(const std::string& type, const std::string& name,
                     const std::string& user_group) {
  return StrCat(type, " ", core::Quote(name), " (", user_group, ")");
}

void DiffAuthorized(const DiffContext& ctx, const specs::DesktopPoolSpec& spec,
                    const cloud::pools::Pool& live,
                    const std::optional<std::vector<cloud::pools::AuthorizedObject>>& observed,
                    ObjectPlan& p) {
  if (!spec.authorized_objects) return;
  if (!observed) {
    p.errors.push_back("spec.authorizedObjects: the pool's authorised users were not read");
    return;
  }
  using Key = std::tuple<std::string, std::string, std::string>;
  std::set<Key> have, want;
  for (const auto& o : *observed) have.insert({o.object_type, o.object_name, o.user_group});
  Authorization add, remove;
  std::set<std::pair<std::string, std::string>> added;
  const auto& desired = *spec.authorized_objects;
  for (std::size_t i = 0; i < desired.size(); ++i) {
    const auto& o = desired[i];
    want.insert({o.type, o.name, o.user_group});
    if (have.count({o.type, o.name, o.user_group})) continue;
    add.payload->add.push_back(o);
    add.changes.push_back({"spec.authorizedObjects", "", Describe(o.type, o.name, o.user_group)});
    CheckRef(ctx, o.type == "USER" ? "User" : "UserGroup", o.name,
             StrCat("spec.authorizedObjects[", i, "].objectName"), p.errors, add.depends_on);
    added.insert({o.type, o.name});
  }
  bool regrouped = false;
  for (const auto& o : *observed) {
    if (want.count({o.object_type, o.object_name, o.user_group})) continue;
    remove.payload->remove.push_back(o);
    remove.changes.push_back(
        {"spec.authorizedObjects", Describe(o.object_type, o.object_name, o.user_group), ""});
    regrouped = regrouped || added.count({o.object_type, o.object_name});
  }
  if (regrouped) remove.Plan(live, "REMOVE", p);
  add.Plan(live, "ADD", p);
  if (!regrouped) remove.Plan(live, "REMOVE", p);
}

void DiffPower(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live,
               const std::optional<std::vector<cloud::desktops::Desktop>>& desktops,
               ObjectPlan& p) {
  if (!spec.power_state) return;
  if (!desktops) {
    p.errors.push_back("spec.powerState: the pool's desktops were not read");
    return;
  }
  const std::string want(specs::PowerStateName(*spec.power_state));
  std::map<std::string, int> states;
  int off = 0;
  for (const auto& d : *desktops) {
    const std::string state = StateOf(d.status);
    ++states[state];
    off += state != want;
  }
  if (off == 0) return;
  std::vector<std::string> before;
  for (const auto& [state, n] : states) before.push_back(StrCat(n, " ", state));
  auto payload = std::make_shared<PowerPayload>();
  payload->id = live.id;
  payload->op_type = OpFor(*spec.power_state);
  Action a = MakeAction(kKind, live.name, Verb::kPower, "pools.action", payload);
  a.changes = {{"spec.powerState", core::Join(before, ", "), want}};
  a.disruption = Disruption::kDisruptive;
  a.note = StrCat(off, " of ", desktops->size(), " desktop(s) not ", want, ": 4.4.12 ",
                  payload->op_type);
  p.actions.push_back(std::move(a));
}

}  // namespace deskops::reconcilers::pool
