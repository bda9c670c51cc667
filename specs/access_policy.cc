#include "specs/access_policy.h"

#include <charconv>
#include <cstdint>
#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

const SchemaNode& AccessPolicyNameSchema() {
  // 4.14.12 states no rule for policy_name (L31940).
  static const SchemaNode schema = String("Access policy name, unique in the tenant.").MinLen(1);
  return schema;
}

namespace {

SchemaNode MakeAccessPolicySpecSchema() {
  return Struct(
      {
          Field("blacklistType", String("Blacklist type; only INTERNET exists (L31941). Cannot "
                                        "change.")
                                     .Enum({"INTERNET"})
                                     .Default("\"INTERNET\"")),
          Field("accessControlType", String("ACCESS_TYPE (default) or IP_WHITE_LIST (L31942). "
                                            "Cannot change.")
                                         .Enum({"ACCESS_TYPE", "IP_WHITE_LIST"})
                                         .Default("\"ACCESS_TYPE\"")),
          Field("ipList", ArrayOf(Struct({
                                      Field("ipAddress", Ipv4Schema("IP address.")).Required(),
                                      Field("subnetMask", Ipv4Schema("Subnet mask, e.g. "
                                                                     "255.255.255.0."))
                                          .Required(),
                                  }),
                                  "Whitelisted addresses (ip_list; ip_white_list on update).")),
          Field("isEnable", Boolean("The whitelist takes effect (L31944).")),
          Field("isBlockAll", Boolean("The whitelist blocks every address (L31945); needs "
                                      "isEnable.")),
          Field("policyObjectsList",
                ArrayOf(Struct({
                            Field("objectType",
                                  String("USER or USERGROUP (L31959).").Enum({"USER", "USERGROUP"}))
                                .Required(),
                            Field("objectName", String("User or group name.").MinLen(1)).Required(),
                        }),
                        "Users and groups the policy applies to; exact when set.")),
      },
      "An access policy (4.14.12).");
}

// Whether `mask` is a dotted IPv4 netmask (ones followed by zeros). Text that is not an IPv4
// address at all passes here: the schema's pattern reports it.
bool IsContiguousMask(const std::string& mask) {
  std::uint32_t bits = 0;
  std::vector<std::string> octets = core::Split(mask, '.');
  if (octets.size() != 4) return true;
  for (const std::string& octet : octets) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(octet.data(), octet.data() + octet.size(), value);
    if (ec != std::errc() || ptr != octet.data() + octet.size() || value > 255) return true;
    bits = (bits << 8) | value;
  }
  std::uint32_t inverted = ~bits;
  return (inverted & (inverted + 1)) == 0;
}

}  // namespace

const SchemaNode& AccessPolicySpecSchema() {
  static const SchemaNode schema = MakeAccessPolicySpecSchema();
  return schema;
}

AccessPolicySpec DecodeAccessPolicy(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  AccessPolicySpec a;
  a.blacklist_type = f.StrOr("blacklistType", "INTERNET");
  a.access_control_type = f.StrOr("accessControlType", "ACCESS_TYPE");
  a.is_enable = f.Bool("isEnable");
  a.is_block_all = f.Bool("isBlockAll");
  if (f.Has("ipList")) {
    a.ip_list.emplace();
    std::size_t i = 0;
    for (const Fields& ip : f.List("ipList")) {
      IpRange r{ip.StrOr("ipAddress", ""), ip.StrOr("subnetMask", "")};
      if (!IsContiguousMask(r.subnet_mask)) {
        ctx.Error(ip.MarkOf("subnetMask"), StrCat("spec.ipList[", i, "].subnetMask"),
                  StrCat("is not a subnet mask (ones followed by zeros): ", Quote(r.subnet_mask)));
      }
      ++i;
      a.ip_list->push_back(std::move(r));
    }
  }
  if (f.Has("policyObjectsList")) {
    a.objects.emplace();
    std::set<std::pair<std::string, std::string>> seen;
    std::size_t i = 0;
    for (const Fields& o : f.List("policyObjectsList")) {
      NamedObject obj{o.StrOr("objectType", ""), o.StrOr("objectName", ""), ""};
      const std::string path = StrCat("spec.policyObjectsList[", i++, "].objectName");
      if (!seen.emplace(obj.type, obj.name).second) {
        ctx.Error(o.MarkOf("objectName"), path,
                  StrCat(obj.type, " ", Quote(obj.name), " is listed twice"));
      }
      ctx.AddRef(obj.type == "USER" ? "User" : "UserGroup", obj.name, path, o.MarkOf("objectName"));
      a.objects->push_back(std::move(obj));
    }
  }
  // L31945: "If is_enable is set to false, this value cannot be changed."
  if (a.is_enable == false && a.is_block_all) {
    ctx.Error(f.MarkOf("isBlockAll"), "spec.isBlockAll",
              "cannot be set while isEnable is false (L31945)");
  }
  return a;
}

const KindInfo& AccessPolicyKind() {
  static const KindInfo kind{"AccessPolicy",
                             "accesspolicies",
                             "An access policy: IP whitelist and its users and groups (4.14.12).",
                             false,
                             AccessPolicyNameSchema,
                             AccessPolicySpecSchema,
                             DecodeAs<AccessPolicySpec, DecodeAccessPolicy>,
                             {"4.14.12-4.14.17"}};
  return kind;
}

}  // namespace deskops::specs
