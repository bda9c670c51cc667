// List-all across several pages against wks-sim: for each paged list call, seed more objects than
// one page holds, list them with the typed endpoint, and check that every object comes back once
// and that exactly ceil(n / largest page size) requests were made, counted by the client and by
// the simulator (/_sim/stats).
#include <gmock/gmock.h>

#include <functional>
#include <set>

#include "cloud/pagination.h"
#include "cloud/policies.h"
#include "cloud/pools.h"
#include "cloud/users.h"
#include "core/strings.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

namespace desktops = cloud::desktops;

// IDs of what one list-all returned.
using Lister = std::function<core::StatusOr<std::vector<std::string>>(const std::string& scope)>;

struct PageCase {
  const char* name;
  const cloud::Operation* op;
  const char* sim_op;   // the simulator's name of the operation in /_sim/stats
  std::size_t objects;  // how many the list must return
  // Seeds the tenant; returns the scope the lister needs (a pool ID), if any.
  std::function<core::StatusOr<std::string>()> seed;
  Lister list;
};

template <class T>
std::vector<std::string> Ids(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

class PaginationIT : public SimSuite {
 protected:
  static core::StatusOr<std::string> Bulk(std::size_t n) {
    json answer = Control("POST", "bulk/desktops", {{"count", n}, {"name_prefix", "page"}});
    if (!answer.is_object() || answer.value("created", std::size_t{0}) != n)
      return core::Status::Internal("bulk load failed");
    return std::string();
  }

  static core::StatusOr<std::string> Users(std::size_t n) {
    std::vector<cloud::users::CreateRequest> users(n);
    for (std::size_t i = 0; i < n; ++i) users[i].user_name = core::StrCat("user", i);
    DESKOPS_RETURN_IF_ERROR(cloud::users::BatchCreate(client(), users));
    return std::string();
  }

  static core::StatusOr<std::string> Pool(std::int64_t size) {
    cloud::pools::CreateRequest r;
    r.name = "page-pool";
    r.type = "DYNAMIC";
    r.size = size;
    r.product_id = kProduct;
    r.image_type = "gold";
    r.image_id = kImage;
    r.root_volume = {"SAS", 80, "", "", ""};
    r.subnet_ids = {kSubnet};
    DESKOPS_ASSIGN_OR_RETURN(std::string job, cloud::pools::Create(client(), r));
    DESKOPS_RETURN_IF_ERROR(WaitSuccess(job));
    DESKOPS_ASSIGN_OR_RETURN(auto pools, cloud::pools::List(client(), r.name));
    if (pools.size() != 1) return core::Status::Internal("pool not listed");
    return pools[0].id;
  }

  // A pool with `n` users authorised on it (one call).
  static core::StatusOr<std::string> AuthorizedPool(std::size_t n) {
    DESKOPS_RETURN_IF_ERROR(Users(n).status());
    DESKOPS_ASSIGN_OR_RETURN(std::string pool, Pool(1));
    DESKOPS_ASSIGN_OR_RETURN(auto users, cloud::users::List(client()));
    std::vector<cloud::pools::AuthorizedObject> objects;
    for (const auto& u : users) objects.push_back({"USER", u.id, u.user_name, "users", ""});
    DESKOPS_RETURN_IF_ERROR(cloud::pools::Authorize(client(), pool, objects, "ADD"));
    return pool;
  }

  static core::StatusOr<std::string> Groups(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      DESKOPS_RETURN_IF_ERROR(cloud::groups::Create(client(), core::StrCat("group", i), "LOCAL"));
    }
    return std::string();
  }

  static core::StatusOr<std::string> NamePolicies(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      cloud::name_policies::Spec s;
      s.policy_name = core::StrCat("policy", i);
      s.name_prefix = core::StrCat("P", i, "-");
      s.digit_number = 3;
      s.start_number = 1;
      s.single_domain_user_increment = 1;
      DESKOPS_RETURN_IF_ERROR(cloud::name_policies::Create(client(), s).status());
    }
    return std::string();
  }

  static core::StatusOr<std::string> PolicyGroups(std::size_t n) {
    Control("PUT", "quotas", {{"policy_groups", n}});
    for (std::size_t i = 0; i < n; ++i) {
      cloud::policy_groups::Spec s;
      s.name = core::StrCat("policy_group_", i);
      DESKOPS_RETURN_IF_ERROR(cloud::policy_groups::Create(client(), s).status());
    }
    return std::string();
  }

  static std::vector<PageCase> Cases();

  static int SimRequests(const std::string& sim_op) {
    json stats = Control("GET", "stats");
    return stats.is_object() ? stats["by_operation"].value(sim_op, 0) : -1;
  }
};

