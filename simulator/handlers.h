#pragma once
// The request handlers of the Workspace API, one function per operation, grouped by resource in
// the *_handlers.cc files (and in resources/<family>/ for the families on the seam, resource.h),
// and the table that routes to them (operations.cc). A handler validates
// the request like the reference's tables say, changes the State and answers with the documented
// status and body; errors travel as core::Status (api_error.h). Handlers run under the
// Simulator's lock, one at a time; they never block.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status_or.h"
#include "simulator/api_error.h"
#include "simulator/body_reader.h"
#include "simulator/http_message.h"
#include "simulator/jobs.h"
#include "simulator/pagination.h"
#include "simulator/render.h"
#include "simulator/router.h"
#include "simulator/state.h"

namespace deskops::simulator {

struct Context {
  State& state;
  JobEngine& jobs;
  const core::Clock& clock;
  const Request& request;
  QueryParams query;
  RouteMatch match;
  std::string operation;
  std::string project_id;
  std::int64_t now_ms = 0;
  // Fault injection: the job this request starts fails (faults.h, kind job_failure).
  bool fail_job = false;
  std::string fail_code;
  std::string fail_reason;

  const std::string& Param(std::string_view name) const;
  RenderContext Render() const { return {state, jobs, project_id}; }
  // A JobSpec carrying the request's injected failure, if any.
  JobSpec NewJob(std::string job_type) const;
};

using HandlerFn = core::StatusOr<Response> (*)(Context&);

struct Operation {
  const char* method;
  const char* pattern;
  const char* id;  // "desktops.create": what faults and statistics refer to
  HandlerFn handler;
};

// The core routing table: every operation of the families that predate the seam (resource.h),
// with the reference section in a comment. The Simulator serves it followed by each registered
// family's operations (AllOperations).
const std::vector<Operation>& CoreOperations();

// Responses.
Response JsonResponse(int status, const nlohmann::json& body);
Response RawJsonResponse(int status, std::string body);
Response EmptyResponse(int status);  // no body (204, or 200/201 "no body" per the reference)
Response JobResponse(int status, const Job& job);  // {"job_id": ...}

// The page of `items` that `page` selects, each rendered by `render`, as a JSON array.
template <class T, class Render>
nlohmann::json PageOf(const std::vector<T>& items, const Page& page, Render render) {
  nlohmann::json out = nlohmann::json::array();
  auto [begin, end] = page.Window(items.size());
  for (std::size_t i = begin; i < end; ++i) out.push_back(render(items[i]));
  return out;
}

// A list call's 200 answer: {items_key: PageOf(...), total_key: items.size()}. The total field's
// name differs per call (api-digest.md 2.2), so every caller names it.
template <class T, class Render>
Response PageResponse(const std::vector<T>& items, const Page& page, const char* items_key,
                      const char* total_key, Render render) {
  return JsonResponse(200, {{items_key, PageOf(items, page, render)}, {total_key, items.size()}});
}

// Shared checks.
core::StatusOr<nlohmann::json> ReadBody(const Context& ctx, bool empty_ok = false);
core::StatusOr<Desktop*> PathDesktop(Context& ctx);
core::StatusOr<Pool*> PathPool(Context& ctx);
// The desktops named in a body: unknown IDs are 400 WKS.0418, duplicates are ignored.
core::StatusOr<std::vector<Desktop*>> BodyDesktops(Context& ctx,
                                                   const std::vector<std::string>& ids);
// 409 WKS.00010032 when a job is working on the desktop (403 WKS.0407 for disk additions).
core::Status CheckIdle(const Context& ctx, const Desktop& d, std::string_view operation);
core::Status CheckIdle(const Context& ctx, const std::vector<Desktop*>& desktops,
                       std::string_view operation);
core::Status CheckPoolIdle(const Context& ctx, const Pool& pool, std::string_view operation);
// WKS.0106 when adding these resources would exceed a quota.
struct QuotaDelta {
  std::int64_t desktops = 0, gpu_desktops = 0, cores = 0, memory_mb = 0, volumes = 0, volume_gb = 0,
               users = 0, policy_groups = 0;
};
core::Status CheckQuota(const State& state, const QuotaDelta& delta);
// The seeded product, or 400 WKS.0301 "Product package info error." (L50693).
core::StatusOr<const Product*> FindProductOr400(const Context& ctx, const std::string& id);
// The product and image of a create exist, and the image is of `image_type` (private | gold).
core::Status CheckProductAndImage(const Context& ctx, const std::string& product_id,
                                  const std::string& image_id, const std::string& image_type);
QuotaDelta DesktopQuota(const Catalog& catalog, std::string_view product_id, int count,
                        const std::vector<int>& volume_sizes);

// Field rules shared by several operations.
core::Status ValidateComputerName(std::string_view name, std::string_view field);
core::Status ValidateVolume(std::string_view type, std::int64_t size, bool system,
                            std::string_view field);
// A Volume object {type, size} (L5101-5102) read from `r` and validated.
struct VolumeSpec {
  std::string type;
  int size = 0;
};
core::StatusOr<VolumeSpec> ReadVolumeSpec(BodyReader& r, bool system);
// security_groups[{id}] (L5080, L11586), each a seeded group; the seed's first when absent ("the
// security group specified in the desktop agent is used by default").
core::StatusOr<std::vector<std::string>> ReadSecurityGroups(const Context& ctx, BodyReader& r);
// Tags (L5135-5136): at most 10 per desktop (4.6.2 L15474; 4.6.7 says 20, the stricter reading
// wins), key 1-128 and value 0-43 characters of letters, digits, '-' and '_'.
core::StatusOr<std::vector<Tag>> ReadTags(BodyReader& r, std::string_view key);
core::Status ValidateTag(const Tag& tag);
inline constexpr std::size_t kMaxTagsPerDesktop = 10;
// User permission groups (L5126).
inline constexpr std::array<std::string_view, 4> kUserGroups = {"sudo", "default", "administrators",
                                                                "users"};
// The batch deletes of 4.5.4, 4.8.6, 4.9.3 and 4.14.14: every ID named by the body's `key` must
// exist (400 WKS.0568 otherwise) before any is removed, then `remove` runs for each.
struct BatchDeleteSpec {
  std::string_view key;
  std::size_t max_items;  // 0: no limit
  std::string_view kind;
  int status;
};
template <class T, class Remove>
core::StatusOr<Response> BatchDelete(Context& ctx, const OrderedStore<T>& store,
                                     const BatchDeleteSpec& spec, Remove remove) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  BodyReader r(body);
  auto ids = r.StrList(spec.key, Need::kRequired, spec.max_items);
  if (!r.ok()) return r.status();
  for (const std::string& id : *ids) {
    if (!store.Find(id)) return ResourceNotFoundInBody(spec.kind, id);
  }
  for (const std::string& id : *ids) remove(id);
  return EmptyResponse(spec.status);
}

// Case-insensitive substring match: the "fuzzy" filters.
bool Fuzzy(std::string_view haystack, std::string_view needle);
std::optional<bool> QueryBool(const QueryParams& q, std::string_view key);
core::StatusOr<std::optional<std::int64_t>> QueryInt(const QueryParams& q, std::string_view key);

}  // namespace deskops::simulator
