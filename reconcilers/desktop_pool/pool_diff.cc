// The DesktopPool diff of the pool's own fields, split by what changes them:
//   create (4.4.1) with every field, the write-only ones (ouName, tags) included;
//   fields that cannot change in place (type, subnets, security groups, enterprise project, the
//     system disk): plan errors, or a replacement with deskops.io/allow-replace; vpcId is not read
//     back and never compared;
//   4.4.3 fields (description, retention, autoscale, maintenance mode, name policy, AZ, and the
//     write-only ouName and tags, compared with what deskops last applied): one update, safe (the
//     reference names no effect of a pool's maintenance mode on sessions); autoscale sub-fields
//     the manifest leaves unset are sent with their observed values;
//   size: growing expands the pool by the difference (4.4.6 "Expand the size of the desktop pool"
//     does not say delta or total; deskops sends the number of desktops to add, and the plan says
//     so); shrinking is a plan error, except that with auto scaling on a pool may hold more
//     desktops than its size;
//   product (4.4.7, disruptive: desktops are stopped) and image (4.4.8, destructive: system disks
//     are rebuilt);
//   data disks by name (disks.h): added (4.4.9), grown (4.4.11), removed (4.4.10, destructive);
//     a type change or a shrink is a plan error.
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/engine/capacity.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/disks.h"