std::vector<PageCase> PaginationIT::Cases() {
  auto detail = [](const desktops::Query& q) -> Lister {
    return [q](const std::string&) -> core::StatusOr<std::vector<std::string>> {
      DESKOPS_ASSIGN_OR_RETURN(auto all, desktops::ListDetail(client(), q));
      return Ids(all);
    };
  };
  desktops::Query shutoff;
  shutoff.status = "SHUTOFF";  // a quarter of the bulk-loaded desktops
  return {
      {"desktop details", &cloud::ops::kListDesktopsDetail, "desktops.list_detail", 1234,
       [] { return Bulk(1234); }, detail({})},
      {"desktop details, exact pages", &cloud::ops::kListDesktopsDetail, "desktops.list_detail",
       1000, [] { return Bulk(1000); }, detail({})},
      {"desktop details filtered", &cloud::ops::kListDesktopsDetail, "desktops.list_detail", 600,
       [] { return Bulk(2400); }, detail(shutoff)},
      {"pool desktops", &cloud::ops::kListPoolDesktops, "pools.list_desktops", 120,
       [] { return Pool(120); },
       [](const std::string& pool) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::pools::ListDesktops(client(), pool));
         return Ids(all);
       }},
      {"pool authorised users", &cloud::ops::kListPoolUsers, "pools.list_authorized", 130,
       [] { return AuthorizedPool(130); },
       [](const std::string& pool) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::pools::ListAuthorized(client(), pool));
         std::vector<std::string> ids;
         for (const auto& o : all) ids.push_back(o.object_id);
         return ids;
       }},
      {"users, unlimited", &cloud::ops::kListUsers, "users.list", 130, [] { return Users(130); },
       [](const std::string&) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::users::List(client()));
         return Ids(all);
       }},
      {"user groups", &cloud::ops::kListGroups, "groups.list", 150, [] { return Groups(150); },
       [](const std::string&) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::groups::List(client()));
         return Ids(all);
       }},
      {"name policies", &cloud::ops::kListNamePolicies, "name_policies.list", 60,
       [] { return NamePolicies(60); },
       [](const std::string&) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::name_policies::List(client()));
         return Ids(all);
       }},
      {"policy groups", &cloud::ops::kListPolicyGroupsDetail, "policy_groups.list_detail", 120,
       [] { return PolicyGroups(120); },
       [](const std::string&) -> core::StatusOr<std::vector<std::string>> {
         DESKOPS_ASSIGN_OR_RETURN(auto all, cloud::policy_groups::ListDetail(client()));
         return Ids(all);
       }},
  };
}

TEST_F(PaginationIT, ListAllWalksEveryPageOnceWithTheLargestPageSize) {
  for (const PageCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    IT_ASSERT_OK(sim().Control("POST", "reset"));
    IT_ASSIGN_OR_FAIL(std::string scope, c.seed());
    Control("DELETE", "stats");
    observer().Clear();

    IT_ASSIGN_OR_FAIL(std::vector<std::string> ids, c.list(scope));
    EXPECT_EQ(ids.size(), c.objects);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicates";
    const int page = c.op->max_page_size;
    const int want = page < 0 ? 1 : static_cast<int>((c.objects + page - 1) / page);
    EXPECT_GT(want, page < 0 ? 0 : 1) << "the case must need several pages";
    EXPECT_EQ(observer().Attempts(c.op->id), want) << "client-side requests";
    EXPECT_EQ(SimRequests(c.sim_op), want) << "requests the simulator served";
  }
}

}  // namespace
}  // namespace deskops::it
