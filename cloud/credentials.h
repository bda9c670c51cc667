#pragma once
// Credentials for the Workspace API and where they come from. Values are read from environment
// variables (the names the official SDKs use), from files (systemd credentials, Kubernetes
// secrets), or from a configuration file *by reference* (which variable or file to read), never
// written inline. Every secret read is registered with core::SecretRegistry so it cannot be
// printed.
//
// For each value the first source that has it wins:
//   1. the explicit reference, if one is given (env name or file path)
//   2. $HUAWEICLOUD_SDK_<NAME>            e.g. HUAWEICLOUD_SDK_AK
//   3. the file named by $HUAWEICLOUD_SDK_<NAME>_FILE
//   4. $CREDENTIALS_DIRECTORY/<name>      (systemd LoadCredential=), name in lower case: ak, sk,
//                                         security_token, project_id, auth_token
// AUTH_TOKEN is deskops' own name (the SDKs have none): token authentication with X-Auth-Token
// instead of AK/SK signing.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status_or.h"

namespace deskops::cloud {

struct SecretRef {
  std::string env;   // read this environment variable
  std::string file;  // or this file (a trailing newline is ignored)
  bool empty() const { return env.empty() && file.empty(); }
};

struct CredentialSources {
  SecretRef ak, sk, security_token, project_id, auth_token;
};

struct Credentials {
  std::string ak, sk, security_token;  // AK/SK signing (security_token for temporary keys)
  std::string project_id;
  std::string auth_token;  // X-Auth-Token instead of signing
  bool UsesToken() const { return ak.empty() && !auth_token.empty(); }
};

// Reads environment variables; a test passes its own.
using GetEnv = std::function<std::optional<std::string>(const std::string&)>;
GetEnv ProcessEnv();

// Loads and checks credentials: AK and SK together, or an auth token; a project ID always.
core::StatusOr<Credentials> LoadCredentials(const CredentialSources& sources,
                                            const GetEnv& env = ProcessEnv());

// The credentials, each with where it was read from, so that a change can be named without its
// value.
enum class CredentialName { kAk, kSk, kSecurityToken, kProjectId, kAuthToken };
// "ak", "sk", "security_token", "project_id", "auth_token" (also the systemd credential's name).
const char* ToString(CredentialName name);

struct LoadedCredentials {
  Credentials values;
  struct Origin {
    CredentialName name;
    std::string source;  // "env HUAWEICLOUD_SDK_AK", "file /etc/x/sk"; "" when no source had it
    std::string file;    // the file, when read from one (also $CREDENTIALS_DIRECTORY/<name>)
  };
  std::vector<Origin> origins;  // one per CredentialName, in its order
  // The files read, to watch for rotation.
  std::vector<std::string> Files() const;
};
core::StatusOr<LoadedCredentials> LoadCredentialsWithOrigins(const CredentialSources& sources,
                                                             const GetEnv& env = ProcessEnv());
// The credentials whose value differs between two loads, each named with its source ("sk from
// file /run/credentials/deskops.service/sk", "security_token (now unset)"); never a value.
std::vector<std::string> ChangedCredentials(const LoadedCredentials& before,
                                            const LoadedCredentials& after);

}  // namespace deskops::cloud
