#include "specs/workspace_service.h"

#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

namespace {

constexpr char kKind[] = "WorkspaceService";

constexpr const char* kInlinePassword =
    "inline passwords are not allowed: manifests live in version control. Write "
    "passwordFrom: {env: VARIABLE} or passwordFrom: {file: /path/to/secret} instead";

SchemaNode AdDomainSchema() {
  return Struct(
             {
                 Field("domainType", String("LITE_AS: local authentication; LOCAL_AD: the "
                                            "tenant's AD (L4470).")
                                         .Enum({"LITE_AS", "LOCAL_AD"}))
                     .Required(),
                 Field("domainName", String("The AD domain, at most 55 characters (L4476).")
                                         .Len(1, 55)
                                         .Pattern("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.["
                                                  "A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+",
                                                  "be a DNS domain name such as example.com")),
                 Field("domainAdminAccount",
                       String("A domain administrator account of the AD (L4477).").Len(1, 64)),
                 Field("passwordFrom",
                       SecretSourceSchema("That account's password (domain_password, L4478). "
                                          "Read at apply time; never printed."))
                     .Wire("domain_password"),
                 Field("activeDomainIp", Ipv4Schema("Primary domain controller (L4479).")),
                 Field("activeDomainName",
                       String("Primary domain controller's name (L4480).").Len(1, 255)),
                 Field("standbyDomainIp", Ipv4Schema("Backup domain controller (L4481).")),
                 Field("standbyDomainName",
                       String("Backup domain controller's name (L4482).").Len(1, 255)),
                 Field("activeDnsIp", Ipv4Schema("Primary DNS server (L4483).")),
                 Field("standbyDnsIp", Ipv4Schema("Standby DNS server (L4487).")),
                 Field("deleteComputerObject",
                       Boolean("Deleting a desktop deletes its computer object in AD (sent as "
                               "1 / 0, L4488).")),
                 Field("useLdaps", Boolean("LDAPS to the domain controllers (L4489).")),
                 Field("tlsConfig",
                       Struct({Field("certPem", String("The CA certificate, PEM; the service "
                                                       "never returns it (L4496).")
                                                    .Pattern("\\s*-----BEGIN [A-Z0-9 ]+-----["
                                                             "\\s\\S]*",
                                                             "be a PEM text starting with "
                                                             "-----BEGIN ...-----"))},
                              "TLS information (TlsConfig, L4492-4498).")),
             },
             "The service's domain (ad_domains, 4.2.10 L4466-4490). Changing it changes how "
             "every user logs in: a destructive change.")
      .Reject("domainPassword", kInlinePassword);
}

SchemaNode MakeSpecSchema() {
  return Struct(
      {
          // 4.2.7 lists DEDICATED twice (L3754) where 4.2.10 (L4440) and AccessConfig (L3893)
          // say BOTH.
          Field("accessMode", String("INTERNET, DEDICATED (Direct Connect) or BOTH (L4440). A "
                                     "change is destructive: every user's way in changes.")
                                  .Enum({"INTERNET", "DEDICATED", "BOTH"})),
          Field("dedicatedSubnets",
                ArrayOf(String("A CIDR block such as 192.168.0.0/24.")
                            .Pattern("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-"
                                     "5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3["
                                     "0-2])",
                                     "be an IPv4 CIDR block such as 192.168.0.0/24"),
                        "Direct Connect access CIDR blocks, at most 5 (L4441; sent joined by "
                        "';'). Only with accessMode DEDICATED or BOTH.")
                    .Items(1, 5)
                    .Unique()),
          Field("subnetIds",
                ArrayOf(IdSchema("A subnet of the service's VPC."), "The service subnets (L4443).")
                    .MinItems(1)
                    .Unique()),
          Field("internetAccessPort", Integer("The Internet access port (L4444; sent as text). "
                                              "A change is destructive: clients connect to it.")
                                          .Range(1, 65535)),
          Field("enterpriseId", String("The enterprise ID users log in with (4.2.11 L4680). A "
                                       "change is destructive.")
                                    .Len(1, 64)),
          Field("adDomain", AdDomainSchema()).Wire("ad_domains"),
      },
      "The Workspace service's modifiable attributes (4.2.7, 4.2.10, 4.2.11): one object per "
      "project; only what it sets is managed.");
}

AdDomainSpec DecodeAdDomain(const Fields& f, const DecodeContext& ctx) {
  AdDomainSpec d;
  d.domain_type = f.StrOr("domainType", "");
  d.domain_name = f.Str("domainName");
  d.domain_admin_account = f.Str("domainAdminAccount");
  if (Fields p = f.Sub("passwordFrom"); p.value()) {
    d.password_from = SecretSource{p.Str("env"), p.Str("file")};
  }
  d.active_domain_ip = f.Str("activeDomainIp");
  d.active_domain_name = f.Str("activeDomainName");
  d.standby_domain_ip = f.Str("standbyDomainIp");
  d.standby_domain_name = f.Str("standbyDomainName");
  d.active_dns_ip = f.Str("activeDnsIp");
  d.standby_dns_ip = f.Str("standbyDnsIp");
  d.delete_computer_object = f.Bool("deleteComputerObject");
  d.use_ldaps = f.Bool("useLdaps");
  d.tls_cert_pem = f.Sub("tlsConfig").Str("certPem");

  const Mark type_mark = f.MarkOf("domainType");
  if (d.domain_type == "LOCAL_AD") {
    // L4476-4483: mandatory when the domain type is LOCAL_AD.
    for (const auto& [key, set] : {std::pair{"domainName", d.domain_name.has_value()},
                                   {"domainAdminAccount", d.domain_admin_account.has_value()},
                                   {"passwordFrom", d.password_from.has_value()},
                                   {"activeDomainIp", d.active_domain_ip.has_value()},
                                   {"activeDomainName", d.active_domain_name.has_value()},
                                   {"activeDnsIp", d.active_dns_ip.has_value()}}) {
      if (!set) {
        ctx.Error(type_mark, core::StrCat("spec.adDomain.", key),
                  "is required when domainType is LOCAL_AD (L4476-4483)");
      }
    }
    // L4481-4487: the standby node's three fields are mandatory once it is configured.
    const int standby = d.standby_domain_ip.has_value() + d.standby_domain_name.has_value() +
                        d.standby_dns_ip.has_value();
    if (standby != 0 && standby != 3) {
      ctx.Error(type_mark, "spec.adDomain.standbyDomainIp",
                "a standby node needs standbyDomainIp, standbyDomainName and standbyDnsIp "
                "together (L4481-4487)");
    }
  } else if (d.domain_type == "LITE_AS") {
    for (const auto& e : f.value()->entries) {
      if (e.key == "domainType") continue;
      ctx.Error(e.key_mark, core::StrCat("spec.adDomain.", e.key),
                "applies to LOCAL_AD domains only (L4476-4490); a LITE_AS domain takes nothing "
                "but its type");
    }
  }
  return d;
}

}  // namespace