namespace deskops::reconcilers::pool {

using core::StrCat;
namespace pools = cloud::pools;
namespace ops = cloud::ops;

namespace {

cloud::Volume ToCloud(const specs::Volume& v) {
  cloud::Volume out;
  out.type = v.type;
  out.size = v.size;
  return out;
}

Action PoolStep(const std::string& name, Verb verb, const cloud::Operation& op, Step step) {
  return MakeStep(kKind, name, verb, {&op}, std::move(step));
}

// The write-only fields as the fingerprints compare them.
std::optional<std::string> TagsText(const specs::DesktopPoolSpec& s) {
  if (!s.tags) return std::nullopt;
  std::vector<std::string> parts;
  for (const auto& [k, v] : *s.tags) parts.push_back(k + "=" + v);
  return "{" + core::Join(parts, ", ") + "}";
}

std::vector<cloud::Tag> WireTags(const specs::DesktopPoolSpec& s) {
  std::vector<cloud::Tag> out;
  for (const auto& [k, v] : s.tags.value_or(std::map<std::string, std::string>{})) {
    out.push_back({k, v});
  }
  return out;
}

// The autoscale sub-fields the manifest sets that differ; the policy to send (the manifest's
// fields over the observed ones, so unset ones keep their values) when any do.
std::optional<pools::Autoscale> DiffAutoscale(
    const std::optional<specs::DesktopPoolSpec::Autoscale>& want,
    const std::optional<pools::Autoscale>& have, std::vector<FieldChange>& c) {
  if (!want) return std::nullopt;
  pools::Autoscale send = have.value_or(pools::Autoscale{});
  const std::string p = "spec.autoscalePolicy.";
  bool changed = false;
  if (Compare(c, p + "autoscaleType", want->type, send.autoscale_type)) {
    send.autoscale_type = want->type, changed = true;
  }
  if (Compare(c, p + "maxAutoCreated", want->max_auto_created, send.max_auto_created)) {
    send.max_auto_created = want->max_auto_created, changed = true;
  }
  if (Compare(c, p + "minIdle", want->min_idle, send.min_idle)) {
    send.min_idle = want->min_idle, changed = true;
  }
  if (Compare(c, p + "onceAutoCreated", want->once_auto_created, send.once_auto_created)) {
    send.once_auto_created = want->once_auto_created, changed = true;
  }
  if (!changed) return std::nullopt;
  return send;
}

// The name policy is named in manifests and read back as an ID.
void DiffNamePolicy(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                    const pools::Pool& live, Modify& m, std::vector<FieldChange>& c,
                    std::vector<std::string>& depends_on) {
  if (!spec.desktop_name_policy) return;
  const std::string& name = *spec.desktop_name_policy;
  auto ref = ctx.diff.index.Find("DesktopNamePolicy", name);
  if (ref && ref->id == live.desktop_name_policy_id) return;
  depends_on.push_back(ObjectKey("DesktopNamePolicy", name));
  std::string before = live.desktop_name_policy_id;
  if (auto old = ctx.diff.index.FindById("DesktopNamePolicy", before)) before = old->name;
  c.push_back({"spec.desktopNamePolicy", Show(before), Show(name)});
  m.name_policy = name;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

Create CreateFor(const std::string& name, const specs::DesktopPoolSpec& s) {
  Create c;
  pools::CreateRequest& r = c.request;
  r.name = name;
  r.type = s.type;
  r.size = s.size;
  r.description = s.description;
  r.availability_zone = s.availability_zone;
  r.product_id = s.product_id;
  r.flavor_id = s.flavor_id;
  r.image_type = s.image_type;
  r.image_id = s.image_id;
  r.root_volume = ToCloud(s.root_volume);
  for (const auto& v : s.data_volumes) r.data_volumes.push_back(ToCloud(v));
  r.vpc_id = s.vpc_id;
  r.subnet_ids = s.subnet_ids;
  r.security_group_ids = s.security_group_ids;
  r.ou_name = s.ou_name;
  r.tags = WireTags(s);
  r.enterprise_project_id = s.enterprise_project_id;
  r.disconnected_retention_period = s.disconnected_retention_period;
  r.enable_autoscale = s.enable_autoscale;
  if (s.autoscale_policy) {
    const auto& a = *s.autoscale_policy;
    r.autoscale_policy =
        pools::Autoscale{a.type, a.max_auto_created, a.min_idle, a.once_auto_created};
  }
  c.authorized = s.authorized_objects.value_or(std::vector<specs::NamedObject>{});
  c.name_policy = s.desktop_name_policy;
  return c;
}

namespace {

// The subnets a pool was created with: it reads back one of them (L12377), so the list is also
// remembered as a fingerprint, and a change to it (a subnet added or removed) is refused.
std::optional<std::string> SubnetsText(const specs::DesktopPoolSpec& s) {
  return "[" + core::Join(Sorted(s.subnet_ids), ", ") + "]";
}

}  // namespace

void RecordWriteOnly(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                     std::map<std::string, std::string>& records) {
  std::vector<FieldChange> shown;  // a create shows every field anyway
  ctx.WriteOnly("spec.ouName", spec.ou_name, shown, records);
  ctx.WriteOnly("spec.tags", TagsText(spec), shown, records);
  ctx.WriteOnly("spec.subnetIds", SubnetsText(spec), shown, records);
}

void Immutables(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                const pools::Pool& live, ObjectPlan& p) {
  auto check = [&](std::string path, std::string desired, std::string observed) {
    if (!observed.empty() && desired != observed) {
      p.Immutable(std::move(path), Show(desired), Show(observed));
    }
  };
  check("spec.type", spec.type, live.type);
  // The pool reads back one subnet (L12377) of the list it was created with (L11585).
  const auto& subnets = spec.subnet_ids;
  if (std::find(subnets.begin(), subnets.end(), live.subnet_id) == subnets.end()) {
    check("spec.subnetIds", core::Join(subnets, ", "), live.subnet_id);
  } else {
    // The one read back is still listed: compare the list with the one deskops created the pool
    // with (none recorded, for an adopted pool: recorded as the manifest has it).
    std::vector<FieldChange> changes;
    std::map<std::string, std::string> records;
    const std::string key = AppliedKey("spec.subnetIds");
    if (ctx.WriteOnly("spec.subnetIds", SubnetsText(spec), changes, records)) {
      if (ctx.owned && !ctx.owned->Record(key).empty()) {
        p.Immutable("spec.subnetIds", Show(*SubnetsText(spec)),
                    "(the subnets it was created with)");
      } else {
        p.records.insert(records.begin(), records.end());
      }
    }
  }
  if (!spec.security_group_ids.empty()) {
    std::vector<std::string> have;
    for (const auto& sg : live.security_groups) have.push_back(sg.id);
    check("spec.securityGroups", core::Join(Sorted(spec.security_group_ids), ", "),
          core::Join(Sorted(have), ", "));
  }
  if (spec.enterprise_project_id) {
    check("spec.enterpriseProjectId", *spec.enterprise_project_id, live.enterprise_project_id);
  }
  check("spec.rootVolume.type", spec.root_volume.type, live.root_volume.type);
  // The reference does not say whether 4.4.11 grows a pool's system disk (api-digest §3.2), and no
  // other call does: deskops treats its size as fixed.
  if (live.root_volume.size > 0 && spec.root_volume.size != live.root_volume.size) {
    p.Immutable("spec.rootVolume.size", Show(spec.root_volume.size), Show(live.root_volume.size));
  }
}

void DiffModify(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                const pools::Pool& live, ObjectPlan& p) {
  Modify m{live.id, {}, std::nullopt, live.autoscale_policy};
  auto& r = m.request;
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  if (Compare(c, "spec.description", spec.description, live.description)) {
    r.description = spec.description;
  }
  if (Compare(c, "spec.availabilityZone", spec.availability_zone, live.availability_zone)) {
    r.availability_zone = spec.availability_zone;
  }
  if (Compare(c, "spec.disconnectedRetentionPeriod", spec.disconnected_retention_period,
              live.disconnected_retention_period)) {
    r.disconnected_retention_period = spec.disconnected_retention_period;
  }
  if (Compare(c, "spec.enableAutoscale", spec.enable_autoscale, live.enable_autoscale)) {
    r.enable_autoscale = spec.enable_autoscale;
  }
  r.autoscale_policy = DiffAutoscale(spec.autoscale_policy, live.autoscale_policy, c);
  std::vector<std::string> depends_on;
  if (!ctx.Ignores("spec.desktopNamePolicy")) DiffNamePolicy(ctx, spec, live, m, c, depends_on);
  if (Compare(c, "spec.maintenanceMode", spec.maintenance_mode, live.in_maintenance_mode)) {
    r.in_maintenance_mode = spec.maintenance_mode;
  }
  if (ctx.WriteOnly("spec.ouName", spec.ou_name, c, records)) r.ou_name = spec.ou_name;
  if (ctx.WriteOnly("spec.tags", TagsText(spec), c, records)) r.tags = WireTags(spec);
  if (c.empty()) return;
  Action a = PoolStep(live.name, Verb::kUpdate, ops::kModifyPool, std::move(m));
  a.changes = std::move(c);
  a.records = std::move(records);
  a.depends_on = std::move(depends_on);
  p.actions.push_back(std::move(a));
}

void DiffSize(const specs::DesktopPoolSpec& spec, const pools::Pool& live, ObjectPlan& p) {
  if (spec.size > live.desktop_count) {
    const std::int64_t add = spec.size - live.desktop_count;
    Action a = PoolStep(live.name, Verb::kExpand, ops::kExpandPool, Expand{live.id, add, {}});
    a.changes = {{"spec.size", Show(live.desktop_count), Show(spec.size)}};
    a.note = StrCat("adds ", add, " desktop(s); 4.4.6 is sent the number to add");
    a.need = capacity::NewDesktops(add, spec.product_id, spec.availability_zone.value_or(""), "",
                                   spec.root_volume, spec.data_volumes);
    // What a failed expand leaves (desktops in ERROR) is repaired by a later run.
    a.taints_on_failure = true;
    p.actions.push_back(std::move(a));
  } else if (spec.size < live.desktop_count && !live.enable_autoscale) {
    // With auto scaling on, the pool may hold more desktops than its size: they were made for it.
    p.errors.push_back(StrCat("spec.size: the pool has ", live.desktop_count,
                              " desktops and the manifest asks for ", spec.size,
                              "; deskops never shrinks a pool: delete its desktops"));
  }
}

bool DiffFailedDesktops(const specs::DesktopPoolSpec& spec, const LivePool& live,
                        bool create_failed, ObjectPlan& p) {
  if (!create_failed || !live.desktops) return false;
  Expand e{live.pool.id, 0, {}};
  for (const auto& d : *live.desktops) {
    // A desktop still busy may yet come up; only a settled ERROR is what the failed job left.
    if (d.status == "ERROR" && !cloud::desktops::TaskRunning(d)) {
      e.failed_desktop_ids.push_back(d.id);
    }
  }
  const auto failed = static_cast<std::int64_t>(e.failed_desktop_ids.size());
  if (failed == 0) return false;
  const std::int64_t healthy = live.pool.desktop_count - failed;
  e.add = std::max<std::int64_t>(spec.size - healthy, 0);
  const std::int64_t add = e.add;
  // Nothing in them: deskops' own failed job made them and no user ever logged on.
  Action a = PoolStep(live.pool.name, Verb::kExpand, ops::kBatchDeleteDesktops, std::move(e));
  if (add > 0) a.calls.push_back(&ops::kExpandPool);
  a.changes = {{"status.errorDesktops", Show(failed), "0"}};
  if (spec.size != live.pool.desktop_count) {
    a.changes.push_back({"spec.size", Show(live.pool.desktop_count), Show(spec.size)});
  }
  a.note = StrCat("a failed pool job left ", failed, " desktop(s) in ERROR: deleted, then ", add,
                  " added");
  a.taints_on_failure = true;
  p.actions.push_back(std::move(a));
  return true;
}

void DiffProductAndImage(const specs::DesktopPoolSpec& spec, const pools::Pool& live,
                         ObjectPlan& p) {
  std::vector<FieldChange> c;
  Compare(c, "spec.productId", std::optional(spec.product_id), live.product.product_id);
  if (!live.product.flavor_id.empty()) {
    Compare(c, "spec.flavorId", spec.flavor_id, live.product.flavor_id);
  }
  if (!c.empty()) {
    Action a = PoolStep(live.name, Verb::kResize, ops::kResizePool,
                        Resize{live.id, spec.product_id, spec.flavor_id, live.product.product_id});
    a.changes = std::move(c);
    a.disruption = Disruption::kDisruptive;
    a.note = StrCat("stops the pool's ", live.desktop_count, " desktop(s) to change them");
    a.need.product_id = spec.product_id;
    a.need.from_product_id = live.product.product_id;
    a.need.resized = live.desktop_count;
    p.actions.push_back(std::move(a));
  }
  if (!live.image_id.empty() && spec.image_id != live.image_id) {
    Action a = PoolStep(live.name, Verb::kRebuild, ops::kRebuildPool,
                        Rebuild{live.id, spec.image_type, spec.image_id});
    // 4.4.8 carries the image type, which no read returns.
    a.changes = {{"spec.imageId", Show(live.image_id), Show(spec.image_id)},
                 {"spec.imageType", "(not read back)", Show(spec.image_type), true}};
    a.disruption = Disruption::kDestructive;
    a.need.image_id = spec.image_id;
    a.note = StrCat("rebuilds the system disks of ", live.desktop_count,
                    " desktop(s): data on them is lost");
    p.actions.push_back(std::move(a));
  }
}

void DiffVolumes(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                 const pools::Pool& live, ObjectPlan& p) {
  using Op = Volumes::Op;
  const auto& want = spec.data_volumes;
  std::vector<LiveDisk> disks;
  for (const auto& v : live.data_volumes) disks.push_back({v.id, v.type, v.size, ""});
  DiskMap map = MapDisks(want, disks, ctx.owned);
  p.records.insert(map.records.begin(), map.records.end());
  std::map<Op, std::pair<Volumes, std::vector<FieldChange>>> calls;  // one call per operation
  std::map<Op, CapacityNeed> needs;                                  // per desktop of the pool
  auto plan = [&](Op op, const cloud::Volume& v, FieldChange change) {
    calls[op].first.volumes.push_back(v);
    calls[op].second.push_back(std::move(change));
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string path = DiskPath(want[i].name);
    if (!map.live_of[i]) {
      plan(Op::kAdd, ToCloud(want[i]), {path, "", StrCat(want[i].type, " ", want[i].size, " GB")});
      needs[Op::kAdd].volumes += live.desktop_count;
      needs[Op::kAdd].volume_gb += want[i].size * live.desktop_count;
      continue;
    }
    const cloud::Volume& old = live.data_volumes[*map.live_of[i]];
    if (want[i].type != old.type || want[i].size < old.size) {
      p.errors.push_back(StrCat(path,
                                ": a data disk's type cannot change and its size cannot "
                                "shrink (",
                                ShowDisk(disks[*map.live_of[i]]), ")"));
      continue;
    }
    if (want[i].size > old.size) {
      cloud::Volume grown = old;
      grown.size = want[i].size;
      needs[Op::kExpand].volume_gb += (want[i].size - old.size) * live.desktop_count;
      plan(Op::kExpand, grown,
           {path + ".size", ShowDisk(disks[*map.live_of[i]]), StrCat(want[i].size, " GB")});
    }
  }
  for (std::size_t j : map.unclaimed) {
    std::string name;
    for (const auto& [key, value] : map.released) {
      if (ctx.owned && ctx.owned->Record(key) == disks[j].id) name = key.substr(5);
    }
    plan(Op::kDelete, live.data_volumes[j],
         {name.empty() ? std::string("spec.dataVolumes") : DiskPath(name), ShowDisk(disks[j]), ""});
  }
  for (auto& [op, call] : calls) {
    call.first.op = op;
    call.first.id = live.id;
    const cloud::Operation& api = op == Op::kAdd      ? ops::kAddPoolVolumes
                                  : op == Op::kExpand ? ops::kExpandPoolVolumes
                                                      : ops::kDeletePoolVolumes;
    Action a = PoolStep(live.name, op == Op::kExpand ? Verb::kExpand : Verb::kDisks, api,
                        std::move(call.first));
    a.changes = std::move(call.second);
    a.need = needs[op];
    if (op == Op::kDelete) {
      a.disruption = Disruption::kDestructive;
      a.note = "the removed disks' data is lost";
      a.records = map.released;
    }
    p.actions.push_back(std::move(a));
  }
}

}  // namespace deskops::reconcilers::pool
