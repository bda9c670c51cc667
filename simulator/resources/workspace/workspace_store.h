#pragma once
// The Workspace service family's state (4.2.7, 4.2.10, 4.2.11): the tenant's one service, kept in
// 4.2.7's shape (GET /_sim/state shows it), with what no read returns kept as the service was
// told it: the domain's TLS certificate (tls_config.cert_pem, L4496) and, for the domain password,
// only its SHA-256 (domain_password_sha256; the password itself is registered for redaction and
// never kept). subnet_ids and dedicated_subnets are lists here; 4.2.7 renders them as SubnetInfo
// objects and a ';'-separated text. Handlers reach it as ctx.state.Ext<WorkspaceStore>(); like all
// state it is guarded by the Simulator's lock.

#include <nlohmann/json.hpp>
#include <string>

#include "simulator/state_extension.h"

namespace deskops::simulator {

// The job type of 4.2.10's jobs: 4.28.2 lists none for it (L44107), so it is named like the
// simulator's other undocumented types.
inline constexpr const char* kModifyWorkspaceJob = "modifyWorkspaceAttributes";
// Job::effect "kind" of those jobs: {"kind", "patch" (a JSON merge patch of the service),
// "replace" (fields set whole), "access_status": {"success", "failure"}, "config_status": ...}.
inline constexpr const char* kWorkspaceEffect = "workspace_attributes";

class WorkspaceStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;
  // A 4.2.10 job ended: its patch is applied on success, its statuses set either way.
  void JobEnded(const Job& job, bool success) override;

  nlohmann::json service;
  std::string job_id;  // the 4.2.10 job in progress, "" when none
};

}  // namespace deskops::simulator
