#pragma once
// OrderedStore<T>: entities keyed by ID and kept in creation order, which is the order every list
// call returns them in. T needs a std::string `id`. Lookup is O(1); removal is O(n) (rare: lists
// of users, groups, pools and policies stay small next to desktops, which have their own store).
// Not thread-safe; guarded by the Simulator's lock.

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deskops::simulator {

template <class T>
class OrderedStore {
 public:
  T* Add(T value) {
    auto owned = std::make_unique<T>(std::move(value));
    T* raw = owned.get();
    index_[raw->id] = raw;
    items_.push_back(std::move(owned));
    return raw;
  }
  T* Find(std::string_view id) const {
    auto it = index_.find(std::string(id));
    return it == index_.end() ? nullptr : it->second;
  }
  bool Remove(std::string_view id) {
    auto it = index_.find(std::string(id));
    if (it == index_.end()) return false;
    T* raw = it->second;
    index_.erase(it);
    items_.erase(std::find_if(items_.begin(), items_.end(),
                              [raw](const std::unique_ptr<T>& p) { return p.get() == raw; }));
    return true;
  }
  template <class Pred>
  T* FindIf(Pred pred) const {
    for (const auto& item : items_) {
      if (pred(*item)) return item.get();
    }
    return nullptr;
  }
  template <class Pred>
  std::vector<T*> Select(Pred pred) const {
    std::vector<T*> out;
    for (const auto& item : items_) {
      if (pred(*item)) out.push_back(item.get());
    }
    return out;
  }
  std::vector<T*> All() const {
    return Select([](const T&) { return true; });
  }
  std::size_t size() const { return items_.size(); }
  void Clear() {
    items_.clear();
    index_.clear();
  }

 private:
  std::vector<std::unique_ptr<T>> items_;
  std::unordered_map<std::string, T*> index_;
};

}  // namespace deskops::simulator
