#include "reconcilers/engine/inventory.h"

#include <nlohmann/json.hpp>

#include "cloud/signer.h"
#include "core/files.h"
#include "core/strings.h"
#include "reconcilers/engine/action.h"
#include "reconcilers/engine/state_store.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
using nlohmann::json;

Inventory::Inventory(const Inventory& other) {
  std::lock_guard lock(other.mu_);
  path_ = other.path_;
  store_ = other.store_;
  objects_ = other.objects_;
}

Inventory& Inventory::operator=(const Inventory& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mu_, other.mu_);
  path_ = other.path_;
  store_ = other.store_;
  objects_ = other.objects_;
  return *this;
}

core::StatusOr<Inventory> Inventory::Load(const std::string& path) {
  auto text = core::ReadFile(path);
  if (!text.ok()) {
    if (text.status().code() == core::StatusCode::kNotFound) return Inventory(path);
    return text.status();
  }
  return Parse(*text, path);
}

std::string Inventory::Serialize() const {
  json objects = json::array();
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, o] : objects_) {
      json entry = {
          {"kind", o.kind}, {"name", o.name}, {"id", o.id}, {"prune_protected", o.prune_protected}};
      if (o.create_failed) entry["create_failed"] = true;
      if (!o.records.empty()) entry["records"] = o.records;
      objects.push_back(std::move(entry));
    }
  }
  const std::string body = objects.dump();
  return json{{"version", 1}, {"checksum", cloud::Sha256Hex(body)}, {"objects", objects}}.dump(1);
}

core::StatusOr<Inventory> Inventory::Parse(const std::string& text, const std::string& path) {
  auto corrupt = [&](std::string_view why) {
    return Status::DataLoss(StrCat("inventory ", path, " is unreadable (", why,
                                   "); deskops will not guess what it owns. Restore it from a "
                                   "backup, or move it aside to start over (owned desktops are "
                                   "then found again by their ownership tag)"));
  };
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return corrupt("not JSON, or truncated");
  if (j.value("version", 0) != 1) return corrupt("unknown version");
  if (!j.contains("objects") || !j["objects"].is_array()) return corrupt("no object list");
  if (j.value("checksum", "") != cloud::Sha256Hex(j["objects"].dump())) {
    return corrupt("checksum mismatch");
  }
  Inventory inv(path);
  for (const json& o : j["objects"]) {
    if (!o.is_object() || !o.contains("kind") || !o.contains("name")) return corrupt("bad entry");
    OwnedObject owned{
        o["kind"].get<std::string>(),      o["name"].get<std::string>(),    o.value("id", ""),
        o.value("prune_protected", false), o.value("create_failed", false), {}};
    if (o.contains("records")) {
      if (!o["records"].is_object()) return corrupt("bad records");
      for (const auto& [key, value] : o["records"].items()) {
        if (!value.is_string()) return corrupt("bad records");
        owned.records[key] = value.get<std::string>();
      }
    }
    inv.Upsert(std::move(owned));
  }
  return inv;
}

std::optional<OwnedObject> Inventory::Find(const std::string& kind, const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = objects_.find(ObjectKey(kind, name));
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::vector<OwnedObject> Inventory::OfKind(const std::string& kind) const {
  std::lock_guard lock(mu_);
  std::vector<OwnedObject> out;
  for (const auto& [key, o] : objects_) {
    if (o.kind == kind) out.push_back(o);
  }
  return out;
}

std::vector<OwnedObject> Inventory::All() const {
  std::lock_guard lock(mu_);
  std::vector<OwnedObject> out;
  for (const auto& [key, o] : objects_) out.push_back(o);
  return out;
}

std::size_t Inventory::size() const {
  std::lock_guard lock(mu_);
  return objects_.size();
}

void Inventory::Upsert(OwnedObject object) {
  std::lock_guard lock(mu_);
  std::string key = ObjectKey(object.kind, object.name);
  objects_[key] = std::move(object);
}

void Inventory::Own(const std::string& kind, const std::string& name, const std::string& id) {
  std::lock_guard lock(mu_);
  auto [it, inserted] =
      objects_.try_emplace(ObjectKey(kind, name), OwnedObject{kind, name, id, false, false, {}});
  if (!inserted && !id.empty()) it->second.id = id;
}

void Inventory::Remove(const std::string& kind, const std::string& name) {
  std::lock_guard lock(mu_);
  objects_.erase(ObjectKey(kind, name));
}

void Inventory::Record(const std::string& kind, const std::string& name,
                       const std::map<std::string, std::string>& records) {
  std::lock_guard lock(mu_);
  auto it = objects_.find(ObjectKey(kind, name));
  if (it == objects_.end()) return;
  for (const auto& [key, value] : records) {
    if (value.empty()) {
      it->second.records.erase(key);
    } else {
      it->second.records[key] = value;
    }
  }
}

void Inventory::MarkCreateFailed(const std::string& kind, const std::string& name, bool failed) {
  std::lock_guard lock(mu_);
  auto it = objects_.find(ObjectKey(kind, name));
  if (it != objects_.end()) it->second.create_failed = failed;
}

Status Inventory::Save() const {
  if (store_) return store_->SaveInventory(*this);
  if (path_.empty()) return Status::Ok();
  return core::WriteFileAtomically(path_, Serialize());
}

}  // namespace deskops::reconcilers
