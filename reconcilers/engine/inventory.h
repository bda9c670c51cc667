#pragma once
// Inventory: what deskops owns, so that it deletes only what it created or adopted. Kept in the
// state directory as one JSON file with a checksum, written crash-safely (temporary file, fsync,
// rename). A missing file is a first run; a file that is corrupt or truncated is an error, never
// "nothing owned" (which would orphan everything) nor "everything owned". Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status_or.h"

namespace deskops::reconcilers {

class StateStore;

struct OwnedObject {
  std::string kind, name;
  std::string id;                // empty until known (desktop creates report IDs late)
  bool prune_protected = false;  // its manifest said deskops.io/prune: "false"
  // Its create job failed and it has not been seen healthy since: what the failed create left
  // (a desktop in ERROR) holds nothing, so it may be replaced (Terraform's "tainted").
  bool create_failed = false;
  // Facts about the object that cannot be read back from the tenant, by key: fingerprints of the
  // write-only fields deskops last applied ("spec.tags" -> fingerprint) and the data-disk map
  // ("disk:<name>" -> volume ID). Written when the action that establishes them succeeds.
  std::map<std::string, std::string> records = {};

  // The record under `key`, or "" when there is none.
  std::string Record(const std::string& key) const {
    auto it = records.find(key);
    return it == records.end() ? "" : it->second;
  }
};

class Inventory {
 public:
  // An empty inventory that will be saved at `path`.
  explicit Inventory(std::string path = "") : path_(std::move(path)) {}
  Inventory(const Inventory& other);
  Inventory& operator=(const Inventory& other);

  // Reads `path`; NOT_FOUND is not an error (first run: empty inventory).
  static core::StatusOr<Inventory> Load(const std::string& path);

  std::optional<OwnedObject> Find(const std::string& kind, const std::string& name) const;
  std::vector<OwnedObject> OfKind(const std::string& kind) const;
  std::vector<OwnedObject> All() const;
  std::size_t size() const;

  void Upsert(OwnedObject object);
  // Records ownership of kind/name, setting its ID when `id` is not empty and keeping the rest.
  void Own(const std::string& kind, const std::string& name, const std::string& id);
  void Remove(const std::string& kind, const std::string& name);
  // Sets or clears create_failed of an owned object (no-op when it is not owned).
  void MarkCreateFailed(const std::string& kind, const std::string& name, bool failed);
  // Merges `records` into an owned object's (an empty value erases the key; no-op when the object
  // is not owned).
  void Record(const std::string& kind, const std::string& name,
              const std::map<std::string, std::string>& records);
  // Writes the file (no-op without a path), or saves through the store it came from.
  core::Status Save() const;
  // Saves through `store` from now on (StateStore::LoadInventory sets it).
  void set_store(StateStore* store) { store_ = store; }

  std::string Serialize() const;
  static core::StatusOr<Inventory> Parse(const std::string& text, const std::string& path);

 private:
  std::string path_;
  StateStore* store_ = nullptr;
  mutable std::mutex mu_;
  std::map<std::string, OwnedObject> objects_;  // by ObjectKey
};

}  // namespace deskops::reconcilers
