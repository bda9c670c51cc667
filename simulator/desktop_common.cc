#include "simulator/desktop_common.h"

#include <algorithm>
#include <cstdio>

#include "core/strings.h"
#include "simulator/job_effects.h"

namespace deskops::simulator {
namespace {

bool NameFree(Context& ctx, const std::string& name, const std::vector<std::string>& taken) {
  std::string lower = core::ToLower(name);
  return !ctx.state.desktops.FindByName(name) &&
         std::find(taken.begin(), taken.end(), lower) == taken.end();
}

std::string FromPolicy(NamePolicy* policy, const std::string& user_name) {
  std::string prefix = policy->name_prefix;
  auto pos = prefix.find("$DomainUser$");
  if (pos != std::string::npos) prefix.replace(pos, 12, user_name);
  if (policy->next_number < policy->start_number) policy->next_number = policy->start_number;
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*d", std::clamp(policy->digit_number, 0, 9),
                policy->next_number++);
  std::string name = prefix.substr(0, 15 - std::min<std::size_t>(15, std::strlen(digits)));
  return name + digits;
}

}  // namespace

std::string GenerateDesktopName(Context& ctx, const std::string& policy_id,
                                const std::string& user_name, std::vector<std::string>* taken) {
  NamePolicy* policy =
      policy_id.empty()
          ? ctx.state.name_policies.FindIf([](const NamePolicy& p) { return p.is_default_policy; })
          : ctx.state.name_policies.Find(policy_id);
  std::string name;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    name = policy ? FromPolicy(policy, user_name) : "desktop-" + ctx.state.RandomLetters(7);
    if (NameFree(ctx, name, *taken)) break;
  }
  taken->push_back(core::ToLower(name));
  return name;
}

User* EnsureUser(Context& ctx, const std::string& name, const std::string& email,
                 const std::string& phone) {
  if (User* existing = ctx.state.FindUserByName(name)) return existing;
  return AddUser(ctx, name, email, phone);
}

User* AddUser(Context& ctx, const std::string& name, const std::string& email,
              const std::string& phone) {
  User user;
  user.id = ctx.state.NewHexId();
  user.user_name = name;
  user.user_email = email;
  user.user_phone = phone;
  user.sid = ctx.state.NewUserSid();
  user.created_ms = ctx.now_ms;
  return ctx.state.users.Add(std::move(user));
}

Desktop NewDesktop(Context& ctx, const DesktopSpec& spec, std::string computer_name,
                   std::vector<AttachedUser> users, const std::string& ip) {
  Desktop d;
  d.id = ctx.state.NewUuid();
  d.computer_name = std::move(computer_name);
  d.os_host_name = d.computer_name;
  d.sid = ctx.state.NewUuid();
  d.type = spec.pool_id.empty() ? spec.type : "POOLED";
  d.product_id = spec.product_id;
  d.image_id = spec.image_id;
  d.availability_zone = spec.availability_zone;
  d.subnet_id = spec.subnet_id;
  d.security_group_ids = spec.security_group_ids;
  const Subnet* subnet = ctx.state.catalog().FindSubnet(spec.subnet_id);
  d.ip = !ip.empty() ? ip : subnet ? ctx.state.AllocateIp(*subnet) : "";
  d.enterprise_project_id = spec.enterprise_project_id;
  d.tags = spec.tags;
  d.ou_name = spec.ou_name;
  d.pool_id = spec.pool_id;
  d.image_type = spec.image_type;
  d.email_notification = spec.email_notification;
  d.eip = spec.eip;
  d.apply_shared_vpc_dedicated_param = spec.apply_shared_vpc_dedicated_param;
  d.hour_package_product_id = spec.hour_package_product_id;
  d.hour_package_offering_id = spec.hour_package_offering_id;
  d.desktop_name_policy_id = spec.desktop_name_policy_id;
  d.created_ms = ctx.now_ms;
  d.status = "BUILD";  // Nova's status while a desktop is built; ACTIVE when its job succeeds
  d.task_status = "spawning";
  d.users = std::move(users);
  if (!d.users.empty()) d.user_group = d.users.front().user_group;
  d.attach_state = d.users.empty() ? "UNATTACH" : "ATTACHING";
  d.root = MakeVolume(ctx.state, d, spec.root_type, spec.root_size, ctx.now_ms);
  d.root.index = 0;
  d.next_volume_index = 1;
  for (const auto& [type, size] : spec.data_volumes) {
    d.data.push_back(MakeVolume(ctx.state, d, type, size, ctx.now_ms));
  }
  return d;
}

