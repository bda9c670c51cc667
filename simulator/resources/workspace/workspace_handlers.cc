// The Workspace service, 4.2.7 (L3709-4031), 4.2.10 (L4402-4645) and 4.2.11 (L4647-4781): read
// the tenant's service, modify its attributes, change its enterprise ID. A family on the seam
// (resource.h) with a WorkspaceStore (workspace_store.h). 4.2.8 (subscribe) and 4.2.9
// (unsubscribe) are not served: POST and DELETE /workspaces are 405 SIM.0405.
//
// How it behaves where the reference is silent or contradicts itself:
// - "Only one attribute type can be modified in a single request" (L4406): a body with keys of
//   two types is 400 WKS.0001. access_mode and dedicated_subnets are one type (the L4609 example
//   sends both); ad_domains and ad_info are one (both "Domain information", L4435-4436).
// - Every 4.2.10 request answers a job (L4527) of type modifyWorkspaceAttributes (4.28.2 names
//   none) whose end applies the change; while it runs, access_status shows the transition
//   (internetOpening, dedicatedClosing, internetAccessPortModifying, ..., L3767) and another
//   4.2.10 request is 500 WKS.00000010 "There are ongoing tasks." (L50750). A service that is not
//   SUBSCRIBED is 400 WKS.00010037 (L50592).
// - access_mode: INTERNET, DEDICATED or BOTH (L4440; 4.2.7 lists DEDICATED twice, L3754).
//   dedicated_subnets: CIDRs separated by ';', at most 5 (L4441), not with INTERNET (L3756).
// - ad_domains (AdDomain): LOCAL_AD needs domain_name (at most 55 characters),
// domain_admin_account,
//   domain_password, active_domain_ip, active_domain_name and active_dns_ip (L4476-4483), and a
//   standby node all three of its fields (L4481-4487); LITE_AS keeps only its type. The domain is
//   replaced whole. delete_computer_object is 0 or 1 (an Integer, L4488; 4.2.7's String form "0" /
//   "1", L3814, is accepted and answered). ad_info (AdDomainInfo, L4458-4464) changes the current
//   domain's administrator account and password. tls_config.cert_pem is never returned (L4496).
// - subnet_ids: subnets of the service's VPC (400 WKS.0568 for another). internet_access_port: a
//   String (L4444), 1-65535; a number is accepted.
// - 4.2.11: enterprise_id is required (L4680) and answered (L4690); it is synchronous.
#include <algorithm>
#include <set>

#include "core/redact.h"
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/workspace/workspace_store.h"
#include "simulator/signer.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

WorkspaceStore& Store(Context& ctx) { return ctx.state.Ext<WorkspaceStore>(); }

bool IsIpv4(std::string_view text) {
  const std::vector<std::string> parts = core::Split(text, '.');
  if (parts.size() != 4) return false;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > 255 || (p.size() > 1 && p[0] == '0')) {
      return false;
    }
  }
  return true;
}

bool IsCidr(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || !IsIpv4(text.substr(0, slash))) return false;
  const std::string bits(text.substr(slash + 1));
  return !bits.empty() && bits.size() <= 2 &&
         bits.find_first_not_of("0123456789") == std::string::npos && std::stoi(bits) <= 32;
}

// ';'-separated CIDRs, at most `max`.
core::StatusOr<Json> CidrList(std::string_view field, const std::string& text, std::size_t max) {
  Json out = Json::array();
  for (const std::string& part : core::Split(text, ';')) {
    std::string cidr(core::Trim(part));
    if (cidr.empty()) continue;
    if (!IsCidr(cidr)) return InvalidField(field, core::StrCat(cidr, " is not a CIDR block."));
    out.push_back(cidr);
  }
  if (out.size() > max) {
    return InvalidField(field, core::StrCat("It holds at most ", max, " CIDR blocks."));
  }
  return out;
}

