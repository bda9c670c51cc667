#include "cloud/credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/redact.h"
#include "core/strings.h"

namespace deskops::cloud {

using core::Status;
using core::StatusOr;
using core::StrCat;

namespace {

StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(StrCat("cannot read credential file ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return std::string(core::Trim(text.str()));
}

// Reads one value following the order in credentials.h; "" when no source has it.
StatusOr<std::string> Resolve(const SecretRef& ref, const std::string& name, const GetEnv& env) {
  if (!ref.empty()) {
    if (!ref.env.empty()) {
      auto v = env(ref.env);
      if (!v || v->empty()) {
        return Status::NotFound(StrCat(name, ": environment variable ", ref.env, " is not set"));
      }
      return *v;
    }
    return ReadSecretFile(ref.file);
  }
  const std::string upper = "HUAWEICLOUD_SDK_" + [&] {
    std::string u = name;
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  if (auto v = env(upper); v && !v->empty()) return *v;
  if (auto f = env(upper + "_FILE"); f && !f->empty()) return ReadSecretFile(*f);
  if (auto dir = env("CREDENTIALS_DIRECTORY"); dir && !dir->empty()) {
    std::ifstream probe(*dir + "/" + name);
    if (probe) return ReadSecretFile(*dir + "/" + name);
  }
  return std::string();
}

}  // namespace

GetEnv ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

StatusOr<Credentials> LoadCredentials(const CredentialSources& s, const GetEnv& env) {
  Credentials c;
  struct Field {
    const SecretRef& ref;
    const char* name;
    std::string& out;
    bool secret;
  };
  const Field fields[] = {{s.ak, "ak", c.ak, true},
                          {s.sk, "sk", c.sk, true},
                          {s.security_token, "security_token", c.security_token, true},
                          {s.project_id, "project_id", c.project_id, false},
                          {s.auth_token, "auth_token", c.auth_token, true}};
  for (const Field& f : fields) {
    DESKOPS_ASSIGN_OR_RETURN(f.out, Resolve(f.ref, f.name, env));
    if (f.secret) core::SecretRegistry::Global().Register(f.out);
  }
  if (c.ak.empty() != c.sk.empty()) {
    return Status::InvalidArgument(
        StrCat("credentials: ", c.ak.empty() ? "an SK without an AK" : "an AK without an SK",
               "; set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"));
  }
  if (c.ak.empty() && c.auth_token.empty()) {
    return Status::Unauthenticated(
        "no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or their _FILE "
        "variants, or systemd credentials ak and sk), or an auth token");
  }
  if (c.project_id.empty()) {
    return Status::InvalidArgument(
        "no project ID: set HUAWEICLOUD_SDK_PROJECT_ID or pass --project-id");
  }
  return c;
}

}  // namespace deskops::cloud
