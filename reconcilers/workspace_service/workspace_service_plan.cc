// The WorkspaceService planner: one action per 4.2.10 attribute type (and 4.2.11) whose declared
// keys differ from 4.2.7's answer.
#include <algorithm>
#include <set>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/secrets.h"
#include "reconcilers/workspace_service/workspace_service_reconciler.h"

namespace deskops::reconcilers::workspace_service {

using core::StrCat;
namespace api = cloud::workspace;
namespace ops = cloud::ops;

namespace {

// Records a change of a declared, not ignored text field. Returns whether it did.
bool Text(const ObjectContext& ctx, std::vector<FieldChange>& out, const std::string& path,
          const std::optional<std::string>& want, const std::string& have) {
  if (!want || ctx.Ignores(path) || *want == have) return false;
  out.push_back({path, Show(have), Show(*want)});
  return true;
}

bool Flag(const ObjectContext& ctx, std::vector<FieldChange>& out, const std::string& path,
          const std::optional<bool>& want, const std::optional<bool>& have) {
  if (!want || ctx.Ignores(path) || (have && *have == *want)) return false;
  out.push_back({path, have ? Show(*have) : "", Show(*want)});
  return true;
}

template <class T>
void Drop(const ObjectContext& ctx, const std::string& path, std::optional<T>& field) {
  if (ctx.Ignores(path)) field.reset();
}

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::string ListText(const std::vector<std::string>& v) { return core::Join(v, ", "); }

void AddStep(const ObjectContext& ctx, ObjectPlan& p, const cloud::Operation& op, std::string note,
             Disruption disruption, std::vector<FieldChange> changes,
             std::map<std::string, std::string> records, Step step) {
  Action a = MakeStep(ctx.kind(), ctx.name(), Verb::kUpdate, {&op}, std::move(step));
  a.note = std::move(note);
  a.disruption = disruption;
  a.changes = std::move(changes);
  a.records = std::move(records);
  p.actions.push_back(std::move(a));
}

void PlanSubnets(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                 const api::Service& live, ObjectPlan& p) {
  const std::string path = "spec.subnetIds";
  if (!spec.subnet_ids || ctx.Ignores(path)) return;
  const std::set<std::string> want = AsSet(*spec.subnet_ids), have = AsSet(live.subnet_ids);
  if (want == have) return;
  // Taking a subnet away from the service can strand what uses it; adding one is safe.
  const bool removes =
      std::any_of(have.begin(), have.end(), [&](const std::string& id) { return !want.count(id); });
  AddStep(ctx, p, ops::kModifyWorkspace, "4.2.10 service subnets",
          removes ? Disruption::kDisruptive : Disruption::kSafe,
          {{path, ListText(live.subnet_ids), ListText(*spec.subnet_ids)}}, {},
          SetSubnets{*spec.subnet_ids});
}

// The AD domain's text fields: manifest name, the spec's member, 4.2.7's member.
struct AdText {
  const char* name;
  std::optional<std::string> specs::AdDomainSpec::*want;
  std::string api::AdInfo::*have;
};
constexpr AdText kAdText[] = {
    {"domainName", &specs::AdDomainSpec::domain_name, &api::AdInfo::domain_name},
    {"domainAdminAccount", &specs::AdDomainSpec::domain_admin_account,
     &api::AdInfo::domain_admin_account},
    {"activeDomainIp", &specs::AdDomainSpec::active_domain_ip, &api::AdInfo::active_domain_ip},
    {"activeDomainName", &specs::AdDomainSpec::active_domain_name,
     &api::AdInfo::active_domain_name},
    {"standbyDomainIp", &specs::AdDomainSpec::standby_domain_ip, &api::AdInfo::standby_domain_ip},
    {"standbyDomainName", &specs::AdDomainSpec::standby_domain_name,
     &api::AdInfo::standby_domain_name},
    {"activeDnsIp", &specs::AdDomainSpec::active_dns_ip, &api::AdInfo::active_dns_ip},
    {"standbyDnsIp", &specs::AdDomainSpec::standby_dns_ip, &api::AdInfo::standby_dns_ip},
};

void PlanAdDomain(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                  const api::Service& live, ObjectPlan& p) {
  if (!spec.ad_domain) return;
  const specs::AdDomainSpec& w = *spec.ad_domain;
  const api::AdInfo& h = live.ad;
  const std::string base = "spec.adDomain.";
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  Text(ctx, c, base + "domainType", w.domain_type, h.domain_type);
  for (const AdText& f : kAdText) Text(ctx, c, base + f.name, w.*f.want, h.*f.have);
  Flag(ctx, c, base + "deleteComputerObject", w.delete_computer_object, h.delete_computer_object);
  Flag(ctx, c, base + "useLdaps", w.use_ldaps, std::optional<bool>(h.use_ldaps));
  const bool settings = !c.empty();  // what changes every user's login
  if (ctx.WriteOnly(base + "tlsConfig.certPem", w.tls_cert_pem, c, records)) {
    c.back().after = StrCat("(PEM, ", w.tls_cert_pem->size(), " bytes)");
  }
  const std::string secret_path = base + "passwordFrom";
  if (w.password_from && !ctx.Ignores(secret_path)) {
    auto secret = ReadSecret(*w.password_from, "domain password");
    if (!secret.ok()) {
      p.errors.push_back(StrCat(secret_path, ": ", secret.status().message()));
      return;
    }
    ctx.WriteOnlySecret(secret_path, *w.password_from, *secret, c, records);
  }
  if (c.empty()) return;
  if (w.domain_type == "LOCAL_AD" && ctx.Ignores(secret_path)) {
    // L4478: a LOCAL_AD domain is sent with its administrator's password.
    p.errors.push_back(
        StrCat("spec.adDomain: changing a LOCAL_AD domain sends its password "
               "(L4478), but deskops.io/ignore-changes covers ",
               secret_path, "; give it a source deskops may read"));
    return;
  }
  SetAdDomain step{w};
  for (const AdText& f : kAdText) Drop(ctx, base + f.name, step.spec.*f.want);
  Drop(ctx, base + "deleteComputerObject", step.spec.delete_computer_object);
  Drop(ctx, base + "useLdaps", step.spec.use_ldaps);
  Drop(ctx, base + "tlsConfig.certPem", step.spec.tls_cert_pem);
  Drop(ctx, secret_path, step.spec.password_from);
  AddStep(ctx, p, ops::kModifyWorkspace,
          settings ? "4.2.10 AD domain: changes how every user logs in"
                   : "4.2.10 AD domain: its password or certificate",
          settings ? Disruption::kDestructive : Disruption::kDisruptive, std::move(c),
          std::move(records), std::move(step));
}

void PlanAccessMode(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                    const api::Service& live, ObjectPlan& p) {
  std::vector<FieldChange> c;
  Text(ctx, c, "spec.accessMode", spec.access_mode, live.access_mode);
  const bool cidrs = spec.dedicated_subnets && !ctx.Ignores("spec.dedicatedSubnets");
  if (cidrs && AsSet(*spec.dedicated_subnets) != AsSet(live.dedicated_subnets)) {
    c.push_back({"spec.dedicatedSubnets", ListText(live.dedicated_subnets),
                 ListText(*spec.dedicated_subnets)});
  }
  if (c.empty()) return;
  const std::string mode =
      spec.access_mode && !ctx.Ignores("spec.accessMode") ? *spec.access_mode : live.access_mode;
  if (cidrs && mode == "INTERNET") {
    p.errors.push_back(
        "spec.dedicatedSubnets: the service's access mode is INTERNET; Direct "
        "Connect CIDRs need accessMode DEDICATED or BOTH (L3756, L4441)");
    return;
  }
  AddStep(ctx, p, ops::kModifyWorkspace, "4.2.10 access mode: changes how every user connects",
          Disruption::kDestructive, std::move(c), {},
          SetAccessMode{mode, cidrs ? spec.dedicated_subnets : std::nullopt});
}

void PlanInternetPort(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                      const api::Service& live, ObjectPlan& p) {
  const std::string path = "spec.internetAccessPort";
  if (!spec.internet_access_port || ctx.Ignores(path)) return;
  const std::string want = std::to_string(*spec.internet_access_port);
  if (want == live.internet_access_port) return;
  AddStep(ctx, p, ops::kModifyWorkspace, "4.2.10 Internet access port: clients connect to it",
          Disruption::kDestructive, {{path, live.internet_access_port, want}}, {},
          SetInternetPort{*spec.internet_access_port});
}

void PlanEnterpriseId(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                      const api::Service& live, ObjectPlan& p) {
  std::vector<FieldChange> c;
  if (!Text(ctx, c, "spec.enterpriseId", spec.enterprise_id, live.enterprise_id)) return;
  AddStep(ctx, p, ops::kUpdateEnterpriseId, "4.2.11 enterprise ID: users log in with it",
          Disruption::kDestructive, std::move(c), {}, SetEnterpriseId{*spec.enterprise_id});
}

}  // namespace

void PlanService(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                 const api::Service& live, ObjectPlan& p) {
  if (live.status != api::kSubscribed) {
    p.errors.push_back(StrCat("the Workspace service is ",
                              live.status.empty() ? "(no status)" : live.status,
                              ", not SUBSCRIBED: deskops changes a subscribed service only, and "
                              "never subscribes (4.2.8) or unsubscribes (4.2.9)"));
    return;
  }
  PlanSubnets(ctx, spec, live, p);
  PlanAdDomain(ctx, spec, live, p);
  PlanAccessMode(ctx, spec, live, p);
  PlanInternetPort(ctx, spec, live, p);
  PlanEnterpriseId(ctx, spec, live, p);
  if (!p.errors.empty()) p.actions.clear();
}

}  // namespace deskops::reconcilers::workspace_service
