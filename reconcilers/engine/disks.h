#pragma once
// Named data disks (Desktop and DesktopPool dataVolumes) against the live disks: which manifest
// item stands for which live disk, by the map the inventory keeps (records "disk:<name>" -> the
// live disk's ID). Disks the map does not know yet are paired once — identical disks (type and
// size) first, then the rest in the live order (a desktop's disks by device) — and the pairing is
// recorded, so that from then on removing an item deletes exactly its disk, whatever its
// position. Pure functions; thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reconcilers/engine/inventory.h"
#include "specs/object.h"

namespace deskops::reconcilers {

struct LiveDisk {
  std::string id, type;
  std::int64_t size = 0;
  std::string device;  // "" when the API does not say (pool disks)
};

struct DiskMap {
  // For each manifest item (by index), the live disk (by index) it stands for, if any.
  std::vector<std::optional<std::size_t>> live_of;
  // Live disks no manifest item stands for (by index): they are to be removed.
  std::vector<std::size_t> unclaimed;
  // What to record on the object so the pairing sticks ("disk:<name>" -> ID), including the
  // erasure ("") of names whose disks are gone: record it when the plan is applied.
  std::map<std::string, std::string> records;
  // The erasures to record once the unclaimed disks are removed (names that left the manifest).
  std::map<std::string, std::string> released;
};

DiskMap MapDisks(const std::vector<specs::Volume>& want, const std::vector<LiveDisk>& live,
                 const std::optional<OwnedObject>& owned);

// "spec.dataVolumes[data1]": the path of one named disk in plans.
std::string DiskPath(const std::string& name);
// "SAS 100 GB (/dev/vdb, id 76019ba1...)": a live disk as plans show it.
std::string ShowDisk(const LiveDisk& disk);
// The record key of a named disk.
std::string DiskKey(const std::string& name);

}  // namespace deskops::reconcilers
