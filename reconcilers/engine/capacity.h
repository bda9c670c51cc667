#pragma once
// Capacity preflight: before any call, the plan adds up what its runnable actions would take
// from the tenant (desktops, vCPUs, memory, disks and their GB, users, policy groups: the quota
// types of 4.25.1, L42942) and checks that every product is offered (in its availability zone,
// 4.18.1) and every image exists (4.26.1). An action that cannot succeed becomes a plan error
// with the numbers ("needs 120 desktops, quota leaves 35"), so an apply never stops halfway for
// quota. Deletions in the same plan are not counted as freeing quota: they may be held, fail or
// run after the creates. A lookup that fails leaves the plan unchecked, with a note saying so.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reconcilers/engine/action.h"
#include "reconcilers/engine/plan.h"
#include "specs/object.h"

namespace deskops::cloud {
class ApiClient;
}

namespace deskops::reconcilers::capacity {

// What the preflight read of the tenant.
struct Catalogue {
  struct Quota {
    std::int64_t quota = -1, used = 0;  // quota < 0: no limit
  };
  struct Product {
    std::int64_t cpu = 0, memory_mb = 0;
    bool gpu = false;
    std::string status;  // normal, sellout, abandon (L36480)
  };
  std::map<std::string, Quota> quotas;                        // by 4.25.1 type
  std::map<std::string, Product> products;                    // by product ID (found ones)
  std::set<std::pair<std::string, std::string>> not_offered;  // (product, AZ)
  std::set<std::string> images;                               // image IDs that exist
};

// What must be read to check `actions` (runnable ones with a need).
struct Wants {
  bool quotas = false;
  std::set<std::string> products;
  std::set<std::pair<std::string, std::string>> placements;  // (product, AZ)
  std::set<std::string> images;
  bool any() const { return quotas || !products.empty() || !images.empty(); }
};
Wants WantsOf(const std::vector<Action>& actions);

// Pure: the index of each action that cannot succeed, with why.
std::map<std::size_t, std::string> Evaluate(const std::vector<Action>& actions,
                                            const Catalogue& catalogue);

// Reads what `Evaluate` needs (nothing when no runnable action has a need), then turns every
// action that cannot succeed into a plan error of its object.
void Preflight(Plan& plan, cloud::ApiClient& client);

// The need of `count` new desktops of one product, image and disk layout.
CapacityNeed NewDesktops(std::int64_t count, const std::string& product_id,
                         const std::string& availability_zone, const std::string& image_id,
                         const specs::Volume& root, const std::vector<specs::Volume>& data);

}  // namespace deskops::reconcilers::capacity
