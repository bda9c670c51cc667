#include "daemon/drift/drift_payload.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace deskops::daemon {

namespace {

nlohmann::json Value(const std::string& v) {
  return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
}

nlohmann::json EventJson(const DriftEvent& e) {
  nlohmann::json j = {{"kind", e.kind},
                      {"name", e.name},
                      {"field", e.field},
                      {"before", Value(e.before)},
                      {"after", Value(e.after)},
                      {"verb", std::string(reconcilers::VerbName(e.verb))},
                      {"action", std::string(DriftActionName(e.action))}};
  if (e.action == DriftAction::kHeld) {
    j["gate"] = std::string(reconcilers::GateName(e.gate));
    j["reason"] = e.reason;
  }
  if (e.result != DriftResult::kNone) j["result"] = std::string(DriftResultName(e.result));
  return j;
}

}  // namespace

std::vector<std::string> DriftPayloads(const DriftPass& pass, const std::vector<DriftEvent>& events,
                                       std::size_t max_per_post) {
  std::vector<std::string> out;
  if (events.empty()) return out;
  max_per_post = std::max<std::size_t>(max_per_post, 1);
  const std::size_t parts = (events.size() + max_per_post - 1) / max_per_post;
  for (std::size_t p = 0; p < parts; ++p) {
    nlohmann::json list = nlohmann::json::array();
    const std::size_t end = std::min(events.size(), (p + 1) * max_per_post);
    for (std::size_t i = p * max_per_post; i < end; ++i) list.push_back(EventJson(events[i]));
    nlohmann::json body = {{"source", "deskops"},
                           {"version", pass.version},
                           {"time", core::FormatRfc3339(pass.time)},
                           {"observeOnly", pass.observe_only},
                           {"part", p + 1},
                           {"parts", parts},
                           {"events", std::move(list)}};
    // Invalid UTF-8 in a value (it came from the API) is replaced rather than refused.
    out.push_back(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return out;
}

}  // namespace deskops::daemon