// "sha256:<hex>" of the domain password, registered for redaction first: never kept itself.
std::string SecretDigest(std::string_view secret) {
  core::SecretRegistry::Global().Register(secret);
  return "sha256:" + Sha256Hex(secret);
}

// A text the reference types as String that may arrive as a number.
std::optional<std::string> Text(const Json& object, BodyReader& r, std::string_view key,
                                Need need = Need::kOptional) {
  auto it = object.find(key);
  if (it != object.end() && it->is_number_integer()) return it->dump();
  return r.Str(key, need);
}

Json Rendered(const Json& service) {
  Json out = service;
  Json& ad = out["ad_domains"];
  ad.erase("domain_password_sha256");
  if (ad.contains("tls_config")) ad["tls_config"].erase("cert_pem");  // never returned (L4496)
  if (ad.contains("delete_computer_object")) {
    const Json& d = ad["delete_computer_object"];
    ad["delete_computer_object"] = d == 1 || d == "1" ? "1" : "0";  // a String in 4.2.7 (L3814)
  }
  Json subnets = Json::array();
  for (const Json& id : service.value("subnet_ids", Json::array())) {
    subnets.push_back({{"subnet_id", id}});  // SubnetInfo (L3826-3830)
  }
  out["subnet_ids"] = subnets;
  std::vector<std::string> cidrs;
  for (const Json& c : service.value("dedicated_subnets", Json::array())) cidrs.push_back(c);
  const std::string mode = service.value("access_mode", "");
  // Returned only for the access modes they belong to (L3756-3758).
  if (mode == "INTERNET") {
    out.erase("dedicated_subnets");
    out.erase("dedicated_access_address");
  } else {
    out["dedicated_subnets"] = core::Join(cidrs, ";");
  }
  if (mode == "DEDICATED") out.erase("internet_access_address");
  return out;
}

core::StatusOr<Response> GetWorkspace(Context& ctx) {
  return JsonResponse(200, Rendered(Store(ctx).service));
}

// What one 4.2.10 request changes: a merge patch and the statuses of its job.
struct Change {
  Json patch = Json::object();
  Json replace = Json::object();  // top-level fields set whole (a new domain)
  Json access_status;             // {"running", "success", "failure"}; null: unchanged
  Json config_status;
  Json answer = Json::object();  // fields besides job_id (enterprise_id, dc_vnc_ip, L4528-4529)
};

bool Includes(std::string_view mode, std::string_view channel) {
  return mode == "BOTH" || mode == channel;
}

core::Status AccessChange(BodyReader& r, const Json& service, Change& c) {
  const std::string old = service.value("access_mode", "INTERNET");
  std::string mode =
      r.Enum("access_mode", Need::kOptional, {"INTERNET", "DEDICATED", "BOTH"}).value_or(old);
  std::optional<std::string> cidrs = r.Str("dedicated_subnets");
  if (!r.ok()) return r.status();
  c.patch["access_mode"] = mode;
  if (cidrs) {
    DESKOPS_ASSIGN_OR_RETURN(Json list, CidrList("dedicated_subnets", *cidrs, 5));
    if (mode == "INTERNET" && !list.empty()) {
      return InvalidField("dedicated_subnets", "It applies to DEDICATED or BOTH access (L3756).");
    }
    c.patch["dedicated_subnets"] = std::move(list);
  }
  if (mode == "INTERNET") c.patch["dedicated_subnets"] = Json::array();
  for (const char* channel : {"DEDICATED", "INTERNET"}) {
    const bool was = Includes(old, channel), is = Includes(mode, channel);
    if (was == is) continue;
    const std::string prefix = std::string_view(channel) == "DEDICATED" ? "dedicated" : "internet";
    c.access_status = {{"running", prefix + (is ? "Opening" : "Closing")},
                       {"success", is ? "openSuccess" : "closeSuccess"},
                       {"failure", prefix + (is ? "OpenFailed" : "CloseFailed")}};
  }
  return core::Status::Ok();
}

