#include "daemon/status/status_page.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/clock.h"
#include "core/strings.h"

namespace deskops::daemon {

using core::StrCat;
using Time = std::chrono::system_clock::time_point;

namespace {

constexpr const char* kStyle = R"(
body{font:14px system-ui,sans-serif;margin:1.5em;color:#1b1f24;background:#fff}
h1{font-size:1.4em;margin:0 0 .3em} h2{font-size:1.1em;margin:1.2em 0 .4em}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f4f6} .ok{color:#116329} .bad{color:#b42318;font-weight:600} .unk{color:#8a6100}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0} dt{color:#555}
.msg{color:#444;font-size:.92em} code{font-size:.92em} time{border-bottom:1px dotted #999}
.banner{padding:.7em 1em;margin:0 0 1em;border-radius:4px}
.banner.failure{background:#b42318;color:#fff} .banner.failure .msg{color:#fff}
tr.failing{background:#fde8e8} tr.failing td:first-child{border-left:4px solid #b42318}
tr.attention{background:#fff8e1} tr.attention td:first-child{border-left:4px solid #d29922}
form{margin:.4em 0 .8em} input[type=search]{width:20em;padding:.25em} .count{color:#555;font-weight:400}
)";

const char* ToString(ObjectHealth h) {
  switch (h) {
    case ObjectHealth::kFailing:
      return "failing";
    case ObjectHealth::kAttention:
      return "attention";
    case ObjectHealth::kOk:
      break;
  }
  return "healthy";  // not "ok": that class colours text green
}

std::string Absolute(Time t) { return t == Time{} ? "" : core::FormatRfc3339(t); }

// <time> with the relative time shown and the absolute one in its tooltip.
std::string TimeTag(Time t, Time now) {
  if (t == Time{}) return "";
  const std::string abs = HtmlEscape(Absolute(t));
  return StrCat("<time datetime=\"", abs, "\" title=\"", abs, "\">", RelativeTime(t, now),
                "</time>");
}

std::string Badge(const Condition& c, Time now) {
  const char* cls = c.status == "True" ? "ok" : c.status == "False" ? "bad" : "unk";
  std::string title = c.message;
  if (c.last_transition != Time{}) {
    title += StrCat(title.empty() ? "" : " — ", "since ", Absolute(c.last_transition), " (",
                    RelativeTime(c.last_transition, now), ")");
  }
  return StrCat("<span class=\"", cls, "\" title=\"", HtmlEscape(title), "\">",
                HtmlEscape(c.status), " · ", HtmlEscape(c.reason), "</span>");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte; a bad escape is kept as it is.
std::string FormDecode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 &&
               HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

bool ContainsFolded(const std::string& haystack, const std::string& folded_needle) {
  return core::ToLower(haystack).find(folded_needle) != std::string::npos;
}

std::string Details(const ObjectStatus& o, Time now) {
  std::string details = StrCat("<div class=\"msg\">", HtmlEscape(o.synced.message), "</div>");
  if (!o.ready.message.empty() && o.ready.status != "True") {
    details += StrCat("<div class=\"msg\">", HtmlEscape(o.ready.message), "</div>");
  }
  for (const auto& h : o.held) {
    details +=
        StrCat("<div class=\"msg\">held: ", HtmlEscape(h.verb), " by <code>", HtmlEscape(h.gate),
               "</code>: ", HtmlEscape(h.reason), "; clears ", HtmlEscape(h.clears), "</div>");
  }
  for (const auto& j : o.pending_jobs) {
    details += StrCat("<div class=\"msg\">job <code>", HtmlEscape(j), "</code></div>");
  }
  if (!o.last_error.empty()) {
    details += StrCat("<div class=\"msg\">last error ", TimeTag(o.last_error_time, now), ": ",
                      HtmlEscape(o.last_error), "</div>");
  }
  return details;
}

std::string Row(const ObjectStatus& o, ObjectHealth health, Time now) {
  return StrCat("<tr class=\"", ToString(health), "\" data-kind=\"", HtmlEscape(o.kind),
                "\" data-name=\"", HtmlEscape(o.name), "\"><td>", HtmlEscape(o.kind), "</td><td>",
                HtmlEscape(o.name), o.declared ? "" : " <em>(not declared)</em>",
                "</td><td class=\"ready\">", Badge(o.ready, now), "</td><td class=\"synced\">",
                Badge(o.synced, now), "</td><td>", Details(o, now), "</td></tr>\n");
}

std::string Banner(const DaemonState& d, Time now) {
  if (d.last_result != "failure") return "";
  return StrCat(
      "<div id=\"last-pass-failed\" class=\"banner failure\"><strong>The last pass "
      "failed</strong> ",
      TimeTag(d.last_pass_end, now), "<div class=\"msg\">", HtmlEscape(d.last_message),
      "</div></div>\n");
}

std::string Overview(const DaemonState& d, Time now) {
  const bool failed = d.last_result == "failure";
  return StrCat(
      "<dl><dt>phase</dt><dd id=\"phase\">", HtmlEscape(d.phase), "</dd>", "<dt>ready</dt><dd>",
      d.ready ? "<span class=\"ok\">yes</span>"
              : StrCat("<span class=\"bad\">no</span> ", HtmlEscape(d.ready_reason)),
      "</dd><dt>leader</dt><dd>", d.leader ? "yes" : "no (standby)", "</dd>",
      "<dt>last pass</dt><dd", failed ? " class=\"bad\"" : "", ">",
      HtmlEscape(d.last_result.empty() ? "none yet" : d.last_result), " ",
      TimeTag(d.last_pass_end, now), "<div class=\"msg\">", HtmlEscape(d.last_message),
      "</div></dd>", "<dt>last success</dt><dd>", TimeTag(d.last_success, now), "</dd>",
      "<dt>next pass</dt><dd>", TimeTag(d.next_pass, now), "</dd>", "<dt>last plan</dt><dd>",
      d.runnable, " to change, ", d.held, " held, ", d.errors, " errors, ", d.in_sync,
      " in sync</dd>", "<dt>started</dt><dd>", TimeTag(d.started, now), "</dd>",
      "<dt>version</dt><dd>", HtmlEscape(d.version), "</dd></dl>\n");
}

std::string FilterForm(const PageFilter& f) {
  auto option = [&](HealthFilter value, const char* name, const char* label) {
    return StrCat("<option value=\"", name, "\"", f.show == value ? " selected" : "", ">", label,
                  "</option>");
  };
  return StrCat(
      "<form id=\"filter\" method=\"get\" action=\"/\">"
      "<input type=\"search\" name=\"q\" placeholder=\"kind, name or message\" value=\"",
      HtmlEscape(f.text), "\"> <select name=\"show\">",
      option(HealthFilter::kAll, "all", "all objects"),
      option(HealthFilter::kNotOk, "problems", "not OK"),
      option(HealthFilter::kFailing, "failing", "failing only"),
      "</select> <button type=\"submit\">Filter</button> <a href=\"/\">clear</a></form>\n");
}

}  // namespace

ObjectHealth HealthOf(const ObjectStatus& o) {
  static constexpr std::array<std::string_view, 4> kFailed = {"PlanError", "ApplyFailed",
                                                              "DependencyFailed", "Interrupted"};
  if (std::find(kFailed.begin(), kFailed.end(), o.synced.reason) != kFailed.end()) {
    return ObjectHealth::kFailing;
  }
  if (o.ready.status != "True" || o.synced.status != "True") return ObjectHealth::kAttention;
  return ObjectHealth::kOk;
}

bool PageFilter::Matches(const ObjectStatus& o) const {
  const ObjectHealth h = HealthOf(o);
  if (show == HealthFilter::kFailing && h != ObjectHealth::kFailing) return false;
  if (show == HealthFilter::kNotOk && h == ObjectHealth::kOk) return false;
  if (text.empty()) return true;
  const std::string needle = core::ToLower(text);
  for (const std::string* field : {&o.kind, &o.name, &o.id, &o.ready.message, &o.synced.message,
                                   &o.synced.reason, &o.last_error}) {
    if (ContainsFolded(*field, needle)) return true;
  }
  return false;
}

PageFilter ParsePageFilter(std::string_view query) {
  PageFilter f;
  for (std::string_view rest = query; !rest.empty();) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string key = FormDecode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1));
    if (key == "q") f.text = std::string(core::Trim(value));
    if (key == "show") {
      f.show = value == "failing"    ? HealthFilter::kFailing
               : value == "problems" ? HealthFilter::kNotOk
                                     : HealthFilter::kAll;
    }
  }
  return f;
}

std::string RelativeTime(Time t, Time now) {
  if (t == Time{}) return "";
  using std::chrono::duration_cast, std::chrono::seconds;
  const long long delta = duration_cast<seconds>(now - t).count();
  const long long s = delta < 0 ? -delta : delta;
  if (s < 5) return "just now";
  std::string amount = s < 60      ? StrCat(s, " s")
                       : s < 3600  ? StrCat(s / 60, " min")
                       : s < 86400 ? StrCat(s / 3600, " h")
                                   : StrCat(s / 86400, " d");
  return delta < 0 ? StrCat("in ", amount) : StrCat(amount, " ago");
}

std::string RenderStatusPage(const DaemonState& d,
                             const std::map<std::string, ObjectStatus>& objects,
                             const PageFilter& filter, Time now) {
  std::size_t ready = 0, synced = 0, failing = 0;
  std::vector<std::pair<ObjectHealth, const ObjectStatus*>> shown;
  for (const auto& [key, o] : objects) {
    ready += o.ready.status == "True";
    synced += o.synced.status == "True";
    const ObjectHealth h = HealthOf(o);
    failing += h == ObjectHealth::kFailing;
    if (filter.Matches(o)) shown.emplace_back(h, &o);
  }
  // Worst first; within a group the map's order (kind, then name) stays.
  std::stable_sort(shown.begin(), shown.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string html = StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"10\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>",
      d.last_result == "failure" ? "FAILED · " : "", "deskops status</title><style>", kStyle,
      "</style></head><body>\n<h1>deskops</h1>\n", Banner(d, now), Overview(d, now),
      "<h2>Objects: ", objects.size(), " <span class=\"count\">(", ready, " ready, ", synced,
      " synced, <span id=\"failing-count\"", failing > 0 ? " class=\"bad\"" : "", ">", failing,
      " failing</span>)</span></h2>\n", FilterForm(filter));
  if (shown.size() != objects.size()) {
    html += StrCat("<p id=\"shown\">showing ", shown.size(), " of ", objects.size(), "</p>\n");
  }
  html +=
      "<table id=\"objects\"><thead><tr><th>kind</th><th>name</th><th>Ready</th><th>Synced</th>"
      "<th>details</th></tr></thead><tbody>\n";
  for (const auto& [health, o] : shown) html += Row(*o, health, now);
  html += "</tbody></table>\n</body></html>\n";
  return html;
}

}  // namespace deskops::daemon
