#pragma once
// ControlApi: the simulator's own endpoints under /_sim/, served only with --control-api and
// without authentication (simulator/README.md documents them):
//   GET /_sim/state, POST /_sim/reset
//   GET|PUT|DELETE /_sim/faults            fault rules (faults.h)
//   GET|PUT /_sim/jobs                     job progression (jobs.h)
//   GET|PUT /_sim/quotas                   quota limits
//   POST /_sim/objects/{kind}, PATCH|DELETE /_sim/objects/{kind}/{id}   out-of-band changes
//                                          (desktops, the core stores and the families' kinds)
//   POST /_sim/bulk/desktops               load many ready desktops at once
//   POST /_sim/bulk/{kind}                 many objects of another kind at once
//   GET|DELETE /_sim/stats                 request counts
//   GET|PUT /_sim/credentials              the access/secret key pair accepted (rotation)
// One ControlApi per request; it takes the Simulator's lock itself.

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "simulator/control_objects.h"
#include "simulator/http_message.h"

namespace deskops::simulator {

class Resource;
class Simulator;

// The object kinds other than desktops: the core stores, then each family's (resource.h).
std::vector<ObjectKind> ControlObjectKinds(std::span<const Resource* const> resources);

class ControlApi {
 public:
  explicit ControlApi(Simulator& sim) : sim_(sim) {}
  Response Handle(const Request& request);

 private:
  Response Objects(const Request& request, const std::vector<std::string>& parts);
  const ObjectKind* FindKind(const std::string& kind) const;
  Response UnknownKind() const;
  Response Bulk(const std::string& kind, const nlohmann::json& body);
  Response Credentials(const std::string& method, const nlohmann::json& body);
  Response BulkDesktops(const nlohmann::json& body);
  // The three below run with the Simulator's lock held.
  Response Faults(const std::string& method, const nlohmann::json& body);
  Response Jobs(const std::string& method, const nlohmann::json& body);
  Response Quotas(const std::string& method, const nlohmann::json& body);
  Simulator& sim_;
};

}  // namespace deskops::simulator
