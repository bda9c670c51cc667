#include "reconcilers/engine/live_index.h"

#include <algorithm>
#include <mutex>

#include "core/strings.h"
#include "reconcilers/engine/action.h"

namespace deskops::reconcilers {

namespace {

std::string IdKey(std::string_view kind, std::string_view id) {
  return core::StrCat(kind, "\n", id);
}

}  // namespace

void LiveIndex::Changed(std::string_view kind) {
  std::lock_guard lock(inverted_mu_);
  const std::string prefix = core::StrCat(kind, "\n");
  std::erase_if(inverted_, [&](const auto& e) { return core::StartsWith(e.first, prefix); });
}

void LiveIndex::Put(LiveRef ref) {
  std::string key = ObjectKey(ref.kind, ref.name);
  std::unique_lock lock(mu_);
  Changed(ref.kind);
  if (auto old = by_key_.find(key); old != by_key_.end()) {
    by_id_.erase(IdKey(old->second.kind, old->second.id));
  }
  if (!ref.id.empty()) by_id_[IdKey(ref.kind, ref.id)] = key;
  by_key_[key] = std::move(ref);
}

void LiveIndex::Remove(std::string_view kind, std::string_view name) {
  std::unique_lock lock(mu_);
  Changed(kind);
  auto it = by_key_.find(ObjectKey(kind, name));
  if (it == by_key_.end()) return;
  by_id_.erase(IdKey(it->second.kind, it->second.id));
  by_key_.erase(it);
}

void LiveIndex::ClearKind(std::string_view kind) {
  std::unique_lock lock(mu_);
  Changed(kind);
  // The kind's objects, and what it looked up ("<Kind>:<what>", TypedKind::Lookups).
  const std::string lookups = core::StrCat(kind, ":");
  std::erase_if(by_key_, [&](const auto& entry) {
    return entry.second.kind == kind || core::StartsWith(entry.second.kind, lookups);
  });
  const std::string prefix = core::StrCat(kind, "\n");
  std::erase_if(by_id_, [&](const auto& entry) {
    return core::StartsWith(entry.first, prefix) || core::StartsWith(entry.first, lookups);
  });
}

std::optional<LiveRef> LiveIndex::Find(std::string_view kind, std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = by_key_.find(ObjectKey(kind, name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

std::optional<LiveRef> LiveIndex::FindById(std::string_view kind, std::string_view id) const {
  std::shared_lock lock(mu_);
  auto key = by_id_.find(IdKey(kind, id));
  if (key == by_id_.end()) return std::nullopt;
  auto it = by_key_.find(key->second);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
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

std::vector<std::string> LiveIndex::Holding(std::string_view kind, std::string_view attr,
                                            std::string_view value) const {
  std::shared_lock lock(mu_);
  std::lock_guard inverted_lock(inverted_mu_);
  const std::string cache_key = core::StrCat(kind, "\n", attr);
  auto cached = inverted_.find(cache_key);
  if (cached == inverted_.end()) {
    Inverted built;
    const std::string attr_name(attr);
    for (const auto& [key, ref] : by_key_) {
      if (ref.kind != kind) continue;
      auto a = ref.attrs.find(attr_name);
      if (a == ref.attrs.end() || a->second.empty()) continue;
      for (const auto& v : core::Split(a->second, '\n')) built[v].push_back(ref.name);
    }
    for (auto& [v, names] : built) {
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
    }
    cached = inverted_.emplace(cache_key, std::move(built)).first;
  }
  auto it = cached->second.find(std::string(value));
  return it == cached->second.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace deskops::reconcilers
