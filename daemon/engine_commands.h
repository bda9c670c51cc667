#pragma once
// plan, apply and export: load manifests, connect, run the engine, print. Their settings (manifest
// paths, connection, state directory, safety gates, logging) come from settings.h. Main thread
// only.

#include <iosfwd>
#include <string>
#include <vector>

#include "daemon/config/config.h"

namespace deskops::daemon {

inline constexpr int kExitChanges = 2;  // plan: there are changes (terraform -detailed-exitcode)

struct EngineCommandOptions {
  Config config;  // the configuration file and flags, resolved
  // plan and apply
  std::string output = "text";  // text | json (| markdown for plan)
  std::string save_plan;        // write the plan (JSON) here too
  // apply
  std::string plan_file;  // apply exactly this saved plan, if it still holds
  int max_rounds = 10;
  int wait_seconds = 1800;  // how long apply waits for tasks in progress to end
  // export
  std::string export_out;  // file; stdout when empty
  bool owned_only = false;
};

int RunPlan(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);
int RunApply(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);
int RunExport(const EngineCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deskops::daemon
