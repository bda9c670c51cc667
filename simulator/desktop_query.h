#pragma once
// The query filters of the desktop lists 4.3.2 (GET /desktops) and 4.3.8 (GET /desktops/detail),
// and the walk that returns one page of matches without copying the table. Names follow the
// reference: computer_name is matched fuzzily (case-insensitive substring: the reference does not
// say, and the real service's name filters behave so, see simulator/README.md), identities
// (user names, IDs, IPs) exactly. Called under the Simulator's lock.

#include <optional>
#include <string>
#include <vector>

#include "core/status_or.h"
#include "simulator/model.h"
#include "simulator/pagination.h"
#include "simulator/state.h"

namespace deskops::simulator {

struct DesktopFilter {
  std::vector<std::string> user_names;
  std::optional<std::string> computer_name, desktop_ip, status, subnet_id, enterprise_project_id,
      image_id, availability_zone, charge_mode;
  std::vector<std::string> pool_ids, desktop_types, desktop_ids;
  std::vector<Tag> tags;
  std::optional<bool> is_share_desktop, user_attached, in_maintenance_mode, is_support_internet;
  std::optional<std::string> sort_field;
  bool descending = false;

  bool Matches(const Desktop& d) const;
  bool Empty() const;  // no criteria: every desktop matches
};

// `detail`: the 4.3.8 variant (status enum, DEDICATED/POOLED types, sorting, more filters).
core::StatusOr<DesktopFilter> ParseDesktopFilter(const QueryParams& query, bool detail);

struct DesktopPage {
  std::size_t total = 0;
  std::vector<const Desktop*> items;
};
DesktopPage SelectDesktops(const State& state, const DesktopFilter& filter, const Page& page);

}  // namespace deskops::simulator
