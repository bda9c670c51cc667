#include "specs/desktop_pool.h"

#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

const SchemaNode& DesktopPoolNameSchema() {
  static const SchemaNode schema = PoolNameSchema();
  return schema;
}

namespace {

SchemaNode AuthorizedObjectSchema() {
  return Struct(
      {
          Field("objectType", String("USER or USER_GROUP (L11618).").Enum({"USER", "USER_GROUP"}))
              .Required(),
          Field("objectName", String("Name of the User or UserGroup.").MinLen(1)).Required(),
          Field("userGroup", PrivilegeGroupSchema()).Required(),
      },
      "A user or user group allowed to use the pool's desktops (4.4.14).");
}

SchemaNode MakeDesktopPoolSpecSchema() {
  return Struct(
      {
          Field("type", String("DYNAMIC or STATIC (L11569). Cannot change after creation.")
                            .Enum({"DYNAMIC", "STATIC"}))
              .Required(),
          Field("size", Integer("Number of desktops in the pool (L11575); grown with 4.4.6, "
                                "never shrunk by deskops.")
                            .Min(0))
              .Required(),
          Field("description", String("Pool description.")),
          Field("availabilityZone", IdSchema("AZ (L11577); editable unless it is an edge AZ.")),
          Field("productId", IdSchema("Package ID; changing it resizes the pool (4.4.7)."))
              .Required(),
          Field("flavorId", IdSchema("Specification ID; mandatory in an edge AZ (L11579).")),
          Field("imageType", String("private (default) or gold.")
                                 .Enum({"private", "gold"})
                                 .Default("\"private\"")),
          Field("imageId", IdSchema("Image ID; changing it rebuilds the pool's desktops (4.4.8)."))
              .Required(),
          // 4.4.1 states no size range for pool disks (L11605); the desktops the pool creates are
          // subject to the desktop rules (L5102), so we apply those.
          Field("rootVolume", VolumeSchema(80, {"SAS", "SSD"}).Doc("System disk (L11582)."))
              .Required(),
          Field("dataVolumes", DataVolumesSchema(10, {"SAS", "SSD"}, 10,
                                                 "Data disks, each named (L11583), at most 10.")),
          Field("vpcId", IdSchema("VPC ID (L11584). Cannot change.")),
          Field("subnetIds", ArrayOf(IdSchema("Subnet ID."), "Subnets (L11585). Cannot change.")
                                 .MinItems(1)
                                 .Unique())
              .Required(),
          Field("securityGroups",
                ArrayOf(Struct({Field("id", IdSchema("Security group ID.")).Required()}),
                        "Security groups (L11586). Cannot change.")
                    .Unique("id")),
          Field("authorizedObjects", ArrayOf(AuthorizedObjectSchema(),
                                             "Users and groups authorised to use the pool. The "
                                             "list is exact: others are removed.")),
          Field("ouName", String("AD organisational unit (L11588): a declared or existing OU; "
                                 "write-only.")
                              .MinLen(1))
              .Ref("OU"),
          Field("tags", TagsSchema(kMaxDesktopTags).Doc("Pool tags (L11592); write-only.")),
          Field("enterpriseProjectId", IdSchema("Enterprise project ID. Cannot change.")),
          Field(
              "disconnectedRetentionPeriod",
              Integer("Minutes a disconnected user stays bound to a dynamic pool desktop.").Min(0)),
          Field("enableAutoscale", Boolean("Enable auto scaling.")),
          Field("autoscalePolicy",
                Struct({
                    Field("autoscaleType", String("ACCESS_CREATED or AUTO_CREATED (L11635).")
                                               .Enum({"ACCESS_CREATED", "AUTO_CREATED"})),
                    Field("maxAutoCreated",
                          Integer("Most desktops that may be created automatically.").Min(0)),
                    Field("minIdle",
                          Integer("Create desktops when fewer than this are idle.").Min(0)),
                    Field("onceAutoCreated", Integer("Desktops created at a time.").Min(0)),
                })),
          Field("desktopNamePolicy", NamePolicyNameSchema().Doc("Name of a DesktopNamePolicy."))
              .Wire("desktop_name_policy_id")
              .Ref("DesktopNamePolicy"),
          Field("maintenanceMode", Boolean("Administrator maintenance mode; not managed when "
                                           "unset."))
              .Wire("in_maintenance_mode"),
          Field("powerState",
                PowerStateSchema("Desired power state of the pool's desktops (4.4.12); not "
                                 "managed when unset."))
              .NoWire(),
      },
      "A desktop pool (4.4.1).");
}

std::vector<NamedObject> DecodeAuthorizedObjects(const Fields& f, const DecodeContext& ctx) {
  std::vector<NamedObject> out;
  std::set<std::pair<std::string, std::string>> seen;
  std::size_t i = 0;
  for (const Fields& o : f.List("authorizedObjects")) {
    NamedObject obj{o.StrOr("objectType", ""), o.StrOr("objectName", ""), o.StrOr("userGroup", "")};
    const std::string path = StrCat("spec.authorizedObjects[", i++, "]");
    if (!seen.emplace(obj.type, obj.name).second) {
      ctx.Error(o.MarkOf("objectName"), path + ".objectName",
                StrCat(obj.type, " ", Quote(obj.name), " is authorised twice"));
    }
    ctx.AddRef(obj.type == "USER" ? "User" : "UserGroup", obj.name, path + ".objectName",
               o.MarkOf("objectName"));
    out.push_back(std::move(obj));
  }
  return out;
}

}  // namespace

