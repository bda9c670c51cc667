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
  nlohmann::json j = {{"kind", o.kind},
                      {"name", o.name},
                      {"id", o.id},
                      {"declared", o.declared},
                      {"conditions", {ConditionJson("Ready", o.ready), ConditionJson("Synced", o.synced)}},
                      {"pendingJobs", o.pending_jobs},
                      {"heldActions", held},
                      {"plannedActions", o.planned}};
  j["lastError"] = o.last_error.empty()
                       ? nlohmann::json(nullptr)
                       : nlohmann::json{{"message", o.last_error}, {"time", When(o.last_error_time)}};
  return j;
}

std::string Badge(const Condition& c) {
  const char* cls = c.status == "True" ? "ok" : c.status == "False" ? "bad" : "unk";
  return StrCat("<span class=\"", cls, "\" title=\"", HtmlEscape(c.message), "\">",
                HtmlEscape(c.status), " · ", HtmlEscape(c.reason), "</span>");
}

constexpr const char* kStyle = R"(
body{font:14px system-ui,sans-serif;margin:1.5em;color:#1b1f24;background:#fff}
h1{font-size:1.4em;margin:0 0 .3em} h2{font-size:1.1em;margin:1.2em 0 .4em}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f4f6} .ok{color:#116329} .bad{color:#b42318;font-weight:600} .unk{color:#8a6100}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0} dt{color:#555}
.msg{color:#444;font-size:.92em} code{font-size:.92em}
)";

}  // namespace

void EvaluateReadiness(DaemonState& d, Time now) {
  d.ready = false;
  if (!d.leader) {
    d.ready_reason = d.standby_reason.empty() ? "not holding the state directory lock"
                                              : StrCat("standby: ", d.standby_reason);
  } else if (d.last_observe_ok == Time{}) {
    d.ready_reason = "the first observation of the tenant has not finished";
  } else if (now - d.last_observe_ok > d.observe_window) {
    d.ready_reason = StrCat("no successful observation of the tenant since ", When(d.last_observe_ok));
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
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderStatusJson(const DaemonState& d, const std::map<std::string, ObjectStatus>& objects) {
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

std::string RenderStatusPage(const DaemonState& d, const std::map<std::string, ObjectStatus>& objects) {
  std::size_t ready = 0, synced = 0;
  for (const auto& [k, o] : objects) {
    ready += o.ready.status == "True";
    synced += o.synced.status == "True";
  }
  std::string html = StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"10\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>deskops status</title><style>",
      kStyle, "</style></head><body>\n<h1>deskops</h1>\n<dl>",
      "<dt>phase</dt><dd id=\"phase\">", HtmlEscape(d.phase), "</dd>",
      "<dt>ready</dt><dd>", d.ready ? "<span class=\"ok\">yes</span>"
                                   : StrCat("<span class=\"bad\">no</span> ", HtmlEscape(d.ready_reason)),
      "</dd><dt>leader</dt><dd>", d.leader ? "yes" : "no (standby)", "</dd>",
      "<dt>last pass</dt><dd>", HtmlEscape(d.last_result.empty() ? "none yet" : d.last_result), " ",
      HtmlEscape(When(d.last_pass_end)), "<div class=\"msg\">", HtmlEscape(d.last_message), "</div></dd>",
      "<dt>last success</dt><dd>", HtmlEscape(When(d.last_success)), "</dd>",
      "<dt>next pass</dt><dd>", HtmlEscape(When(d.next_pass)), "</dd>",
      "<dt>last plan</dt><dd>", d.runnable, " to change, ", d.held, " held, ", d.errors, " errors, ",
      d.in_sync, " in sync</dd>",
      "<dt>version</dt><dd>", HtmlEscape(d.version), "</dd></dl>\n",
      "<h2>Objects: ", objects.size(), " (", ready, " ready, ", synced, " synced)</h2>\n",
      "<table id=\"objects\"><thead><tr><th>kind</th><th>name</th><th>Ready</th><th>Synced</th>"
      "<th>details</th></tr></thead><tbody>\n");
  for (const auto& [key, o] : objects) {
    std::string details = StrCat("<div class=\"msg\">", HtmlEscape(o.synced.message), "</div>");
    if (!o.ready.message.empty() && o.ready.status != "True") {
      details += StrCat("<div class=\"msg\">", HtmlEscape(o.ready.message), "</div>");
    }
    for (const auto& h : o.held) {
      details +=
          StrCat("<div class=\"msg\">held: ", HtmlEscape(h.verb), " by <code>", HtmlEscape(h.gate),
                 "</code>: ", HtmlEscape(h.reason), "; clears ", HtmlEscape(h.clears), "</div>");
    }
    for (const auto& j : o.pending_jobs) details += StrCat("<div class=\"msg\">job <code>", HtmlEscape(j), "</code></div>");
    if (!o.last_error.empty()) {
      details += StrCat("<div class=\"msg\">last error (", HtmlEscape(When(o.last_error_time)), "): ",
                        HtmlEscape(o.last_error), "</div>");
    }
    html += StrCat("<tr data-kind=\"", HtmlEscape(o.kind), "\" data-name=\"", HtmlEscape(o.name), "\"><td>",
                   HtmlEscape(o.kind), "</td><td>", HtmlEscape(o.name), o.declared ? "" : " <em>(not declared)</em>",
                   "</td><td class=\"ready\">", Badge(o.ready), "</td><td class=\"synced\">", Badge(o.synced),
                   "</td><td>", details, "</td></tr>\n");
  }
  html += "</tbody></table>\n</body></html>\n";
  return html;
}

}  // namespace deskops::daemon