core::Status AdDomainChange(const Json& ad, const Json& service, Change& c) {
  BodyReader r(ad, "ad_domains");
  std::string type = r.Enum("domain_type", Need::kRequired, {"LITE_AS", "LOCAL_AD"}).value_or("");
  if (!r.ok()) return r.status();
  Json next = {{"domain_type", type}};
  if (type == "LOCAL_AD") {
    for (const char* key : {"domain_name", "domain_admin_account", "active_domain_ip",
                            "active_domain_name", "active_dns_ip"}) {
      if (auto v = r.Str(key, Need::kRequired, std::string_view(key) == "domain_name" ? 55 : 255)) {
        next[key] = *v;
      }
    }
    std::optional<std::string> password = Text(ad, r, "domain_password", Need::kRequired);
    int standby = 0;
    for (const char* key : {"standby_domain_ip", "standby_domain_name", "standby_dns_ip"}) {
      if (auto v = r.Str(key, Need::kOptional, 255); v && !v->empty()) {
        next[key] = *v;
        ++standby;
      }
    }
    std::optional<bool> ldaps = r.Bool("use_ldaps");
    const Json* tls = r.Object("tls_config");
    if (!r.ok()) return r.status();
    for (const char* key :
         {"active_domain_ip", "active_dns_ip", "standby_domain_ip", "standby_dns_ip"}) {
      if (next.contains(key) && !IsIpv4(next[key].get<std::string>())) {
        return InvalidField(core::StrCat("ad_domains.", key), "It must be an IPv4 address.");
      }
    }
    if (standby != 0 && standby != 3) {
      return InvalidField("ad_domains.standby_domain_ip",
                          "A standby node needs standby_domain_ip, standby_domain_name and "
                          "standby_dns_ip.");
    }
    if (ad.contains("delete_computer_object")) {
      const Json& d = ad["delete_computer_object"];
      const bool one = d == 1 || d == "1", zero = d == 0 || d == "0";
      if (!one && !zero) return InvalidField("ad_domains.delete_computer_object", "It is 0 or 1.");
      next["delete_computer_object"] = one ? 1 : 0;
    }
    next["use_ldaps"] = ldaps.value_or(false);
    if (tls) {
      BodyReader t(*tls, "ad_domains.tls_config");
      Json tls_next = Json::object();
      for (const char* key : {"cert_pem", "cert_start_time", "cert_end_time"}) {
        if (auto v = t.Str(key)) tls_next[key] = *v;
      }
      if (!t.ok()) return t.status();
      next["tls_config"] = std::move(tls_next);
    }
    next["domain_password_sha256"] = SecretDigest(*password);
  }
  c.replace["ad_domains"] = std::move(next);  // a domain is given whole
  c.config_status = {{"running", service.value("config_status", "0")},
                     {"success", "0"},
                     {"failure", "1"}};  // "subscribed but the AD configuration failed" (L3779)
  return core::Status::Ok();
}

core::Status AdInfoChange(const Json& info, const Json& service, Change& c) {
  BodyReader r(info, "ad_info");
  std::string type = r.Enum("domain_type", Need::kRequired, {"LITE_AS", "LOCAL_AD"}).value_or("");
  std::string account = r.Str("domain_admin_account", Need::kRequired, 255).value_or("");
  std::optional<std::string> password = Text(info, r, "domain_password", Need::kRequired);
  if (!r.ok()) return r.status();
  if (type != service["ad_domains"].value("domain_type", "")) {
    return InvalidField("ad_info.domain_type", "It must be the service's domain type.");
  }
  c.patch["ad_domains"] = {{"domain_admin_account", account},
                           {"domain_password_sha256", SecretDigest(*password)}};
  return core::Status::Ok();
}

