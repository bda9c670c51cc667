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

namespace {

template <class T>
bool CompareOptional(std::vector<FieldChange>& out, const std::string& path,
                     const std::optional<T>& desired, const std::optional<T>& live) {
  if (!desired || desired == live) return false;
  out.push_back({path, live ? Show(*live) : "", Show(*desired)});
  return true;
}

}  // namespace

bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::string>& desired, const std::optional<std::string>& live) {
  return CompareOptional(out, path, desired, live);
}

bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::int64_t>& desired, const std::optional<std::int64_t>& live) {
  return CompareOptional(out, path, desired, live);
}

std::optional<std::string> Immutable(const std::string& path, const std::string& desired,
                                     const std::string& live) {
  if (desired == live) return std::nullopt;
  return CannotChange(path, Show(desired), Show(live));
}

std::string CannotChange(const std::string& path, const std::string& shown_desired,
                         const std::string& shown_live) {
  return core::StrCat(path, " cannot change in place (", shown_live, " -> ", shown_desired,
                      "); add the annotation deskops.io/allow-replace: \"true\" to delete and "
                      "re-create it, or change it back");
}

}  // namespace deskops::reconcilers
