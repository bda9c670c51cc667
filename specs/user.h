#pragma once
// User: a Workspace user (4.8), named by its user name. Covers every field of 4.8.2 "Creating a
// User" and 4.8.5 "Modifying User Information", plus the lock state (4.8.8 LOCK/UNLOCK). The
// password is never written in a manifest: passwordFrom names an environment variable or a file.
// Group membership is declared on UserGroup.members. Immutable after decoding; thread-safe to read.

#include <optional>
#include <string>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct UserSpec {
  std::optional<std::string> user_email;
  std::optional<std::string> user_phone;
  std::optional<std::string> account_expires;  // "0" (never) or yyyy-MM-ddTHH:mm:ss[.SSS]Z
  std::optional<std::string> active_type;      // USER_ACTIVATE (default) or ADMIN_ACTIVATE
  std::optional<SecretSource> password_from;
  std::optional<bool> enable_change_password;
  std::optional<bool> next_login_change_password;
  std::optional<bool> password_never_expired;
  std::optional<bool> disabled;
  std::optional<bool> locked;
  std::optional<std::string> description;
  std::optional<std::string> alias_name;
  std::optional<std::string> enterprise_project_id;
  std::optional<std::string> user_info_map;
};

const SchemaNode& UserNameRuleSchema();
const SchemaNode& UserSpecSchema();
UserSpec DecodeUser(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& UserKind();

}  // namespace deskops::specs
