#include "specs/desktop.h"

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

const SchemaNode& DesktopNameSchema() {
  static const SchemaNode schema = ComputerNameSchema();
  return schema;
}

namespace {

SchemaNode MakeDesktopSpecSchema() {
  return Struct(
      {
          Field("desktopType", String("DEDICATED: one user's desktop; SHARED: shared by several "
                                      "users (L5069). Cannot change after creation.")
                                   .Enum({"DEDICATED", "SHARED"})
                                   .Default("\"DEDICATED\"")),
          Field("availabilityZone",
                IdSchema("AZ to create the desktop in; the default AZ when unset. Cannot change.")),
          Field("productId", IdSchema("Package (product) ID; changing it resizes the desktop, "
                                      "which stops it first (4.3.10)."))
              .Required(),
          // L5072: "The default value is private" although printed Mandatory=Yes; we accept both
          // and send the default.
          Field("imageType", String("private (default) or gold (public image).")
                                 .Enum({"private", "gold"})
                                 .Default("\"private\"")),
          Field("imageId", IdSchema("Image ID. Changing it rebuilds the system disk (4.3.11), "
                                    "which loses the data on it."))
              .Required(),
          Field("rootVolume", VolumeSchema(80, {"SAS", "SSD", "GPSSD"})
                                  .Doc("System disk: 80-32760 GB in multiples of 10 (L5102)."))
              .Required(),
          Field("dataVolumes",
                DataVolumesSchema(10, {"SAS", "SSD", "GPSSD"}, 10,
                                  "Data disks, each named: at most 10 (L20333), 10-32760 GB "
                                  "each.")),
          // 4.3.1 takes a list of NICs, but a desktop reads back one subnet_id (L5877) and 4.3.23
          // moves it to one subnet: deskops could neither compare nor change a second NIC, so it
          // refuses one rather than drop it after the create.
          Field("nics", ArrayOf(Struct({Field("subnetId", IdSchema("Subnet ID.")).Required()}),
                                "The desktop's NIC (at most one: deskops manages one subnet per "
                                "desktop); the default NIC when unset.")
                            .Items(0, 1)
                            .Unique("subnetId")),
          Field("vpcId", IdSchema("VPC of the subnet; needed to move the desktop to another "
                                  "subnet (4.3.23)."))
              .NoWire(),
          Field("securityGroups",
                ArrayOf(Struct({Field("id", IdSchema("Security group ID.")).Required()}),
                        "Security groups; the desktop agent's when unset.")
                    .Unique("id")),
          Field("desktopIp", Ipv4Schema("Fixed private IP address (desktop_ips[], L5083)."))
              .Wire("desktop_ips"),
          Field("userName", UserNameSchema().Doc("The user the desktop is assigned to (a User)."))
              .Ref("User"),
          Field("userEmail", EmailSchema("E-mail the user is notified at when the desktop is "
                                         "created; not readable back.")),
          Field("userPhone", String("Mobile number of the user; not readable back.").MinLen(1)),
          Field("userGroup", PrivilegeGroupSchema()),
          Field("osHostName",
                String("Computer name inside the OS (L5128). Cannot change.").MinLen(1)),
          Field("desktopNamePolicy",
                NamePolicyNameSchema().Doc("Name of a DesktopNamePolicy (desktop_name_policy_id, "
                                           "L5093)."))
              .Wire("desktop_name_policy_id")
              .Ref("DesktopNamePolicy"),
          Field("emailNotification",
                Boolean("Notify the user by e-mail after creation (default true).")),
          Field("enterpriseProjectId", IdSchema("Enterprise project ID (default \"0\"). Cannot "
                                                "change.")),
          Field("tags", TagsSchema(kMaxUserDesktopTags)
                            .Doc("Desktop tags. At most 9: the API allows 10 per desktop and "
                                 "deskops uses one to mark ownership.")),
          Field("applySharedVpcDedicatedParam",
                Struct({
                    Field("address", String("Shared VPC Direct Connect address.").MinLen(1)),
                    Field("port", Integer("Its port.").Range(1, 65535)),
                    Field("availabilityZone",
                          ArrayOf(IdSchema("AZ."), "AZs for the service resources.")),
                })),
          Field("eip",
                Struct(
                    {
                        Field("id", IdSchema("ID of an existing EIP to bind.")),
                        Field("type", String("5_bgp (dynamic BGP) or 5_sbgp (static BGP).")
                                          .Enum({"5_bgp", "5_sbgp"})),
                        Field("chargeMode",
                              String("TRAFFIC or BANDWIDTH.").Enum({"TRAFFIC", "BANDWIDTH"})),
                        Field("bandwidthSize", Integer("Bandwidth size.").Min(1)),
                    },
                    "EIP to create or bind (L5092).")),
          Field("hourPackageProductId", IdSchema("Hourly package ID.")),
          Field("hourPackageOfferingId", IdSchema("Hourly package offering ID.")),
          Field("selfBackupManagement",
                Boolean("Enable the snapshot function (4.3.3 self_backup_management).")),
          Field("powerState", PowerStateSchema("Desired power state; not managed when unset."))
              .NoWire(),
          Field("maintenanceMode",
                Boolean("Administrator maintenance mode (4.3.27); not managed when unset."))
              .Wire("in_maintenance_mode"),
      },
      "A cloud desktop (4.3.1).");
}

}  // namespace

