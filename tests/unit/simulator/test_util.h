#pragma once
// Helpers for the simulator's unit tests: signed requests (with the simulator's own signer; the
// independent client is tests/simulator/simclient.py) and calls into a Simulator.

#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "simulator/http_message.h"
#include "simulator/simulator.h"

namespace deskops::simulator::testing {

inline constexpr char kToken[] = "unit-test-token";

// A request signed with SDK-HMAC-SHA256 at `date` over content-type;host;x-sdk-date.
Request SignedRequest(const std::string& method, const std::string& path, const std::string& query,
                      const std::string& body, const std::string& ak, const std::string& sk,
                      core::Clock::WallTime date);

// A Simulator that accepts kToken, with the control API on and the given job progression.
SimulatorOptions TestOptions(Progression progression = {});

struct Reply {
  int status = 0;
  nlohmann::json body;
  Response raw;
};

// Calls /v2/{project}/<path> with the token; `query` without '?'.
Reply Call(Simulator& sim, const std::string& method, const std::string& path,
           const nlohmann::json& body = nullptr, const std::string& query = "");
Reply Control(Simulator& sim, const std::string& method, const std::string& path,
              const nlohmann::json& body = nullptr);
// A valid 4.3.1 body for one desktop of `user` named `name`.
nlohmann::json CreateDesktopBody(const std::string& user, const std::string& name);

}  // namespace deskops::simulator::testing
