#pragma once
// DesktopStore: every desktop of the tenant, in creation order, with the indexes the API needs at
// 100,000 desktops: by ID, by computer name (case-insensitive, names are unique: L5127), desktops
// per user (users' total_desktops), desktops per pool (desktop_count / desktop_used) and the
// running totals that quotas count (4.25.1 `used`). Lists walk the ordered vector and keep only
// pointers to the requested page, so a 500-item page never copies the table.
//
// The fields marked [indexed] in model.h (status, name, users, pool, product, disks) change only
// through Modify(), which re-indexes the desktop; other fields may be assigned directly. Not
// thread-safe; guarded by the Simulator's lock.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "simulator/catalog.h"
#include "simulator/model.h"

namespace deskops::simulator {

struct ResourceUsage {
  std::int64_t desktops = 0;
  std::int64_t gpu_desktops = 0;
  std::int64_t cores = 0;
  std::int64_t memory_mb = 0;
  std::int64_t volumes = 0;
  std::int64_t volume_gb = 0;
};

class DesktopStore {
 public:
  explicit DesktopStore(const Catalog* catalog) : catalog_(catalog) {}
  DesktopStore(const DesktopStore&) = delete;
  DesktopStore& operator=(const DesktopStore&) = delete;

  Desktop* Add(Desktop desktop);  // assigns seq
  bool Remove(std::string_view id);
  void Clear();

  Desktop* Find(std::string_view id) const;
  const Desktop* FindByName(std::string_view computer_name) const;

  template <class Change>
  void Modify(Desktop* desktop, Change&& change) {
    Unindex(*desktop);
    change(*desktop);
    Index(*desktop);
  }

  // The status of each desktop in creation order, packed: list filters on status scan this instead
  // of touching 100,000 desktops. Code 0 is a status without a code of its own.
  struct Packed {
    const Desktop* desktop;
    std::uint8_t status;
  };
  static std::uint8_t StatusCode(std::string_view status);
  const std::vector<Packed>& packed() const { return packed_; }

  int CountForUser(std::string_view user_name) const;
  // {desktops in the pool, desktops of the pool bound to a user}
  std::pair<int, int> PoolCounts(std::string_view pool_id) const;
  const ResourceUsage& usage() const { return usage_; }
  const std::vector<std::unique_ptr<Desktop>>& ordered() const { return ordered_; }
  std::size_t size() const { return ordered_.size(); }

 private:
  void Index(const Desktop& d);
  void Unindex(const Desktop& d);
  void Count(const Desktop& d, int sign);
  std::size_t PositionOf(const Desktop& d) const;

  const Catalog* catalog_;
  std::uint64_t next_seq_ = 1;
  std::vector<std::unique_ptr<Desktop>> ordered_;  // ascending seq
  std::vector<Packed> packed_;                     // parallel to ordered_
  std::unordered_map<std::string, Desktop*> by_id_;
  std::unordered_map<std::string, Desktop*> by_name_;  // lower-case computer name
  std::unordered_map<std::string, int> per_user_;
  std::unordered_map<std::string, std::pair<int, int>> per_pool_;
  ResourceUsage usage_;
};

}  // namespace deskops::simulator
