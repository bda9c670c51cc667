#include "reconcilers/site/site_reconciler.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace site {

using core::StrCat;
namespace api = cloud::sites;
namespace ops = cloud::ops;

namespace {

constexpr char kCenter[] = "CENTER";
// Statuses of a site with a job in progress, and of one whose add failed (4.2.7 L3842).
bool Busy(const api::Site& s) { return s.status == "SUBSCRIBING" || s.status == "DEREGISTERING"; }
bool AddFailed(const api::Site& s) { return s.status == "SUBSCRIPTION_FAILED"; }

bool Serves(const api::Site& s, std::string_view az) {
  return std::find(s.azs.begin(), s.azs.end(), az) != s.azs.end();
}

// dedicated_cidrs is one text, the blocks separated by ';' (L2964).
std::optional<std::string> CidrText(const std::optional<std::vector<std::string>>& cidrs) {
  if (!cidrs) return std::nullopt;
  return core::Join(*cidrs, ";");
}

// A set of subnets as text, the same whatever the manifest's order.
std::optional<std::string> SubnetText(const std::optional<std::vector<std::string>>& ids) {
  if (!ids) return std::nullopt;
  std::vector<std::string> sorted = *ids;
  std::sort(sorted.begin(), sorted.end());
  return "[" + core::Join(sorted, ", ") + "]";
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The live site serving `az` under another name: the central site, or a site of several AZs.
std::optional<std::string> ServedElsewhere(const ObjectContext& ctx) {
  for (const LiveRef& ref : ctx.diff.index.OfKind("Site")) {
    for (const std::string& az : core::Split(ref.Attr("azs"), ',')) {
      if (az != ctx.name()) continue;
      if (ref.Attr("type") == kCenter) {
        return StrCat("metadata.name: AZ ", core::Quote(az), " is served by the central site (",
                      ref.id,
                      "), which is the Workspace subscription itself (4.2.8): it cannot "
                      "be added, changed or deleted as a Site; a Site is an edge (IES) site");
      }
      return StrCat("metadata.name: AZ ", core::Quote(az), " is served by site ", ref.id,
                    " with other AZs (", ref.Attr("azs"),
                    "); a Site cannot name a site of "
                    "several AZs");
    }
  }
  return std::nullopt;
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::SiteKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{},
      .serial = true,
      .replaceable = false,
      .batch_delete = &ops::kDeleteSite,
      .max_per_delete = 1,  // 4.2.3 deletes one site
      .delete_ids = [](cloud::ApiClient& client, const std::vector<std::string>& ids) {
        return api::Delete(client, ids.front());
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListSites, &ops::kAddSite, &ops::kDeleteSite, &ops::kSiteAccessMode,
          &ops::kSiteSubnets};
}

core::StatusOr<std::vector<api::Site>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(std::vector<api::Site> sites, api::List(ctx.client));
  // 4.2.1's table has no az_code (only its example does): when a site came without its AZs, each
  // declared AZ no site claims is asked for with the availability_zone_id filter.
  const bool all_named =
      std::all_of(sites.begin(), sites.end(), [](const api::Site& s) { return !s.azs.empty(); });
  if (!all_named && ctx.purpose == Purpose::kPlan && ctx.manifests) {
    for (const specs::Object* o : ctx.manifests->OfKind("Site")) {
      const std::string& az = o->meta.name;
      if (std::any_of(sites.begin(), sites.end(),
                      [&](const api::Site& s) { return Serves(s, az); })) {
        continue;
      }
      DESKOPS_ASSIGN_OR_RETURN(std::vector<api::Site> found, api::List(ctx.client, az));
      for (api::Site& f : found) {
        auto same = std::find_if(sites.begin(), sites.end(),
                                 [&](const api::Site& s) { return s.id == f.id; });
        if (same == sites.end()) {
          sites.push_back(std::move(f));
        } else if (!Serves(*same, az)) {
          same->azs.push_back(az);
          same->key = core::Join(same->azs, ",");
        }
      }
    }
  }
  if (ctx.name) std::erase_if(sites, [&](const api::Site& s) { return s.key != *ctx.name; });
  return sites;
}

void Reconciler::Attributes(const Live& live, LiveRef& ref) const {
  ref.attrs["azs"] = core::Join(live.azs, ",");
  ref.attrs["type"] = live.type;
  if (Busy(live) || AddFailed(live) || live.status == "DEREGISTRATION_FAILED") {
    ref.attrs[kNotReadyAttr] = StrCat("site status ", live.status);
  }
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  if (auto elsewhere = ServedElsewhere(ctx)) {
    p.errors.push_back(*elsewhere);
    return;
  }
  if (spec.access_mode.empty()) {
    p.errors.push_back(
        "spec.accessMode: adding a site needs its access mode (4.2.2 "
        "access_config.access_mode is mandatory, L2963): INTERNET, DEDICATED or "
        "BOTH");
    return;
  }
  api::AddRequest r{ctx.name(), spec.vpc_id, spec.subnet_ids, spec.access_mode,
                    CidrText(spec.dedicated_cidrs)};
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kAddSite}, Create{std::move(r)});
  std::vector<FieldChange> shown;  // a create shows no field changes; the values are recorded
  ctx.WriteOnly("spec.accessMode", spec.access_mode, shown, a.records);
  ctx.WriteOnly("spec.dedicatedCidrs", CidrText(spec.dedicated_cidrs), shown, a.records);
  ctx.WriteOnly("spec.vpcId", spec.vpc_id, shown, a.records);
  ctx.WriteOnly("spec.subnetIds", SubnetText(spec.subnet_ids), shown, a.records);
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  if (live.type == kCenter) {
    if (auto elsewhere = ServedElsewhere(ctx)) p.errors.push_back(*elsewhere);
    return;
  }
  if (AddFailed(live)) {
    p.errors.push_back(StrCat("the site's add failed (status ", live.status,
                              "): delete it (4.2.3; --prune once it leaves the manifests) and "
                              "apply again"));
    return;
  }
  if (!ctx.owned) {
    // Adopted: 4.2.1 cannot tell a site's settings, and switching a live site's access or
    // subnets on a guess could cut its users off. The declared values are taken as applied
    // (recorded with the adoption); a later change of one is sent.
    std::vector<FieldChange> taken;
    ctx.WriteOnly("spec.accessMode", NonEmpty(spec.access_mode), taken, p.records);
    ctx.WriteOnly("spec.dedicatedCidrs", CidrText(spec.dedicated_cidrs), taken, p.records);
    ctx.WriteOnly("spec.vpcId", spec.vpc_id, taken, p.records);
    ctx.WriteOnly("spec.subnetIds", SubnetText(spec.subnet_ids), taken, p.records);
    return;
  }
  // The VPC: only 4.2.2 takes it, recorded when deskops added the site (or adopted it).
  {
    std::vector<FieldChange> changes;
    std::map<std::string, std::string> records;
    if (ctx.WriteOnly("spec.vpcId", spec.vpc_id, changes, records)) {
      if (ctx.owned && !ctx.owned->Record(AppliedKey("spec.vpcId")).empty()) {
        p.errors.push_back(
            "spec.vpcId cannot change once the site exists: only 4.2.2 takes it (4.2.5 changes "
            "the service subnets) and 4.2.1 does not return it; change it back");
        return;
      }
      p.records.insert(records.begin(), records.end());
    }
  }
  std::vector<Action> steps;
  auto add = [&](std::vector<FieldChange> changes, std::map<std::string, std::string> records,
                 const cloud::Operation& op, Step step) {
    if (changes.empty()) return;
    Action a = NewStep(ctx.name(), Verb::kUpdate, {&op}, std::move(step));
    a.changes = std::move(changes);
    a.records = std::move(records);
    steps.push_back(std::move(a));
  };
  {
    std::vector<FieldChange> changes;
    std::map<std::string, std::string> records;
    Access change{live.id, std::nullopt, std::nullopt};
    if (ctx.WriteOnly("spec.accessMode", NonEmpty(spec.access_mode), changes, records)) {
      change.access_mode = spec.access_mode;
    }
    if (ctx.WriteOnly("spec.dedicatedCidrs", CidrText(spec.dedicated_cidrs), changes, records)) {
      change.dedicated_cidrs = CidrText(spec.dedicated_cidrs);
    }
    add(std::move(changes), std::move(records), ops::kSiteAccessMode, std::move(change));
  }
  {
    std::vector<FieldChange> changes;
    std::map<std::string, std::string> records;
    if (ctx.WriteOnly("spec.subnetIds", SubnetText(spec.subnet_ids), changes, records)) {
      add(std::move(changes), std::move(records), ops::kSiteSubnets,
          Subnets{live.id, *spec.subnet_ids});
    }
  }
  for (Action& a : steps) {
    if (Busy(live)) {
      a.held_by = Gate::kBusy;
      a.held_reason = StrCat("the site is ", live.status, "; changed once that job ends");
    }
    p.actions.push_back(std::move(a));
  }
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    const Step& step = StepOf<Step>(*a);
    if (const auto* c = std::get_if<Create>(&step)) {
      results.push_back(
          CallJob(ctx, ops::kAddSite, *a, [&] { return api::Add(ctx.client, c->request); }));
    } else if (const auto* m = std::get_if<Access>(&step)) {
      // deskops.io/ignore-changes may have dropped one of the two changes: it is not sent.
      auto mode = Keeps(*a, "spec.accessMode") ? m->access_mode : std::nullopt;
      auto cidrs = Keeps(*a, "spec.dedicatedCidrs") ? m->dedicated_cidrs : std::nullopt;
      results.push_back(CallJob(ctx, ops::kSiteAccessMode, *a, [&] {
        return api::SetAccessMode(ctx.client, m->id, mode, cidrs);
      }));
    } else {
      const auto& s = std::get<Subnets>(step);
      results.push_back(CallJob(ctx, ops::kSiteSubnets, *a,
                                [&] { return api::SetSubnets(ctx.client, s.id, s.subnet_ids); }));
    }
  }
  return results;
}

bool Reconciler::Exported(const Live& live) const {
  // The central site is the subscription, not a Site; a site of several AZs has no Site name.
  return live.type != kCenter && live.azs.size() == 1;
}

void Reconciler::ExportTo(const Live&, const ExportContext&, ExportDoc&) const {
  // 4.2.1 returns none of a site's settings (L2808-2813): the export names the site only, and
  // planning it against the tenant it came from changes nothing.
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "SITE NAME", "TYPE", "STATUS", "CREATED"};
}

Reconciler::Row Reconciler::RowOf(const Live& s) const {
  return {{s.key, s.id, s.name, s.type, s.status, s.create_time},
          nlohmann::json{{"name", s.key},
                         {"id", s.id},
                         {"site_name", s.name},
                         {"site_type", s.type},
                         {"status", s.status},
                         {"create_time", s.create_time},
                         {"availability_zones", s.azs}}
              .dump()};
}

}  // namespace site

std::unique_ptr<reconcilers::Reconciler> MakeSiteReconciler() {
  return std::make_unique<site::Reconciler>();
}

}  // namespace deskops::reconcilers
