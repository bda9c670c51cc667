#pragma once
// Wire views of the simulator's entities: field names, nesting and formats exactly as the
// reference's response tables print them, including its read/write inconsistencies (each noted
// with its line number where it is produced). Desktops are written with JsonWriter (they are the
// hot path); the rest as nlohmann::json. Not thread-safe; call under the Simulator's lock.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "simulator/jobs.h"
#include "simulator/json_writer.h"
#include "simulator/state.h"

namespace deskops::simulator {

struct RenderContext {
  const State& state;
  const JobEngine& jobs;
  std::string_view project_id;
};

// DesktopDetailInfo (4.3.5 L5818-5884, also 4.3.8); `pool_view` adds 4.4.15's inconsistent_types.
void WriteDesktopDetail(JsonWriter& w, const Desktop& d, const RenderContext& ctx,
                        bool pool_view = false);
// SimpleDesktopInfo (4.3.2 L5337-5360).
void WriteDesktopSimple(JsonWriter& w, const Desktop& d, const RenderContext& ctx);
// The desktop's task_status and process as a reader sees them now (process < 0: null).
std::string_view DesktopTaskStatus(const Desktop& d, const RenderContext& ctx, int* process);

// 4.4.5 desktop pool (unwrapped) and 4.4.2 list items: same schema.
nlohmann::json PoolJson(const Pool& pool, const RenderContext& ctx);
// 4.8.1 User (list item), given its groups' names, and 4.8.4 UserDetail.
nlohmann::json UserListJson(const User& user, const State& state, std::int64_t now_ms,
                            std::vector<std::string> group_names);
nlohmann::json UserDetailJson(const User& user, const State& state, std::int64_t now_ms);
// The names of every user's groups, by user ID, in one pass over the groups (a list of users
// would otherwise pass over every group once per user).
std::unordered_map<std::string, std::vector<std::string>> GroupNamesByUser(const State& state);
// 4.9.1 UserGroupInfo.
nlohmann::json GroupJson(const Group& group, const State& state);
// 4.14.x Target and policy group views.
nlohmann::json TargetJson(const PolicyTarget& t);
nlohmann::json PolicyGroupJson(const PolicyGroup& g, bool with_details);
// 4.14.13 AccessPolicyDetailInfo.
nlohmann::json AccessPolicyJson(const AccessPolicy& p);
// 4.5.1 DesktopNamePolicyInfo.
nlohmann::json NamePolicyJson(const NamePolicy& p);
// 4.25.1 ResourceNoLimit objects of the central site: every seeded quota type with its limit and
// current use (also 4.25.2 for that site).
nlohmann::json QuotaResourcesJson(const State& state);
// 4.28.1 JobDetailInfo (sub-job) in the phase of its job.
nlohmann::json SubJobJson(const Job& job, const SubJob& sub, const JobEngine& jobs,
                          std::string_view project_id);

// Volume helpers shared with the handlers.
std::string VolumeDevice(int index);                // 0 -> /dev/vda
std::string VolumeSpecCode(std::string_view type);  // SAS -> workspace.volume.high

}  // namespace deskops::simulator
