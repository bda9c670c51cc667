#include "core/redact.h"

#include <algorithm>
#include <mutex>

#include "core/strings.h"

namespace deskops::core {
SecretRegistry& SecretRegistry::Global() {
  static SecretRegistry registry;
  return registry;
}

void SecretRegistry::Register(std::string_view secret) {
  if (secret.empty()) return;
  std::unique_lock lock(mu_);
  for (std::string form : {std::string(secret), JsonEscape(secret)}) {
    if (std::find(secrets_.begin(), secrets_.end(), form) == secrets_.end()) {
      secrets_.push_back(std::move(form));
    }
  }
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretRegistry::Redact(std::string_view text) const {
  std::string out(text);
  std::shared_lock lock(mu_);
  for (const auto& secret : secrets_) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kMask);
      pos += kMask.size();
    }
  }
  return out;
}

std::size_t SecretRegistry::size() const {
  std::shared_lock lock(mu_);
  return secrets_.size();
}

bool IsSecretKey(std::string_view key) {
  std::string k = ToLower(key);
  for (char& c : k) {
    if (c == '-') c = '_';
  }
  static const char* const kExact[] = {"sk", "secret_key", "authorization", "x_auth_token",
                                       "x_security_token", "security_token", "token", "password",
                                       "passwd", "secret"};
  for (const char* e : kExact) {
    if (k == e) return true;
  }
  return k.find("password") != std::string::npos || k.find("secret") != std::string::npos ||
         k.ends_with("_token");
}

}  // namespace deskops::core
