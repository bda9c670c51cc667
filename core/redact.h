#pragma once
// Secret redaction. Every secret value deskops learns (AK, SK, tokens, user passwords) is
// registered here the moment it is read, and every line deskops prints (logs, errors, plans,
// status, metrics) passes through Redact(), so a registered value can never be printed even when
// it ends up inside an unexpected message. The global registry is thread-safe.

#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace deskops::core {

class SecretRegistry {
 public:
  static constexpr std::string_view kMask = "[REDACTED]";

  // The registry the process uses; tests may make their own.
  static SecretRegistry& Global();

  // Registers a secret value (and its JSON-escaped form, which is how it appears inside JSON
  // bodies and quoted log values). Empty values are ignored.
  void Register(std::string_view secret);
  // Replaces every occurrence of every registered secret with kMask.
  std::string Redact(std::string_view text) const;
  std::size_t size() const;

 private:
  mutable std::shared_mutex mu_;
  std::vector<std::string> secrets_;  // longest first, so a secret containing another is masked whole
};

// Whether a field or header name denotes a secret by itself (password, sk, token, authorization,
// x-auth-token, x-security-token, ...). Values under such keys are masked regardless of content.
bool IsSecretKey(std::string_view key);

}  // namespace deskops::core
