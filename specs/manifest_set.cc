#include "specs/manifest_set.h"

#include "core/strings.h"

namespace deskops::specs {

std::string ManifestSet::Key(const KindInfo& kind, std::string_view name) {
  std::string key(kind.name);
  key += '/';
  key += kind.case_insensitive_names ? core::ToLower(name) : std::string(name);
  return key;
}

std::vector<const Object*> ManifestSet::OfKind(std::string_view kind) const {
  std::vector<const Object*> out;
  for (const auto& o : objects_) {
    if (o.kind->name == kind) out.push_back(&o);
  }
  return out;
}

const Object* ManifestSet::Find(std::string_view kind, std::string_view name) const {
  const KindInfo* k = FindKind(kind);
  if (!k) return nullptr;
  auto it = index_.find(Key(*k, name));
  return it == index_.end() ? nullptr : &objects_[it->second];
}

std::vector<std::string> ManifestSet::Names(std::string_view kind) const {
  std::vector<std::string> out;
  for (const auto* o : OfKind(kind)) out.push_back(o->meta.name);
  return out;
}

const Object* ManifestSet::Add(Object object) {
  std::string key = Key(*object.kind, object.meta.name);
  auto [it, inserted] = index_.emplace(std::move(key), objects_.size());
  if (!inserted) return &objects_[it->second];
  objects_.push_back(std::move(object));
  return nullptr;
}

}  // namespace deskops::specs
