// Desktop planning: a create (held while an earlier one may be in flight: the engine), and the
// steps that bring a live desktop to its manifest.
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/engine/capacity.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/disks.h"
#include "specs/common.h"

namespace deskops::reconcilers::desktop {

using core::StrCat;
using Live = cloud::desktops::Desktop;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "Desktop";

Action Step_(const std::string& name, Verb verb, const cloud::Operation& op, Step step,
             Disruption disruption = Disruption::kSafe, std::string batch_key = "") {
  Action a = MakeStep(kKind, name, verb, {&op}, std::move(step));
  a.disruption = disruption;
  a.batch_key = std::move(batch_key);
  return a;
}

std::string StatusFor(specs::PowerState s) {
  switch (s) {
    case specs::PowerState::kRunning:
      return "ACTIVE";
    case specs::PowerState::kStopped:
      return "SHUTOFF";
    case specs::PowerState::kHibernated:
      return "HIBERNATED";
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

// Fields that cannot change in place.
void Immutables(const specs::DesktopSpec& s, const Live& d, ObjectPlan& p) {
  auto check = [&](const std::string& path, const std::string& want, const std::string& have) {
    if (!want.empty() && !have.empty() && want != have) p.Immutable(path, Show(want), Show(have));
  };
  check("spec.availabilityZone", s.availability_zone.value_or(""), d.availability_zone);
  check("spec.rootVolume.type", s.root_volume.type, d.root_volume.type);
  check("spec.enterpriseProjectId", s.enterprise_project_id.value_or(""), d.enterprise_project_id);
  check("spec.osHostName", s.os_host_name.value_or(""), d.os_host_name);
  if (s.desktop_type == "SHARED" || d.desktop_type == "SHARED") {
    check("spec.desktopType", s.desktop_type, d.desktop_type);
  }
}

void DiffNetwork(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                 std::vector<Action>& jobs, ObjectPlan& p) {
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
    p.errors.push_back(
        "moving the desktop to another subnet, IP or security groups needs spec.vpcId (4.3.23 "
        "requires the VPC)");
    return;
  }
  Network n{d.id, *s.vpc_id, subnet.empty() ? d.subnet_id : subnet,
            want_sgs.empty() ? live_sgs : want_sgs, s.desktop_ip};
  Action a = Step_(name, Verb::kUpdate, ops::kChangeDesktopNetwork, n, Disruption::kDisruptive);
  a.changes = std::move(changes);
  a.note = "the desktop's address changes; its user is disconnected";
  jobs.push_back(std::move(a));
}

void DiffUser(const ObjectContext& ctx, const specs::DesktopSpec& s, const Live& d,
              std::vector<Action>& jobs) {
  const std::string& name = ctx.name();
  if (s.user_name && *s.user_name != d.user_name) {
    const bool reassign = !d.user_name.empty();
    Attach at{d.id, *s.user_name, s.user_group.value_or(""), s.user_email, reassign};
    Action a = MakeStep(kKind, name, Verb::kAttach,
                        reassign ? std::vector<const cloud::Operation*>{&ops::kDetachDesktops,
                                                                        &ops::kAttachDesktops}
                                 : std::vector<const cloud::Operation*>{&ops::kAttachDesktops},
                        Step{at});
    a.disruption = reassign ? Disruption::kDestructive : Disruption::kDisruptive;
    if (!reassign) a.batch_key = "attach";
    a.changes = {{"spec.userName", Show(d.user_name), Show(*s.user_name)}};
    // 4.3.20 carries the privilege group and the e-mail too: the plan shows what is sent.
    if (s.user_group && *s.user_group != d.user_group) {
      a.changes.push_back({"spec.userGroup", Show(d.user_group), Show(*s.user_group)});
    }
    ctx.WriteOnly("spec.userEmail", s.user_email, a.changes, a.records);
    if (reassign) a.note = "the previous user's data on the desktop is cleared";
    a.depends_on = {ObjectKey("User", *s.user_name)};
    jobs.push_back(std::move(a));
    return;
  }
  if (s.user_name && s.user_group && !d.user_group.empty() && *s.user_group != d.user_group) {
    Action a =
        Step_(name, Verb::kUpdate, ops::kChangePrivilegeGroup, Privilege{d.id, *s.user_group},
              Disruption::kSafe, "privilege|" + *s.user_group);
    a.changes = {{"spec.userGroup", Show(d.user_group), Show(*s.user_group)}};
    jobs.push_back(std::move(a));
  }
}

std::vector<LiveDisk> LiveDisks(const Live& d) {
  std::vector<LiveDisk> out;
  for (const auto& v : d.data_volumes) out.push_back({v.id, v.type, v.size, v.device});
  return out;
}

void DiffVolumes(const ObjectContext& ctx, const specs::DesktopSpec& s, const Live& d,
                 std::vector<Action>& jobs, ObjectPlan& p) {
  const std::string& name = ctx.name();
  std::vector<FieldChange> grow;
  ExpandDisks expand;
  std::int64_t grown_gb = 0;
  if (s.root_volume.size > d.root_volume.size && d.root_volume.size > 0) {
    expand.expansions.push_back({d.id, d.root_volume.id, s.root_volume.size});
    grown_gb += s.root_volume.size - d.root_volume.size;
    grow.push_back({"spec.rootVolume.size", Show(d.root_volume.size), Show(s.root_volume.size)});
  } else if (s.root_volume.size < d.root_volume.size) {
    p.errors.push_back("spec.rootVolume.size: disks cannot shrink");
    return;
  }
  const std::vector<LiveDisk> live = LiveDisks(d);
  DiskMap map = MapDisks(s.data_volumes, live, ctx.owned);
  p.records.insert(map.records.begin(), map.records.end());
  AddDisks add{d.id, {}};
  std::vector<FieldChange> added;
  for (std::size_t i = 0; i < s.data_volumes.size(); ++i) {
    const specs::Volume& want = s.data_volumes[i];
    if (!map.live_of[i]) {
      add.volumes.push_back({want.type, want.size, "", "", ""});
      added.push_back({DiskPath(want.name), "", StrCat(want.type, " ", want.size, " GB")});
      continue;
    }
    const LiveDisk& have = live[*map.live_of[i]];
    if (want.type != have.type || want.size < have.size) {
      p.errors.push_back(StrCat(DiskPath(want.name),
                                ": a data disk's type cannot change and its size cannot shrink (",
                                ShowDisk(have), ")"));
      return;
    }
    if (want.size > have.size) {
      expand.expansions.push_back({d.id, have.id, want.size});
      grown_gb += want.size - have.size;
      grow.push_back({DiskPath(want.name) + ".size", ShowDisk(have), StrCat(want.size, " GB")});
    }
  }
  // New disks and bigger disks are two jobs: the expansion follows in a later round.
  if (!add.volumes.empty()) {
    CapacityNeed need;
    need.volumes = static_cast<std::int64_t>(add.volumes.size());
    for (const auto& v : add.volumes) need.volume_gb += v.size;
    Action a = Step_(name, Verb::kDisks, ops::kBatchAddVolumes, std::move(add), Disruption::kSafe,
                     "volumes|add");
    a.changes = std::move(added);
    a.need = need;
    jobs.push_back(std::move(a));
  } else if (!expand.expansions.empty()) {
    Action a = Step_(name, Verb::kDisks, ops::kBatchExpandVolumes, std::move(expand),
                     Disruption::kSafe, "volumes|expand");
    a.need.volume_gb = grown_gb;
    a.changes = std::move(grow);
    jobs.push_back(std::move(a));
  }
  if (map.unclaimed.empty()) return;
  RemoveDisks remove{d.id, {}};
  std::vector<FieldChange> removed;
  for (std::size_t j : map.unclaimed) {
    remove.volume_ids.push_back(live[j].id);
    std::string disk_name;
    for (const auto& [key, value] : map.released) {
      if (ctx.owned && ctx.owned->Record(key) == live[j].id) disk_name = key.substr(5);
    }
    removed.push_back({disk_name.empty() ? std::string("spec.dataVolumes") : DiskPath(disk_name),
                       ShowDisk(live[j]), ""});
  }
  Action a =
      Step_(name, Verb::kDisks, ops::kDeleteVolumes, std::move(remove), Disruption::kDestructive);
  a.changes = std::move(removed);
  a.records = map.released;
  a.note = "the data on the removed disks is lost";
  jobs.push_back(std::move(a));
}

void DiffPower(const specs::DesktopSpec& s, const Live& d, const std::string& name,
               std::vector<Action>& jobs, ObjectPlan& p) {
  if (!s.power_state || d.status == StatusFor(*s.power_state)) return;
  std::string op;
  switch (*s.power_state) {
    case specs::PowerState::kRunning:
      op = "os-start";
      break;
    case specs::PowerState::kStopped:
      op = "os-stop";
      break;
    case specs::PowerState::kHibernated:
      // A stopped desktop cannot hibernate: start it now, hibernate it in a later round.
      op = d.status == "SHUTOFF" ? "os-start" : "os-hibernate";
      break;
  }
  // A desktop still being built (or in another task) gets its power state once the task ends:
  // Sequence holds the action as busy. Without a task, another status is a dead end.
  const bool stable = d.status == "ACTIVE" || d.status == "SHUTOFF" || d.status == "HIBERNATED";
  if (!stable && !cloud::desktops::TaskRunning(d)) {
    p.errors.push_back(StrCat("cannot change the power state from ", d.status));
    return;
  }
  const Disruption disruption = op == "os-start" ? Disruption::kSafe : Disruption::kDisruptive;
  Action a =
      Step_(name, Verb::kPower, ops::kDesktopsAction, Power{d.id, op}, disruption, "power|" + op);
  a.changes = {
      {"spec.powerState", PowerName(d.status), std::string(specs::PowerStateName(*s.power_state))}};
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
  SetTags set{d.id, {}};
  RemoveTags remove{d.id, {}};
  std::vector<FieldChange> set_changes, remove_changes;
  for (const auto& [k, v] : want) {
    auto it = live.find(k);
    if (it != live.end() && it->second == v) continue;
    set.tags.push_back({k, v});
    set_changes.push_back({"spec.tags." + k, it == live.end() ? "" : Show(it->second), Show(v)});
  }
  if (s.tags) {  // managed: unlisted tags go (the ownership tag stays)
    for (const auto& [k, v] : live) {
      if (want.count(k)) continue;
      remove.tags.push_back({k, v});
      remove_changes.push_back({"spec.tags." + k, Show(v), ""});
    }
  }
  if (!set.tags.empty()) {
    Action a = Step_(name, Verb::kTag, ops::kBatchCreateTags, std::move(set), Disruption::kSafe,
                     "tags|set");
    a.changes = std::move(set_changes);
    sync.push_back(std::move(a));
  }
  if (!remove.tags.empty()) {
    Action a = Step_(name, Verb::kTag, ops::kBatchDeleteTags, std::move(remove), Disruption::kSafe,
                     "tags|remove");
    a.changes = std::move(remove_changes);
    sync.push_back(std::move(a));
  }
}

void DiffMaintenance(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                     std::vector<Action>& sync, std::vector<Action>& jobs) {
  if (!s.maintenance_mode || *s.maintenance_mode == d.in_maintenance_mode) return;
  const bool on = *s.maintenance_mode;
  Action a = Step_(name, Verb::kMaintenance, ops::kSetMaintenanceMode, Maintenance{d.id, on},
                   on ? Disruption::kDisruptive : Disruption::kSafe,
                   on ? "maintenance|on" : "maintenance|off");
  a.changes = {{"spec.maintenanceMode", Show(d.in_maintenance_mode), Show(on)}};
  if (on && !jobs.empty()) {
    // Maintenance mode rejects operations (409 WKS.0016): switch it on after the rest.
    a.held_by = Gate::kSequenced;
    a.held_reason = "maintenance mode goes on once the desktop's other changes are done";
    sync.push_back(std::move(a));
    return;
  }
  if (!on && !jobs.empty()) {
    // Leave maintenance first; the other changes follow in a later round.
    for (auto& j : jobs) {
      j.held_by = Gate::kSequenced;
      j.held_reason = "runs once the desktop has left maintenance mode";
    }
  }
  sync.push_back(std::move(a));
}

// The fields only 4.3.1 takes (no other call changes them) and no read returns, as text for their
// fingerprints: deskops records what it created the desktop with and refuses a later change, which
// no call could make. userEmail is also sent when the desktop is assigned (4.3.20, DiffUser).
std::vector<std::pair<std::string, std::optional<std::string>>> CreateOnly(
    const specs::DesktopSpec& s) {
  auto text = [](const std::vector<std::pair<const char*, std::optional<std::string>>>& parts) {
    std::vector<std::string> set;
    for (const auto& [key, value] : parts) {
      if (value) set.push_back(StrCat(key, "=", *value));
    }
    return "{" + core::Join(set, ", ") + "}";
  };
  auto num = [](const std::optional<std::int64_t>& n) {
    return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
  };
  std::vector<std::pair<std::string, std::optional<std::string>>> out = {
      {"spec.userEmail", s.user_email},
      {"spec.userPhone", s.user_phone},
      {"spec.emailNotification",
       s.email_notification ? std::optional(Show(*s.email_notification)) : std::nullopt},
      {"spec.hourPackageProductId", s.hour_package_product_id},
      {"spec.hourPackageOfferingId", s.hour_package_offering_id},
      {"spec.eip", std::nullopt},
      {"spec.applySharedVpcDedicatedParam", std::nullopt},
  };
  if (s.eip) {
    out[5].second = text({{"id", s.eip->id},
                          {"type", s.eip->type},
                          {"chargeMode", s.eip->charge_mode},
                          {"bandwidthSize", num(s.eip->bandwidth_size)}});
  }
  if (s.shared_vpc) {
    out[6].second = text(
        {{"address", s.shared_vpc->address},
         {"port", num(s.shared_vpc->port)},
         {"availabilityZone", "[" + core::Join(s.shared_vpc->availability_zones, ", ") + "]"}});
  }
  return out;
}

void RecordCreateOnly(const ObjectContext& ctx, const specs::DesktopSpec& s,
                      std::map<std::string, std::string>& records) {
  std::vector<FieldChange> shown;  // a create shows every field anyway
  for (const auto& [path, value] : CreateOnly(s)) ctx.WriteOnly(path, value, shown, records);
}

// A create-only field that differs from what deskops created the desktop with is a plan error;
// one it never recorded (an adopted desktop) is recorded as the manifest has it.
void CheckCreateOnly(const ObjectContext& ctx, const specs::DesktopSpec& s, const Live& d,
                     ObjectPlan& p) {
  const bool reassigned = s.user_name && *s.user_name != d.user_name;
  for (const auto& [path, value] : CreateOnly(s)) {
    if (path == "spec.userEmail" && reassigned) continue;  // sent with the assignment
    std::vector<FieldChange> changes;
    std::map<std::string, std::string> records;
    if (!ctx.WriteOnly(path, value, changes, records)) continue;
    if (ctx.owned && !ctx.owned->Record(AppliedKey(path)).empty()) {
      p.errors.push_back(
          path == "spec.userEmail"
              ? StrCat(path,
                       " cannot change while the desktop keeps its user: only an assignment "
                       "sends it (4.3.1, 4.3.20) and no read returns it; change it back")
              : StrCat(path,
                       " cannot change once the desktop exists: only 4.3.1 takes it and no "
                       "read returns it; change it back, or delete and re-create the "
                       "desktop"));
      continue;
    }
    p.records.insert(records.begin(), records.end());
  }
}

// selfBackupManagement: write-only (4.3.3 takes it, no read returns it).
void DiffWriteOnly(const ObjectContext& ctx, const specs::DesktopSpec& s, const Live& d,
                   std::vector<Action>& sync) {
  if (!s.self_backup_management) return;
  Modify m{d.id, *s.self_backup_management};
  std::vector<FieldChange> changes;
  std::map<std::string, std::string> records;
  if (!ctx.WriteOnly("spec.selfBackupManagement", Show(*s.self_backup_management), changes,
                     records)) {
    return;
  }
  Action a = Step_(ctx.name(), Verb::kUpdate, ops::kModifyDesktop, m);
  a.changes = std::move(changes);
  a.records = std::move(records);
  sync.push_back(std::move(a));
}

// A desktop runs one task at a time: the first job action runs (unless the desktop is busy); the
// others are held as "sequenced" and come back in a later round.
// The actions note who works on the desktop: the user-connected gate holds the disruptive and
// destructive ones while the session lasts.
void NoteSession(const std::string& session, std::vector<Action>& actions) {
  for (auto& a : actions) a.session_hold = session;
}

void Sequence(const Live& d, std::vector<Action>& jobs) {
  bool first = true;
  for (auto& a : jobs) {
    if (a.held()) continue;
    if (cloud::desktops::TaskRunning(d)) {
      a.held_by = Gate::kBusy;
      a.held_reason = StrCat("the desktop is busy (", d.task_status, "); tried again next round");
    } else if (!first) {
      a.held_by = Gate::kSequenced;
      a.held_reason = "a desktop runs one task at a time; this follows the one before";
    }
    first = false;
  }
}

}  // namespace

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  Create c{CreateRequestFor(ctx.name(), spec, ctx.diff.options.owner)};
  std::string key = CreateBatchKey(c.request);
  Action a = Step_(ctx.name(), Verb::kCreate, ops::kCreateDesktops, std::move(c), Disruption::kSafe,
                   std::move(key));
  a.note = "up to 50 identical desktops per request";
  a.need = capacity::NewDesktops(1, spec.product_id, spec.availability_zone.value_or(""),
                                 spec.image_id, spec.root_volume, spec.data_volumes);
  RecordCreateOnly(ctx, spec, a.records);
  // 4.3.1 has no snapshot switch: selfBackupManagement follows with 4.3.3 (DiffWriteOnly) in the
  // next round, once the desktop exists.
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& s, const Live& d,
                            ObjectPlan& p) const {
  // Observed for every desktop, acted on or not, so a disconnection's grace counts from when it
  // was first seen.
  const std::string session =
      SessionHold(ctx.diff, ObjectKey(kKind, ctx.name()), d.id, d.user_name, d.login_status);
  Immutables(s, d, p);
  if (!p.fixed.empty()) return;
  const std::string& name = ctx.name();
  if (d.status == "ERROR") {
    if (ctx.owned && ctx.owned->create_failed && !cloud::desktops::TaskRunning(d)) {
      // A desktop left in ERROR by deskops' own failed create holds nothing: delete it and
      // create it again (what Terraform does with a resource whose create failed).
      Recreate r{d.id, CreateRequestFor(name, s, ctx.diff.options.owner)};
      Action a = MakeStep(kKind, name, Verb::kReplace,
                          {&ops::kBatchDeleteDesktops, &ops::kCreateDesktops}, Step{std::move(r)});
      a.batch_key = "recreate|" + name;
      a.note = "its create failed and left it in ERROR: deleted and created again";
      RecordCreateOnly(ctx, s, a.records);
      if (s.user_name) a.depends_on.push_back(ObjectKey("User", *s.user_name));
      p.actions.push_back(std::move(a));
      return;
    }
    p.errors.push_back("the desktop is in ERROR state; fix or delete it in the console");
    return;
  }
  // Steps that start a job, in the order they run: one per desktop at a time, the rest wait.
  std::vector<Action> jobs;
  if (!d.image_id.empty() && s.image_id != d.image_id) {
    Action a =
        Step_(name, Verb::kRebuild, ops::kRebuildDesktops, Rebuild{d.id, s.image_type, s.image_id},
              Disruption::kDestructive, "rebuild|" + s.image_type + "|" + s.image_id);
    // 4.3.11 carries the image type, which no read returns.
    a.changes = {{"spec.imageId", Show(d.image_id), Show(s.image_id)},
                 {"spec.imageType", "(not read back)", Show(s.image_type), true}};
    a.note = "rebuilds the system disk: data on C: is lost";
    a.need.image_id = s.image_id;
    jobs.push_back(std::move(a));
  }
  if (!d.product_id.empty() && s.product_id != d.product_id) {
    Action a = Step_(name, Verb::kResize, ops::kResizeDesktops, Resize{d.id, s.product_id},
                     Disruption::kDisruptive, "resize|" + s.product_id);
    a.changes = {{"spec.productId", Show(d.product_id), Show(s.product_id)}};
    a.note = "stops the desktop first";
    a.need.product_id = s.product_id;
    a.need.from_product_id = d.product_id;
    a.need.resized = 1;
    jobs.push_back(std::move(a));
  }
  DiffNetwork(s, d, name, jobs, p);
  DiffUser(ctx, s, d, jobs);
  DiffVolumes(ctx, s, d, jobs, p);
  DiffPower(s, d, name, jobs, p);
  CheckCreateOnly(ctx, s, d, p);
  if (!p.errors.empty()) return;
  std::vector<Action> sync;
  DiffTags(s, d, name, ctx.diff.options.owner, sync);
  DiffMaintenance(s, d, name, sync, jobs);
  DiffWriteOnly(ctx, s, d, sync);
  Sequence(d, jobs);
  for (auto& a : jobs) p.actions.push_back(std::move(a));
  for (auto& a : sync) p.actions.push_back(std::move(a));
  NoteSession(session, p.actions);
}

void Reconciler::PlanDelete(const DeleteContext& ctx, const Live& d, ObjectPlan& p) const {
  Action a = Step_(ctx.owned.name, Verb::kDelete, ops::kBatchDeleteDesktops, Delete{d.id},
                   Disruption::kDestructive, std::string(ops::kBatchDeleteDesktops.id));
  a.note = "the desktop and the data on it";
  // Busy (with the delete an earlier run started, say): wait for the task rather than have the
  // API refuse the call, or answer that the desktop no longer exists. Without --prune the gate
  // says why it stays.
  if (ctx.diff.options.prune && cloud::desktops::TaskRunning(d)) {
    a.held_by = Gate::kBusy;
    a.held_reason = StrCat("the desktop is busy (", d.task_status, "); deleted once that ends");
  }
  a.session_hold =
      SessionHold(ctx.diff, ObjectKey(kKind, ctx.owned.name), d.id, d.user_name, d.login_status);
  p.actions.push_back(std::move(a));
}

}  // namespace deskops::reconcilers::desktop
