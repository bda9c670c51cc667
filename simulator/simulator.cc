#include "simulator/simulator.h"

#include <cstdio>
#include <unordered_map>

#include "core/clock.h"
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/control_api.h"
#include "simulator/desktop_common.h"
#include "simulator/handlers.h"
#include "simulator/persistence.h"
#include "simulator/pool_common.h"

namespace deskops::simulator {
namespace {

std::shared_ptr<const Catalog> CatalogOrDefault(std::shared_ptr<const Catalog> catalog) {
  if (catalog) return catalog;
  return std::make_shared<const Catalog>(LoadCatalog(DefaultSeed()).value());
}

std::int64_t EpochMs(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

// The resource an operation works on, for the message of an injected 409: the main object's ID
// parameter, or any other ID parameter of the route (the families' routes: {ou_id}, ...).
std::string ResourceId(const RouteMatch& match) {
  for (const char* key : {"desktop_id", "pool_id", "user_id", "group_id", "policy_group_id"}) {
    auto it = match.params.find(key);
    if (it != match.params.end()) return it->second;
  }
  for (const auto& [key, value] : match.params) {
    if (key != "project_id" && key.ends_with("_id")) return value;
  }
  return "";
}

}  // namespace

Simulator::Simulator(SimulatorOptions options, const core::Clock& clock)
    : options_(std::move(options)),
      clock_(clock),
      auth_(options_.credentials, clock),
      operations_(AllOperations(options_.resources)),
      object_kinds_(ControlObjectKinds(options_.resources)),
      state_(CatalogOrDefault(options_.catalog), options_.resources),
      jobs_(state_, clock) {
  jobs_.progression() = options_.progression;
  for (std::size_t i = 0; i < operations_.size(); ++i) {
    router_.Add(operations_[i].method, operations_[i].pattern, static_cast<int>(i));
  }
}

Response Simulator::Handle(const Request& request) {
  char id[40];
  std::snprintf(id, sizeof id, "sim-%016llx", static_cast<unsigned long long>(next_request_++));
  std::string request_id = id;
  Response response;
  if (request.path == "/_sim" || core::StartsWith(request.path, "/_sim/")) {
    if (options_.control_api) {
      ControlApi control(*this);
      response = control.Handle(request);
      response.operation = "control";
      response.route = request.path;
    } else {
      response =
          ErrorResponse(ApiError(404, "SIM.0404", "The API does not exist."), ErrorShape::kBasic);
    }
  } else {
    response = HandleApi(request);
  }
  response.SetHeader("X-Request-Id", request_id);
  const std::string* agent = request.Header("user-agent");
  stats_.Record({std::chrono::duration_cast<std::chrono::milliseconds>(
                     core::SystemClock().Now().time_since_epoch())
                     .count(),
                 response.operation, request.method, response.route, response.status, request_id,
                 agent ? *agent : "", request.remote});
  return response;
}

Response Simulator::HandleApi(const Request& request) {
  RouteMatch match;
  switch (router_.Match(request.method, request.path, &match)) {
    case Router::Outcome::kNotFound:
      return ErrorResponse(ApiError(404, "SIM.0404", "The API does not exist."),
                           ErrorShape::kBasic);
    case Router::Outcome::kMethodNotAllowed:
      return ErrorResponse(
          ApiError(405, "SIM.0405", "The method specified in the request is not allowed."),
          ErrorShape::kBasic);
    case Router::Outcome::kMatched:
      break;
  }
  Response response = Serve(request, match, match.index);
  response.operation = operations_[static_cast<std::size_t>(match.index)].id;
  response.route = match.pattern;
  return response;
}

Response Simulator::Serve(const Request& request, const RouteMatch& match, int op_index) {
  const Operation& op = operations_[static_cast<std::size_t>(op_index)];
  ErrorShape shape = ErrorShapeForOperation(op.id);
  auto project = match.params.find("project_id");
  core::Status auth = auth_.Check(request, project == match.params.end() ? "" : project->second);
  if (!auth.ok()) return ErrorResponse(auth, ErrorShape::kBasic);

  std::lock_guard lock(mu_);
  jobs_.Tick();
  FaultDecision fault = faults_.Decide(op.id, request.method, match.pattern, ResourceId(match));
  Response response;
  if (fault.error) {
    response = ErrorResponse(*fault.error, shape);
    if (fault.retry_after > 0) response.SetHeader("Retry-After", std::to_string(fault.retry_after));
  } else {
    Context ctx{state_,
                jobs_,
                clock_,
                request,
                QueryParams::Parse(request.query),
                match,
                op.id,
                project->second,
                EpochMs(clock_),
                fault.fail_job,
                fault.fail_code,
                fault.fail_reason};
    core::StatusOr<Response> result = op.handler(ctx);
    response = result.ok() ? std::move(result).value() : ErrorResponse(result.status(), shape);
    if (request.method != "GET" || op.id == std::string_view("jobs.get")) dirty_ = true;
  }
  response.delay = fault.delay;
  response.drop_connection = fault.drop;
  return response;
}

nlohmann::json Simulator::TakeSnapshot() {
  std::lock_guard lock(mu_);
  return Snapshot(state_, jobs_);
}

core::Status Simulator::LoadSnapshot(const nlohmann::json& snapshot) {
  std::lock_guard lock(mu_);
  return Restore(snapshot, &state_, &jobs_);
}

core::Status Simulator::BulkLoadDesktops(int count, const std::string& name_prefix,
                                         const std::string& pool_id) {
  std::lock_guard lock(mu_);
  const Catalog& catalog = state_.catalog();
  const Pool* pool = pool_id.empty() ? nullptr : state_.pools.Find(pool_id);
  if (!pool_id.empty() && !pool) return core::Status::NotFound(core::StrCat("no pool ", pool_id));
  DesktopSpec spec;
  if (pool) {
    spec = PoolDesktopSpec(state_, *pool);
  } else {
    spec.availability_zone = catalog.DefaultAvailabilityZone().code;
    spec.product_id = catalog.products.front().id;
    spec.image_id = catalog.images.front().id;
    spec.root_type = "SAS";
    spec.subnet_id = catalog.subnets.front().id;
    spec.security_group_ids = {catalog.security_groups.front().id};
  }
  Request none;
  Context ctx{state_,          jobs_, clock_, none, {}, {}, "bulk", options_.credentials.project_id,
              EpochMs(clock_), false, "",     ""};
  // Users by name, so that assigning many desktops does not scan the users once per desktop.
  std::unordered_map<std::string, User*> users;
  if (!pool) {
    for (User* u : state_.users.All()) users.emplace(u->user_name, u);
  }
  std::size_t start = state_.desktops.size();
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%s%07zu", name_prefix.c_str(),
                  start + static_cast<std::size_t>(i));
    std::vector<AttachedUser> attached;
    if (!pool) {
      // As a create naming the user would: the user is created when missing (LiteAS).
      std::string user_name = core::StrCat("user", start + static_cast<std::size_t>(i));
      User*& user = users[user_name];
      if (!user) user = AddUser(ctx, user_name, "", "");
      attached.push_back({user->id, user_name, "users", "USER"});
    }
    Desktop d = NewDesktop(ctx, spec, name, std::move(attached));
    d.status = (!pool && i % 4 == 3) ? "SHUTOFF" : "ACTIVE";
    d.task_status.clear();
    d.attach_state = pool ? "UNATTACH" : "ATTACHED";
    state_.desktops.Add(std::move(d));
  }
  dirty_ = true;
  return core::Status::Ok();
}

}  // namespace deskops::simulator
