#pragma once
// Simulator: the whole Workspace API as one pure request handler, `Response Handle(const
// Request&)`, over an in-memory tenant (Beast's advice: keep request handling apart from the
// network so it can be tested without sockets). It routes the request, authenticates it, lets the
// fault injector have its say, runs the operation's handler, and records statistics. The control
// API (/_sim/...) is served only when enabled.
//
// Thread-safe: Handle may be called from any number of threads; one lock serialises access to the
// state (requests are short; the 500-desktop page is the longest). The clock must outlive it.

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "simulator/auth.h"
#include "simulator/catalog.h"
#include "simulator/control_objects.h"
#include "simulator/faults.h"
#include "simulator/handlers.h"
#include "simulator/http_message.h"
#include "simulator/jobs.h"
#include "simulator/resource.h"
#include "simulator/router.h"
#include "simulator/state.h"
#include "simulator/stats.h"

namespace deskops::simulator {

struct SimulatorOptions {
  Credentials credentials{std::string(kDemoAccessKey), std::string(kDemoSecretKey),
                          std::string(kDemoProjectId), std::nullopt};
  std::shared_ptr<const Catalog> catalog;  // the default seed when null
  bool control_api = false;
  ProgressionConfig progression;  // how jobs advance at start-up and after /_sim/reset
  // The resource families served next to the core table (resource.h); the registered ones unless
  // a test plugs in its own. They must outlive the Simulator.
  std::span<const Resource* const> resources = Resources();
};

class Simulator {
 public:
  Simulator(SimulatorOptions options, const core::Clock& clock);

  Response Handle(const Request& request);

  // Persistence (persistence.h): the current state as a snapshot, and loading one.
  nlohmann::json TakeSnapshot();
  core::Status LoadSnapshot(const nlohmann::json& snapshot);
  // True once after any change since the previous call (used to save only when needed).
  bool ConsumeDirty() { return dirty_.exchange(false); }

  // Loads `count` ready desktops directly (benchmarks, /_sim/bulk/desktops): dedicated desktops
  // assigned to users "user<N>" (created when missing, as a create naming them would), or, with a
  // pool ID, unassigned desktops of that pool. NotFound for an unknown pool.
  core::Status BulkLoadDesktops(int count, const std::string& name_prefix,
                                const std::string& pool_id = "");

 private:
  friend class ControlApi;
  Response HandleApi(const Request& request);
  Response Serve(const Request& request, const RouteMatch& match, int op_index);

  SimulatorOptions options_;
  const core::Clock& clock_;
  Authenticator auth_;
  std::vector<Operation> operations_;  // the core table, then each family's
  std::vector<ObjectKind> object_kinds_;
  Router router_;
  std::mutex mu_;
  State state_;
  JobEngine jobs_;
  FaultInjector faults_;
  Stats stats_;
  std::atomic<bool> dirty_{false};
  std::atomic<std::uint64_t> next_request_{1};
};

}  // namespace deskops::simulator
