#pragma once
// Secrets a manifest names by source (passwordFrom, secretFrom: an environment variable or a
// file), read only when a call needs them and registered for redaction as they are read, so they
// never appear in logs, errors, plans, state or metrics. SecretProblem checks a source without
// keeping the value, so a plan can refuse an object whose secret is missing before any call.
// Thread-safe.

#include <string>

#include "core/status_or.h"
#include "specs/common.h"

namespace deskops::reconcilers {

// Why the source cannot be read now ("" when it can). `what` names the secret in the message
// ("password").
std::string SecretProblem(const specs::SecretSource& source, const std::string& what);
// The secret (a file's trailing newline and surrounding blanks dropped); FAILED_PRECONDITION when
// the variable is unset or empty, or the file cannot be read.
core::StatusOr<std::string> ReadSecret(const specs::SecretSource& source, const std::string& what);

}  // namespace deskops::reconcilers
