#include "reconcilers/terminal_binding/terminal_client.h"

#include <cctype>

#include "cloud/pagination.h"
#include "cloud/wire.h"
#include "core/strings.h"

namespace deskops::cloud::terminals {

using core::Status;
using core::StatusOr;
using core::StrCat;
using wire::json;

namespace {

constexpr char kSuccess[] = "WKS.00000000";  // 4.15.6's example (L33402)
constexpr char kNoSuchResource[] = "WKS.0568";

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

StatusOr<Config> GetConfig(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kGetBindingConfig));
  return Config{Upper(jsonx::Str(answer, "tc_bind_switch")),
                Upper(jsonx::Str(answer, "tc_auto_bind_switch")),
                jsonx::OptInt(answer, "tc_auto_bind_max")};
}

Status SetConfig(ApiClient& client, const std::string& tc_bind_switch,
                 const std::optional<std::string>& tc_auto_bind_switch,
                 const std::optional<std::int64_t>& tc_auto_bind_max) {
  json body = {{"tc_bind_switch", tc_bind_switch}};
  jsonx::Put(body, "tc_auto_bind_switch", tc_auto_bind_switch);
  jsonx::Put(body, "tc_auto_bind_max", tc_auto_bind_max);
  return wire::Call(client, ops::kSetBindingConfig, {}, {}, body).status();
}

StatusOr<std::vector<Binding>> List(ApiClient& client) {
  // The total is total_num (L33010), which the shared list walker does not know: this walk reads
  // it itself.
  std::vector<Binding> out;
  ApiCall call{&ops::kListBindings, {}, {}, ""};
  auto walked = WalkPages(client, call, [&](const HttpResponse& res) -> StatusOr<PageResult> {
    DESKOPS_ASSIGN_OR_RETURN(json page, jsonx::Parse(res, ops::kListBindings.id));
    PageResult r;
    if (auto total = jsonx::OptInt(page, "total_num"); total && *total >= 0) {
      r.total = static_cast<std::size_t>(*total);
    }
    for (const json& j : jsonx::Array(page, "bind_list")) {
      out.push_back({jsonx::Str(j, "id"), Upper(jsonx::Str(j, "mac")),
                     jsonx::Str(j, "desktop_name"), jsonx::Str(j, "description")});
      if (r.items++ == 0) r.first_id = out.back().id;
    }
    return r;
  });
  if (!walked.ok()) return walked.status();
  return out;
}

Status Add(ApiClient& client, const std::string& mac, const std::string& desktop_name,
           const std::optional<std::string>& description) {
  json item = {{"line", 0}, {"mac", mac}, {"desktop_name", desktop_name}};
  jsonx::Put(item, "description", description);
  return wire::Call(client, ops::kAddBindings, {}, {}, {{"bind_list", json::array({item})}})
      .status();
}

Status Modify(ApiClient& client, const Binding& b) {
  json body = {{"id", b.id},
               {"mac", b.mac},
               {"desktop_name", b.desktop_name},
               {"description", b.description}};
  return wire::Call(client, ops::kModifyBinding, {}, {}, body).status();
}

Status Delete(ApiClient& client, const std::vector<std::string>& ids) {
  DESKOPS_ASSIGN_OR_RETURN(json answer,
                           wire::Call(client, ops::kDeleteBindings, {}, {}, {{"id_list", ids}}));
  std::vector<std::string> failed;
  for (const json& r : jsonx::Array(answer, "result_list")) {
    const std::string code = jsonx::Str(r, "delete_result_code");
    if (code.empty() || code == kSuccess || code == kNoSuchResource) continue;
    failed.push_back(
        StrCat(jsonx::Str(r, "id"), ": ", code, " ", jsonx::Str(r, "delete_result_msg")));
  }
  if (!failed.empty()) {
    return Status::FailedPrecondition(
        StrCat(ops::kDeleteBindings.id, ": not deleted: ", core::Join(failed, "; ")));
  }
  return Status::Ok();
}

}  // namespace deskops::cloud::terminals
