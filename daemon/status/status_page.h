#pragma once
// The status page (GET /): one self-contained HTML page — no scripts, no external assets, every
// value escaped — that refreshes itself every 10 s. A failed last pass is a banner at the top;
// failing objects come first, then those needing attention (not ready, drifted, held), then the
// rest, each group by kind and name; a GET form filters the objects (text in the kind, name or
// messages; only failing, or only not OK) and stays in the URL across refreshes; times are
// relative ("3 min ago"), with the absolute time in their tooltip. Pure rendering.

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "daemon/status/object_status.h"
#include "daemon/status/status_view.h"

namespace deskops::daemon {

// How an object is doing, worst first (the page's order).
enum class ObjectHealth {
  kFailing,    // its last change failed: PlanError, ApplyFailed, DependencyFailed, Interrupted
  kAttention,  // not Ready, or not Synced for another reason (drifted, held, orphaned, creating)
  kOk,
};
ObjectHealth HealthOf(const ObjectStatus& object);

enum class HealthFilter { kAll, kNotOk, kFailing };

struct PageFilter {
  std::string text;  // case-insensitive, in the kind, name, ID or condition messages; "" for any
  HealthFilter show = HealthFilter::kAll;
  bool Matches(const ObjectStatus& object) const;
};
// From the page's query string: q=TEXT&show=all|problems|failing (form-encoded); what it does not
// recognise is ignored.
PageFilter ParsePageFilter(std::string_view query);

// `t` relative to `now`: "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago", "in 4 min";
// "" for an unset time.
std::string RelativeTime(std::chrono::system_clock::time_point t,
                         std::chrono::system_clock::time_point now);

std::string RenderStatusPage(const DaemonState& daemon,
                             const std::map<std::string, ObjectStatus>& objects,
                             const PageFilter& filter, std::chrono::system_clock::time_point now);

}  // namespace deskops::daemon