core::Status SubnetChange(Context& ctx, BodyReader& r, const Json& service, Change& c) {
  std::optional<std::vector<std::string>> ids = r.StrList("subnet_ids", Need::kRequired);
  if (!r.ok()) return r.status();
  if (ids->empty()) return InvalidField("subnet_ids", "It names at least one subnet.");
  std::set<std::string> unique(ids->begin(), ids->end());
  if (unique.size() != ids->size()) return InvalidField("subnet_ids", "A subnet is given twice.");
  for (const std::string& id : *ids) {
    const Subnet* s = ctx.state.catalog().FindSubnet(id);
    if (!s || s->vpc_id != service.value("vpc_id", "")) return ResourceNotFoundInBody("subnet", id);
  }
  c.patch["subnet_ids"] = *ids;
  return core::Status::Ok();
}

core::Status PortChange(const Json& body, BodyReader& r, Change& c) {
  std::optional<std::string> port = Text(body, r, "internet_access_port", Need::kRequired);
  if (!r.ok()) return r.status();
  const bool digits = !port->empty() && port->size() <= 5 &&
                      port->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stol(*port) < 1 || std::stol(*port) > 65535) {
    return InvalidField("internet_access_port", "It is a port, 1-65535.");
  }
  c.patch["internet_access_port"] = *port;
  c.access_status = {{"running", "internetAccessPortModifying"},
                     {"success", "available"},
                     {"failure", "internetAccessPortModifyFailed"}};
  return core::Status::Ok();
}

// The attribute types of 4.2.10 (L4406): a request changes exactly one.
const std::vector<std::vector<std::string_view>>& AttributeTypes() {
  static const std::vector<std::vector<std::string_view>> kTypes = {
      {"access_mode", "dedicated_subnets"},
      {"ad_domains", "ad_info"},
      {"subnet_ids"},
      {"internet_access_port"},
      {"enterprise_id"},
      {"is_send_email"},
      {"dc_vnc_ip"},
      {"authorized_collect_log"},
      {"authorized_hda_upgrade"},
      {"is_authorized_install_agent"},
      {"enable_user_create_snapshot"},
      {"adn_conflict_network"},
      {"apply_shared_vpc_dedicated_param"},
      {"apply_dedicated_standby_network_param"},
  };
  return kTypes;
}

core::StatusOr<Change> ReadChange(Context& ctx, const Json& body, const Json& service) {
  std::vector<std::string_view> given;
  for (const auto& type : AttributeTypes()) {
    if (std::any_of(type.begin(), type.end(),
                    [&](std::string_view k) { return body.contains(k); })) {
      given.push_back(type.front());
    }
  }
  if (given.empty()) return InvalidField("body", "It names no attribute to modify.");
  if (given.size() > 1) {
    return InvalidField(given[1], "Only one attribute type can be modified in a single request.");
  }
  BodyReader r(body);
  Change c;
  const std::string_view type = given.front();
  if (type == "access_mode") {
    DESKOPS_RETURN_IF_ERROR(AccessChange(r, service, c));
  } else if (type == "ad_domains") {
    const bool info = !body.contains("ad_domains");
    const Json* ad = r.Object(info ? "ad_info" : "ad_domains", Need::kRequired);
    if (!r.ok()) return r.status();
    DESKOPS_RETURN_IF_ERROR(info ? AdInfoChange(*ad, service, c) : AdDomainChange(*ad, service, c));
  } else if (type == "subnet_ids") {
    DESKOPS_RETURN_IF_ERROR(SubnetChange(ctx, r, service, c));
  } else if (type == "internet_access_port") {
    DESKOPS_RETURN_IF_ERROR(PortChange(body, r, c));
  } else if (type == "enterprise_id") {
    std::string id = r.Str("enterprise_id", Need::kRequired, 64).value_or("");
    c.patch["enterprise_id"] = id;
    c.answer["enterprise_id"] = id;
  } else if (type == "dc_vnc_ip") {
    std::string ip = r.Str("dc_vnc_ip", Need::kRequired).value_or("");
    if (r.ok() && ip != "default" && ip != "close" && !IsIpv4(ip)) {
      return InvalidField("dc_vnc_ip", "It is default, close or an IPv4 address (L4447).");
    }
    c.patch["dc_vnc_ip"] = ip;
    c.answer["dc_vnc_ip"] = ip;
  } else if (type == "adn_conflict_network") {
    std::string text = r.Str("adn_conflict_network", Need::kRequired).value_or("");
    if (!r.ok()) return r.status();
    DESKOPS_ASSIGN_OR_RETURN(Json list, CidrList("adn_conflict_network", text, 50));  // L4442
    c.patch["adn_conflict_network"] = text;
  } else if (core::StartsWith(type, "apply_")) {
    const Json* param = r.Object(type, Need::kRequired);
    if (param) c.patch[std::string(type)] = *param;
  } else {
    if (auto v = r.Bool(type, Need::kRequired)) c.patch[std::string(type)] = *v;
  }
  if (!r.ok()) return r.status();
  return c;
}

