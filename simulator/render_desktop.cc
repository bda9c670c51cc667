// Desktop views: DesktopDetailInfo (4.3.5, 4.3.8, 4.4.15) and SimpleDesktopInfo (4.3.2).
#include <algorithm>
#include <functional>

#include "core/strings.h"
#include "simulator/render.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

std::string MacAddress(std::string_view id) {
  std::size_t h = std::hash<std::string_view>{}(id);
  char buf[24];
  std::snprintf(buf, sizeof buf, "fa:16:3e:%02x:%02x:%02x", static_cast<unsigned>(h & 255),
                static_cast<unsigned>((h >> 8) & 255), static_cast<unsigned>((h >> 16) & 255));
  return buf;
}

void WriteVolume(JsonWriter& w, const Volume& v, const Desktop& d) {
  char display[64];
  std::snprintf(display, sizeof display, "-volume-%04d", v.index);
  w.BeginObject()
      .Field("type", v.type)
      .Field("size", v.size)
      .Field("device", VolumeDevice(v.index))
      .Field("id", v.id)
      .Field("volume_id", v.volume_id)
      .Field("bill_resource_id", v.volume_id)
      .Field("create_time", IsoMillis(v.created_ms))
      .Field("display_name", d.computer_name + display)
      .Field("resource_spec_code", VolumeSpecCode(v.type))
      .EndObject();
}

void WriteUsers(JsonWriter& w, const Desktop& d) {
  w.Key("attach_user_infos").BeginArray();
  for (const AttachedUser& u : d.users) {
    w.BeginObject()
        .Field("user_id", u.user_id)
        .Field("user_name", u.user_name)
        .Field("user_group", u.user_group)
        .Field("type", u.type)
        .EndObject();
  }
  w.EndArray();
}

void WriteTags(JsonWriter& w, const Desktop& d) {
  w.Key("tags").BeginArray();
  for (const Tag& t : d.tags)
    w.BeginObject().Field("key", t.key).Field("value", t.value).EndObject();
  w.EndArray();
}

std::string_view FirstUserName(const Desktop& d) {
  for (const AttachedUser& u : d.users) {
    if (u.type == "USER") return u.user_name;
  }
  return "";
}

void WriteNetwork(JsonWriter& w, const Desktop& d) {
  w.Key("addresses").BeginObject().Key(d.subnet_id).BeginArray().BeginObject();
  w.Field("addr", d.ip).Field("version", "4").Field("OS-EXT-IPS-MAC:mac_addr", MacAddress(d.id));
  w.Field("OS-EXT-IPS:type", "fixed").EndObject().EndArray().EndObject();
  w.Key("ip_addresses").BeginArray().String(d.ip).EndArray();
  w.Field("ipv4", d.ip).Field("ipv6", "");
  std::vector<std::string> users, groups;
  for (const AttachedUser& u : d.users) (u.type == "GROUP" ? groups : users).push_back(u.user_name);
  w.StringArray("user_list", users).StringArray("user_group_list", groups);
}

void WriteMetadata(JsonWriter& w, const Desktop& d, const Product* p, const Image* image) {
  std::string os_type = image ? image->os_type : "Windows";
  std::string spec = p ? p->flavor_id + (os_type == "Windows" ? ".win" : ".linux") : "";
  // charging_mode: "1 indicates yearly/monthly billing, and 0 indicates pay-per-use" (L5832);
  // the simulator's desktops are pay-per-use. 4.3.8's filter reads the values the other way round
  // (L6504): the reference contradicts itself and the simulator follows L5832 here.
  w.Key("metadata")
      .BeginObject()
      .Field("image_name", image ? image->name : "")
      .Field("metering.resourcespeccode", spec)
      .Field("charging_mode", "0")
      .Field("metering.image_id", d.image_id)  // the only place the image ID is read back
      .Field("metering.resourcetype", "1")
      .Field("os_type", os_type)
      .Field("os_bit", "64")
      .Field("bill_resource_id", d.id + ".workspace")
      .Field("desktop_os_version", image ? image->os_version : "")
      .EndObject();
}

