#pragma once
// WorkspaceService: the modifiable attributes of the tenant's Workspace service (4.2.7 read, 4.2.10
// modify, 4.2.11 enterprise ID), a singleton: the project has exactly one service, whatever the
// manifest is named, and a second manifest is a validation error. deskops never subscribes to the
// service (4.2.8) nor unsubscribes from it (4.2.9): removing the manifest only stops managing it.
// 4.2.10 changes one attribute type per request (L4406), so each area is its own call: the access
// mode with its Direct Connect CIDRs, the AD domain, the service subnets, the Internet access port;
// the enterprise ID has its own API (4.2.11). Sites (4.2.1-4.2.5) are the Site kind's.
// Immutable after decoding; thread-safe to read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

// AdDomain (4.2.10 L4466-4498).
struct AdDomainSpec {
  std::string domain_type;  // LITE_AS | LOCAL_AD
  std::optional<std::string> domain_name;
  std::optional<std::string> domain_admin_account;
  std::optional<SecretSource> password_from;  // domain_password
  std::optional<std::string> active_domain_ip;
  std::optional<std::string> active_domain_name;
  std::optional<std::string> standby_domain_ip;
  std::optional<std::string> standby_domain_name;
  std::optional<std::string> active_dns_ip;
  std::optional<std::string> standby_dns_ip;
  std::optional<bool> delete_computer_object;  // sent as 0 / 1
  std::optional<bool> use_ldaps;
  std::optional<std::string> tls_cert_pem;  // tls_config.cert_pem: never read back (L4496)
};

struct WorkspaceServiceSpec {
  std::optional<std::string> access_mode;  // INTERNET | DEDICATED | BOTH
  std::optional<std::vector<std::string>> dedicated_subnets;
  std::optional<std::vector<std::string>> subnet_ids;
  std::optional<std::int64_t> internet_access_port;
  std::optional<std::string> enterprise_id;
  std::optional<AdDomainSpec> ad_domain;
};

const SchemaNode& WorkspaceServiceNameSchema();
const SchemaNode& WorkspaceServiceSpecSchema();
WorkspaceServiceSpec DecodeWorkspaceService(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& WorkspaceServiceKind();

}  // namespace deskops::specs
