#include "simulator/state.h"

#include <cstdio>
#include <cstdlib>

#include "core/strings.h"
#include "simulator/resource.h"

namespace deskops::simulator {

State::State(std::shared_ptr<const Catalog> catalog) : State(std::move(catalog), Resources()) {}

State::State(std::shared_ptr<const Catalog> catalog, std::span<const Resource* const> resources)
    : desktops(catalog.get()), catalog_(std::move(catalog)), rng_(std::random_device{}()) {
  for (const Resource* resource : resources) {
    std::unique_ptr<StateExtension> ext = resource->NewState();
    if (!ext) continue;
    StateExtension& ref = *ext;
    extension_by_type_[std::type_index(typeid(ref))] = ext.get();
    extensions_.push_back({std::string(resource->name()), std::move(ext)});
  }
  Reset();
}

StateExtension& State::ExtensionOf(std::type_index type) {
  auto it = extension_by_type_.find(type);
  if (it == extension_by_type_.end()) {
    std::fprintf(stderr, "wks-sim: no registered resource family keeps state of type %s\n",
                 type.name());
    std::abort();
  }
  return *it->second;
}

void State::Reset() {
  desktops.Clear();
  pools.Clear();
  users.Clear();
  groups.Clear();
  policy_groups.Clear();
  access_policies.Clear();
  name_policies.Clear();
  jobs.Clear();
  next_ip.clear();
  quota_limits_.clear();
  for (const auto& q : catalog_->quotas) quota_limits_[q.type] = q.quota;
  for (Extension& ext : extensions_) ext.state->Reset(*catalog_);
}

std::string State::NewUuid() {
  std::uint64_t a = rng_(), b = rng_();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string State::NewHexId() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng_()),
                static_cast<unsigned long long>(rng_()));
  return buf;
}

std::string State::NewUserSid() {
  auto part = [this] { return static_cast<unsigned>(rng_() % 4000000000ULL); };
  return core::StrCat("S-1-5-21-", part(), "-", part(), "-", part(), "-",
                      1000 + static_cast<unsigned>(rng_() % 90000));
}

std::string State::RandomLetters(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('a' + rng_() % 26));
  return out;
}

std::string State::AllocateIp(const Subnet& subnet) {
  std::uint32_t& offset = next_ip[subnet.id];
  std::uint32_t address = subnet.first_host + offset % subnet.host_count;
  ++offset;
  return core::StrCat(address >> 24, ".", (address >> 16) & 255, ".", (address >> 8) & 255, ".",
                      address & 255);
}

std::int64_t State::QuotaLimit(std::string_view type) const {
  auto it = quota_limits_.find(type);
  return it == quota_limits_.end() ? -1 : it->second;
}

void State::SetQuotaLimit(const std::string& type, std::int64_t limit) {
  quota_limits_[type] = limit;
}

std::int64_t State::QuotaUsed(std::string_view type) const {
  const ResourceUsage& u = desktops.usage();
  if (type == "general_instances") return u.desktops - u.gpu_desktops;
  if (type == "gpu_instances") return u.gpu_desktops;
  if (type == "cores" || type == "Cores") return u.cores;
  if (type == "Memory") return (u.memory_mb + 1023) / 1024;
  if (type == "volumes") return u.volumes;
  if (type == "volume_gigabytes") return u.volume_gb;
  if (type == "users") return static_cast<std::int64_t>(users.size());
  if (type == "policy_groups") return static_cast<std::int64_t>(policy_groups.size());
  return 0;
}

User* State::FindUserByName(std::string_view name) const {
  return users.FindIf([name](const User& u) { return u.user_name == name; });
}

Group* State::FindGroupByName(std::string_view name) const {
  return groups.FindIf([name](const Group& g) { return g.name == name; });
}

}  // namespace deskops::simulator
