#pragma once
// plan, apply and export: load manifests, connect, run the engine, print. Shared flags: manifest
// paths, connection, state directory, safety gates, logging. Main thread only.

#include <iosfwd>
#include <string>
#include <vector>

#include "daemon/connection.h"
#include "reconcilers/engine/options.h"

namespace CLI {
class App;
}

namespace deskops::daemon {

inline constexpr int kExitChanges = 2;  // plan: there are changes (terraform -detailed-exitcode)

struct EngineCommandOptions {
  std::vector<std::string> paths;  // manifest files or directories
  ConnectionOptions connection;
  std::string state_dir = ".deskops";
  reconcilers::EngineOptions engine;
  bool no_adopt = false;
  bool strict_references = false;
  std::string log_format = "auto", log_level = "info";
  // plan
  std::string output = "text";  // text | json
  std::string save_plan;        // write the plan (JSON) here too
  // apply
  std::string plan_file;  // apply exactly this saved plan, if it still holds
  int max_rounds = 10;
  int wait_seconds = 1800;  // how long apply waits for tasks in progress to end
  // export
  std::string export_out;  // file; stdout when empty
  bool owned_only = false;
};

void AddEngineFlags(CLI::App& cmd, EngineCommandOptions& options, bool manifests);

int RunPlan(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);
int RunApply(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);
int RunExport(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deskops::daemon
