#include "cloud/credential_rotator.h"

#include "core/redact.h"
#include "core/strings.h"

namespace deskops::cloud {

const char* ToString(CredentialRotator::Trigger why) {
  switch (why) {
    case CredentialRotator::Trigger::kFileChanged:
      return "a credential file changed";
    case CredentialRotator::Trigger::kUnauthorized:
      return "the API refused the credentials (401)";
  }
  return "?";
}

CredentialRotator::CredentialRotator(CredentialSources sources, GetEnv env,
                                     LoadedCredentials current, ApiClient& client,
                                     const core::Logger* log)
    : sources_(std::move(sources)),
      env_(std::move(env)),
      client_(client),
      log_(log),
      current_(std::move(current)) {}

std::shared_ptr<CredentialRotator> CredentialRotator::Attach(CredentialSources sources, GetEnv env,
                                                             LoadedCredentials current,
                                                             ApiClient& client,
                                                             const core::Logger* log) {
  auto rotator = std::make_shared<CredentialRotator>(std::move(sources), std::move(env),
                                                     std::move(current), client, log);
  // The client owns the hook and the hook the rotator, which refers back to the client: they
  // live and die together.
  client.set_credential_refresh([r = rotator] { return r->Refresh(Trigger::kUnauthorized); });
  return rotator;
}

bool CredentialRotator::Refresh(Trigger why) {
  std::lock_guard lock(mu_);
  core::StatusOr<LoadedCredentials> fresh = LoadCredentialsWithOrigins(sources_, env_);
  if (!fresh.ok()) {
    if (log_) {
      log_->Warn("cannot re-read the credentials; keeping the ones in use",
                 {{"trigger", ToString(why)},
                  {"error", core::SecretRegistry::Global().Redact(fresh.status().message())}});
    }
    return false;
  }
  std::vector<std::string> changed = ChangedCredentials(current_, *fresh);
  current_.origins = fresh->origins;  // a file may now be read from elsewhere
  if (changed.empty()) return false;
  client_.SetCredentials(fresh->values);
  current_ = std::move(*fresh);
  if (log_) {
    log_->Info("credentials changed; using the new ones",
               {{"changed", core::Join(changed, ", ")}, {"trigger", ToString(why)}});
  }
  return true;
}

std::vector<std::string> CredentialRotator::Files() const {
  std::lock_guard lock(mu_);
  return current_.Files();
}

}  // namespace deskops::cloud
