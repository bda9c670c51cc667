#include "specs/site.h"

#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

const SchemaNode& SiteNameSchema() {
  // The reference gives AZ codes no rule; deskops takes what AZ codes look like (cn-north-7c,
  // az3.manage.x86): lower-case letters, digits, '-', '.' and '_', at most 64.
  static const SchemaNode schema =
      String(
          "The edge AZ the site serves (4.2.2 availability_zone, L2948; 4.2.1 "
          "availability_zone_id, L2782). A site takes no name of its own: the service names "
          "it after its edge site.")
          .Len(1, 64)
          .Pattern("[a-z0-9]([-a-z0-9._]*[a-z0-9])?",
                   "be an AZ code such as cn-north-7-ies-bj01: lower-case letters, digits, '-', "
                   "'.' and '_', starting and ending with a letter or digit");
  return schema;
}

namespace {

constexpr const char* kCidrPattern =
    "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    "/(3[0-2]|[12]?[0-9])";

SchemaNode MakeSiteSpecSchema() {
  return Struct(
      {
          Field("accessMode",
                String("How users reach the site: INTERNET, DEDICATED (Direct Connect) or "
                       "BOTH (4.2.2 access_config.access_mode, L2963, mandatory to add a site; "
                       "changed with 4.2.4, L3242). Write-only: 4.2.1 does not return it.")
                    .Enum({"INTERNET", "DEDICATED", "BOTH"})),
          Field("dedicatedCidrs",
                ArrayOf(String("A CIDR block such as 192.168.0.0/24.")
                            .Pattern(kCidrPattern, "be a CIDR block such as 192.168.0.0/24"),
                        "CIDR blocks of Direct Connect access, at most 5 (dedicated_cidrs, "
                        "L2964, L3246; sent joined with ';'). Write-only: 4.2.1 does not "
                        "return it.")
                    .Items(1, 5)),
          Field("vpcId", IdSchema("The VPC the site is added in (4.2.2 network_config.vpc_id, "
                                  "L2956; the central site's VPC when left out). Cannot change: "
                                  "4.2.5 changes subnets only. Write-only.")),
          Field("subnetIds",
                ArrayOf(IdSchema("A subnet of the site's VPC."),
                        "The site's service subnets (4.2.2 network_config.subnet_ids, L2957; "
                        "changed with 4.2.5 subnet_ids, L3402). Write-only.")
                    .MinItems(1)
                    .Unique()),
      },
      "A Workspace edge site (4.2.2).");
}

}  // namespace

const SchemaNode& SiteSpecSchema() {
  static const SchemaNode schema = MakeSiteSpecSchema();
  return schema;
}

SiteSpec DecodeSite(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  SiteSpec s;
  s.access_mode = f.StrOr("accessMode", "");
  s.vpc_id = f.Str("vpcId");
  if (f.Has("subnetIds")) s.subnet_ids = f.StrList("subnetIds");
  if (const Value* cidrs = f.Get("dedicatedCidrs")) {
    s.dedicated_cidrs = f.StrList("dedicatedCidrs");
    // Not a schema uniqueItems: the API keeps the list as one text (L2964), so it has no items to
    // tell apart; a repeat is still an error.
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.dedicated_cidrs->size() && i < cidrs->items.size(); ++i) {
      if (!seen.insert((*s.dedicated_cidrs)[i]).second) {
        ctx.Error(cidrs->items[i].mark, StrCat("spec.dedicatedCidrs[", i, "]"),
                  StrCat(Quote((*s.dedicated_cidrs)[i]), " is listed twice"));
      }
    }
  }
  return s;
}

const KindInfo& SiteKind() {
  static const KindInfo kind{"Site",
                             "sites",
                             "A Workspace edge site, named by its AZ (4.2.1-4.2.5).",
                             false,
                             SiteNameSchema,
                             SiteSpecSchema,
                             DecodeAs<SiteSpec, DecodeSite>,
                             {"4.2.1-4.2.5"},
                             {"site"}};
  return kind;
}

}  // namespace deskops::specs
