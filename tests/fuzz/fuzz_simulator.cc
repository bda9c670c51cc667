// Fuzz target: the simulator's request handling (routing, authentication, faults, every handler
// and the control API), in process through Simulator::Handle, no sockets. An input is one or more
// requests separated by a line "%%":
//   METHOD /path?query
//   Header: value          (optional; X-Auth-Token is added when absent)
//
//   body
// A fresh simulator (default seed, immediate jobs, control API on) serves each input, so a
// request may work on what an earlier one in the same input created. The simulator must answer
// every request with a status in 100-599 and a body that is empty or JSON, and must not crash;
// an exception escaping a handler would take the wks-sim process down.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "simulator/simulator.h"

namespace {

using namespace deskops;
using namespace deskops::simulator;

constexpr std::string_view kToken = "fuzz-token";
constexpr std::string_view kSeparator = "\n%%\n";

std::string_view NextLine(std::string_view& text) {
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return line;
}

Request ParseRequest(std::string_view text) {
  Request r;
  std::string_view line = NextLine(text);
  const std::size_t space = line.find(' ');
  r.method = std::string(line.substr(0, space));
  std::string_view target = space == std::string_view::npos ? "/" : line.substr(space + 1);
  const std::size_t q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  while (!text.empty()) {
    line = NextLine(text);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.SetHeader(std::string(line.substr(0, colon)), std::string(value));
  }
  if (!r.Header("x-auth-token")) r.SetHeader("x-auth-token", std::string(kToken));
  if (!r.Header("content-type")) r.SetHeader("content-type", "application/json");
  r.body = std::string(text);
  r.remote = "127.0.0.1:1";
  return r;
}

SimulatorOptions Options() {
  SimulatorOptions o;
  o.credentials.project_id = "p1";
  o.credentials.auth_token = std::string(kToken);
  static const auto catalog = std::make_shared<const Catalog>(LoadCatalog(DefaultSeed()).value());
  o.catalog = catalog;  // parsed once; each input still gets a fresh tenant
  o.control_api = true;
  o.progression.fallback = ParseProgression("immediate").value();
  return o;
}

// One object of each kind with the ID the seeds use in paths (scripts/fuzz_seeds.py), created
// out of band the way tests do, so requests naming an object reach past the 404.
constexpr std::string_view kSeedId = "00000000000000000000000000000001";

void AddSeedObjects(Simulator& sim) {
  const std::string id(kSeedId);
  const std::pair<const char*, nlohmann::json> objects[] = {
      {"desktops", {{"id", id}, {"computer_name", "fuzz-01"}, {"status", "ACTIVE"}}},
      {"pools", {{"id", id}, {"name", "fuzz-pool"}, {"type", "DYNAMIC"}}},
      {"users", {{"id", id}, {"user_name", "fuzzuser"}}},
      {"groups", {{"id", id}, {"name", "fuzzgroup"}, {"platform_type", "LOCAL"}}},
      {"policy_groups", {{"id", id}, {"name", "fuzz_pg"}, {"priority", 1}}},
      {"access_policies", {{"id", id}, {"name", "fuzz_ap"}}},
      {"name_policies", {{"id", id}, {"name", "fuzz_np"}, {"name_prefix", "f"}}},
  };
  for (const auto& [kind, body] : objects) {
    Request r;
    r.method = "POST";
    r.path = std::string("/_sim/objects/") + kind;
    r.body = body.dump();
    if (sim.Handle(r).status != 201) std::abort();  // the fuzz target itself is broken
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const core::FakeClock clock;
  static const bool verbose = std::getenv("DESKOPS_FUZZ_VERBOSE") != nullptr;  // seed debugging
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Simulator sim(Options(), clock);
  AddSeedObjects(sim);
  for (int n = 0; !input.empty() && n < 16; ++n) {
    const std::size_t end = input.find(kSeparator);
    Request request = ParseRequest(input.substr(0, end));
    input =
        end == std::string_view::npos ? std::string_view() : input.substr(end + kSeparator.size());
    Response response = sim.Handle(request);
    if (verbose) {
      std::fprintf(stderr, "%s %s -> %d %s\n", request.method.c_str(), request.path.c_str(),
                   response.status, response.operation.c_str());
    }
    if (response.status < 100 || response.status > 599) std::abort();
    if (!response.body.empty() && !nlohmann::json::accept(response.body)) std::abort();
  }
  return 0;
}
