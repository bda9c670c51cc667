// Asynchronous desktop operations: power 4.3.9, resize 4.3.10, rebuild 4.3.11 and the network
// calls 4.3.22-4.3.25.
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/desktop_common.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// Why `op_type` cannot run on `d` now, as a failed_operation_list entry's code and message.
std::optional<std::pair<std::string, std::string>> PowerConflict(const Desktop& d,
                                                                 std::string_view op_type) {
  bool running = d.status == "ACTIVE";
  if (op_type == "os-start" && running) {
    return std::pair<std::string, std::string>{
        "WKS.00010107", "Failed to start the desktop that is running."};  // L50633
  }
  if ((op_type == "os-stop" || op_type == "os-hibernate") && d.status == "SHUTOFF") {
    return std::pair<std::string, std::string>{
        "WKS.00010108", "Failed to stop the desktop that is not running."};  // L50634
  }
  if (op_type == "reboot" && !running) {
    return std::pair<std::string, std::string>{
        "WKS.0405", "Failed to restart the desktop that is not running."};  // L50584
  }
  return std::nullopt;
}

Json NetworkInfo(const Context& ctx, const Desktop& d) {
  const Catalog& catalog = ctx.state.catalog();
  const Subnet* subnet = catalog.FindSubnet(d.subnet_id);
  const NamedResource* vpc = subnet ? catalog.FindVpc(subnet->vpc_id) : nullptr;
  Json sgs = Json::array();
  for (const std::string& id : d.security_group_ids) {
    const NamedResource* sg = catalog.FindSecurityGroup(id);
    sgs.push_back({{"id", id}, {"name", sg ? sg->name : ""}});
  }
  return {{"vpc_info",
           {{"id", vpc ? vpc->id : ""},
            {"name", vpc ? vpc->name : ""},
            {"cidr", vpc ? vpc->cidr : ""}}},
          {"subnet_info",
           {{"id", d.subnet_id},
            {"name", subnet ? subnet->name : ""},
            {"cidr", subnet ? subnet->cidr : ""}}},
          {"port_info", {{"id", d.sid}, {"ip_address", d.ip}}},
          {"public_ip_info", {{"id", ""}, {"public_ip_address", ""}}},
          {"security_groups", sgs}};
}

struct NetworkChange {
  std::string vpc_id, subnet_id, private_ip;
  std::vector<std::string> security_group_ids;
};

core::Status CheckNetwork(const Context& ctx, const NetworkChange& c) {
  const Catalog& catalog = ctx.state.catalog();
  if (!catalog.FindVpc(c.vpc_id)) return ResourceNotFoundInBody("vpc", c.vpc_id);
  const Subnet* subnet = catalog.FindSubnet(c.subnet_id);
  if (!subnet || subnet->vpc_id != c.vpc_id) return ResourceNotFoundInBody("subnet", c.subnet_id);
  for (const std::string& id : c.security_group_ids) {
    if (!catalog.FindSecurityGroup(id)) return ResourceNotFoundInBody("security group", id);
  }
  return core::Status::Ok();
}

Job* StartNetworkJob(Context& ctx, const std::vector<Desktop*>& desktops, const NetworkChange& c,
                     std::string job_type) {
  Json ips = Json::object();
  const Subnet* subnet = ctx.state.catalog().FindSubnet(c.subnet_id);
  for (Desktop* d : desktops) {
    ips[d->id] = !c.private_ip.empty() ? c.private_ip : ctx.state.AllocateIp(*subnet);
  }
  Json effect = {{"kind", "network"}, {"subnet_id", c.subnet_id}, {"ips", ips}};
  if (!c.security_group_ids.empty()) effect["security_group_ids"] = c.security_group_ids;
  return StartDesktopJob(ctx, std::move(job_type), std::move(effect), desktops,
                         "desktopNetworkChanging");
}

}  // namespace

core::StatusOr<Response> DesktopAction(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  std::string op =
      r.Enum("op_type", Need::kRequired, {"os-start", "reboot", "os-stop", "os-hibernate"})
          .value_or("");
  bool hard = r.Enum("type", Need::kOptional, {"SOFT", "HARD"}).value_or("SOFT") == "HARD";
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, op));
  Json failed = Json::array();
  std::vector<Desktop*> accepted;
  for (Desktop* d : desktops) {
    if (auto conflict = PowerConflict(*d, op)) {
      failed.push_back({{"desktop_id", d->id},
                        {"desktop_name", d->computer_name},
                        {"error_code", conflict->first},
                        {"error_msg", conflict->second}});
    } else {
      accepted.push_back(d);
    }
  }
  if (accepted.empty()) {
    // Nothing can run: the first refusal becomes the answer (409: the desktop's state conflicts).
    return ApiError(409, failed[0]["error_code"].get<std::string>(),
                    failed[0]["error_msg"].get<std::string>());
  }
  Job* job = StartDesktopJob(ctx, "operateDesktops", {{"kind", "power"}, {"op_type", op}}, accepted,
                             PowerTaskStatus(op, hard));
  return JsonResponse(200, {{"failed_operation_list", failed}, {"job_id", job->id}});
}

