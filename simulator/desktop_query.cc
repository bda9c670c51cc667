#include "simulator/desktop_query.h"

#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"

namespace deskops::simulator {
namespace {

core::StatusOr<std::vector<Tag>> ParseTagFilter(const std::string& text) {
  // "key1=value1,key2=value2" (L5311)
  std::vector<Tag> tags;
  for (const std::string& part : core::Split(text, ',')) {
    std::string_view item = core::Trim(part);
    auto eq = item.find('=');
    if (item.empty() || eq == std::string_view::npos || eq == 0) {
      return InvalidField("tag", "Use key1=value1,key2=value2.");
    }
    tags.push_back({std::string(item.substr(0, eq)), std::string(item.substr(eq + 1))});
  }
  return tags;
}

core::Status CheckEnum(const std::vector<std::string>& values, std::string_view field,
                       std::initializer_list<std::string_view> allowed) {
  for (const std::string& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      return InvalidField(field, core::StrCat("Allowed values: ", core::Join(names, ", "), "."));
    }
  }
  return core::Status::Ok();
}

bool HasUser(const Desktop& d, const std::vector<std::string>& names) {
  for (const AttachedUser& u : d.users) {
    if (std::find(names.begin(), names.end(), u.user_name) != names.end()) return true;
  }
  return false;
}

bool HasTags(const Desktop& d, const std::vector<Tag>& wanted) {
  for (const Tag& t : wanted) {
    if (std::find(d.tags.begin(), d.tags.end(), t) == d.tags.end()) return false;
  }
  return true;
}

}  // namespace

