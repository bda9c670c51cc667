#pragma once
// LiveIndex: every live object deskops observed, of every kind, by kind and name: its ID and the
// attributes other kinds refer to it by (a desktop's SID for policy targets, ...). Kinds never
// include each other; they resolve references through this index. Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deskops::reconcilers {

// Attribute a kind sets when the live object exists but is not usable now (a desktop in ERROR or
// in the middle of a task); its value says why. Absent: the object is ready.
inline constexpr const char* kNotReadyAttr = "not_ready";
// Up but not yet usable (a desktop running and not registered again, L6565): rollouts wait.
inline constexpr const char* kSettlingAttr = "settling";

struct LiveRef {
  std::string kind, name, id;
  std::map<std::string, std::string> attrs;  // e.g. {"sid": "S-1-5-..."}

  std::string Attr(const std::string& key) const {
    auto it = attrs.find(key);
    return it == attrs.end() ? "" : it->second;
  }
};

class LiveIndex {
 public:
  void Put(LiveRef ref);  // replaces the entry of the same kind and name
  void Remove(std::string_view kind, std::string_view name);
  // Forgets every object of the kind and what it looked up ("<kind>:<what>"), before observing it
  // again.
  void ClearKind(std::string_view kind);
  std::optional<LiveRef> Find(std::string_view kind, std::string_view name) const;
  std::optional<LiveRef> FindById(std::string_view kind, std::string_view id) const;
  std::vector<LiveRef> OfKind(std::string_view kind) const;
  std::size_t size() const;
  // The names (sorted, without repeats) of the objects of `kind` whose attribute `attr`, a list of
  // values one per line, holds `value`: e.g. the users whose "groups" name a group. Built once per
  // (kind, attr) and kept until the kind changes, so asking for every group costs one pass.
  std::vector<std::string> Holding(std::string_view kind, std::string_view attr,
                                   std::string_view value) const;

 private:
  using Inverted = std::unordered_map<std::string, std::vector<std::string>>;
  void Changed(std::string_view kind);  // with mu_ held exclusively

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, LiveRef> by_key_;
  std::unordered_map<std::string, std::string> by_id_;  // kind + "\n" + id -> key
  mutable std::mutex inverted_mu_;
  mutable std::map<std::string, Inverted> inverted_;  // kind + "\n" + attr -> value -> names
};

}  // namespace deskops::reconcilers