SubJob SubJobFor(const Desktop& d) {
  SubJob sub;
  sub.desktop_id = d.id;
  sub.product_id = d.product_id;
  for (const AttachedUser& u : d.users) {
    if (u.type == "USER") {
      sub.user_name = u.user_name;
      break;
    }
  }
  sub.desktop_name = d.computer_name;
  sub.ip_address = d.ip;
  return sub;
}

std::string PowerTaskStatus(std::string_view op_type, bool hard) {
  if (op_type == "os-start") return "powering-on";
  if (op_type == "reboot") return hard ? "rebooting_hard" : "rebooting";
  return "powering-off";  // os-stop, os-hibernate, hibernate
}

core::StatusOr<QuotaDelta> ResizeQuota(const Context& ctx, const std::vector<Desktop*>& desktops,
                                       const std::string& product_id) {
  DESKOPS_ASSIGN_OR_RETURN(const Product* product, FindProductOr400(ctx, product_id));
  QuotaDelta delta;
  for (const Desktop* d : desktops) {
    const Product* old = ctx.state.catalog().FindProduct(d->product_id);
    delta.cores += product->cpu - (old ? old->cpu : 0);
    delta.memory_mb += product->memory_mb - (old ? old->memory_mb : 0);
  }
  return delta;
}

Response ResizeResponse(const Job& job) {
  nlohmann::json jobs = nlohmann::json::array();
  for (const SubJob& s : job.subs) jobs.push_back({{"desktop_id", s.desktop_id}, {"job_id", s.id}});
  return JsonResponse(200, {{"job_id", job.id}, {"jobs", jobs}});
}

core::StatusOr<std::string> ReadRebuildImage(const Context& ctx, BodyReader& r) {
  std::string image_id = r.Str("image_id", Need::kRequired).value_or("");
  r.Str("os_type");
  r.Int("delay_time", Need::kOptional, 0);
  r.Str("message");
  r.Str("order_id");
  if (!r.ok()) return r.status();
  if (!ctx.state.catalog().FindImage(image_id)) return ResourceNotFoundInBody("image", image_id);
  return image_id;
}

Job* StartDesktopJob(Context& ctx, std::string job_type, nlohmann::json effect,
                     const std::vector<Desktop*>& desktops, const std::string& task_status,
                     std::string pool_id) {
  JobSpec spec = ctx.NewJob(std::move(job_type));
  spec.pool_id = std::move(pool_id);
  spec.effect = std::move(effect);
  for (Desktop* d : desktops) {
    if (!task_status.empty()) d->task_status = task_status;
    spec.subs.push_back(SubJobFor(*d));
  }
  return ctx.jobs.Start(std::move(spec));
}

Job* StartCreateJob(Context& ctx, std::vector<Desktop> desktops, std::string job_type,
                    std::string pool_id) {
  JobSpec spec = ctx.NewJob(std::move(job_type));
  spec.pool_id = std::move(pool_id);
  spec.effect = {{"kind", "create_desktops"}};
  for (Desktop& d : desktops) spec.subs.push_back(SubJobFor(*ctx.state.desktops.Add(std::move(d))));
  return ctx.jobs.Start(std::move(spec));
}

}  // namespace deskops::simulator
