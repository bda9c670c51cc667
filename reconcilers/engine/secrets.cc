#include "reconcilers/engine/secrets.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/redact.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using core::StrCat;

std::string SecretProblem(const specs::SecretSource& source, const std::string& what) {
  if (source.env) {
    const char* v = std::getenv(source.env->c_str());
    if (!v || !*v) return StrCat("the ", what, " variable ", *source.env, " is not set");
  } else if (source.file) {
    std::ifstream in(*source.file, std::ios::binary);
    if (!in) return StrCat("cannot read the ", what, " file ", *source.file);
  }
  return "";
}

core::StatusOr<std::string> ReadSecret(const specs::SecretSource& source, const std::string& what) {
  if (std::string problem = SecretProblem(source, what); !problem.empty()) {
    return core::Status::FailedPrecondition(problem);
  }
  std::string value;
  if (source.env) {
    value = std::getenv(source.env->c_str());
  } else if (source.file) {
    std::ifstream in(*source.file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    value = std::string(core::Trim(s.str()));
  }
  core::SecretRegistry::Global().Register(value);
  return value;
}

}  // namespace deskops::reconcilers
