// The per-field parts of the desktop diff.
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "reconcilers/desktop/desktop_diff.h"
#include "reconcilers/engine/diff_util.h"
#include "specs/common.h"

namespace deskops::reconcilers::desktop {

using core::StrCat;

namespace {

std::string StatusFor(specs::PowerState s) {
  switch (s) {
    case specs::PowerState::kRunning: return "ACTIVE";
    case specs::PowerState::kStopped: return "SHUTOFF";
    case specs::PowerState::kHibernated: return "HIBERNATED";
  }
  return "ACTIVE";
}

std::string PowerName(const std::string& status) {
  if (status == "ACTIVE") return "running";
  if (status == "SHUTOFF") return "stopped";
  if (status == "HIBERNATED") return "hibernated";
  return core::ToLower(status);
}

std::string List(const std::vector<std::string>& items) {
  return "[" + core::Join(items, ", ") + "]";
}

}  // namespace

void DiffNetwork(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                 std::vector<Action>& jobs, PlanBuilder& plan) {
  std::vector<FieldChange> changes;
  const std::string subnet = s.subnet_ids.empty() ? "" : s.subnet_ids.front();
  if (!subnet.empty() && !d.subnet_id.empty() && subnet != d.subnet_id) {
    changes.push_back({"spec.nics", Show(d.subnet_id), Show(subnet)});
  }
  std::vector<std::string> live_sgs;
  for (const auto& sg : d.security_groups) live_sgs.push_back(sg.id);
  std::vector<std::string> want_sgs = s.security_group_ids;
  std::sort(live_sgs.begin(), live_sgs.end());
  std::sort(want_sgs.begin(), want_sgs.end());
  if (!want_sgs.empty() && want_sgs != live_sgs) {
    changes.push_back({"spec.securityGroups", List(live_sgs), List(want_sgs)});
  }
  if (s.desktop_ip && !d.ip_addresses.empty() &&
      std::find(d.ip_addresses.begin(), d.ip_addresses.end(), *s.desktop_ip) ==
          d.ip_addresses.end()) {
    changes.push_back({"spec.desktopIp", Show(d.ip_addresses.front()), Show(*s.desktop_ip)});
  }
  if (changes.empty()) return;
  if (!s.vpc_id) {
    plan.Error("Desktop", name, "moving the desktop to another subnet, IP or security groups "
                                "needs spec.vpcId (4.3.23 requires the VPC)");
    return;
  }
  auto p = std::make_shared<NetworkPayload>();
  p->id = d.id;
  p->vpc_id = *s.vpc_id;
  p->subnet_id = subnet.empty() ? d.subnet_id : subnet;
  p->security_group_ids = want_sgs.empty() ? live_sgs : want_sgs;
  p->private_ip = s.desktop_ip;
  Action a = MakeAction(name, Verb::kUpdate, "desktops.change_network", p, Disruption::kDisruptive);
  a.changes = std::move(changes);
  a.note = "the desktop's address changes; its user is disconnected";
  jobs.push_back(std::move(a));
}

void DiffUser(const specs::DesktopSpec& s, const Live& d, const std::string& name,
              std::vector<Action>& jobs) {
  if (s.user_name && *s.user_name != d.user_name) {
    auto p = std::make_shared<AttachPayload>();
    p->id = d.id;
    p->user_name = *s.user_name;
    p->user_group = s.user_group.value_or("");
    p->user_email = s.user_email;
    p->detach_first = !d.user_name.empty();
    const bool reassign = p->detach_first;
    Action a = MakeAction(name, Verb::kAttach, reassign ? "desktops.detach" : "desktops.attach", p,
                         reassign ? Disruption::kDestructive : Disruption::kDisruptive,
                         reassign ? "" : "attach");
    if (reassign) a.api_calls.push_back("desktops.attach");
    a.changes = {{"spec.userName", Show(d.user_name), Show(*s.user_name)}};
    if (reassign) a.note = "the previous user's data on the desktop is cleared";
    a.depends_on = {ObjectKey("User", *s.user_name)};
    jobs.push_back(std::move(a));
    return;
  }
  if (s.user_name && s.user_group && !d.user_group.empty() && *s.user_group != d.user_group) {
    Action a = MakeAction(name, Verb::kUpdate, "desktops.change_privilege_group",
                         Ids(d.id, *s.user_group), Disruption::kSafe, "privilege|" + *s.user_group);
    a.changes = {{"spec.userGroup", Show(d.user_group), Show(*s.user_group)}};
    jobs.push_back(std::move(a));
  }
}

void DiffVolumes(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                 std::vector<Action>& jobs, PlanBuilder& plan) {
  auto grow = std::make_shared<VolumePayload>();
  grow->id = d.id;
  std::vector<FieldChange> changes;
  if (s.root_volume.size > d.root_volume.size && d.root_volume.size > 0) {
    grow->expand.push_back({d.id, d.root_volume.id, s.root_volume.size});
    changes.push_back({"spec.rootVolume.size", Show(d.root_volume.size), Show(s.root_volume.size)});
  } else if (s.root_volume.size < d.root_volume.size) {
    plan.Error("Desktop", name, "spec.rootVolume.size: disks cannot shrink");
    return;
  }
  const std::size_t common = std::min(s.data_volumes.size(), d.data_volumes.size());
  for (std::size_t i = 0; i < common; ++i) {
    const auto& want = s.data_volumes[i];
    const auto& have = d.data_volumes[i];
    const std::string path = StrCat("spec.dataVolumes[", i, "]");
    if (want.type != have.type || want.size < have.size) {
      plan.Error("Desktop", name, StrCat(path, ": a data disk's type cannot change and its size "
                                               "cannot shrink (", have.type, ":", have.size, ")"));
      return;
    }
    if (want.size > have.size) {
      grow->expand.push_back({d.id, have.id, want.size});
      changes.push_back({path + ".size", Show(have.size), Show(want.size)});
    }
  }
  for (std::size_t i = common; i < s.data_volumes.size(); ++i) {
    grow->add.push_back({s.data_volumes[i].type, s.data_volumes[i].size, "", "", ""});
    changes.push_back({StrCat("spec.dataVolumes[", i, "]"), "",
                       StrCat(s.data_volumes[i].type, ":", s.data_volumes[i].size)});
  }
  if (!grow->add.empty() || !grow->expand.empty()) {
    // New disks and bigger disks are two jobs: the expansion follows in a later round.
    if (!grow->add.empty()) {
      grow->expand.clear();
      std::erase_if(changes, [](const FieldChange& c) { return !c.before.empty(); });
    }
    const bool adding = !grow->add.empty();
    Action a = MakeAction(name, Verb::kDisks, adding ? "volumes.batch_add" : "volumes.batch_expand",
                         grow, Disruption::kSafe, adding ? "volumes|add" : "volumes|expand");
    a.changes = changes;
    jobs.push_back(std::move(a));
  }
  if (s.data_volumes.size() < d.data_volumes.size()) {
    auto remove = std::make_shared<VolumePayload>();
    remove->id = d.id;
    std::vector<FieldChange> removed;
    for (std::size_t i = s.data_volumes.size(); i < d.data_volumes.size(); ++i) {
      remove->remove_ids.push_back(d.data_volumes[i].id);
      removed.push_back({StrCat("spec.dataVolumes[", i, "]"),
                         StrCat(d.data_volumes[i].type, ":", d.data_volumes[i].size), ""});
    }
    Action a = MakeAction(name, Verb::kDisks, "volumes.delete", remove, Disruption::kDestructive);
    a.changes = std::move(removed);
    a.note = "the data on the removed disks is lost";
    jobs.push_back(std::move(a));
  }
}

void DiffPower(const specs::DesktopSpec& s, const Live& d, const std::string& name,
               std::vector<Action>& jobs, PlanBuilder& plan) {
  if (!s.power_state || d.status == StatusFor(*s.power_state)) return;
  std::string op;
  switch (*s.power_state) {
    case specs::PowerState::kRunning: op = "os-start"; break;
    case specs::PowerState::kStopped: op = "os-stop"; break;
    case specs::PowerState::kHibernated:
      // A stopped desktop cannot hibernate: start it now, hibernate it in a later round.
      op = d.status == "SHUTOFF" ? "os-start" : "os-hibernate";
      break;
  }
  // A desktop still being built (or in another task) gets its power state once the task ends:
  // Sequence holds the action as busy. Without a task, another status is a dead end.
  const bool stable = d.status == "ACTIVE" || d.status == "SHUTOFF" || d.status == "HIBERNATED";
  if (!stable && !cloud::desktops::TaskRunning(d)) {
    plan.Error("Desktop", name, StrCat("cannot change the power state from ", d.status));
    return;
  }
  const Disruption disruption = op == "os-start" ? Disruption::kSafe : Disruption::kDisruptive;
  Action a = MakeAction(name, Verb::kPower, "desktops.action", Ids(d.id, op), disruption, "power|" + op);
  a.changes = {{"spec.powerState", PowerName(d.status), std::string(specs::PowerStateName(*s.power_state))}};
  if (disruption == Disruption::kDisruptive) a.note = "its user is disconnected";
  jobs.push_back(std::move(a));
}

void DiffTags(const specs::DesktopSpec& s, const Live& d, const std::string& name,
              const std::string& owner, std::vector<Action>& sync) {
  std::map<std::string, std::string> live;
  for (const auto& t : d.tags) live[t.key] = t.value;
  std::map<std::string, std::string> want;
  if (s.tags) want = *s.tags;
  want[std::string(specs::kOwnerTagKey)] = owner;  // every owned desktop carries it
  auto p = std::make_shared<TagPayload>();
  p->id = d.id;
  std::vector<FieldChange> changes;
  for (const auto& [k, v] : want) {
    auto it = live.find(k);
    if (it != live.end() && it->second == v) continue;
    p->set.push_back({k, v});
    changes.push_back({"spec.tags." + k, it == live.end() ? "" : Show(it->second), Show(v)});
  }
  if (s.tags) {  // managed: unlisted tags go (the ownership tag stays)
    for (const auto& [k, v] : live) {
      if (want.count(k)) continue;
      p->remove.push_back({k, v});
      changes.push_back({"spec.tags." + k, Show(v), ""});
    }
  }
  if (!p->set.empty()) {
    auto set = std::make_shared<TagPayload>(*p);
    set->remove.clear();
    Action a = MakeAction(name, Verb::kTag, "tags.batch_create", set, Disruption::kSafe, "tags|set");
    for (const auto& c : changes) {
      if (!c.after.empty()) a.changes.push_back(c);
    }
    sync.push_back(std::move(a));
  }
  if (!p->remove.empty()) {
    auto remove = std::make_shared<TagPayload>(*p);
    remove->set.clear();
    Action a = MakeAction(name, Verb::kTag, "tags.batch_delete", remove, Disruption::kSafe,
                         "tags|remove");
    for (const auto& c : changes) {
      if (c.after.empty()) a.changes.push_back(c);
    }
    sync.push_back(std::move(a));
  }
}

void DiffMaintenance(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                     std::vector<Action>& sync, std::vector<Action>& jobs) {
  if (!s.maintenance_mode || *s.maintenance_mode == d.in_maintenance_mode) return;
  const bool on = *s.maintenance_mode;
  Action a = MakeAction(name, Verb::kMaintenance, "desktops.maintenance_mode",
                       Ids(d.id, on ? "true" : "false"),
                       on ? Disruption::kDisruptive : Disruption::kSafe,
                       on ? "maintenance|on" : "maintenance|off");
  a.changes = {{"spec.maintenanceMode", Show(d.in_maintenance_mode), Show(on)}};
  if (on && !jobs.empty()) {
    // Maintenance mode rejects operations (409 WKS.0016): switch it on after the rest.
    a.held_by = "sequenced";
    a.held_reason = "maintenance mode goes on once the desktop's other changes are done";
    sync.push_back(std::move(a));
    return;
  }
  if (!on && !jobs.empty()) {
    // Leave maintenance first; the other changes follow in a later round.
    for (auto& j : jobs) {
      j.held_by = "sequenced";
      j.held_reason = "runs once the desktop has left maintenance mode";
    }
  }
  sync.push_back(std::move(a));
}

void Sequence(const Live& d, std::vector<Action>& jobs) {
  bool first = true;
  for (auto& a : jobs) {
    if (a.held()) continue;
    if (cloud::desktops::TaskRunning(d)) {
      a.held_by = "busy";
      a.held_reason = StrCat("the desktop is busy (", d.task_status, "); tried again next round");
    } else if (!first) {
      a.held_by = "sequenced";
      a.held_reason = "a desktop runs one task at a time; this follows the one before";
    }
    first = false;
  }
}

}  // namespace deskops::reconcilers::desktop