bool DesktopFilter::Matches(const Desktop& d) const {
  // Only the fields of criteria that are set are read: at 100,000 desktops the scan is bound by
  // memory, and every extra field is another cache line per desktop.
  auto in = [](const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  if (status && d.status != *status) return false;
  if (!user_names.empty() && !HasUser(d, user_names)) return false;
  if (computer_name && !Fuzzy(d.computer_name, *computer_name)) return false;
  if (desktop_ip && d.ip != *desktop_ip) return false;
  if (subnet_id && d.subnet_id != *subnet_id) return false;
  if (enterprise_project_id && d.enterprise_project_id != *enterprise_project_id) return false;
  if (image_id && d.image_id != *image_id) return false;
  if (availability_zone && d.availability_zone != *availability_zone) return false;
  // Every simulated desktop is pay-per-use, "1" in 4.3.8's filter reading (L6504).
  if (charge_mode && *charge_mode != "1") return false;
  if (!pool_ids.empty() && !in(pool_ids, d.pool_id)) return false;
  if (!desktop_ids.empty() && !in(desktop_ids, d.id)) return false;
  if (!desktop_types.empty() && !in(desktop_types, d.type)) return false;
  if (!tags.empty() && !HasTags(d, tags)) return false;
  if (is_share_desktop && *is_share_desktop != (d.type == "SHARED")) return false;
  if (user_attached && *user_attached != !d.users.empty()) return false;
  if (in_maintenance_mode && *in_maintenance_mode != d.in_maintenance_mode) return false;
  if (is_support_internet && *is_support_internet) return false;
  return true;
}

bool DesktopFilter::Empty() const {
  return user_names.empty() && !computer_name && !desktop_ip && !status && !subnet_id &&
         !enterprise_project_id && !image_id && !availability_zone && !charge_mode &&
         pool_ids.empty() && desktop_types.empty() && desktop_ids.empty() && tags.empty() &&
         !is_share_desktop && !user_attached && !in_maintenance_mode && !is_support_internet;
}

core::StatusOr<DesktopFilter> ParseDesktopFilter(const QueryParams& q, bool detail) {
  DesktopFilter f;
  f.user_names = q.GetList("user_name");
  if (detail && q.Has("user_names")) f.user_names = q.GetList("user_names");  // L6486-6487
  if (f.user_names.size() > 100) return InvalidField("user_names", "At most 100 users.");
  f.computer_name = q.Get("computer_name");
  f.desktop_ip = q.Get("desktop_ip");
  f.status = q.Get("status");
  if (detail && f.status) {
    DESKOPS_RETURN_IF_ERROR(
        CheckEnum({*f.status}, "status", {"ACTIVE", "SHUTOFF", "ERROR", "HIBERNATED"}));
  }
  f.subnet_id = q.Get("subnet_id");
  f.enterprise_project_id = q.Get("enterprise_project_id");
  f.pool_ids = q.GetList("pool_id");
  f.desktop_types = q.GetList("desktop_type");
  DESKOPS_RETURN_IF_ERROR(
      detail ? CheckEnum(f.desktop_types, "desktop_type", {"DEDICATED", "POOLED"})
             : CheckEnum(f.desktop_types, "desktop_type", {"DEDICATED", "SHARED"}));
  f.desktop_ids = q.GetList("desktop_id");
  if (f.desktop_ids.size() > 100) return InvalidField("desktop_id", "At most 100 IDs.");
  if (std::optional<std::string> tag = q.Get("tag")) {
    DESKOPS_ASSIGN_OR_RETURN(f.tags, ParseTagFilter(*tag));
  }
  f.is_share_desktop = QueryBool(q, "is_share_desktop");
  if (!detail) return f;
  f.image_id = q.Get("image_id");
  f.availability_zone = q.Get("availability_zone");
  f.charge_mode = q.Get("charge_mode");
  f.user_attached = QueryBool(q, "user_attached");
  f.in_maintenance_mode = QueryBool(q, "in_maintenance_mode");
  f.is_support_internet = QueryBool(q, "is_support_internet");
  f.sort_field = q.Get("sort_field");
  if (f.sort_field) {
    DESKOPS_RETURN_IF_ERROR(CheckEnum({*f.sort_field}, "sort_field", {"created", "computer_name"}));
  }
  std::string sort_type = core::ToLower(q.Get("sort_type").value_or("asc"));
  if (sort_type != "asc" && sort_type != "desc") return InvalidField("sort_type");
  f.descending = sort_type == "desc";
  return f;
}

DesktopPage SelectDesktops(const State& state, const DesktopFilter& filter, const Page& page) {
  DesktopPage out;
  const auto& all = state.desktops.ordered();
  if (!filter.sort_field && filter.Empty()) {
    auto [begin, end] = page.Window(all.size());
    for (std::size_t i = begin; i < end; ++i) out.items.push_back(all[i].get());
    out.total = all.size();
    return out;
  }
  // Statuses are packed beside the desktops: a status filter rejects most of them without
  // touching them.
  std::uint8_t code = filter.status ? DesktopStore::StatusCode(*filter.status) : 0;
  DesktopFilter rest = filter;  // the criteria left once the packed status has been compared
  if (code != 0) rest.status.reset();
  bool status_only = code != 0 && rest.Empty();
  auto matches_filter = [&](const DesktopStore::Packed& p) {
    if (code != 0 && p.status != code) return false;
    return status_only || rest.Matches(*p.desktop);
  };
  if (!filter.sort_field) {
    // One pass: count every match, keep only the page's pointers.
    std::size_t index = 0;
    for (const DesktopStore::Packed& p : state.desktops.packed()) {
      if (!matches_filter(p)) continue;
      if (index >= page.offset && (!page.limit || out.items.size() < *page.limit)) {
        out.items.push_back(p.desktop);
      }
      ++index;
    }
    out.total = index;
    return out;
  }
  std::vector<const Desktop*> matches;
  for (const DesktopStore::Packed& p : state.desktops.packed()) {
    if (matches_filter(p)) matches.push_back(p.desktop);
  }
  if (*filter.sort_field == "computer_name") {
    std::vector<std::pair<std::string, const Desktop*>> keyed;
    keyed.reserve(matches.size());
    for (const Desktop* d : matches) keyed.emplace_back(core::ToLower(d->computer_name), d);
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < keyed.size(); ++i) matches[i] = keyed[i].second;
  }  // else: creation order is already the order of `created`
  if (filter.descending) std::reverse(matches.begin(), matches.end());
  out.total = matches.size();
  auto [begin, end] = page.Window(matches.size());
  out.items.assign(matches.begin() + static_cast<std::ptrdiff_t>(begin),
                   matches.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

}  // namespace deskops::simulator