core::StatusOr<Response> ModifyWorkspace(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  WorkspaceStore& store = Store(ctx);
  if (store.service.value("status", "") != "SUBSCRIBED") {
    return ApiError(400, "WKS.00010037", "The tenant not open service.");
  }
  if (!store.job_id.empty()) {
    if (const Job* running = ctx.state.jobs.Find(store.job_id); running && !running->done) {
      return ApiError(500, "WKS.00000010", "There are ongoing tasks.");
    }
    store.job_id.clear();
  }
  DESKOPS_ASSIGN_OR_RETURN(Change c, ReadChange(ctx, body, store.service));
  JobSpec spec = ctx.NewJob(kModifyWorkspaceJob);
  spec.effect = {{"kind", kWorkspaceEffect}, {"patch", c.patch}, {"replace", c.replace}};
  for (const auto& [key, status] :
       {std::pair{"access_status", &c.access_status}, {"config_status", &c.config_status}}) {
    if (status->is_null()) continue;
    store.service[key] = (*status)["running"];
    spec.effect[key] = {{"success", (*status)["success"]}, {"failure", (*status)["failure"]}};
  }
  Job* job = ctx.jobs.Start(std::move(spec));
  if (!job->done) store.job_id = job->id;
  Json answer = std::move(c.answer);
  answer["job_id"] = job->id;
  return JsonResponse(200, answer);  // L4521-4529
}

core::StatusOr<Response> UpdateEnterpriseId(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string id = r.Str("enterprise_id", Need::kRequired, 64).value_or("");
  if (!r.ok()) return r.status();
  WorkspaceStore& store = Store(ctx);
  if (store.service.value("status", "") != "SUBSCRIBED") {
    return ApiError(400, "WKS.00010037", "The tenant not open service.");
  }
  store.service["enterprise_id"] = id;
  return JsonResponse(200, {{"enterprise_id", id}});  // L4684-4690
}

Response PatchService(State& state, const std::string& method, const std::string&,
                      const Json& body) {
  if (method != "PATCH") return ControlError(405, "workspace is one object: PATCH it");
  WorkspaceStore& store = state.Ext<WorkspaceStore>();
  Json snapshot = store.Snapshot();
  snapshot["service"].merge_patch(body);
  try {
    store.Restore(snapshot);
  } catch (const Json::exception& e) {
    return ControlError(400, e.what());
  }
  return JsonResponse(200, store.service);
}

class WorkspaceFamily final : public Resource {
 public:
  std::string_view name() const override { return "workspace"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"GET", "/v2/{project_id}/workspaces", "workspace.get", GetWorkspace},        // 4.2.7
        {"PUT", "/v2/{project_id}/workspaces", "workspace.modify", ModifyWorkspace},  // 4.2.10
        {"PUT", "/v2/{project_id}/workspaces/enterprise-id", "workspace.enterprise_id",
         UpdateEnterpriseId},  // 4.2.11
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<WorkspaceStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {{"workspace", PatchService, [](State&, const Json&) {
               return ControlError(405, "workspace is one object: PATCH it");
             }}};
  }
};

}  // namespace

const Resource& WorkspaceResource() {
  static const WorkspaceFamily kWorkspace;
  return kWorkspace;
}

}  // namespace deskops::simulator
