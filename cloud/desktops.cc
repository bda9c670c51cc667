// Desktop reads, create, modify and delete (4.3.1-4.3.8).
#include "cloud/desktop_wire.h"
#include "core/strings.h"

namespace deskops::cloud::desktops {

using core::Status;
using core::StatusOr;
using wire::json;

Desktop ReadDesktop(const json& j) {
  Desktop d;
  d.id = jsonx::Str(j, "desktop_id");
  d.computer_name = jsonx::Str(j, "computer_name");
  d.os_host_name = jsonx::Str(j, "os_host_name");
  d.status = jsonx::UpperStatus(jsonx::Str(j, "status"));
  d.task_status = jsonx::Str(j, "task_status");
  d.desktop_type = jsonx::Str(j, "desktop_type");
  d.resource_type = jsonx::Str(j, "resource_type");
  d.created = jsonx::Str(j, "created");
  d.availability_zone = jsonx::Str(j, "availability_zone");
  d.product = wire::Product(jsonx::Object(j, "product"));
  d.metadata = jsonx::StrMap(j, "metadata");
  d.product_id = jsonx::Str(j, "product_id");
  if (d.product_id.empty()) d.product_id = d.product.product_id;
  if (d.product_id.empty()) d.product_id = jsonx::Str(jsonx::Object(j, "flavor"), "id");
  // L5832: the image is only readable through metadata.
  d.image_id = d.metadata.count("metering.image_id") ? d.metadata["metering.image_id"] : "";
  d.image_name = d.metadata.count("image_name") ? d.metadata["image_name"] : "";
  d.root_volume = wire::ReadVolume(jsonx::Object(j, "root_volume"));
  d.data_volumes = wire::DataVolumes(j, "data_volumes");
  d.security_groups = wire::SecurityGroups(j, "security_groups");
  d.subnet_id = jsonx::Str(j, "subnet_id");
  d.ip_addresses = jsonx::StrList(j, "ip_addresses");
  d.user_name = jsonx::Str(j, "user_name");
  d.user_group = jsonx::Str(j, "user_group");
  d.attach_user_infos = wire::Assignments(j, "attach_user_infos");
  d.attach_state = jsonx::Str(j, "attach_state");
  d.login_status = jsonx::Str(j, "login_status");
  d.sid = jsonx::Str(j, "sid");
  d.ou_name = jsonx::Str(j, "ou_name");
  d.enterprise_project_id = jsonx::Str(j, "enterprise_project_id");
  d.os_version = jsonx::Str(j, "os_version");
  d.tags = wire::Tags(j, "tags");
  d.in_maintenance_mode = jsonx::Bool(j, "in_maintenance_mode");
  d.process = jsonx::OptInt(j, "process");
  return d;
}

StatusOr<std::vector<Desktop>> ListDetail(ApiClient& client, const Query& q) {
  std::vector<std::pair<std::string, std::string>> query;
  auto add = [&](const char* key, const std::optional<std::string>& v) {
    if (v) query.emplace_back(key, *v);
  };
  add("computer_name", q.computer_name);
  add("user_name", q.user_name);
  add("status", q.status);
  add("pool_id", q.pool_id);
  add("tag", q.tag);
  add("desktop_type", q.desktop_type);
  for (const auto& id : q.desktop_ids) query.emplace_back("desktop_id", id);
  return wire::ListAll<Desktop>(client, ops::kListDesktopsDetail, {}, std::move(query), "desktops",
                                ReadDesktop, [](const Desktop& d) { return d.id; });
}

StatusOr<Desktop> Get(ApiClient& client, const std::string& desktop_id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetDesktop, {desktop_id}));
  return ReadDesktop(jsonx::Object(j, "desktop"));
}

