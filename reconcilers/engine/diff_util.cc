#include "reconcilers/engine/diff_util.h"

#include "core/strings.h"

namespace deskops::reconcilers {

std::string Show(const std::string& s) { return s.empty() ? "" : core::Quote(s); }
std::string Show(bool b) { return b ? "true" : "false"; }
std::string Show(std::int64_t n) { return std::to_string(n); }

bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::string>& desired, const std::string& live) {
  if (!desired || *desired == live) return false;
  out.push_back({path, Show(live), Show(*desired)});
  return true;
}

bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<bool>& desired, bool live) {
  if (!desired || *desired == live) return false;
  out.push_back({path, Show(live), Show(*desired)});
  return true;
}

bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::int64_t>& desired, std::int64_t live) {
  if (!desired || *desired == live) return false;
  out.push_back({path, Show(live), Show(*desired)});
  return true;
}

std::optional<std::string> Immutable(const std::string& path, const std::string& desired,
                                     const std::string& live) {
  if (desired == live) return std::nullopt;
  return core::StrCat(path, " cannot change in place (", Show(live), " -> ", Show(desired),
                      "); add the annotation deskops.io/allow-replace: \"true\" to delete and "
                      "re-create it, or change it back");
}

}  // namespace deskops::reconcilers
