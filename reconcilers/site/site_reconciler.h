#pragma once
// Sites (4.2.1-4.2.5): Workspace edge sites, keyed by the edge AZ they serve. Listed with 4.2.1
// (all at once; a declared AZ no listed site names is asked for with its availability_zone_id
// filter, for answers without az_code), added with 4.2.2, their access mode and Direct Connect
// CIDR blocks changed with 4.2.4 and their service subnets with 4.2.5, deleted one by one with
// 4.2.3 (--prune, owned only). Every change is a job.
//
// 4.2.1 returns none of a site's settings (L2808-2813): they are write-only, compared with what
// deskops last applied (drift is not detectable). An adopted site's declared settings are taken as
// applied, not sent on a guess. The VPC is taken by 4.2.2 only: a later change is refused. The
// central site is the Workspace subscription (4.2.8): a manifest naming one of its AZs is refused,
// it is never deleted, and export leaves it out. Unsubscribing (4.2.9) is never called.
//
// TODO(drift): 4.2.7's site_configs (SiteConfigsResponse, L3832-3911) does return each site's
// access_config (access_mode, dedicated_cidrs) and network_config (vpc_id, subnet_ids). 4.2.7 is
// the WorkspaceService kind's (its client operation and wks-sim family); once they are in, read
// the settings from it, compare them as readable fields and keep the records only as a fallback.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reconcilers/engine/kind.h"
#include "reconcilers/site/site_client.h"
#include "specs/site.h"

namespace deskops::reconcilers::site {

struct Create {
  cloud::sites::AddRequest request;
};
struct Access {
  std::string id;
  std::optional<std::string> access_mode, dedicated_cidrs;
};
struct Subnets {
  std::string id;
  std::vector<std::string> subnet_ids;
};
using Step = std::variant<Create, Access, Subnets>;

class Reconciler final : public TypedKind<specs::SiteSpec, cloud::sites::Site, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.key; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void Attributes(const Live& live, LiveRef& ref) const override;
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  bool Exported(const Live& live) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::site