namespace {

json CreateItemJson(const CreateItem& item) {
  json d = json::object();
  jsonx::Put(d, "user_name", item.user_name);
  jsonx::Put(d, "user_email", item.user_email);
  jsonx::Put(d, "user_phone", item.user_phone);
  jsonx::Put(d, "user_group", item.user_group);
  jsonx::Put(d, "computer_name", item.computer_name);
  jsonx::Put(d, "os_host_name", item.os_host_name);
  jsonx::Put(d, "desktop_name_prefix", item.desktop_name_prefix);
  return d;
}

json CreateJson(const CreateRequest& r) {
  json j = {{"desktop_type", r.desktop_type},
            {"product_id", r.product_id},
            {"image_type", r.image_type},
            {"image_id", r.image_id},
            {"root_volume", {{"type", r.root_volume.type}, {"size", r.root_volume.size}}}};
  jsonx::Put(j, "availability_zone", r.availability_zone);
  if (!r.data_volumes.empty()) j["data_volumes"] = wire::VolumesJson(r.data_volumes);
  for (const auto& s : r.subnet_ids) j["nics"].push_back({{"subnet_id", s}});
  for (const auto& s : r.security_group_ids) j["security_groups"].push_back({{"id", s}});
  for (const auto& d : r.desktops) j["desktops"].push_back(CreateItemJson(d));
  jsonx::Put(j, "desktop_name", r.desktop_name);
  jsonx::Put(j, "size", r.size);
  if (!r.desktop_ips.empty()) j["desktop_ips"] = r.desktop_ips;
  jsonx::Put(j, "email_notification", r.email_notification);
  jsonx::Put(j, "enterprise_project_id", r.enterprise_project_id);
  if (!r.tags.empty()) j["tags"] = wire::TagsJson(r.tags);
  if (r.eip) {
    json e = json::object();
    jsonx::Put(e, "id", r.eip->id);
    jsonx::Put(e, "type", r.eip->type);
    jsonx::Put(e, "charge_mode", r.eip->charge_mode);
    jsonx::Put(e, "bandwidth_size", r.eip->bandwidth_size);
    j["eip"] = e;
  }
  if (const auto& v = r.apply_shared_vpc_dedicated_param) {
    json p = json::object();
    jsonx::Put(p, "address", v->address);
    jsonx::Put(p, "port", v->port);
    if (!v->availability_zone.empty()) p["availability_zone"] = v->availability_zone;
    j["apply_shared_vpc_dedicated_param"] = p;
  }
  jsonx::Put(j, "desktop_name_policy_id", r.desktop_name_policy_id);
  jsonx::Put(j, "hour_package_product_id", r.hour_package_product_id);
  jsonx::Put(j, "hour_package_offering_id", r.hour_package_offering_id);
  return j;
}

std::vector<std::pair<std::string, std::string>> DeleteQuery(const DeleteOptions& o) {
  std::vector<std::pair<std::string, std::string>> q;
  auto add = [&](const char* k, std::optional<bool> v) {
    if (v) q.emplace_back(k, *v ? "true" : "false");
  };
  add("delete_users", o.delete_users);
  add("email_notification", o.email_notification);
  add("is_force_delete", o.is_force_delete);
  return q;
}

}  // namespace

StatusOr<std::string> Create(ApiClient& client, const CreateRequest& request) {
  if (request.desktops.size() > 50) {
    return Status::InvalidArgument("desktops.create: at most 50 desktops per request (L5081)");
  }
  DESKOPS_ASSIGN_OR_RETURN(json j,
                           wire::Call(client, ops::kCreateDesktops, {}, {}, CreateJson(request)));
  return wire::JobId(j, ops::kCreateDesktops);
}

Status Modify(ApiClient& client, const std::string& desktop_id,
              std::optional<std::string> computer_name, std::optional<bool> self_backup) {
  json desktop = json::object();
  jsonx::Put(desktop, "computer_name", computer_name);
  // L5532 types it as String "0"/"1" although the example sends 1; we send the documented form.
  if (self_backup) desktop["self_backup_management"] = *self_backup ? "1" : "0";
  return wire::Call(client, ops::kModifyDesktop, {desktop_id}, {}, {{"desktop", desktop}})
      .status();
}

Status Delete(ApiClient& client, const std::string& desktop_id, const DeleteOptions& o) {
  return wire::Call(client, ops::kDeleteDesktop, {desktop_id}, DeleteQuery(o)).status();
}

StatusOr<std::string> BatchDelete(ApiClient& client, const std::vector<std::string>& ids,
                                  const DeleteOptions& o) {
  json body = {{"desktop_ids", ids}};
  jsonx::Put(body, "delete_users", o.delete_users);
  jsonx::Put(body, "email_notification", o.email_notification);
  jsonx::Put(body, "is_force_delete", o.is_force_delete);
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kBatchDeleteDesktops, {}, {}, body));
  return wire::JobId(j, ops::kBatchDeleteDesktops);
}

}  // namespace deskops::cloud::desktops
