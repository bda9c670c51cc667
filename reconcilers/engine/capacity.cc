#include "reconcilers/engine/capacity.h"

#include <array>
#include <charconv>
#include <string_view>

#include "cloud/api_client.h"
#include "cloud/lookups.h"
#include "core/status_or.h"
#include "core/strings.h"

namespace deskops::reconcilers::capacity {
namespace {

using core::StrCat;

// The quota types of 4.25.1 (L42942) deskops' actions consume, with the words a plan uses.
enum class Resource {
  kDesktops,
  kGpuDesktops,
  kCores,
  kMemory,
  kVolumes,
  kVolumeGb,
  kUsers,
  kPolicyGroups
};
struct ResourceInfo {
  Resource resource;
  std::string_view type, words;
};
constexpr std::array<ResourceInfo, 8> kResources{{
    {Resource::kDesktops, "general_instances", "desktops"},
    {Resource::kGpuDesktops, "gpu_instances", "GPU desktops"},
    {Resource::kCores, "cores", "vCPUs"},
    {Resource::kMemory, "Memory", "GB of memory"},  // the quota's unit is GB
    {Resource::kVolumes, "volumes", "disks"},
    {Resource::kVolumeGb, "volume_gigabytes", "GB of disk"},
    {Resource::kUsers, "users", "users"},
    {Resource::kPolicyGroups, "policy_groups", "policy groups"},
}};

using Amounts = std::array<std::int64_t, kResources.size()>;

std::int64_t Number(const std::string& text) {
  std::int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

bool NeedsProduct(const CapacityNeed& n) {
  return !n.product_id.empty() && (n.desktops > 0 || n.resized > 0);
}

// Why the catalogue refuses an action's need, or "".
std::string CatalogueProblem(const CapacityNeed& n, const Catalogue& c) {
  std::vector<std::string> problems;
  if (NeedsProduct(n)) {
    auto p = c.products.find(n.product_id);
    if (p == c.products.end()) {
      problems.push_back(StrCat("spec.productId: product \"", n.product_id,
                                "\" is not offered to this tenant (4.18.1)"));
    } else if (p->second.status == "sellout" || p->second.status == "abandon") {
      problems.push_back(StrCat("spec.productId: product \"", n.product_id, "\" is ",
                                p->second.status == "sellout" ? "sold out" : "withdrawn",
                                " (4.18.1 status ", p->second.status, ")"));
    } else if (n.desktops > 0 && !n.availability_zone.empty() &&
               c.not_offered.contains({n.product_id, n.availability_zone})) {
      problems.push_back(StrCat("spec.productId: product \"", n.product_id,
                                "\" is not offered in availability zone \"", n.availability_zone,
                                "\" (4.18.1)"));
    }
  }
  if (!n.image_id.empty() && !c.images.contains(n.image_id)) {
    problems.push_back(StrCat("spec.imageId: image \"", n.image_id, "\" does not exist (4.26.1)"));
  }
  return core::Join(problems, "; ");
}

Amounts Takes(const CapacityNeed& n, const Catalogue& c) {
  Amounts t{};
  auto product = [&](const std::string& id) {
    auto it = c.products.find(id);
    return it == c.products.end() ? Catalogue::Product{} : it->second;
  };
  const Catalogue::Product to = product(n.product_id);
  t[static_cast<int>(to.gpu ? Resource::kGpuDesktops : Resource::kDesktops)] = n.desktops;
  std::int64_t cores = to.cpu * n.desktops, memory_mb = to.memory_mb * n.desktops;
  if (n.resized > 0) {
    // A product the catalogue no longer lists counts as nothing: the whole new size is needed.
    const Catalogue::Product from = product(n.from_product_id);
    cores += std::max<std::int64_t>(to.cpu - from.cpu, 0) * n.resized;
    memory_mb += std::max<std::int64_t>(to.memory_mb - from.memory_mb, 0) * n.resized;
  }
  t[static_cast<int>(Resource::kCores)] = cores;
  t[static_cast<int>(Resource::kMemory)] = (memory_mb + 1023) / 1024;
  t[static_cast<int>(Resource::kVolumes)] = n.volumes;
  t[static_cast<int>(Resource::kVolumeGb)] = n.volume_gb;
  t[static_cast<int>(Resource::kUsers)] = n.users;
  t[static_cast<int>(Resource::kPolicyGroups)] = n.policy_groups;
  return t;
}

// The quota of a resource; "cores" falls back to "Cores" (the quota tool's name, L42942).
const Catalogue::Quota* QuotaOf(const Catalogue& c, const ResourceInfo& r) {
  auto it = c.quotas.find(std::string(r.type));
  if (it == c.quotas.end() && r.resource == Resource::kCores) it = c.quotas.find("Cores");
  return it == c.quotas.end() ? nullptr : &it->second;
}

void Append(std::map<std::size_t, std::string>& out, std::size_t i, const std::string& why) {
  std::string& s = out[i];
  s = s.empty() ? why : StrCat(s, "; ", why);
}

}  // namespace

CapacityNeed NewDesktops(std::int64_t count, const std::string& product_id,
                         const std::string& availability_zone, const std::string& image_id,
                         const specs::Volume& root, const std::vector<specs::Volume>& data) {
  CapacityNeed n;
  n.desktops = count;
  n.product_id = product_id;
  n.availability_zone = availability_zone;
  n.image_id = image_id;
  std::int64_t gb = root.size;
  for (const auto& v : data) gb += v.size;
  n.volumes = count * static_cast<std::int64_t>(1 + data.size());
  n.volume_gb = count * gb;
  return n;
}

Wants WantsOf(const std::vector<Action>& actions) {
  Wants w;
  for (const Action& a : actions) {
    const CapacityNeed& n = a.need;
    if (a.held() || n.empty()) continue;
    w.quotas = w.quotas || n.desktops > 0 || n.resized > 0 || n.volumes > 0 || n.volume_gb > 0 ||
               n.users > 0 || n.policy_groups > 0;
    if (NeedsProduct(n)) {
      w.products.insert(n.product_id);
      if (!n.from_product_id.empty()) w.products.insert(n.from_product_id);
      if (n.desktops > 0 && !n.availability_zone.empty()) {
        w.placements.insert({n.product_id, n.availability_zone});
      }
    }
    if (!n.image_id.empty()) w.images.insert(n.image_id);
  }
  return w;
}

std::map<std::size_t, std::string> Evaluate(const std::vector<Action>& actions,
                                            const Catalogue& catalogue) {
  std::map<std::size_t, std::string> refused;
  std::vector<std::pair<std::size_t, Amounts>> takers;
  Amounts total{};
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    if (a.held() || a.need.empty()) continue;
    if (std::string why = CatalogueProblem(a.need, catalogue); !why.empty()) {
      refused[i] = why;
      continue;
    }
    Amounts t = Takes(a.need, catalogue);
    for (std::size_t r = 0; r < t.size(); ++r) total[r] += t[r];
    takers.emplace_back(i, t);
  }
  for (std::size_t r = 0; r < kResources.size(); ++r) {
    const Catalogue::Quota* q = QuotaOf(catalogue, kResources[r]);
    if (total[r] == 0 || !q || q->quota < 0) continue;
    const std::int64_t left = std::max<std::int64_t>(q->quota - q->used, 0);
    if (total[r] <= left) continue;
    const std::string why = StrCat("capacity: the plan needs ", total[r], " ", kResources[r].words,
                                   ", the quota leaves ", left, " (", kResources[r].type, ": ",
                                   q->used, " of ", q->quota, " used, 4.25.1)");
    for (const auto& [i, t] : takers) {
      if (t[r] > 0) Append(refused, i, why);
    }
  }
  return refused;
}

namespace {

core::Status Read(const Wants& w, cloud::ApiClient& client, Catalogue& c) {
  namespace lookups = cloud::lookups;
  if (w.quotas) {
    DESKOPS_ASSIGN_OR_RETURN(auto quotas, lookups::ListQuotas(client));
    for (const auto& q : quotas) c.quotas[q.type] = {q.quota, q.used};
  }
  // A product placed in an AZ is read with the AZ filter, which also gives its sizes; the others
  // (and one found in no AZ, to tell "not offered here" from "not offered at all") without.
  auto keep = [&c](const std::string& id, const std::vector<lookups::Product>& found) {
    bool seen = false;
    for (const auto& p : found) {
      if (p.product_id != id) continue;  // a loose filter
      seen = true;
      c.products.emplace(id,
                         Catalogue::Product{Number(p.cpu), Number(p.memory), p.is_gpu, p.status});
    }
    return seen;
  };
  for (const auto& [id, az] : w.placements) {
    DESKOPS_ASSIGN_OR_RETURN(
        auto found, lookups::ListProducts(client, {{"product_id", id}, {"availability_zone", az}}));
    if (!keep(id, found)) c.not_offered.insert({id, az});
  }
  for (const std::string& id : w.products) {
    if (c.products.contains(id)) continue;
    DESKOPS_ASSIGN_OR_RETURN(auto found, lookups::ListProducts(client, {{"product_id", id}}));
    keep(id, found);
  }
  for (const std::string& id : w.images) {
    DESKOPS_ASSIGN_OR_RETURN(auto found, lookups::ListImages(client, {{"image_id", id}}));
    for (const auto& i : found) {
      if (i.id == id) c.images.insert(id);
    }
  }
  return core::Status::Ok();
}

}  // namespace

void Preflight(Plan& plan, cloud::ApiClient& client) {
  const Wants wants = WantsOf(plan.actions);
  if (!wants.any()) return;
  Catalogue catalogue;
  if (core::Status s = Read(wants, client, catalogue); !s.ok()) {
    plan.notes.push_back(StrCat("capacity not checked before acting: ", s.message()));
    return;
  }
  const auto refused = Evaluate(plan.actions, catalogue);
  if (refused.empty()) return;
  // An object with a plan error is left alone, all of it (plan.h).
  std::set<std::string> failed;
  for (const auto& [i, why] : refused) {
    const Action& a = plan.actions[i];
    plan.errors.push_back({a.kind, a.name, why});
    failed.insert(ObjectKey(a.kind, a.name));
  }
  std::vector<Action> kept;
  for (Action& a : plan.actions) {
    if (!failed.contains(ObjectKey(a.kind, a.name))) kept.push_back(std::move(a));
  }
  plan.actions = std::move(kept);
}

}  // namespace deskops::reconcilers::capacity
