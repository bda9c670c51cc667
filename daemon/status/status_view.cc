#include "daemon/status/status_view.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/strings.h"

namespace deskops::daemon {

using core::StrCat;
using Time = std::chrono::system_clock::time_point;

namespace {

std::string When(Time t) { return t == Time{} ? "" : core::FormatRfc3339(t); }

nlohmann::json ConditionJson(const std::string& type, const Condition& c) {
  return {{"type", type},
          {"status", c.status},
          {"reason", c.reason},
          {"message", c.message},
          {"lastTransitionTime", When(c.last_transition)}};
}

nlohmann::json ObjectJson(const ObjectStatus& o) {
  nlohmann::json held = nlohmann::json::array();
  for (const auto& h : o.held) {
    held.push_back(
        {{"verb", h.verb}, {"gate", h.gate}, {"reason", h.reason}, {"clears", h.clears}});
  }
  nlohmann::json j = {
      {"kind", o.kind},
      {"name", o.name},
      {"id", o.id},
      {"declared", o.declared},
      {"conditions", {ConditionJson("Ready", o.ready), ConditionJson("Synced", o.synced)}},
      {"pendingJobs", o.pending_jobs},
      {"heldActions", held},
      {"plannedActions", o.planned}};
  j["lastError"] = o.last_error.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json{{"message", o.last_error},
                                                         {"time", When(o.last_error_time)}};
  return j;
}

}  // namespace

void EvaluateReadiness(DaemonState& d, Time now) {
  d.ready = false;
  if (!d.leader) {
    d.ready_reason = d.standby_reason.empty() ? "not holding the state directory lock"
                                              : StrCat("standby: ", d.standby_reason);
  } else if (d.last_observe_ok == Time{}) {
    d.ready_reason = "the first observation of the tenant has not finished";
  } else if (now - d.last_observe_ok > d.observe_window) {
    d.ready_reason =
        StrCat("no successful observation of the tenant since ", When(d.last_observe_ok));
  } else {
    d.ready = true;
    d.ready_reason.clear();
  }
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderStatusJson(const DaemonState& d,
                             const std::map<std::string, ObjectStatus>& objects) {
  nlohmann::json objs = nlohmann::json::array();
  for (const auto& [key, o] : objects) objs.push_back(ObjectJson(o));
  nlohmann::json j = {{"version", d.version},
                      {"phase", d.phase},
                      {"leader", d.leader},
                      {"ready", d.ready},
                      {"readyReason", d.ready_reason},
                      {"configPath", d.config_path},
                      {"stateDir", d.state_dir},
                      {"stateBackend", d.state_backend},
                      {"leaderId", d.leader ? d.leader_id : std::string()},
                      {"startedAt", When(d.started)},
                      {"lastPass",
                       {{"startedAt", When(d.last_pass_start)},
                        {"finishedAt", When(d.last_pass_end)},
                        {"result", d.last_result},
                        {"message", d.last_message},
                        {"runnable", d.runnable},
                        {"held", d.held},
                        {"errors", d.errors},
                        {"inSync", d.in_sync}}},
                      {"lastSuccessAt", When(d.last_success)},
                      {"nextPassAt", When(d.next_pass)},
                      {"objects", objs}};
  return j.dump(2) + "\n";
}

}  // namespace deskops::daemon
