#pragma once
// The terminal-binding endpoints (4.15), the TerminalBinding kind's own client: the binding switch
// (query 4.15.1, configure 4.15.2) and the bindings of terminals to desktops (list 4.15.3, add
// 4.15.4, modify 4.15.5, delete 4.15.6). All synchronous. Thread-safe like ApiClient.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
inline constexpr Operation kGetBindingConfig{
    "terminals.get_config", "GET", "/v2/{project_id}/terminals/binding-desktops/config", "4.15.1"};
inline constexpr Operation kSetBindingConfig{
    "terminals.set_config", "POST", "/v2/{project_id}/terminals/binding-desktops/config", "4.15.2"};
// offset and limit are mandatory (L32990-32991) and have no documented range.
inline constexpr Operation kListBindings{
    "terminals.list", "GET", "/v2/{project_id}/terminals/binding-desktops", "4.15.3", 100};
inline constexpr Operation kAddBindings{"terminals.create", "POST",
                                        "/v2/{project_id}/terminals/binding-desktops", "4.15.4"};
inline constexpr Operation kModifyBinding{"terminals.modify", "PUT",
                                          "/v2/{project_id}/terminals/binding-desktops", "4.15.5"};
inline constexpr Operation kDeleteBindings{
    "terminals.batch_delete", "POST", "/v2/{project_id}/terminals/binding-desktops/batch-delete",
    "4.15.6"};
}  // namespace ops

namespace terminals {

// 4.15.1 (L32809-32811). The switches upper-case ("on or off" in the tables, ON in the examples).
struct Config {
  std::string tc_bind_switch, tc_auto_bind_switch;
  std::optional<std::int64_t> tc_auto_bind_max;  // nullopt when not reported
};
// TerminalsBindingDesktopsInfo (L33015-33018), the MAC upper-case.
struct Binding {
  std::string id, mac, desktop_name, description;
};

core::StatusOr<Config> GetConfig(ApiClient& client);
// 4.15.2: tc_bind_switch is mandatory (L32899); the others are sent when set.
core::Status SetConfig(ApiClient& client, const std::string& tc_bind_switch,
                       const std::optional<std::string>& tc_auto_bind_switch,
                       const std::optional<std::int64_t>& tc_auto_bind_max);
core::StatusOr<std::vector<Binding>> List(ApiClient& client);
// 4.15.4 for one binding (bind_list of one item, line 0).
core::Status Add(ApiClient& client, const std::string& mac, const std::string& desktop_name,
                 const std::optional<std::string>& description);
// 4.15.5: id, mac and desktop_name are mandatory (L33238-33240).
core::Status Modify(ApiClient& client, const Binding& binding);
// 4.15.6 for these IDs; a result code other than success is an error, except for an ID that is
// no binding (already gone).
core::Status Delete(ApiClient& client, const std::vector<std::string>& ids);

}  // namespace terminals
}  // namespace deskops::cloud
