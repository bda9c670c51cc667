// Terminal-desktop bindings, 4.15.1-4.15.6 (L32774-33420): the binding switch (query and
// configure) and the bindings of terminals, by MAC address, to desktops (list, add, modify,
// delete). A family on the seam (resource.h): its state is a TerminalStore (terminal_store.h), its
// operations and control API kinds are below.
//
// Where the reference is silent or contradicts itself:
// - Switch values: the tables say "on or off" (L32809-32810, L32899-32900), the examples send and
//   return "ON" (L32853, L32946) and the official SDKs' enums are ON and OFF. Either case is
//   accepted; the switch is kept and returned upper-case. tc_auto_bind_max is an Integer with
//   default 1 (L32811); a maximum below 1 means nothing and is 400 WKS.0001. 4.15.1 returns all
//   three fields of its table (its example shows one). 4.15.2 keeps the fields it is not given,
//   except tc_bind_switch, which it requires (L32899).
// - MAC addresses are six pairs of hex digits joined by '-', the reference's only form (L33064),
//   compared and kept upper-case. A MAC is bound to one desktop: a second binding of it (4.15.4,
//   4.15.5) has no documented code and is refused like other duplicates (SIM.0409).
// - desktop_name names a desktop (computer names compare without case, as 4.3 does); the binding
//   keeps the desktop's own spelling and its ID (sid, L33148). An unknown desktop is WKS.0418
//   (L50599).
// - 4.15.3 requires offset and limit (L32990-32991; 400 WKS.0001 without them) and documents no
//   range: any limit of 0 or more. total_num counts every match; count_only returns only it.
//   computer_name filters like the console's name filters (case-insensitive substring), mac is an
//   identity (exact, without case).
// - 4.15.4 checks every item before it adds any: a bad item makes the call 400 with
//   bind_result_list (L33137), one result per item: validation_result_code WKS.00000000 ("success",
//   the code 4.15.6's example uses, L33402) for a good one, WKS.0001 for a missing or malformed MAC
//   or desktop name, WKS.0418 for an unknown desktop, SIM.0409 for a MAC bound already or twice.
//   `line` defaults to the item's index. Success is 200 without a body (L33192).
// - 4.15.5 names the binding by `id` in the body: an unknown one is 400 WKS.0568 (api-errors.md 4).
//   Without description the old one stays.
// - 4.15.6 answers per ID (L33348): WKS.00000000 "success", or WKS.0568 for an ID that is not a
//   binding; the call itself succeeds.
// - Errors have the four-field shape of 4.15 (api-errors.md 1: error_detail too). Bindings of a
//   deleted desktop stay until deleted: the reference says nothing of them.
#include <algorithm>
#include <cctype>
#include <set>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/terminals/terminal_store.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;
using core::StrCat;

constexpr char kSuccessCode[] = "WKS.00000000";  // 4.15.6 example (L33402)

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// 4.15's errors carry error_detail (Tables 4-2179 ff.), unlike the shape chosen by operation ID.
template <core::StatusOr<Response> (*Handler)(Context&)>
core::StatusOr<Response> Detailed(Context& ctx) {
  core::StatusOr<Response> result = Handler(ctx);
  if (result.ok()) return result;
  return ErrorResponse(result.status(), ErrorShape::kWithDetail);
}

std::optional<std::string> Switch(BodyReader& r, std::string_view key, Need need) {
  std::optional<std::string> value = r.Str(key, need);
  if (!value) return std::nullopt;
  std::string upper = Upper(*value);
  if (upper != "ON" && upper != "OFF") {
    r.Fail(InvalidField(key, "The value can only be on or off."));
    return std::nullopt;
  }
  return upper;
}

// 4.15.1 GET /v2/{project_id}/terminals/binding-desktops/config
core::StatusOr<Response> GetConfig(Context& ctx) {
  return JsonResponse(200, ctx.state.Ext<TerminalStore>().config);
}

// 4.15.2 POST /v2/{project_id}/terminals/binding-desktops/config
core::StatusOr<Response> SetConfig(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> bind = Switch(r, "tc_bind_switch", Need::kRequired);
  std::optional<std::string> automatic = Switch(r, "tc_auto_bind_switch", Need::kOptional);
  std::optional<std::int64_t> max = r.Int("tc_auto_bind_max", Need::kOptional, 1);
  if (!r.ok()) return r.status();
  BindingSwitch& config = ctx.state.Ext<TerminalStore>().config;
  config.tc_bind_switch = *bind;
  if (automatic) config.tc_auto_bind_switch = *automatic;
  if (max) config.tc_auto_bind_max = *max;
  return EmptyResponse(200);
}

