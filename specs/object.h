#pragma once
// The parts every manifest object shares: metadata, references to other objects by name, and the
// small value types several kinds use. Plain data; thread-compatible.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/value.h"

namespace deskops::specs {

inline constexpr std::string_view kApiVersion = "deskops.io/v1alpha1";

struct ObjectMeta {
  std::string name;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  Mark mark;  // where metadata.name is written
};

// A reference by name from one object to another ("the desktop's user is alice").
struct Ref {
  std::string kind;  // the referenced kind
  std::string name;
  std::string path;  // the referring field, e.g. spec.userName
  Mark mark;
};

// The desired power state of a desktop (or of a pool's desktops). The API has no field for it,
// only actions (os-start, os-stop, os-hibernate), which the reconciler derives from the difference.
enum class PowerState { kRunning, kStopped, kHibernated };
std::optional<PowerState> ParsePowerState(std::string_view text);
std::string_view PowerStateName(PowerState state);

// A disk: type (SAS, SSD, GPSSD), size in GB, and for data disks the name that identifies it in
// its list.
struct Volume {
  std::string type;
  std::int64_t size = 0;
  std::string name = {};
  friend bool operator==(const Volume&, const Volume&) = default;
};

// A user or user group granted a pool, or the object of an access policy.
struct NamedObject {
  std::string type;  // USER / USER_GROUP (pools), USER / USERGROUP (access policies)
  std::string name;
  std::string user_group;  // pools only: the privilege group (sudo, default, administrators, users)
  friend bool operator==(const NamedObject&, const NamedObject&) = default;
};

}  // namespace deskops::specs
