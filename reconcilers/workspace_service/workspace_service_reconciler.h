#pragma once
// WorkspaceService (4.2.7, 4.2.10, 4.2.11), a singleton kind: the tenant's Workspace service, one
// per project. It is read with 4.2.7 (only when a manifest declares it) and each area that differs
// is one action: the service subnets, the AD domain, the access mode with its Direct Connect CIDRs
// and the Internet access port are 4.2.10 requests of one attribute type each (L4406), whose jobs
// the engine follows; the enterprise ID is 4.2.11. One step at a time (KindTraits::serial): the
// service runs one change at a time.
//
// What changes how every user logs in is destructive and held without --allow-destructive or
// deskops.io/allow-destroy: the access mode (and its CIDRs), the AD domain's settings, the
// Internet access port and the enterprise ID. A new domain password alone, and removing a service
// subnet, are disruptive; adding subnets is safe. The domain password is write-only
// (ObjectContext::WriteOnlySecret), as is the domain's TLS certificate (never returned, L4496).
// deskops never subscribes (4.2.8) nor unsubscribes (4.2.9): a service that is not SUBSCRIBED is a
// plan error, and removing the manifest stops managing the service.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reconcilers/engine/kind.h"
#include "reconcilers/workspace_service/workspace_service_client.h"
#include "specs/workspace_service.h"

namespace deskops::reconcilers::workspace_service {

struct SetSubnets {
  std::vector<std::string> subnet_ids;
};
struct SetAdDomain {
  specs::AdDomainSpec spec;  // the declared fields that are not ignored
};
struct SetAccessMode {
  std::string access_mode;
  std::optional<std::vector<std::string>> dedicated_subnets;
};
struct SetInternetPort {
  std::int64_t port = 0;
};
struct SetEnterpriseId {
  std::string enterprise_id;
};
using Step = std::variant<SetSubnets, SetAdDomain, SetAccessMode, SetInternetPort, SetEnterpriseId>;

// The planner (workspace_service_plan.cc): one action per area whose declared keys differ, or
// errors.
void PlanService(const ObjectContext& ctx, const specs::WorkspaceServiceSpec& spec,
                 const cloud::workspace::Service& live, ObjectPlan& p);

// The service's export name.
inline constexpr const char* kExportName = "workspace";

class Reconciler final
    : public TypedKind<specs::WorkspaceServiceSpec, cloud::workspace::Service, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live&) const override { return kExportName; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::workspace_service