Json BindingJson(const TerminalBinding& b) {
  return {{"id", b.id},
          {"mac", b.mac},
          {"desktop_name", b.desktop_name},
          {"description", b.description}};
}

// 4.15.3 GET /v2/{project_id}/terminals/binding-desktops
core::StatusOr<Response> ListBindings(Context& ctx) {
  for (const char* key : {"offset", "limit"}) {
    if (!ctx.query.Get(key)) return InvalidField(key, "It is mandatory.");
  }
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, PageSpec{.no_range = true}));
  std::optional<std::string> name = ctx.query.Get("computer_name");
  std::optional<std::string> mac = ctx.query.Get("mac");
  std::optional<bool> count_only = QueryBool(ctx.query, "count_only");
  std::vector<TerminalBinding*> found =
      ctx.state.Ext<TerminalStore>().bindings.Select([&](const TerminalBinding& b) {
        return (!name || Fuzzy(b.desktop_name, *name)) && (!mac || Upper(b.mac) == Upper(*mac));
      });
  if (count_only.value_or(false)) return JsonResponse(200, {{"total_num", found.size()}});
  return PageResponse(found, page, "bind_list", "total_num",
                      [](const TerminalBinding* b) { return BindingJson(*b); });
}

// One item of 4.15.4, read and checked; `error` is empty for a good one.
struct NewBinding {
  std::int64_t line = 0;
  std::string mac, desktop_name, description, sid;
  std::string code = kSuccessCode, message = "success";
};

NewBinding CheckNewBinding(const Context& ctx, const Json& item, std::size_t index,
                           std::set<std::string>& macs) {
  NewBinding b;
  b.line = static_cast<std::int64_t>(index);
  auto fail = [&b](const char* code, std::string message) {
    if (b.code != kSuccessCode) return;
    b.code = code;
    b.message = std::move(message);
  };
  if (!item.is_object()) {
    fail("WKS.0001", "The item must be an object.");
    return b;
  }
  if (item.contains("line") && item["line"].is_number_integer()) b.line = item["line"];
  b.mac = item.value("mac", Json("")).is_string() ? item.value("mac", "") : "";
  b.desktop_name =
      item.value("desktop_name", Json("")).is_string() ? item.value("desktop_name", "") : "";
  b.description =
      item.value("description", Json("")).is_string() ? item.value("description", "") : "";
  std::optional<std::string> mac = CanonicalMac(b.mac);
  if (!mac) {
    fail("WKS.0001", "mac is invalid: it must be a MAC address such as AA-BB-CC-DD-EE-FF.");
  } else {
    b.mac = *mac;
    if (ctx.state.Ext<TerminalStore>().FindByMac(*mac)) {
      fail("SIM.0409", StrCat("The MAC address ", *mac, " is bound already."));
    } else if (!macs.insert(*mac).second) {
      fail("SIM.0409", StrCat("The MAC address ", *mac, " is listed twice."));
    }
  }
  if (b.desktop_name.empty()) {
    fail("WKS.0001", "desktop_name is invalid: it is mandatory.");
  } else if (const Desktop* d = ctx.state.desktops.FindByName(b.desktop_name)) {
    b.desktop_name = d->computer_name;
    b.sid = d->id;
  } else {
    fail("WKS.0418", "The desktop does not exist.");
  }
  return b;
}

// 4.15.4 POST /v2/{project_id}/terminals/binding-desktops
core::StatusOr<Response> AddBindings(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  const Json* list = r.Array("bind_list");
  if (!r.ok()) return r.status();
  std::vector<NewBinding> items;
  std::set<std::string> macs;
  bool bad = false;
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    items.push_back(CheckNewBinding(ctx, (*list)[i], i, macs));
    bad = bad || items.back().code != kSuccessCode;
  }
  if (bad) {
    Json results = Json::array();
    for (const NewBinding& b : items) {
      results.push_back({{"line", b.line},
                         {"mac", b.mac},
                         {"sid", b.sid},
                         {"desktop_name", b.desktop_name},
                         {"validation_result_code", b.code},
                         {"validation_result_msg", b.message},
                         {"description", b.description}});
    }
    // The message names the first bad item, for clients that read error_msg only.
    const NewBinding& first = *std::find_if(
        items.begin(), items.end(), [](const NewBinding& b) { return b.code != kSuccessCode; });
    Response response = ErrorResponse(
        InvalidField("bind_list", StrCat("line ", first.line, " (", first.mac, "): ", first.code,
                                         " ", first.message, " See bind_result_list.")),
        ErrorShape::kWithDetail);
    Json error = Json::parse(response.body);
    error["bind_result_list"] = std::move(results);
    return JsonResponse(400, error);
  }
  TerminalStore& store = ctx.state.Ext<TerminalStore>();
  for (NewBinding& b : items) {
    store.bindings.Add({ctx.state.NewHexId(), b.mac, b.desktop_name, b.description, b.sid});
  }
  return EmptyResponse(200);
}

