#include "specs/object.h"

namespace deskops::specs {

std::optional<PowerState> ParsePowerState(std::string_view text) {
  if (text == "running") return PowerState::kRunning;
  if (text == "stopped") return PowerState::kStopped;
  if (text == "hibernated") return PowerState::kHibernated;
  return std::nullopt;
}

std::string_view PowerStateName(PowerState state) {
  switch (state) {
    case PowerState::kRunning: return "running";
    case PowerState::kStopped: return "stopped";
    case PowerState::kHibernated: return "hibernated";
  }
  return "running";
}

}  // namespace deskops::specs