core::StatusOr<Response> ResizeDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids;
  r.ForEach("desktops", Need::kRequired, 0, [&](BodyReader& item, std::size_t) {
    ids.push_back(item.Str("desktop_id", Need::kRequired).value_or(""));
    return item.status();
  });
  std::string product_id = r.Str("product_id", Need::kRequired).value_or("");
  r.Enum("mode", Need::kRequired, {"STOP_DESKTOP"});  // "fixed to STOP_DESKTOP" (L7095)
  r.Enum("auto_placement", Need::kOptional, {"on", "off"});
  if (!r.ok()) return r.status();
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "resize"));
  for (Desktop* d : desktops) {
    if (d->product_id == product_id) {
      // "the specifications can only be changed to different ones" (L7064)
      return InvalidField("product_id", "The desktop already has these specifications.");
    }
  }
  DESKOPS_ASSIGN_OR_RETURN(QuotaDelta delta, ResizeQuota(ctx, desktops, product_id));
  DESKOPS_RETURN_IF_ERROR(CheckQuota(ctx.state, delta));
  // No job_type is documented for 4.3.10.
  Job* job =
      StartDesktopJob(ctx, "resizeDesktops", {{"kind", "resize"}, {"product_id", product_id}},
                      desktops, "resize_prep");
  return ResizeResponse(*job);
}

core::StatusOr<Response> RebuildDesktops(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList("desktop_ids", Need::kRequired).value_or(std::vector<std::string>{});
  // No enum for rebuild (L7301); kept on the desktops with the image.
  std::string image_type = r.Str("image_type", Need::kRequired).value_or("");
  r.Str("enterprise_project_id");
  DESKOPS_ASSIGN_OR_RETURN(std::string image_id, ReadRebuildImage(ctx, r));
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "rebuild"));
  Job* job =
      StartDesktopJob(ctx, "rebuildDesktops",
                      {{"kind", "rebuild"}, {"image_id", image_id}, {"image_type", image_type}},
                      desktops, "rebuilding");
  // 200 body: the error fields plus job_id in the table (L7316-7324); the example is just the
  // job_id (L7403), which is what a success carries.
  return JobResponse(200, *job);
}

core::StatusOr<Response> GetDesktopNetwork(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  return JsonResponse(200, {{"computer_name", d->computer_name},
                            {"computer_id", d->id},
                            {"network_infos", Json::array({NetworkInfo(ctx, *d)})}});
}

core::StatusOr<Response> ListDesktopNetworks(Context& ctx) {
  std::vector<std::string> ids = ctx.query.GetList("desktop_ids");
  if (ids.empty() || ids.size() > 100) {
    return InvalidField("desktop_ids", "The value ranges from 1 to 100.");  // L9304
  }
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  Json networks = Json::array();
  for (const Desktop* d : desktops) {
    networks.push_back({{"computer_name", d->computer_name},
                        {"computer_id", d->id},
                        {"computer_ip", d->ip},
                        {"network_infos", Json::array({NetworkInfo(ctx, *d)})}});
  }
  return JsonResponse(200, {{"networks", networks}});
}

core::StatusOr<Response> UpdateDesktopNetwork(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  NetworkChange c;
  c.vpc_id = r.Str("vpc_id", Need::kRequired).value_or("");
  c.subnet_id = r.Str("subnet_id", Need::kRequired).value_or("");
  c.private_ip = r.Str("private_ip").value_or("");
  c.security_group_ids =
      r.StrList("security_group_ids", Need::kRequired).value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckNetwork(ctx, c));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, *d, "change network"));
  return JobResponse(200, *StartNetworkJob(ctx, {d}, c, "changeDesktopNetwork"));
}

core::StatusOr<Response> BatchChangeDesktopNetwork(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList("desktop_ids", Need::kRequired, 100).value_or(std::vector<std::string>{});
  NetworkChange c;
  c.vpc_id = r.Str("vpc_id", Need::kRequired).value_or("");
  c.subnet_id = r.Str("subnet_id", Need::kRequired).value_or("");
  c.security_group_ids = r.StrList("security_group_ids").value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(CheckNetwork(ctx, c));
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Desktop*> desktops, BodyDesktops(ctx, ids));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(ctx, desktops, "change network"));
  return JobResponse(200, *StartNetworkJob(ctx, desktops, c, "batchChangeDesktopNetwork"));
}

}  // namespace deskops::simulator