// 4.15.5 PUT /v2/{project_id}/terminals/binding-desktops
core::StatusOr<Response> ModifyBinding(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string id = r.Str("id", Need::kRequired).value_or("");
  std::string mac_text = r.Str("mac", Need::kRequired).value_or("");
  std::string desktop_name = r.Str("desktop_name", Need::kRequired).value_or("");
  std::optional<std::string> description = r.Str("description");
  if (!r.ok()) return r.status();
  TerminalStore& store = ctx.state.Ext<TerminalStore>();
  TerminalBinding* binding = store.bindings.Find(id);
  if (!binding) return ResourceNotFoundInBody("terminal binding", id);
  std::optional<std::string> mac = CanonicalMac(mac_text);
  if (!mac) return InvalidField("mac", "It must be a MAC address such as AA-BB-CC-DD-EE-FF.");
  const TerminalBinding* other = store.FindByMac(*mac);
  if (other && other->id != id) return AlreadyExists("terminal binding", *mac);
  const Desktop* desktop = ctx.state.desktops.FindByName(desktop_name);
  if (!desktop) return ApiError(400, "WKS.0418", "The desktop does not exist.");
  binding->mac = *mac;
  binding->desktop_name = desktop->computer_name;
  binding->sid = desktop->id;
  if (description) binding->description = *description;
  return EmptyResponse(200);
}

// 4.15.6 POST /v2/{project_id}/terminals/binding-desktops/batch-delete
core::StatusOr<Response> DeleteBindings(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids = r.StrList("id_list").value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  TerminalStore& store = ctx.state.Ext<TerminalStore>();
  Json results = Json::array();
  for (const std::string& id : ids) {
    const bool removed = store.bindings.Remove(id);
    results.push_back(
        {{"id", id},
         {"delete_result_code", removed ? kSuccessCode : "WKS.0568"},
         {"delete_result_msg", removed ? "success"
                                       : "The resource does not exist or is a resource of "
                                         "another project."}});
  }
  return JsonResponse(200, {{"result_list", std::move(results)}});
}

// The switch as a control API object (PATCH /_sim/objects/terminal_binding_config/default):
// drift of the tenant's settings.
ObjectKind ConfigKind() {
  return {"terminal_binding_config",
          [](State& s, const std::string& method, const std::string&, const Json& body) {
            if (method != "PATCH") return ControlError(405, "the switch can only be patched");
            BindingSwitch& config = s.Ext<TerminalStore>().config;
            Json current = config;
            current.merge_patch(body);
            try {
              config = current.get<BindingSwitch>();
            } catch (const Json::exception& e) {
              return ControlError(400, e.what());
            }
            return JsonResponse(200, config);
          },
          [](State&, const Json&) { return ControlError(405, "the switch is one object"); }};
}

class Terminals final : public Resource {
 public:
  std::string_view name() const override { return "terminals"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"GET", "/v2/{project_id}/terminals/binding-desktops/config", "terminals.get_config",
         Detailed<GetConfig>},  // 4.15.1
        {"POST", "/v2/{project_id}/terminals/binding-desktops/config", "terminals.set_config",
         Detailed<SetConfig>},  // 4.15.2
        {"GET", "/v2/{project_id}/terminals/binding-desktops", "terminals.list",
         Detailed<ListBindings>},  // 4.15.3
        {"POST", "/v2/{project_id}/terminals/binding-desktops", "terminals.create",
         Detailed<AddBindings>},  // 4.15.4
        {"PUT", "/v2/{project_id}/terminals/binding-desktops", "terminals.modify",
         Detailed<ModifyBinding>},  // 4.15.5
        {"POST", "/v2/{project_id}/terminals/binding-desktops/batch-delete",
         "terminals.batch_delete", Detailed<DeleteBindings>},  // 4.15.6
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<TerminalStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {StoreKind<TerminalBinding>("terminal_bindings",
                                       [](State& s) -> OrderedStore<TerminalBinding>& {
                                         return s.Ext<TerminalStore>().bindings;
                                       }),
            ConfigKind()};
  }
};

}  // namespace

const Resource& TerminalsResource() {
  static const Terminals kTerminals;
  return kTerminals;
}

}  // namespace deskops::simulator
