// Desktop creates: the 4.3.1 request for a manifest, and which creates can share a request.
#include "core/strings.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "specs/common.h"

namespace deskops::reconcilers::desktop {

using core::StrCat;

std::string CreateBatchKey(const cloud::desktops::CreateRequest& r) {
  std::string key =
      StrCat("create|", r.desktop_type, "|", r.availability_zone.value_or(""), "|", r.product_id,
             "|", r.image_type, "|", r.image_id, "|", r.root_volume.type, r.root_volume.size);
  for (const auto& v : r.data_volumes) key += StrCat("|d:", v.type, v.size);
  for (const auto& s : r.subnet_ids) key += "|n:" + s;
  for (const auto& s : r.security_group_ids) key += "|s:" + s;
  for (const auto& t : r.tags) key += StrCat("|t:", t.key, "=", t.value);
  key += StrCat("|e:", r.enterprise_project_id.value_or(""),
                "|m:", r.email_notification ? (*r.email_notification ? "1" : "0") : "-");
  // Desktops without a user, with a fixed IP, an EIP, a name policy or an hourly package are
  // created one per request: the API has one value of each for the whole request.
  if (r.desktops.empty() || !r.desktop_ips.empty() || r.eip || r.desktop_name_policy_id ||
      r.apply_shared_vpc_dedicated_param || r.hour_package_product_id) {
    key += "|single:" + (r.desktops.empty() ? r.desktop_name.value_or("")
                                            : r.desktops[0].computer_name.value_or(""));
  }
  return key;
}

cloud::desktops::CreateRequest CreateRequestFor(const std::string& name,
                                                const specs::DesktopSpec& s,
                                                const std::string& owner) {
  cloud::desktops::CreateRequest r;
  r.desktop_type = s.desktop_type;
  r.availability_zone = s.availability_zone;
  r.product_id = s.product_id;
  r.image_type = s.image_type;
  r.image_id = s.image_id;
  r.root_volume = cloud::Volume{s.root_volume.type, s.root_volume.size, "", "", ""};
  for (const auto& v : s.data_volumes) r.data_volumes.push_back({v.type, v.size, "", "", ""});
  r.subnet_ids = s.subnet_ids;
  r.security_group_ids = s.security_group_ids;
  if (s.user_name) {
    cloud::desktops::CreateItem item;
    item.user_name = s.user_name;
    item.user_email = s.user_email;
    item.user_phone = s.user_phone;
    item.user_group = s.user_group;
    item.computer_name = name;
    item.os_host_name = s.os_host_name;
    r.desktops.push_back(item);
  } else {
    r.size = 1;  // an unassigned desktop: size + desktop_name (L5084)
    r.desktop_name = name;
  }
  if (s.desktop_ip) r.desktop_ips = {*s.desktop_ip};
  r.email_notification = s.email_notification;
  r.enterprise_project_id = s.enterprise_project_id;
  if (s.tags) {
    for (const auto& [k, v] : *s.tags) r.tags.push_back({k, v});
  }
  r.tags.push_back({std::string(specs::kOwnerTagKey), owner});
  if (s.eip) {
    r.eip = cloud::desktops::CreateRequest::Eip{s.eip->id, s.eip->type, s.eip->charge_mode,
                                                s.eip->bandwidth_size};
  }
  if (s.shared_vpc) {
    r.apply_shared_vpc_dedicated_param = cloud::desktops::CreateRequest::SharedVpc{
        s.shared_vpc->address, s.shared_vpc->port, s.shared_vpc->availability_zones};
  }
  r.hour_package_product_id = s.hour_package_product_id;
  r.hour_package_offering_id = s.hour_package_offering_id;
  return r;
}

}  // namespace deskops::reconcilers::desktop
