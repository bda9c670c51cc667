#include "daemon/get_kinds.h"

#include "cloud/jobs.h"
#include "cloud/lookups.h"
#include "core/strings.h"
#include "reconcilers/registry.h"

namespace deskops::daemon {
namespace {

using nlohmann::json;
using Name = std::optional<std::string>;

// Keeps items whose name matches (exact, or case-insensitively for desktops).
template <class T, class GetName>
std::vector<T> Named(std::vector<T> items, const Name& name, GetName get, bool icase = false) {
  if (!name) return items;
  std::erase_if(items, [&](const T& t) {
    return icase ? !core::EqualsIgnoreCase(get(t), *name) : get(t) != *name;
  });
  return items;
}

// A managed kind's objects, as its reconciler observes and presents them.
core::StatusOr<Listing> KindListing(const reconcilers::Reconciler& kind, cloud::ApiClient& c,
                                    const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto observed,
                           kind.Observe(reconcilers::ObserveContext{c, reconcilers::Purpose::kGet,
                                                                    nullptr, nullptr, name}));
  reconcilers::GetListing got = kind.Present(*observed);
  Listing l{std::move(got.headers), std::move(got.rows), json::array()};
  for (const auto& item : got.items) l.items.push_back(json::parse(item));
  return l;
}

core::StatusOr<Listing> Products(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListProducts(c));
  list = Named(list, name, [](const auto& p) { return p.product_id; });
  Listing l{{"ID", "CPU", "MEMORY", "TYPE", "STATUS", "CHARGE_MODE"}, {}, json::array()};
  for (const auto& p : list) {
    l.rows.push_back({p.product_id, p.cpu, p.memory, p.package_type, p.status, p.charge_mode});
    l.items.push_back({{"product_id", p.product_id},
                       {"flavor_id", p.flavor_id},
                       {"cpu", p.cpu},
                       {"memory", p.memory},
                       {"package_type", p.package_type},
                       {"status", p.status},
                       {"charge_mode", p.charge_mode}});
  }
  return l;
}

core::StatusOr<Listing> Images(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListImages(c));
  list = Named(list, name, [](const auto& i) { return i.id; });
  Listing l{{"ID", "NAME", "TYPE", "OS", "ARCH"}, {}, json::array()};
  for (const auto& i : list) {
    l.rows.push_back({i.id, i.name, i.image_type, i.os_type, i.architecture});
    l.items.push_back({{"id", i.id},
                       {"name", i.name},
                       {"image_type", i.image_type},
                       {"os_type", i.os_type},
                       {"architecture", i.architecture}});
  }
  return l;
}

core::StatusOr<Listing> Zones(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListAvailabilityZones(c));
  list = Named(list, name, [](const auto& z) { return z.code; });
  Listing l{{"CODE", "NAME", "DEFAULT", "SOLD_OUT"}, {}, json::array()};
  for (const auto& z : list) {
    l.rows.push_back({z.code, z.display_name, z.is_default ? "yes" : "no",
                      core::Join(z.sold_out_products, ",")});
    l.items.push_back({{"availability_zone", z.code},
                       {"display_name", z.display_name},
                       {"default", z.is_default},
                       {"sold_out_products", z.sold_out_products}});
  }
  return l;
}

core::StatusOr<Listing> Quotas(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListQuotas(c));
  list = Named(list, name, [](const auto& q) { return q.type; });
  Listing l{{"TYPE", "USED", "QUOTA", "UNIT"}, {}, json::array()};
  for (const auto& q : list) {
    l.rows.push_back({q.type, std::to_string(q.used), std::to_string(q.quota), q.unit});
    l.items.push_back({{"type", q.type}, {"used", q.used}, {"quota", q.quota}, {"unit", q.unit}});
  }
  return l;
}

core::StatusOr<Listing> Job(cloud::ApiClient& c, const Name& id) {
  if (!id) return core::Status::InvalidArgument("get job needs a job ID");
  DESKOPS_ASSIGN_OR_RETURN(auto job, cloud::jobs::Get(c, *id));
  auto outcome = cloud::jobs::Summarize(job);
  Listing l{{"ID", "TYPE", "STATUS", "RESULT", "BEGIN", "END"}, {}, json::array()};
  l.rows.push_back(
      {job.id, job.job_type, job.status, outcome.Describe(), job.begin_time, job.end_time});
  json subs = json::array();
  for (const auto& s : job.sub_jobs) {
    subs.push_back({{"id", s.id},
                    {"status", s.status},
                    {"desktop_id", s.entities.desktop_id},
                    {"error_code", s.error_code},
                    {"fail_reason", s.fail_reason},
                    {"process", s.process}});
  }
  l.items.push_back({{"id", job.id},
                     {"job_type", job.job_type},
                     {"status", job.status},
                     {"result", outcome.Describe()},
                     {"sub_jobs", subs}});
  return l;
}

}  // namespace

const std::vector<GetKind>& GetKinds() {
  // Every managed kind (the registry, specs/kinds.def), then the tenant's read-only lookups.
  static const reconcilers::ReconcilerList reconcilers = reconcilers::MakeReconcilers();
  static const std::vector<GetKind> kinds = [] {
    std::vector<GetKind> out;
    for (const auto& kind : reconcilers) {
      const specs::KindInfo& info = kind->Info();
      GetKind k;
      k.names = {std::string(info.plural), core::ToLower(info.name), std::string(info.name)};
      for (std::string_view alias : info.aliases) k.names.emplace_back(alias);
      const reconcilers::Reconciler* r = kind.get();
      k.fetch = [r](cloud::ApiClient& c, const Name& name) { return KindListing(*r, c, name); };
      out.push_back(std::move(k));
    }
    out.push_back({{"products", "product"}, Products});
    out.push_back({{"images", "image"}, Images});
    out.push_back({{"availabilityzones", "availabilityzone", "azs", "az"}, Zones});
    out.push_back({{"quotas", "quota"}, Quotas});
    out.push_back({{"job", "jobs"}, Job});
    return out;
  }();
  return kinds;
}

const GetKind* FindGetKind(const std::string& name) {
  for (const auto& k : GetKinds()) {
    for (const auto& n : k.names) {
      if (n == name) return &k;
    }
  }
  return nullptr;
}

}  // namespace deskops::daemon
