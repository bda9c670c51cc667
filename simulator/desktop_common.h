#pragma once
// Helpers shared by the handlers that create desktops (4.3.1 and the pool calls 4.4.1/4.4.6):
// building a desktop from a validated specification, generating names (explicit name, prefix,
// desktop name policy or "desktop-xxxxxxx" as in the 4.4.15 example), users created on first
// assignment (the LiteAS behaviour of 4.3.1: "After a desktop is created, the user can log in"),
// and the sub-job entity of a desktop. Called under the Simulator's lock.

#include <string>
#include <string_view>
#include <vector>

#include "simulator/handlers.h"

namespace deskops::simulator {

struct DesktopSpec {
  std::string type = "DEDICATED";
  std::string availability_zone;
  std::string product_id;
  std::string image_id;
  std::string root_type;
  int root_size = 80;
  std::vector<std::pair<std::string, int>> data_volumes;  // type, size
  std::string subnet_id;
  std::vector<std::string> security_group_ids;
  std::string enterprise_project_id = "0";
  std::vector<Tag> tags;
  std::string ou_name;
  std::string pool_id;
  // Kept on each desktop as written (model.h): the request's, not per desktop.
  std::string image_type;
  bool email_notification = true;
  nlohmann::json eip;
  nlohmann::json apply_shared_vpc_dedicated_param;
  std::string hour_package_product_id;
  std::string hour_package_offering_id;
  std::string desktop_name_policy_id;
};

// A desktop in its "being created" state (status BUILD, task_status spawning), not yet stored.
Desktop NewDesktop(Context& ctx, const DesktopSpec& spec, std::string computer_name,
                   std::vector<AttachedUser> users, const std::string& ip = "");
// The name for a new desktop. `taken` holds lower-case names already chosen in this request.
std::string GenerateDesktopName(Context& ctx, const std::string& policy_id,
                                const std::string& user_name, std::vector<std::string>* taken);
// The user called `name`, created (USER_ACTIVATE, as LiteAS does) when it does not exist yet.
User* EnsureUser(Context& ctx, const std::string& name, const std::string& email,
                 const std::string& phone);
// Creates that user without looking for an existing one (the caller knows there is none).
User* AddUser(Context& ctx, const std::string& name, const std::string& email,
              const std::string& phone);
SubJob SubJobFor(const Desktop& d);
// The task_status a power operation shows while it runs (L5838).
std::string PowerTaskStatus(std::string_view op_type, bool hard);
// The cores and memory a resize of `desktops` to `product_id` adds (400 WKS.0301 for an unknown
// product).
core::StatusOr<QuotaDelta> ResizeQuota(const Context& ctx, const std::vector<Desktop*>& desktops,
                                       const std::string& product_id);
// {"job_id", "jobs": [{desktop_id, job_id}]} of 4.3.10 and 4.4.7; `jobs` "will be brought offline
// later. Use the job_id field." (L7115)
Response ResizeResponse(const Job& job);
// The fields 4.3.11 and 4.4.8 share (image_id, os_type, delay_time, message, order_id), read after
// the caller's own: returns the image_id once the body is valid and the image exists (400 WKS.0568
// otherwise).
core::StatusOr<std::string> ReadRebuildImage(const Context& ctx, BodyReader& r);
// Starts a `job_type` job over `desktops` (one sub-job each) that applies `effect` when it ends,
// showing `task_status` on each desktop meanwhile (unless empty).
Job* StartDesktopJob(Context& ctx, std::string job_type, nlohmann::json effect,
                     const std::vector<Desktop*>& desktops, const std::string& task_status,
                     std::string pool_id = "");
// Stores the desktops and starts their createDesktops / createDesktopPool / expandDesktopPool job.
Job* StartCreateJob(Context& ctx, std::vector<Desktop> desktops, std::string job_type,
                    std::string pool_id);

}  // namespace deskops::simulator
