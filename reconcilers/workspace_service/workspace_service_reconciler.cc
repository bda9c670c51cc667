#include "reconcilers/workspace_service/workspace_service_reconciler.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "reconcilers/engine/secrets.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace workspace_service {

using core::StrCat;
using nlohmann::json;
namespace api = cloud::workspace;
namespace ops = cloud::ops;

namespace {

// The placeholder source an export gives a LOCAL_AD domain's password, which no read returns.
constexpr const char* kPasswordPlaceholder = "DESKOPS_AD_DOMAIN_PASSWORD";

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetSubnets& s) {
  return CallJob(ctx, ops::kModifyWorkspace, a,
                 [&] { return api::ModifySubnets(ctx.client, s.subnet_ids); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetAdDomain& s) {
  const specs::AdDomainSpec& w = s.spec;
  api::AdDomainRequest r{
      w.domain_type,      w.domain_name,        w.domain_admin_account,   std::nullopt,
      w.active_domain_ip, w.active_domain_name, w.standby_domain_ip,      w.standby_domain_name,
      w.active_dns_ip,    w.standby_dns_ip,     w.delete_computer_object, w.use_ldaps,
      w.tls_cert_pem};
  if (w.password_from) {
    auto password = ReadSecret(*w.password_from, "domain password");
    if (!password.ok()) return {password.status()};
    r.domain_password = *password;
  }
  return CallJob(ctx, ops::kModifyWorkspace, a, [&] { return api::ModifyAdDomain(ctx.client, r); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetAccessMode& s) {
  return CallJob(ctx, ops::kModifyWorkspace, a, [&] {
    return api::ModifyAccessMode(ctx.client, s.access_mode, s.dedicated_subnets);
  });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetInternetPort& s) {
  return CallJob(ctx, ops::kModifyWorkspace, a,
                 [&] { return api::ModifyInternetAccessPort(ctx.client, s.port); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetEnterpriseId& s) {
  return CallSync(ctx, ops::kUpdateEnterpriseId, a,
                  [&] { return api::UpdateEnterpriseId(ctx.client, s.enterprise_id); });
}

// A port the API reported as text (L3762), when it is one.
std::optional<std::int64_t> Port(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

void ExportAd(const api::AdInfo& ad, ExportDoc& doc) {
  if (ad.domain_type.empty()) return;
  doc.Set("adDomain.domainType", ad.domain_type);
  if (ad.domain_type != "LOCAL_AD") return;
  doc.Set("adDomain.domainName", ad.domain_name)
      .Set("adDomain.domainAdminAccount", ad.domain_admin_account)
      .Set("adDomain.passwordFrom.env", kPasswordPlaceholder)
      .Set("adDomain.activeDomainIp", ad.active_domain_ip)
      .Set("adDomain.activeDomainName", ad.active_domain_name)
      .Set("adDomain.standbyDomainIp", ad.standby_domain_ip)
      .Set("adDomain.standbyDomainName", ad.standby_domain_name)
      .Set("adDomain.activeDnsIp", ad.active_dns_ip)
      .Set("adDomain.standbyDnsIp", ad.standby_dns_ip)
      .Set("adDomain.useLdaps", ad.use_ldaps);
  if (ad.delete_computer_object)
    doc.Set("adDomain.deleteComputerObject", *ad.delete_computer_object);
  // No read returns the password: the export names a source and ignores it until the operator
  // provides the secret and removes the annotation.
  doc.Annotate("deskops.io/ignore-changes", "spec.adDomain.passwordFrom");
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::WorkspaceServiceKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{}, .serial = true, .singleton = true};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kGetWorkspace, &ops::kModifyWorkspace, &ops::kUpdateEnterpriseId};
}

core::StatusOr<std::vector<api::Service>> Reconciler::List(const ObserveContext& ctx) const {
  // A plan reads the service only when a manifest declares it.
  if (ctx.purpose == Purpose::kPlan && (!ctx.manifests || ctx.manifests->OfKind(Kind()).empty())) {
    return std::vector<api::Service>{};
  }
  DESKOPS_ASSIGN_OR_RETURN(api::Service service, api::Get(ctx.client));
  return std::vector<api::Service>{std::move(service)};
}

void Reconciler::PlanCreate(const ObjectContext&, const Spec&, ObjectPlan& p) const {
  // A singleton is never created (kind.h); deskops never subscribes to the service (4.2.8).
  p.errors.push_back("the Workspace service is never created by deskops");
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  PlanService(ctx, spec, live, p);
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    results.push_back(
        std::visit([&](const auto& step) { return RunStep(ctx, *a, step); }, StepOf<Step>(*a)));
  }
  return results;
}

void Reconciler::ExportTo(const Live& s, const ExportContext&, ExportDoc& doc) const {
  doc.Set("accessMode", s.access_mode);
  if (!s.dedicated_subnets.empty()) doc.SetList("dedicatedSubnets", s.dedicated_subnets);
  if (!s.subnet_ids.empty()) doc.SetList("subnetIds", s.subnet_ids);
  if (auto port = Port(s.internet_access_port)) doc.Set("internetAccessPort", *port);
  doc.Set("enterpriseId", s.enterprise_id);
  ExportAd(s.ad, doc);
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "STATUS", "ACCESS MODE", "DOMAIN", "SUBNETS", "PORT", "ENTERPRISE ID"};
}

Reconciler::Row Reconciler::RowOf(const Live& s) const {
  const std::string domain =
      s.ad.domain_type == "LOCAL_AD" ? StrCat("LOCAL_AD ", s.ad.domain_name) : s.ad.domain_type;
  return {{kExportName, s.status, s.access_mode, domain, core::Join(s.subnet_ids, ","),
           s.internet_access_port, s.enterprise_id},
          json{{"name", kExportName},
               {"id", s.id},
               {"status", s.status},
               {"access_status", s.access_status},
               {"config_status", s.config_status},
               {"access_mode", s.access_mode},
               {"dedicated_subnets", s.dedicated_subnets},
               {"subnet_ids", s.subnet_ids},
               {"internet_access_port", s.internet_access_port},
               {"enterprise_id", s.enterprise_id},
               {"vpc_id", s.vpc_id},
               {"ad_domains",
                {{"domain_type", s.ad.domain_type},
                 {"domain_name", s.ad.domain_name},
                 {"domain_admin_account", s.ad.domain_admin_account},
                 {"active_domain_ip", s.ad.active_domain_ip},
                 {"active_dns_ip", s.ad.active_dns_ip}}}}
              .dump()};
}

}  // namespace workspace_service

std::unique_ptr<reconcilers::Reconciler> MakeWorkspaceServiceReconciler() {
  return std::make_unique<workspace_service::Reconciler>();
}

}  // namespace deskops::reconcilers
