// Desktop observation, discovery of created desktops, export and `get` rows.
#include "reconcilers/desktop/desktop_reconciler.h"

#include <nlohmann/json.hpp>

#include "specs/common.h"

namespace deskops::reconcilers {
namespace desktop {

namespace api = cloud::desktops;
namespace ops = cloud::ops;
using nlohmann::json;

const specs::KindInfo& Reconciler::Info() const { return specs::DesktopKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{.needs = std::vector<std::string>{"User"},
                                 .recovers_ownership = true,
                                 .create_job_type = "createDesktops",  // 4.28.2
                                 .create_jobs_name_objects = true};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListDesktopsDetail,   &ops::kCreateDesktops,       &ops::kModifyDesktop,
          &ops::kBatchDeleteDesktops,  &ops::kDesktopsAction,       &ops::kResizeDesktops,
          &ops::kRebuildDesktops,      &ops::kDetachDesktops,       &ops::kAttachDesktops,
          &ops::kChangePrivilegeGroup, &ops::kChangeDesktopNetwork, &ops::kSetMaintenanceMode,
          &ops::kBatchCreateTags,      &ops::kBatchDeleteTags,      &ops::kBatchAddVolumes,
          &ops::kDeleteVolumes,        &ops::kBatchExpandVolumes};
}

core::StatusOr<std::vector<api::Desktop>> Reconciler::List(const ObserveContext& ctx) const {
  api::Query q;
  q.computer_name = ctx.name;
  DESKOPS_ASSIGN_OR_RETURN(auto listed, api::ListDetail(ctx.client, q));
  if (ctx.name) {
    std::erase_if(
        listed, [&](const auto& d) { return !core::EqualsIgnoreCase(d.computer_name, *ctx.name); });
  }
  return listed;
}

void Reconciler::Attributes(const Live& d, LiveRef& ref) const {
  std::string owner;
  for (const auto& t : d.tags) {
    if (t.key == specs::kOwnerTagKey) owner = t.value;
  }
  ref.attrs = {{"sid", d.sid}, {"owner", owner}};
  if (d.status == "ERROR") {
    ref.attrs[kNotReadyAttr] = "the desktop is in ERROR";
  } else if (api::TaskRunning(d)) {
    ref.attrs[kNotReadyAttr] = "a task is running: " + d.task_status;
  } else if (d.status == "ACTIVE" && d.login_status == "UNREGISTER") {
    ref.attrs[kSettlingAttr] = "running, not registered yet";
  }
}

// The desktops a create made: by the IDs its job's sub-jobs named (one call per 100), else by
// name, one call each.
core::StatusOr<std::vector<api::Desktop>> Reconciler::Find(
    ExecContext& ctx, const std::vector<std::string>& names,
    const std::vector<std::string>& ids) const {
  std::vector<api::Desktop> out;
  for (std::size_t i = 0; i < ids.size(); i += 100) {
    api::Query q;
    q.desktop_ids.assign(ids.begin() + i, ids.begin() + std::min(ids.size(), i + 100));
    DESKOPS_ASSIGN_OR_RETURN(auto listed, api::ListDetail(ctx.client, q));
    out.insert(out.end(), listed.begin(), listed.end());
  }
  if (!ids.empty()) return out;
  for (const auto& name : names) {
    api::Query q;
    q.computer_name = name;
    DESKOPS_ASSIGN_OR_RETURN(auto listed, api::ListDetail(ctx.client, q));
    out.insert(out.end(), listed.begin(), listed.end());
  }
  return out;
}

bool Reconciler::Exported(const Live& d) const {
  return d.desktop_type != "POOLED";  // its pool's manifest describes it
}

void Reconciler::ExportTo(const Live& d, const ExportContext& ctx, ExportDoc& doc) const {
  if (d.desktop_type == "SHARED") doc.Set("desktopType", d.desktop_type);
  doc.Set("availabilityZone", d.availability_zone)
      .Set("productId", d.product_id)
      .Set("imageId", d.image_id)
      .Set("rootVolume.type", d.root_volume.type)
      .Set("rootVolume.size", d.root_volume.size);
  // Data disks keep the names deskops gave them; others are named after their device.
  auto owned = ctx.inventory.Find("Desktop", d.computer_name);
  for (const auto& v : d.data_volumes) {
    std::string name;
    if (owned) {
      for (const auto& [key, id] : owned->records) {
        if (core::StartsWith(key, "disk:") && id == v.id) name = key.substr(5);
      }
    }
    if (name.empty()) {
      name = v.device.empty() ? "data" : v.device.substr(v.device.rfind('/') + 1);
    }
    doc.Append("dataVolumes", {{"name", name}, {"type", v.type}, {"size", v.size}});
  }
  if (!d.subnet_id.empty()) doc.Append("nics", {{"subnetId", d.subnet_id}});
  for (const auto& sg : d.security_groups) doc.Append("securityGroups", {{"id", sg.id}});
  doc.Set("userName", d.user_name).Set("userGroup", d.user_group);
  for (const auto& t : d.tags) {
    if (t.key != specs::kOwnerTagKey) doc.Set("tags." + t.key, t.value);
  }
  if (d.status == "ACTIVE") doc.Set("powerState", "running");
  if (d.status == "SHUTOFF") doc.Set("powerState", "stopped");
  if (d.status == "HIBERNATED") doc.Set("powerState", "hibernated");
  doc.Set("maintenanceMode", d.in_maintenance_mode);
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "STATUS", "TASK", "USER", "PRODUCT", "AZ", "MAINTENANCE"};
}

namespace {

json VolumeJson(const cloud::Volume& v) {
  return {{"id", v.id}, {"type", v.type}, {"size", v.size}, {"device", v.device}};
}

}  // namespace

Reconciler::Row Reconciler::RowOf(const Live& d) const {
  json data = json::array();
  for (const auto& v : d.data_volumes) data.push_back(VolumeJson(v));
  json tags = json::object();
  for (const auto& t : d.tags) tags[t.key] = t.value;
  return {{d.computer_name, d.id, d.status, d.task_status, d.user_name, d.product_id,
           d.availability_zone, d.in_maintenance_mode ? "yes" : "no"},
          json{{"name", d.computer_name},
               {"id", d.id},
               {"status", d.status},
               {"task_status", d.task_status},
               {"user_name", d.user_name},
               {"user_group", d.user_group},
               {"product_id", d.product_id},
               {"image_id", d.image_id},
               {"availability_zone", d.availability_zone},
               {"root_volume", VolumeJson(d.root_volume)},
               {"data_volumes", data},
               {"subnet_id", d.subnet_id},
               {"sid", d.sid},
               {"tags", tags},
               {"in_maintenance_mode", d.in_maintenance_mode},
               {"created", d.created}}
              .dump()};
}

}  // namespace desktop

std::unique_ptr<reconcilers::Reconciler> MakeDesktopReconciler() {
  return std::make_unique<desktop::Reconciler>();
}

}  // namespace deskops::reconcilers
