#include "reconcilers/desktop_pool/pool_diff.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"

namespace deskops::reconcilers::pool {

using core::StrCat;
namespace pools = cloud::pools;

namespace {

cloud::Volume ToCloud(const specs::Volume& v) {
  cloud::Volume out;
  out.type = v.type;
  out.size = v.size;
  return out;
}

std::string Describe(const std::string& type, std::int64_t size) {
  return StrCat(type, " ", size, " GB");
}

pools::CreateRequest RequestFor(const std::string& name, const specs::DesktopPoolSpec& s) {
  pools::CreateRequest r;
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
  r.ou_name = s.ou_name;  // write-only: sent here, never compared
  for (const auto& [k, v] : s.tags.value_or(std::map<std::string, std::string>{})) {
    r.tags.push_back({k, v});
  }
  r.enterprise_project_id = s.enterprise_project_id;
  r.disconnected_retention_period = s.disconnected_retention_period;
  r.enable_autoscale = s.enable_autoscale;
  if (s.autoscale_policy) {
    const auto& a = *s.autoscale_policy;
    r.autoscale_policy =
        pools::Autoscale{a.type, a.max_auto_created, a.min_idle, a.once_auto_created};
  }
  return r;
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
void DiffNamePolicy(const DiffContext& ctx, const specs::DesktopPoolSpec& spec,
                    const pools::Pool& live, ModifyPayload& payload, std::vector<FieldChange>& c,
                    ObjectPlan& p, std::vector<std::string>& depends_on) {
  if (!spec.desktop_name_policy) return;
  const std::string& name = *spec.desktop_name_policy;
  auto ref = ctx.index.Find("DesktopNamePolicy", name);
  if (ref && ref->id == live.desktop_name_policy_id) return;
  CheckRef(ctx, "DesktopNamePolicy", name, "spec.desktopNamePolicy", p.errors, depends_on);
  std::string before = live.desktop_name_policy_id;
  if (auto old = ctx.index.FindById("DesktopNamePolicy", before)) before = old->name;
  c.push_back({"spec.desktopNamePolicy", Show(before), Show(name)});
  payload.name_policy = name;
}

// For each desired data disk, the observed one it stands for. Pool reads carry no device for their
// disks (4.4.2 VolumeInfo: id, type, size), so the observed order (by device, then record ID) says
// nothing about which disk is which: identical disks pair first, then the rest by position among
// disks of the same type. A disk whose type changes pairs with none: it is removed and added.
std::vector<std::optional<std::size_t>> PairVolumes(const std::vector<specs::Volume>& want,
                                                    const std::vector<cloud::Volume>& have) {
  std::vector<std::optional<std::size_t>> pairs(want.size());
  std::vector<bool> taken(have.size());
  auto pair = [&](bool same_size) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      for (std::size_t j = 0; j < have.size() && !pairs[i]; ++j) {
        if (taken[j] || have[j].type != want[i].type) continue;
        if (same_size && have[j].size != want[i].size) continue;
        pairs[i] = j;
        taken[j] = true;
      }
    }
  };
  pair(true);
  pair(false);
  return pairs;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

CreatePayload CreateFor(const DiffContext& ctx, const specs::Object& object,
                        std::vector<std::string>& errors, std::vector<std::string>& depends_on) {
  const auto& spec = *object.As<specs::DesktopPoolSpec>();
  CreatePayload out;
  out.request = RequestFor(object.meta.name, spec);
  out.authorized = spec.authorized_objects.value_or(std::vector<specs::NamedObject>{});
  for (std::size_t i = 0; i < out.authorized.size(); ++i) {
    const auto& o = out.authorized[i];
    CheckRef(ctx, o.type == "USER" ? "User" : "UserGroup", o.name,
             StrCat("spec.authorizedObjects[", i, "].objectName"), errors, depends_on);
  }
  if (spec.desktop_name_policy) {
    CheckRef(ctx, "DesktopNamePolicy", *spec.desktop_name_policy, "spec.desktopNamePolicy", errors,
             depends_on);
    out.name_policy = spec.desktop_name_policy;
  }
  return out;
}

std::vector<Fixed> Immutables(const specs::DesktopPoolSpec& spec, const pools::Pool& live) {
  std::vector<Fixed> out;
  auto check = [&](std::string path, std::string desired, std::string observed) {
    if (!observed.empty() && desired != observed) {
      out.push_back({std::move(path), Show(desired), Show(observed)});
    }
  };
  check("spec.type", spec.type, live.type);
  // The pool reads back one subnet (L12377) of the list it was created with (L11585).
  const auto& subnets = spec.subnet_ids;
  if (std::find(subnets.begin(), subnets.end(), live.subnet_id) == subnets.end()) {
    check("spec.subnetIds", core::Join(subnets, ", "), live.subnet_id);
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
    out.push_back(
        {"spec.rootVolume.size", Show(spec.root_volume.size), Show(live.root_volume.size)});
  }
  return out;
}

void DiffModify(const DiffContext& ctx, const specs::DesktopPoolSpec& spec, const pools::Pool& live,
                ObjectPlan& p) {
  auto payload = std::make_shared<ModifyPayload>();
  payload->id = live.id;
  auto& r = payload->request;
  std::vector<FieldChange> c;
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
  payload->observed_autoscale = live.autoscale_policy;
  Action a = MakeAction(kKind, live.name, Verb::kUpdate, "pools.modify", payload);
  DiffNamePolicy(ctx, spec, live, *payload, c, p, a.depends_on);
  if (Compare(c, "spec.maintenanceMode", spec.maintenance_mode, live.in_maintenance_mode)) {
    r.in_maintenance_mode = spec.maintenance_mode;
  }
  if (c.empty()) return;
  a.changes = std::move(c);
  p.actions.push_back(std::move(a));
}

void DiffSize(const specs::DesktopPoolSpec& spec, const pools::Pool& live, ObjectPlan& p) {
  if (spec.size > live.desktop_count) {
    auto payload = std::make_shared<ExpandPayload>();
    payload->id = live.id;
    payload->add = spec.size - live.desktop_count;
    Action a = MakeAction(kKind, live.name, Verb::kExpand, "pools.expand", payload);
    a.changes = {{"spec.size", Show(live.desktop_count), Show(spec.size)}};
    a.note = StrCat("adds ", payload->add, " desktop(s); 4.4.6 is sent the number to add");
    p.actions.push_back(std::move(a));
  } else if (spec.size < live.desktop_count && !live.enable_autoscale) {
    // With auto scaling on, the pool may hold more desktops than its size: they were made for it.
    p.errors.push_back(StrCat("spec.size: the pool has ", live.desktop_count,
                              " desktops and the manifest asks for ", spec.size,
                              "; deskops never shrinks a pool: delete its desktops"));
  }
}

bool DiffFailedDesktops(const specs::DesktopPoolSpec& spec, const pools::Pool& live,
                        const std::optional<std::vector<cloud::desktops::Desktop>>& desktops,
                        bool create_failed, ObjectPlan& p) {
  if (!create_failed || !desktops) return false;
  auto payload = std::make_shared<ExpandPayload>();
  payload->id = live.id;
  for (const auto& d : *desktops) {
    // A desktop still busy may yet come up; only a settled ERROR is what the failed job left.
    if (d.status == "ERROR" && !cloud::desktops::TaskRunning(d))
      payload->failed_desktop_ids.push_back(d.id);
  }
  const auto failed = static_cast<std::int64_t>(payload->failed_desktop_ids.size());
  if (failed == 0) return false;
  const std::int64_t healthy = live.desktop_count - failed;
  payload->add = std::max<std::int64_t>(spec.size - healthy, 0);
  // Nothing in them: deskops' own failed job made them and no user ever logged on.
  Action a = MakeAction(kKind, live.name, Verb::kExpand, "desktops.batch_delete", payload);
  if (payload->add > 0) a.api_calls.push_back("pools.expand");
  a.changes = {{"status.errorDesktops", Show(failed), "0"}};
  if (spec.size != live.desktop_count) {
    a.changes.push_back({"spec.size", Show(live.desktop_count), Show(spec.size)});
  }
  a.note = StrCat("a failed pool job left ", failed, " desktop(s) in ERROR: deleted, then ",
                  payload->add, " added");
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
    auto payload = std::make_shared<ResizePayload>();
    payload->id = live.id;
    payload->product_id = spec.product_id;
    payload->flavor_id = spec.flavor_id;
    payload->observed_product_id = live.product.product_id;
    Action a = MakeAction(kKind, live.name, Verb::kResize, "pools.resize", payload);
    a.changes = std::move(c);
    a.disruption = Disruption::kDisruptive;
    a.note = StrCat("stops the pool's ", live.desktop_count, " desktop(s) to change them");
    p.actions.push_back(std::move(a));
  }
  if (!live.image_id.empty() && spec.image_id != live.image_id) {
    auto payload = std::make_shared<RebuildPayload>();
    payload->id = live.id;
    payload->image_type = spec.image_type;
    payload->image_id = spec.image_id;
    Action a = MakeAction(kKind, live.name, Verb::kRebuild, "pools.rebuild", payload);
    a.changes = {{"spec.imageId", Show(live.image_id), Show(spec.image_id)}};
    a.disruption = Disruption::kDestructive;
    a.note = StrCat("rebuilds the system disks of ", live.desktop_count,
                    " desktop(s): data on them is lost");
    p.actions.push_back(std::move(a));
  }
}

void DiffVolumes(const specs::DesktopPoolSpec& spec, const pools::Pool& live, ObjectPlan& p) {
  using Op = VolumesPayload::Op;
  const auto& want = spec.data_volumes;
  const auto& have = live.data_volumes;
  const std::vector<std::optional<std::size_t>> pairs = PairVolumes(want, have);
  struct Calls {
    std::shared_ptr<VolumesPayload> payload = std::make_shared<VolumesPayload>();
    std::vector<FieldChange> changes;
  };
  std::map<Op, Calls> calls;  // one call per operation, for every disk it concerns
  auto plan = [&](Op op, const cloud::Volume& v, FieldChange change) {
    calls[op].payload->volumes.push_back(v);
    calls[op].changes.push_back(std::move(change));
  };
  std::vector<bool> kept(have.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string path = StrCat("spec.dataVolumes[", i, "]");
    if (!pairs[i]) {
      plan(Op::kAdd, ToCloud(want[i]), {path, "", Describe(want[i].type, want[i].size)});
      continue;
    }
    const cloud::Volume& old = have[*pairs[i]];
    kept[*pairs[i]] = true;
    if (want[i].size < old.size) {
      p.errors.push_back(
          StrCat(path, ".size: disks cannot shrink (", old.size, " GB -> ", want[i].size, " GB)"));
    } else if (want[i].size > old.size) {
      cloud::Volume grown = old;
      grown.size = want[i].size;
      plan(Op::kExpand, grown, {path + ".size", Show(old.size), Show(want[i].size)});
    }
  }
  for (std::size_t j = 0; j < have.size(); ++j) {
    if (!kept[j]) {
      plan(Op::kDelete, have[j], {"spec.dataVolumes", Describe(have[j].type, have[j].size), ""});
    }
  }
  for (auto& [op, call] : calls) {
    call.payload->op = op;
    call.payload->id = live.id;
    const char* api = op == Op::kAdd      ? "pools.volumes_add"
                      : op == Op::kExpand ? "pools.volumes_expand"
                                          : "pools.volumes_delete";
    Action a = MakeAction(kKind, live.name, op == Op::kExpand ? Verb::kExpand : Verb::kDisks, api,
                          call.payload);
    a.changes = std::move(call.changes);
    if (op == Op::kDelete) {
      a.disruption = Disruption::kDestructive;
      a.note = "the removed disks' data is lost";
    }
    p.actions.push_back(std::move(a));
  }
}

}  // namespace deskops::reconcilers::pool
