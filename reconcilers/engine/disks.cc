#include "reconcilers/engine/disks.h"

#include <set>

#include "core/strings.h"

namespace deskops::reconcilers {

using core::StrCat;

std::string DiskKey(const std::string& name) { return "disk:" + name; }

std::string DiskPath(const std::string& name) { return StrCat("spec.dataVolumes[", name, "]"); }

std::string ShowDisk(const LiveDisk& d) {
  std::string where = d.device.empty() ? "" : d.device + ", ";
  return StrCat(d.type, " ", d.size, " GB (", where, "id ", d.id, ")");
}

DiskMap MapDisks(const std::vector<specs::Volume>& want, const std::vector<LiveDisk>& live,
                 const std::optional<OwnedObject>& owned) {
  DiskMap m;
  m.live_of.resize(want.size());
  std::vector<bool> taken(live.size());
  auto index_of = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t j = 0; j < live.size(); ++j) {
      if (!id.empty() && live[j].id == id) return j;
    }
    return std::nullopt;
  };
  // Live disks the map gives to names: claimed, whether or not the name is still in the manifest
  // (a name that left it marks its disk for removal).
  std::set<std::string> wanted_names;
  for (const auto& w : want) wanted_names.insert(w.name);
  if (owned) {
    for (const auto& [key, id] : owned->records) {
      if (!core::StartsWith(key, "disk:")) continue;
      const std::string name = key.substr(5);
      auto j = index_of(id);
      if (!j) {
        m.records[key] = "";  // its disk is gone
        continue;
      }
      if (wanted_names.count(name)) {
        for (std::size_t i = 0; i < want.size(); ++i) {
          if (want[i].name == name) m.live_of[i] = *j;
        }
        taken[*j] = true;
      } else {
        taken[*j] = true;
        m.unclaimed.push_back(*j);
        m.released[key] = "";  // forgotten once its disk is removed
      }
    }
  }
  // Pair the rest once: identical disks first, then by order among disks of the same type.
  auto pair = [&](bool same_size) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (m.live_of[i]) continue;
      for (std::size_t j = 0; j < live.size(); ++j) {
        if (taken[j] || live[j].type != want[i].type) continue;
        if (same_size && live[j].size != want[i].size) continue;
        m.live_of[i] = j;
        taken[j] = true;
        m.records[DiskKey(want[i].name)] = live[j].id;
        break;
      }
    }
  };
  pair(true);
  pair(false);
  for (std::size_t j = 0; j < live.size(); ++j) {
    if (!taken[j]) m.unclaimed.push_back(j);
  }
  // Records only for what changes.
  if (owned) {
    std::erase_if(m.records, [&](const auto& r) { return owned->Record(r.first) == r.second; });
  }
  return m;
}

}  // namespace deskops::reconcilers