const SchemaNode& WorkspaceServiceNameSchema() {
  static const SchemaNode schema =
      String("Any name: the tenant has one Workspace service, whatever its manifest calls it.")
          .Len(1, 63)
          .Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                   "be a short name of lower-case letters, digits and hyphens");
  return schema;
}

const SchemaNode& WorkspaceServiceSpecSchema() {
  static const SchemaNode schema = MakeSpecSchema();
  return schema;
}

WorkspaceServiceSpec DecodeWorkspaceService(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  WorkspaceServiceSpec w;
  w.access_mode = f.Str("accessMode");
  if (f.Has("dedicatedSubnets")) w.dedicated_subnets = f.StrList("dedicatedSubnets");
  if (f.Has("subnetIds")) w.subnet_ids = f.StrList("subnetIds");
  w.internet_access_port = f.Int("internetAccessPort");
  w.enterprise_id = f.Str("enterpriseId");
  if (Fields d = f.Sub("adDomain"); d.value()) w.ad_domain = DecodeAdDomain(d, ctx);
  if (w.access_mode == "INTERNET" && w.dedicated_subnets) {
    // L3756: Direct Connect CIDRs exist only when access_mode is DEDICATED or BOTH.
    ctx.Error(f.MarkOf("dedicatedSubnets"), "spec.dedicatedSubnets",
              "applies to accessMode DEDICATED or BOTH only (L3756, L4441)");
  }
  return w;
}

const KindInfo& WorkspaceServiceKind() {
  static const KindInfo kind{"WorkspaceService",
                             "workspaceservices",
                             "The Workspace service's attributes (4.2.7, 4.2.10, 4.2.11): access "
                             "mode, AD domain, subnets, Internet port, enterprise ID; one per "
                             "project.",
                             false,
                             WorkspaceServiceNameSchema,
                             WorkspaceServiceSpecSchema,
                             DecodeAs<WorkspaceServiceSpec, DecodeWorkspaceService>,
                             {"4.2.7", "4.2.10", "4.2.11"},
                             {"workspaceservice", "workspace", "service"},
                             Singleton<kKind>};
  return kind;
}

}  // namespace deskops::specs
