#include "simulator/desktop_store.h"

#include <algorithm>

#include "core/strings.h"

namespace deskops::simulator {

Desktop* DesktopStore::Add(Desktop desktop) {
  desktop.seq = next_seq_++;
  auto owned = std::make_unique<Desktop>(std::move(desktop));
  Desktop* raw = owned.get();
  by_id_[raw->id] = raw;
  ordered_.push_back(std::move(owned));
  packed_.push_back({raw, 0});
  Index(*raw);
  return raw;
}

bool DesktopStore::Remove(std::string_view id) {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return false;
  Desktop* raw = it->second;
  Unindex(*raw);
  by_id_.erase(it);
  std::size_t pos = PositionOf(*raw);
  packed_.erase(packed_.begin() + static_cast<std::ptrdiff_t>(pos));
  ordered_.erase(ordered_.begin() + static_cast<std::ptrdiff_t>(pos));
  return true;
}

void DesktopStore::Clear() {
  ordered_.clear();
  packed_.clear();
  by_id_.clear();
  by_name_.clear();
  per_user_.clear();
  per_pool_.clear();
  usage_ = ResourceUsage{};
}

Desktop* DesktopStore::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : it->second;
}

const Desktop* DesktopStore::FindByName(std::string_view computer_name) const {
  auto it = by_name_.find(core::ToLower(computer_name));
  return it == by_name_.end() ? nullptr : it->second;
}

int DesktopStore::CountForUser(std::string_view user_name) const {
  auto it = per_user_.find(std::string(user_name));
  return it == per_user_.end() ? 0 : it->second;
}

std::pair<int, int> DesktopStore::PoolCounts(std::string_view pool_id) const {
  auto it = per_pool_.find(std::string(pool_id));
  return it == per_pool_.end() ? std::pair<int, int>{0, 0} : it->second;
}

std::uint8_t DesktopStore::StatusCode(std::string_view status) {
  static constexpr std::string_view kCodes[] = {"",      "ACTIVE",     "SHUTOFF",
                                                "ERROR", "HIBERNATED", "BUILD"};
  for (std::uint8_t i = 1; i < std::size(kCodes); ++i) {
    if (kCodes[i] == status) return i;
  }
  return 0;
}

std::size_t DesktopStore::PositionOf(const Desktop& d) const {
  auto pos = std::lower_bound(
      ordered_.begin(), ordered_.end(), d.seq,
      [](const std::unique_ptr<Desktop>& x, std::uint64_t seq) { return x->seq < seq; });
  return static_cast<std::size_t>(pos - ordered_.begin());
}

void DesktopStore::Index(const Desktop& d) {
  packed_[PositionOf(d)].status = StatusCode(d.status);
  if (!d.computer_name.empty()) by_name_[core::ToLower(d.computer_name)] = by_id_[d.id];
  Count(d, +1);
}

void DesktopStore::Unindex(const Desktop& d) {
  auto it = by_name_.find(core::ToLower(d.computer_name));
  if (it != by_name_.end() && it->second->id == d.id) by_name_.erase(it);
  Count(d, -1);
}

void DesktopStore::Count(const Desktop& d, int sign) {
  for (const AttachedUser& user : d.users) {
    if (user.type != "USER") continue;
    int& n = per_user_[user.user_name];
    n += sign;
    if (n == 0) per_user_.erase(user.user_name);
  }
  if (!d.pool_id.empty()) {
    auto& counts = per_pool_[d.pool_id];
    counts.first += sign;
    if (!d.users.empty()) counts.second += sign;
    if (counts.first == 0) per_pool_.erase(d.pool_id);
  }
  usage_.desktops += sign;
  if (const Product* p = catalog_->FindProduct(d.product_id)) {
    usage_.cores += sign * p->cpu;
    usage_.memory_mb += sign * p->memory_mb;
    if (p->is_gpu) usage_.gpu_desktops += sign;
  }
  usage_.volumes += sign * static_cast<std::int64_t>(1 + d.data.size());
  std::int64_t gb = d.root.size;
  for (const Volume& v : d.data) gb += v.size;
  usage_.volume_gb += sign * gb;
}

}  // namespace deskops::simulator
