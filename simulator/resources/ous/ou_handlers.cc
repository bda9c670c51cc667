// OUs, 4.10.1-4.10.5 (L19479-20147): list, add, delete and update the OUs registered with
// Workspace, and list the OUs of the AD domain. The first family on the seam (resource.h): its
// state is an OuStore (ou_store.h), its operations and control API kind are below.
//
// Where the reference is silent:
// - Lengths: 4.10.2 and 4.10.4 give no limits (L19658-19663, L19910-19915); the API Explorer's
//   definitions of AddOu and UpdateOuInfo allow at most 255 characters for domain, ou_name and
//   description, and so does the simulator.
// - ou_name is the name of one OU in AD (console: "Enter the OU name on the AD server"), from which
//   the simulator derives ou_dn (OU=<ou_name>,DC=...). A distinguished name or a name with the
//   characters a DN must escape (, + " \ < > ; =), control characters, a leading '#' or leading or
//   trailing spaces is 400 WKS.0001.
// - domain must be a DNS name. The simulator configures no AD domain (4.1), so any is accepted.
// - Duplicates: an OU name already registered in the domain (compared without case, as AD does)
//   has no documented code; 409 SIM.0409 as for other kinds (api_error.h AlreadyExists).
// - Unknown ou_id in the path: 404 WKS.00010031, as for every other kind.
// - 4.10.4 without description keeps the old one; its optional `id` (L19913) must be the path's.
// - 4.10.5 lists the AD's OUs: the seed's, plus every OU ever registered (an OU "must be created in
//   the AD in advance", L11588), renamed with it by 4.10.4, and left in AD by 4.10.3.
#include <cctype>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/ous/ou_store.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxLength = 255;

core::Status ValidateOuName(std::string_view name) {
  bool bad = name.empty() || name.front() == ' ' || name.back() == ' ' || name.front() == '#';
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 ||
        std::string_view(",+\"\\<>;=").find(c) != std::string_view::npos) {
      bad = true;
    }
  }
  if (!bad) return core::Status::Ok();
  return InvalidField("ou_name",
                      "It is the name of one OU, not a distinguished name: no , + \" \\ < > ; =, "
                      "no control characters, no leading '#' or spaces.");
}

core::Status ValidateDomain(std::string_view domain) {
  for (const std::string& label : core::Split(domain, '.')) {
    bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-';
    for (char c : label) {
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
    }
    if (!ok) return InvalidField("domain", "It must be a domain name such as example.com.");
  }
  return core::Status::Ok();
}

core::StatusOr<Ou*> PathOu(Context& ctx) {
  Ou* ou = ctx.state.Ext<OuStore>().ous.Find(ctx.Param("ou_id"));
  if (!ou) return PathNotFound("OU", ctx.Param("ou_id"));
  return ou;
}

core::Status CheckUnique(const OuStore& store, std::string_view domain, std::string_view name,
                         std::string_view self) {
  const Ou* other = store.FindByName(domain, name);
  if (other && other->id != self) return AlreadyExists("OU", name);
  return core::Status::Ok();
}

Json OuJson(const Ou& ou) {
  return {{"id", ou.id},           {"domain_id", ou.domain_id}, {"domain", ou.domain},
          {"ou_name", ou.ou_name}, {"ou_dn", ou.ou_dn},         {"description", ou.description}};
}

// 4.10.1 and 4.10.5 limit: "If this parameter is not specified, all ... are returned" (L19504,
// L20033); no documented maximum, so the 1000 of WKS.0509 (L50603).
constexpr PageSpec kOuPages = {.max_limit = 1000, .all_by_default = true};

core::StatusOr<Response> ListOus(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, kOuPages));
  std::optional<std::string> name = ctx.query.Get("ou_name");  // fuzzy, as the console filters
  std::vector<Ou*> ous = ctx.state.Ext<OuStore>().ous.Select(
      [&](const Ou& ou) { return !name || Fuzzy(ou.ou_name, *name); });
  return PageResponse(ous, page, "ous", "total_count", [](const Ou* ou) { return OuJson(*ou); });
}

