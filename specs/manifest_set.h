#pragma once
// ManifestSet: every valid object the manifests declare, with lookups by kind and name (desktop
// names compare case-insensitively, as the tenant does). Built once by the loader, then read-only
// and safe to share between threads.

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "specs/kinds.h"

namespace deskops::specs {

class ManifestSet {
 public:
  // In declaration order; a deque, so adding never moves existing objects.
  const std::deque<Object>& objects() const { return objects_; }
  std::size_t size() const { return objects_.size(); }
  bool empty() const { return objects_.empty(); }

  std::vector<const Object*> OfKind(std::string_view kind) const;
  const Object* Find(std::string_view kind, std::string_view name) const;
  // Names of this kind's objects, for did-you-mean hints.
  std::vector<std::string> Names(std::string_view kind) const;

  // Adds an object; returns the object already declared under the same kind and name instead
  // (and adds nothing) when there is one.
  const Object* Add(Object object);

 private:
  static std::string Key(const KindInfo& kind, std::string_view name);
  std::deque<Object> objects_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace deskops::specs
