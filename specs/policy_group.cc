#include "specs/policy_group.h"

#include <regex>
#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

const SchemaNode& PolicyGroupNameSchema() {
  // L23149: "a maximum of 255 characters, including digits, letters, and underscores (_)".
  static const SchemaNode schema =
      String("Policy group name, unique in the tenant.")
          .Len(1, 255)
          .Pattern("[A-Za-z0-9_]+", "contain only letters, digits and underscores");
  return schema;
}

std::string_view TargetRefKind(std::string_view type) {
  if (type == "INSTANCE") return "Desktop";
  if (type == "USER") return "User";
  if (type == "USERGROUP") return "UserGroup";
  if (type == "DESKTOPPOOL") return "DesktopPool";
  if (type == "OU") return "OU";  // target_id: OU IDs, target_name: OU names (L23165)
  return "";
}

namespace {

SchemaNode TargetSchema() {
  // L23165. The 4.14.8 response spells DESKTOPPOOL as DESKTOPSPOOL (L29294); readers accept both,
  // manifests use the request spelling.
  return Struct(
      {
          Field("targetType", String("INSTANCE (a Desktop), USER, USERGROUP, DESKTOPPOOL, "
                                     "CLIENTIP (a client IP address), OU, or ALL (every "
                                     "desktop).")
                                  .Enum({"INSTANCE", "USER", "USERGROUP", "CLIENTIP", "OU",
                                         "DESKTOPPOOL", "ALL"}))
              .Required(),
          Field("targetName", String("Name of the object, or the client IP; omitted for ALL. "
                                     "At most 55 characters (L23162).")
                                  .Len(1, 55)),
      },
      "An object the policy group applies to.");
}

SchemaNode MakePolicyGroupSpecSchema() {
  return Struct(
      {
          Field("priority", Integer("Priority (L23150); the API documents no range.")),
          Field("description", DescriptionSchema(255, "Description, at most 255 characters.")),
          Field("targets", ArrayOf(TargetSchema(),
                                   "Objects the policies apply to; exact when "
                                   "set.")),
          Field("policies", PoliciesSchema()),
      },
      "A policy group (4.14.2).");
}

std::vector<PolicyTarget> DecodeTargets(const Fields& f, const DecodeContext& ctx) {
  static const std::regex kIpv4(
      "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-"
      "9])");
  std::vector<PolicyTarget> out;
  std::set<std::pair<std::string, std::string>> seen;
  std::size_t i = 0;
  for (const Fields& t : f.List("targets")) {
    const std::string path = StrCat("spec.targets[", i++, "]");
    PolicyTarget target{t.StrOr("targetType", ""), t.StrOr("targetName", "")};
    if (target.type == "ALL" && !target.name.empty()) {
      ctx.Error(t.MarkOf("targetName"), path + ".targetName",
                "must be omitted for targetType ALL (the API names it All-Targets)");
    } else if (target.type != "ALL" && target.name.empty()) {
      ctx.Error(t.MarkOf("targetType"), path + ".targetName",
                StrCat("is required for targetType ", target.type));
    } else if (target.type == "CLIENTIP" && !std::regex_match(target.name, kIpv4)) {
      ctx.Error(
          t.MarkOf("targetName"), path + ".targetName",
          StrCat("must be an IPv4 address for targetType CLIENTIP; got ", Quote(target.name)));
    }
    if (!seen.emplace(target.type, core::ToLower(target.name)).second) {
      ctx.Error(t.MarkOf("targetName"), path,
                StrCat("duplicate target ", target.type, " ", Quote(target.name)));
    }
    std::string_view ref = TargetRefKind(target.type);
    if (!ref.empty()) {
      ctx.AddRef(std::string(ref), target.name, path + ".targetName", t.MarkOf("targetName"));
    }
    out.push_back(std::move(target));
  }
  return out;
}

}  // namespace

const SchemaNode& PolicyGroupSpecSchema() {
  static const SchemaNode schema = MakePolicyGroupSpecSchema();
  return schema;
}

PolicyGroupSpec DecodePolicyGroup(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  PolicyGroupSpec g;
  g.priority = f.Int("priority");
  g.description = f.Str("description");
  if (f.Has("targets")) g.targets = DecodeTargets(f, ctx);
  if (const Value* p = f.Get("policies")) g.policies = FlattenPolicies(*p);
  return g;
}

const KindInfo& PolicyGroupKind() {
  static const KindInfo kind{"PolicyGroup",
                             "policygroups",
                             "A policy group: policies and the objects they apply to (4.14).",
                             false,
                             PolicyGroupNameSchema,
                             PolicyGroupSpecSchema,
                             DecodeAs<PolicyGroupSpec, DecodePolicyGroup>,
                             {"4.14.1-4.14.11"}};
  return kind;
}

}  // namespace deskops::specs