const SchemaNode& DesktopSpecSchema() {
  static const SchemaNode schema = MakeDesktopSpecSchema();
  return schema;
}

DesktopSpec DecodeDesktop(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  DesktopSpec d;
  d.desktop_type = f.StrOr("desktopType", "DEDICATED");
  d.availability_zone = f.Str("availabilityZone");
  d.product_id = f.StrOr("productId", "");
  d.image_type = f.StrOr("imageType", "private");
  d.image_id = f.StrOr("imageId", "");
  d.root_volume = f.Vol("rootVolume").value_or(Volume{});
  d.data_volumes = f.Vols("dataVolumes");
  for (const Fields& nic : f.List("nics")) d.subnet_ids.push_back(nic.StrOr("subnetId", ""));
  d.vpc_id = f.Str("vpcId");
  for (const Fields& sg : f.List("securityGroups"))
    d.security_group_ids.push_back(sg.StrOr("id", ""));
  d.desktop_ip = f.Str("desktopIp");
  d.user_name = f.Str("userName");
  d.user_email = f.Str("userEmail");
  d.user_phone = f.Str("userPhone");
  d.user_group = f.Str("userGroup");
  d.os_host_name = f.Str("osHostName");
  d.desktop_name_policy = f.Str("desktopNamePolicy");
  d.email_notification = f.Bool("emailNotification");
  d.enterprise_project_id = f.Str("enterpriseProjectId");
  if (f.Has("tags")) d.tags = f.StrMap("tags");
  if (Fields e = f.Sub("eip"); e.value()) {
    d.eip =
        DesktopSpec::Eip{e.Str("id"), e.Str("type"), e.Str("chargeMode"), e.Int("bandwidthSize")};
  }
  if (Fields v = f.Sub("applySharedVpcDedicatedParam"); v.value()) {
    d.shared_vpc =
        DesktopSpec::SharedVpc{v.Str("address"), v.Int("port"), v.StrList("availabilityZone")};
  }
  d.hour_package_product_id = f.Str("hourPackageProductId");
  d.hour_package_offering_id = f.Str("hourPackageOfferingId");
  d.self_backup_management = f.Bool("selfBackupManagement");
  if (auto p = f.Str("powerState")) d.power_state = ParsePowerState(*p);
  d.maintenance_mode = f.Bool("maintenanceMode");

  // Rules that span fields.
  if (!d.user_name) {
    for (const char* key : {"userEmail", "userPhone", "userGroup"}) {
      if (f.Has(key)) {
        ctx.Error(f.MarkOf(key), StrCat("spec.", key),
                  "only applies to an assigned desktop; set spec.userName as well");
      }
    }
    // An unassigned desktop is created with size and desktop_name (L5084), which carry no OS host
    // name: only a desktops[] item does, and it needs a user (L5120).
    if (f.Has("osHostName")) {
      ctx.Error(f.MarkOf("osHostName"), "spec.osHostName",
                "only applies to an assigned desktop (4.3.1 sets the OS host name per user, "
                "L5128); set spec.userName as well, or leave it out");
    }
  } else if (core::EqualsIgnoreCase(*d.user_name, ctx.meta.name)) {
    // L5370: "The username cannot be the same as the desktop name."
    ctx.Error(f.MarkOf("userName"), "spec.userName",
              StrCat("must differ from the desktop's name ", Quote(ctx.meta.name),
                     " (the API rejects a user named like the desktop)"));
  }
  if (d.desktop_name_policy) {
    // 4.3.1 (L5093): "If a desktop name is specified, the specified desktop name is used
    // preferentially", and a Desktop is always named (metadata.name): the policy would never
    // apply. Refused rather than silently dropped. Pools use name policies.
    ctx.Error(f.MarkOf("desktopNamePolicy"), "spec.desktopNamePolicy",
              "has no effect on a Desktop: the API names it metadata.name (L5093); remove it "
              "(name policies apply to DesktopPool desktops)");
  }
  if (d.tags && d.tags->count(std::string(kOwnerTagKey))) {
    ctx.Error(f.MarkOf("tags"), "spec.tags",
              StrCat("the tag key ", Quote(kOwnerTagKey), " is reserved for deskops ownership"));
  }
  ctx.AddRef("User", d.user_name, "spec.userName", f.MarkOf("userName"));
  ctx.AddRef("DesktopNamePolicy", d.desktop_name_policy, "spec.desktopNamePolicy",
             f.MarkOf("desktopNamePolicy"));
  return d;
}

const KindInfo& DesktopKind() {
  static const KindInfo kind{"Desktop",
                             "desktops",
                             "A cloud desktop (4.3).",
                             true,
                             DesktopNameSchema,
                             DesktopSpecSchema,
                             DecodeAs<DesktopSpec, DecodeDesktop>,
                             {"4.3", "4.6", "4.11"}};
  return kind;
}

}  // namespace deskops::specs