core::StatusOr<Response> CreateOu(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  Ou ou;
  ou.domain = r.Str("domain", Need::kRequired, kMaxLength).value_or("");
  ou.ou_name = r.Str("ou_name", Need::kRequired, kMaxLength).value_or("");
  ou.description = r.Str("description", Need::kOptional, kMaxLength).value_or("");
  if (!r.ok()) return r.status();
  DESKOPS_RETURN_IF_ERROR(ValidateDomain(ou.domain));
  DESKOPS_RETURN_IF_ERROR(ValidateOuName(ou.ou_name));
  OuStore& store = ctx.state.Ext<OuStore>();
  DESKOPS_RETURN_IF_ERROR(CheckUnique(store, ou.domain, ou.ou_name, ""));
  ou.id = ctx.state.NewHexId();
  ou.domain_id = ou.domain;
  ou.ou_dn = OuDistinguishedName(ou.ou_name, ou.domain);
  store.NoteInAd({ou.ou_name, ou.ou_dn});
  return JsonResponse(200, {{"id", store.ous.Add(std::move(ou))->id}});  // 200 {id} (L19671)
}

core::StatusOr<Response> DeleteOu(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Ou * ou, PathOu(ctx));
  ctx.state.Ext<OuStore>().ous.Remove(ou->id);
  return EmptyResponse(204);  // L19791
}

core::StatusOr<Response> UpdateOu(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Ou * ou, PathOu(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> id = r.Str("id");
  std::string name = r.Str("ou_name", Need::kRequired, kMaxLength).value_or("");
  std::optional<std::string> description = r.Str("description", Need::kOptional, kMaxLength);
  if (!r.ok()) return r.status();
  if (id && *id != ou->id) return InvalidField("id", "It must be the OU ID of the path.");
  DESKOPS_RETURN_IF_ERROR(ValidateOuName(name));
  OuStore& store = ctx.state.Ext<OuStore>();
  DESKOPS_RETURN_IF_ERROR(CheckUnique(store, ou->domain, name, ou->id));
  std::string old_dn = ou->ou_dn;
  ou->ou_name = name;
  ou->ou_dn = OuDistinguishedName(name, ou->domain);
  if (description) ou->description = *description;
  store.NoteInAd({ou->ou_name, ou->ou_dn}, old_dn);
  return EmptyResponse(200);  // 200 without a body (L19923)
}

core::StatusOr<Response> ListAdOus(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, kOuPages));
  const std::vector<AdOu>& ous = ctx.state.Ext<OuStore>().ad_ous;
  return PageResponse(ous, page, "ou_infos", "total_count", [](const AdOu& ou) -> Json {
    return {{"ou_name", ou.ou_name}, {"ou_dn", ou.ou_dn}};
  });
}

class OuResource final : public Resource {
 public:
  std::string_view name() const override { return "ous"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"GET", "/v2/{project_id}/ous", "ous.list", ListOus},                // 4.10.1
        {"POST", "/v2/{project_id}/ous", "ous.create", CreateOu},            // 4.10.2
        {"DELETE", "/v2/{project_id}/ous/{ou_id}", "ous.delete", DeleteOu},  // 4.10.3
        {"PUT", "/v2/{project_id}/ous/{ou_id}", "ous.update", UpdateOu},     // 4.10.4
        {"GET", "/v2/{project_id}/ad-ous", "ous.list_ad", ListAdOus},        // 4.10.5
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override { return std::make_unique<OuStore>(); }
  std::vector<ObjectKind> object_kinds() const override {
    return {
        StoreKind<Ou>("ous", [](State& s) -> OrderedStore<Ou>& { return s.Ext<OuStore>().ous; })};
  }
};

}  // namespace

const Resource& OusResource() {
  static const OuResource kOus;
  return kOus;
}

}  // namespace deskops::simulator
