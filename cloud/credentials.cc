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

// One value and where it came from.
struct Resolved {
  std::string value, source, file;
};

StatusOr<Resolved> FromFile(const std::string& path) {
  DESKOPS_ASSIGN_OR_RETURN(std::string value, ReadSecretFile(path));
  return Resolved{std::move(value), StrCat("file ", path), path};
}

// Reads one value following the order in credentials.h; an empty value when no source has it.
StatusOr<Resolved> Resolve(const SecretRef& ref, const std::string& name, const GetEnv& env) {
  if (!ref.empty()) {
    if (!ref.env.empty()) {
      auto v = env(ref.env);
      if (!v || v->empty()) {
        return Status::NotFound(StrCat(name, ": environment variable ", ref.env, " is not set"));
      }
      return Resolved{*v, StrCat("env ", ref.env), ""};
    }
    return FromFile(ref.file);
  }
  const std::string upper = "HUAWEICLOUD_SDK_" + [&] {
    std::string u = name;
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  if (auto v = env(upper); v && !v->empty()) return Resolved{*v, StrCat("env ", upper), ""};
  if (auto f = env(upper + "_FILE"); f && !f->empty()) return FromFile(*f);
  if (auto dir = env("CREDENTIALS_DIRECTORY"); dir && !dir->empty()) {
    std::ifstream probe(*dir + "/" + name);
    if (probe) return FromFile(*dir + "/" + name);
  }
  return Resolved{};
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
  DESKOPS_ASSIGN_OR_RETURN(LoadedCredentials loaded, LoadCredentialsWithOrigins(s, env));
  return loaded.values;
}

std::vector<std::string> LoadedCredentials::Files() const {
  std::vector<std::string> out;
  for (const auto& o : origins) {
    if (!o.file.empty()) out.push_back(o.file);
  }
  return out;
}

const char* ToString(CredentialName name) {
  switch (name) {
    case CredentialName::kAk:
      return "ak";
    case CredentialName::kSk:
      return "sk";
    case CredentialName::kSecurityToken:
      return "security_token";
    case CredentialName::kProjectId:
      return "project_id";
    case CredentialName::kAuthToken:
      return "auth_token";
  }
  return "?";
}

namespace {

const std::string& ValueOf(const Credentials& c, CredentialName name) {
  switch (name) {
    case CredentialName::kAk:
      return c.ak;
    case CredentialName::kSk:
      return c.sk;
    case CredentialName::kSecurityToken:
      return c.security_token;
    case CredentialName::kProjectId:
      return c.project_id;
    case CredentialName::kAuthToken:
      break;
  }
  return c.auth_token;
}

}  // namespace

std::vector<std::string> ChangedCredentials(const LoadedCredentials& before,
                                            const LoadedCredentials& after) {
  std::vector<std::string> out;
  for (const auto& o : after.origins) {
    if (ValueOf(before.values, o.name) == ValueOf(after.values, o.name)) continue;
    const char* name = ToString(o.name);
    out.push_back(o.source.empty() ? StrCat(name, " (now unset)")
                                   : StrCat(name, " from ", o.source));
  }
  return out;
}

StatusOr<LoadedCredentials> LoadCredentialsWithOrigins(const CredentialSources& s,
                                                       const GetEnv& env) {
  LoadedCredentials loaded;
  Credentials& c = loaded.values;
  struct Field {
    const SecretRef& ref;
    CredentialName name;
    std::string& out;
    bool secret;
  };
  const Field fields[] = {
      {s.ak, CredentialName::kAk, c.ak, true},
      {s.sk, CredentialName::kSk, c.sk, true},
      {s.security_token, CredentialName::kSecurityToken, c.security_token, true},
      {s.project_id, CredentialName::kProjectId, c.project_id, false},
      {s.auth_token, CredentialName::kAuthToken, c.auth_token, true}};
  for (const Field& f : fields) {
    DESKOPS_ASSIGN_OR_RETURN(Resolved r, Resolve(f.ref, ToString(f.name), env));
    f.out = std::move(r.value);
    if (f.secret) core::SecretRegistry::Global().Register(f.out);
    loaded.origins.push_back({f.name, std::move(r.source), std::move(r.file)});
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
  return loaded;
}

}  // namespace deskops::cloud
