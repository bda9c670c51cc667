// 4.3.1 POST /v2/{project_id}/desktops: creates desktops and answers {"job_id"} (L5166).
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"

namespace deskops::simulator {
namespace {

struct Member {
  std::string user_name, user_email, user_phone, user_group, computer_name, os_host_name, prefix;
};

core::Status ReadCommon(Context& ctx, BodyReader& r, DesktopSpec* spec) {
  const Catalog& catalog = ctx.state.catalog();
  spec->type = r.Enum("desktop_type", Need::kRequired, {"DEDICATED", "SHARED"}).value_or("");
  spec->availability_zone =
      r.Str("availability_zone").value_or(catalog.DefaultAvailabilityZone().code);
  spec->product_id = r.Str("product_id", Need::kRequired).value_or("");
  spec->image_type = r.Enum("image_type", Need::kRequired, {"private", "gold"}).value_or("");
  spec->image_id = r.Str("image_id", Need::kRequired).value_or("");
  if (const nlohmann::json* root = r.Object("root_volume", Need::kRequired)) {
    BodyReader rv(*root, "root_volume");
    DESKOPS_ASSIGN_OR_RETURN(VolumeSpec v, ReadVolumeSpec(rv, true));
    spec->root_type = v.type, spec->root_size = v.size;
  }
  r.ForEach("data_volumes", Need::kOptional, 10, [&](BodyReader& item, std::size_t) {
    auto v = ReadVolumeSpec(item, false);
    if (v.ok()) spec->data_volumes.emplace_back(v->type, v->size);
    return v.status();
  });
  if (!r.ok()) return r.status();
  if (!catalog.FindAvailabilityZone(spec->availability_zone)) {
    return ResourceNotFoundInBody("availability_zone", spec->availability_zone);
  }
  return CheckProductAndImage(ctx, spec->product_id, spec->image_id, spec->image_type);
}

core::Status ReadNetwork(Context& ctx, BodyReader& r, DesktopSpec* spec) {
  const Catalog& catalog = ctx.state.catalog();
  spec->subnet_id = catalog.subnets.front().id;  // "the default NIC is used" (L5079)
  r.ForEach("nics", Need::kOptional, 0, [&](BodyReader& nic, std::size_t i) {
    std::string subnet = nic.Str("subnet_id", Need::kRequired).value_or("");
    if (!nic.ok()) return nic.status();
    if (!catalog.FindSubnet(subnet)) return ResourceNotFoundInBody("subnet", subnet);
    if (i == 0) spec->subnet_id = subnet;
    return core::Status::Ok();
  });
  DESKOPS_ASSIGN_OR_RETURN(spec->security_group_ids, ReadSecurityGroups(ctx, r));
  return r.status();
}

// The request's optional objects (L5091-5092, L5142-5156), checked field by field and kept as
// written. The reference lists no range for the port or the bandwidth.
core::Status ReadExtras(BodyReader& r, DesktopSpec* spec) {
  if (const nlohmann::json* eip = r.Object("eip")) {
    BodyReader e(*eip, "eip");
    e.Str("id");
    e.Enum("type", Need::kOptional, {"5_bgp", "5_sbgp"});              // L5154
    e.Enum("charge_mode", Need::kOptional, {"TRAFFIC", "BANDWIDTH"});  // L5155
    e.Int("bandwidth_size");
    r.Absorb(e);
    spec->eip = *eip;
  }
  if (const nlohmann::json* vpc = r.Object("apply_shared_vpc_dedicated_param")) {
    BodyReader v(*vpc, "apply_shared_vpc_dedicated_param");
    v.Str("address");
    v.Int("port");
    v.StrList("availability_zone");
    r.Absorb(v);
    spec->apply_shared_vpc_dedicated_param = *vpc;
  }
  spec->email_notification = r.Bool("email_notification").value_or(true);  // default true (L5085)
  spec->hour_package_product_id = r.Str("hour_package_product_id").value_or("");
  spec->hour_package_offering_id = r.Str("hour_package_offering_id").value_or("");
  return r.status();
}

core::StatusOr<std::vector<Member>> ReadMembers(BodyReader& r) {
  std::vector<Member> members;
  const nlohmann::json* desktops = r.Array("desktops", Need::kOptional, 50);
  std::optional<std::int64_t> size = r.Int("size", Need::kOptional, 1, 50);
  std::string desktop_name = r.Str("desktop_name").value_or("");
  if (!r.ok()) return r.status();
  if (desktops && size) return InvalidField("size", "It cannot be used together with desktops.");
  if (!desktops && !size) return InvalidField("desktops", "Give desktops or size.");
  if (size) {
    // desktop_name: the name when size is 1 (1-15 characters), a prefix of 1-13 otherwise (L5082).
    for (std::int64_t i = 0; i < *size; ++i) {
      Member m;
      if (*size == 1)
        m.computer_name = desktop_name;
      else if (!desktop_name.empty())
        m.computer_name = core::StrCat(desktop_name, i < 9 ? "0" : "", i + 1);
      members.push_back(m);
    }
    if (*size > 1 && desktop_name.size() > 13) return InvalidField("desktop_name");
    return members;
  }
  if (desktops->empty()) return InvalidField("desktops", "It cannot be empty.");
  r.ForEach("desktops", Need::kOptional, 50, [&](BodyReader& d, std::size_t) {
    Member m;
    m.user_name = d.Str("user_name", Need::kRequired, 64).value_or("");
    m.user_email = d.Str("user_email").value_or("");
    m.user_phone = d.Str("user_phone").value_or("");
    m.user_group = d.Enum("user_group", Need::kOptional, kUserGroups).value_or("users");
    m.computer_name = d.Str("computer_name").value_or("");
    m.os_host_name = d.Str("os_host_name").value_or("");
    m.prefix = d.Str("desktop_name_prefix").value_or("");
    members.push_back(std::move(m));
    return d.status();
  });
  if (!r.ok()) return r.status();
  return members;
}

}  // namespace

core::StatusOr<Response> CreateDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  DesktopSpec spec;
  DESKOPS_RETURN_IF_ERROR(ReadCommon(ctx, r, &spec));
  DESKOPS_RETURN_IF_ERROR(ReadNetwork(ctx, r, &spec));
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Member> members, ReadMembers(r));
  std::vector<std::string> ips =
      r.StrList("desktop_ips", Need::kOptional, 100).value_or(std::vector<std::string>{});
  spec.enterprise_project_id = r.Str("enterprise_project_id").value_or("0");
  std::string policy_id = r.Str("desktop_name_policy_id").value_or("");
  spec.desktop_name_policy_id = policy_id;
  DESKOPS_RETURN_IF_ERROR(ReadExtras(r, &spec));
  DESKOPS_ASSIGN_OR_RETURN(spec.tags, ReadTags(r, "tags"));
  if (!r.ok()) return r.status();
  if (!policy_id.empty() && !ctx.state.name_policies.Find(policy_id)) {
    return ResourceNotFoundInBody("desktop name policy", policy_id);
  }
  std::vector<std::string> taken;
  for (const Member& m : members) {
    if (m.computer_name.empty()) continue;
    DESKOPS_RETURN_IF_ERROR(ValidateComputerName(m.computer_name, "desktops.computer_name"));
    std::string lower = core::ToLower(m.computer_name);
    if (ctx.state.desktops.FindByName(m.computer_name) ||
        std::find(taken.begin(), taken.end(), lower) != taken.end()) {
      return AlreadyExists("desktop", m.computer_name);
    }
    taken.push_back(lower);
  }
  std::vector<int> sizes = {spec.root_size};
  for (const auto& v : spec.data_volumes) sizes.push_back(v.second);
  QuotaDelta quota =
      DesktopQuota(ctx.state.catalog(), spec.product_id, static_cast<int>(members.size()), sizes);
  for (const Member& m : members) {
    if (!m.user_name.empty() && !ctx.state.FindUserByName(m.user_name)) ++quota.users;
  }
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, quota));

  std::vector<Desktop> desktops;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    std::vector<AttachedUser> users;
    if (!m.user_name.empty()) {
      User* user = EnsureUser(ctx, m.user_name, m.user_email, m.user_phone);
      users.push_back({user->id, user->user_name, m.user_group, "USER"});
    }
    std::string name = m.computer_name;
    if (name.empty() && !m.prefix.empty()) {
      name = m.prefix.substr(0, 12) + ctx.state.RandomLetters(3);
      taken.push_back(core::ToLower(name));
    } else if (name.empty()) {
      name = GenerateDesktopName(ctx, policy_id, m.user_name, &taken);
    }
    Desktop d = NewDesktop(ctx, spec, name, std::move(users), i < ips.size() ? ips[i] : "");
    if (!m.os_host_name.empty()) d.os_host_name = m.os_host_name;  // else the computer name
    d.user_email = m.user_email;
    d.user_phone = m.user_phone;
    desktops.push_back(std::move(d));
  }
  Job* job = StartCreateJob(ctx, std::move(desktops), "createDesktops", "");
  return JobResponse(200, *job);
}

}  // namespace deskops::simulator
