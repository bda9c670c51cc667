#pragma once
// Credential rotation under a running client: Refresh re-reads the credentials from their sources
// (credentials.h) and, when any changed, hands the new ones to the ApiClient and logs which
// changed, by name and source, never by value. Triggered after a 401 (the client's refresh hook,
// installed by Attach) and by the daemon when a credential file changes. A source that cannot be
// read (a file half-written, a variable unset) keeps the credentials in use and logs a warning.
// Thread-safe: refreshes are serialized.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/credentials.h"
#include "core/log.h"

namespace deskops::cloud {

class CredentialRotator {
 public:
  enum class Trigger { kFileChanged, kUnauthorized };

  // `client` and `log` outlive the rotator (the client's hook keeps it alive; see Attach).
  CredentialRotator(CredentialSources sources, GetEnv env, LoadedCredentials current,
                    ApiClient& client, const core::Logger* log);

  // Creates a rotator for `client` and installs its Refresh as the client's 401 hook.
  static std::shared_ptr<CredentialRotator> Attach(CredentialSources sources, GetEnv env,
                                                   LoadedCredentials current, ApiClient& client,
                                                   const core::Logger* log);

  // True when the credentials changed (and the client has them now).
  bool Refresh(Trigger why);
  // The credential files read last time: what to watch.
  std::vector<std::string> Files() const;

 private:
  const CredentialSources sources_;
  const GetEnv env_;
  ApiClient& client_;
  const core::Logger* log_;
  mutable std::mutex mu_;
  LoadedCredentials current_;
};

const char* ToString(CredentialRotator::Trigger why);

}  // namespace deskops::cloud