void WriteSecurityGroups(JsonWriter& w, const Desktop& d, const Catalog& catalog) {
  w.Key("security_groups").BeginArray();
  for (const std::string& id : d.security_group_ids) {
    const NamedResource* sg = catalog.FindSecurityGroup(id);
    w.BeginObject().Field("id", id).Field("name", sg ? sg->name : "").EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string VolumeDevice(int index) {
  std::string device = "/dev/vda";
  device.back() = static_cast<char>('a' + std::clamp(index, 0, 25));
  return device;
}

std::string VolumeSpecCode(std::string_view type) {
  if (type == "SSD") return "workspace.volume.ultrahigh";
  if (type == "GPSSD") return "workspace.volume.general";
  return "workspace.volume.high";
}

std::string_view DesktopTaskStatus(const Desktop& d, const RenderContext& ctx, int* process) {
  *process = -1;
  const Job* job = d.job_id.empty() ? nullptr : ctx.state.jobs.Find(d.job_id);
  if (!job || job->done) return d.task_status;
  JobPhase phase = ctx.jobs.Phase(*job, process);
  // A create is "scheduling" until its job runs, then "spawning" (L5838).
  if (d.task_status == "spawning" && phase == JobPhase::kWaiting) return "scheduling";
  return d.task_status;
}

void WriteDesktopDetail(JsonWriter& w, const Desktop& d, const RenderContext& ctx, bool pool_view) {
  const Catalog& catalog = ctx.state.catalog();
  const Product* product = catalog.FindProduct(d.product_id);
  const Image* image = catalog.FindImage(d.image_id);
  int process = -1;
  std::string_view task_status = DesktopTaskStatus(d, ctx, &process);
  w.BeginObject();
  w.Field("desktop_id", d.id).Field("computer_name", d.computer_name);
  w.Field("os_host_name", d.os_host_name);
  WriteNetwork(w, d);
  w.Field("desktop_type", d.type);
  w.Field("resource_type", d.type == "POOLED"   ? "POOLED_DESKTOP"
                           : d.type == "SHARED" ? "SHARED_DESKTOP"
                                                : "DEDICATED_DESKTOP");
  WriteMetadata(w, d, product, image);
  w.Key("flavor").BeginObject().Field("id", product ? product->flavor_id : "");
  w.Key("links").BeginArray().EndArray().EndObject();
  w.Field("status", d.status).Field("task_status", task_status);
  w.Field("in_maintenance_mode", d.in_maintenance_mode).Field("created", IsoMillis(d.created_ms));
  WriteSecurityGroups(w, d, catalog);
  // UNREGISTER unless running; then the user's session, or REGISTERED without one (L6565).
  w.Field("login_status", d.status != "ACTIVE" ? "UNREGISTER"
                          : d.session.empty()  ? "REGISTERED"
                                               : d.session);
  w.Field("user_name", FirstUserName(d));
  WriteUsers(w, d);
  w.Field("product_id", d.product_id).Field("share_resource_sku", "");
  w.Key("root_volume");
  WriteVolume(w, d.root, d);
  w.Key("data_volumes").BeginArray();
  for (const Volume& v : d.data) WriteVolume(w, v, d);
  w.EndArray();
  w.Field("user_group", d.user_group).Field("availability_zone", d.availability_zone);
  w.Field("site_type", catalog.site_type).Field("site_name", catalog.site_name);
  w.Key("product").Raw(product ? std::string_view(product->desktop_view) : "{}");
  w.Field("ou_name", d.ou_name).Field("os_version", image ? image->os_version : "");
  w.Field("sid", d.sid).Field("order_id", "");
  WriteTags(w, d);
  w.Field("is_support_internet", false).Field("internet_mode", "");
  w.Key("internet_mode_list").BeginArray().EndArray();
  w.Field("is_attaching_eip", false).Field("attach_state", d.attach_state);
  w.Field("enterprise_project_id", d.enterprise_project_id).Field("subnet_id", d.subnet_id);
  w.Field("bill_resource_id", d.id);
  w.Key("process");
  if (process < 0)
    w.Null();
  else
    w.Int(process);  // null: no task on the desktop (L5879)
  w.Field("root_resource_id", d.id);
  w.Key("hour_package_info").Null();  // only hourly-package desktops have one (L5884)
  if (pool_view) {
    w.Key("inconsistent_types").BeginArray();
    if (const Pool* pool = ctx.state.pools.Find(d.pool_id)) {
      if (pool->product_id != d.product_id) w.String("PRODUCT");
      if (pool->image_id != d.image_id) w.String("IMAGE");
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteDesktopSimple(JsonWriter& w, const Desktop& d, const RenderContext& ctx) {
  int process = -1;
  std::string_view task_status = DesktopTaskStatus(d, ctx, &process);
  w.BeginObject();
  w.Field("domain_id", ctx.state.catalog().domain_id).Field("project_id", ctx.project_id);
  w.Field("desktop_id", d.id).Field("computer_name", d.computer_name);
  w.Field("os_host_name", d.os_host_name);
  w.Field("created", SpaceSeconds(d.created_ms));  // 4.3.2 prints "2022-02-23 04:02:07" (L5451)
  w.Field("ip_address", d.ip).Field("user_name", FirstUserName(d));
  WriteUsers(w, d);
  w.Field("user_group", d.user_group).Field("sid", d.sid).Field("ou_name", d.ou_name);
  w.Field("enterprise_project_id", d.enterprise_project_id);
  WriteTags(w, d);
  w.Field("in_maintenance_mode", d.in_maintenance_mode).Field("share_resource_sku", "");
  w.Field("desktop_type", d.type).Field("subnet_id", d.subnet_id);
  w.Field("bill_resource_id", d.id).Field("status", d.status).Field("task_status", task_status);
  w.EndObject();
}

}  // namespace deskops::simulator