const SchemaNode& DesktopPoolSpecSchema() {
  static const SchemaNode schema = MakeDesktopPoolSpecSchema();
  return schema;
}

DesktopPoolSpec DecodeDesktopPool(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  DesktopPoolSpec p;
  p.type = f.StrOr("type", "");
  p.size = f.Int("size").value_or(0);
  p.description = f.Str("description");
  p.availability_zone = f.Str("availabilityZone");
  p.product_id = f.StrOr("productId", "");
  p.flavor_id = f.Str("flavorId");
  p.image_type = f.StrOr("imageType", "private");
  p.image_id = f.StrOr("imageId", "");
  p.root_volume = f.Vol("rootVolume").value_or(Volume{});
  p.data_volumes = f.Vols("dataVolumes");
  p.vpc_id = f.Str("vpcId");
  p.subnet_ids = f.StrList("subnetIds");
  for (const Fields& sg : f.List("securityGroups"))
    p.security_group_ids.push_back(sg.StrOr("id", ""));
  if (f.Has("authorizedObjects")) p.authorized_objects = DecodeAuthorizedObjects(f, ctx);
  p.ou_name = f.Str("ouName");
  ctx.AddRef("OU", p.ou_name, "spec.ouName", f.MarkOf("ouName"));
  if (f.Has("tags")) p.tags = f.StrMap("tags");
  p.enterprise_project_id = f.Str("enterpriseProjectId");
  p.disconnected_retention_period = f.Int("disconnectedRetentionPeriod");
  p.enable_autoscale = f.Bool("enableAutoscale");
  if (Fields a = f.Sub("autoscalePolicy"); a.value()) {
    p.autoscale_policy = DesktopPoolSpec::Autoscale{a.Str("autoscaleType"), a.Int("maxAutoCreated"),
                                                    a.Int("minIdle"), a.Int("onceAutoCreated")};
  }
  p.desktop_name_policy = f.Str("desktopNamePolicy");
  p.maintenance_mode = f.Bool("maintenanceMode");
  if (auto s = f.Str("powerState")) p.power_state = ParsePowerState(*s);

  if (p.disconnected_retention_period && p.type == "STATIC") {
    ctx.Warning(f.MarkOf("disconnectedRetentionPeriod"), "spec.disconnectedRetentionPeriod",
                "only applies to DYNAMIC pools (L11594)");
  }
  ctx.AddRef("DesktopNamePolicy", p.desktop_name_policy, "spec.desktopNamePolicy",
             f.MarkOf("desktopNamePolicy"));
  return p;
}

const KindInfo& DesktopPoolKind() {
  static const KindInfo kind{"DesktopPool",
                             "desktoppools",
                             "A desktop pool and who may use it (4.4).",
                             false,
                             DesktopPoolNameSchema,
                             DesktopPoolSpecSchema,
                             DecodeAs<DesktopPoolSpec, DecodeDesktopPool>,
                             {"4.4"},
                             {"pools", "pool"}};
  return kind;
}

}  // namespace deskops::specs
