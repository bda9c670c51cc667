#include "reconcilers/engine/live_index.h"

#include <mutex>

#include "reconcilers/engine/action.h"

namespace deskops::reconcilers {

void LiveIndex::Put(LiveRef ref) {
  std::string key = ObjectKey(ref.kind, ref.name);
  std::unique_lock lock(mu_);
  by_key_[key] = std::move(ref);
}

void LiveIndex::Remove(std::string_view kind, std::string_view name) {
  std::unique_lock lock(mu_);
  by_key_.erase(ObjectKey(kind, name));
}

void LiveIndex::ClearKind(std::string_view kind) {
  std::unique_lock lock(mu_);
  std::erase_if(by_key_, [&](const auto& entry) { return entry.second.kind == kind; });
}

std::optional<LiveRef> LiveIndex::Find(std::string_view kind, std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = by_key_.find(ObjectKey(kind, name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

std::optional<LiveRef> LiveIndex::FindById(std::string_view kind, std::string_view id) const {
  std::shared_lock lock(mu_);
  for (const auto& [key, ref] : by_key_) {
    if (ref.kind == kind && ref.id == id) return ref;
  }
  return std::nullopt;
}

std::vector<LiveRef> LiveIndex::OfKind(std::string_view kind) const {
  std::shared_lock lock(mu_);
  std::vector<LiveRef> out;
  for (const auto& [key, ref] : by_key_) {
    if (ref.kind == kind) out.push_back(ref);
  }
  return out;
}

std::size_t LiveIndex::size() const {
  std::shared_lock lock(mu_);
  return by_key_.size();
}

}  // namespace deskops::reconcilers
