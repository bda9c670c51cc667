// `deskops debug sign`: signs exactly the headers given and prints the Authorization value, for
// people comparing their client's signature with the server's after an APIGW.0303 error.
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cloud/signer.h"
#include "cloud/url.h"
#include "core/redact.h"
#include "core/strings.h"
#include "daemon/cli.h"
#include "daemon/commands.h"

namespace deskops::daemon {
namespace {

std::string FromEnv(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

int RunDebugSign(const DebugSignOptions& o, std::ostream& out, std::ostream& err) {
  const std::string ak = o.ak.empty() ? FromEnv("HUAWEICLOUD_SDK_AK") : o.ak;
  const std::string sk = o.sk.empty() ? FromEnv("HUAWEICLOUD_SDK_SK") : o.sk;
  auto& secrets = core::SecretRegistry::Global();
  secrets.Register(sk);
  // An AK from the environment is a credential like everywhere else in deskops and is masked in
  // the output (the signature is what gets compared); one typed with --ak is printed back.
  if (o.ak.empty()) secrets.Register(ak);
  if (ak.empty() || sk.empty()) {
    err << "deskops debug sign: need --ak and --sk (or HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK)\n";
    return kExitUsage;
  }
  auto url = cloud::ParseUrl(o.url);
  if (!url.ok()) {
    err << "deskops debug sign: " << url.status().message() << "\n";
    return kExitUsage;
  }
  cloud::SignInput in{o.method, url->path, url->query, {}, {}};
  for (char& c : in.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& h : o.headers) {
    std::size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0) {
      err << "deskops debug sign: --header wants 'Name: value', got " << core::Quote(h) << "\n";
      return kExitUsage;
    }
    in.headers.emplace_back(h.substr(0, colon), std::string(core::Trim(h.substr(colon + 1))));
    // X-Security-Token, X-Auth-Token: signed like any header, never printed by --explain.
    if (core::IsSecretKey(in.headers.back().first)) secrets.Register(in.headers.back().second);
  }
  const std::string date =
      o.date.empty()
          ? cloud::SdkDate(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count())
          : o.date;
  in.headers.emplace_back("X-Sdk-Date", date);
  std::string body = o.body;
  if (!o.body_file.empty()) {
    std::ifstream f(o.body_file, std::ios::binary);
    if (!f) {
      err << "deskops debug sign: cannot read " << o.body_file << "\n";
      return kExitFailure;
    }
    body.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  in.body = body;
  cloud::Signature s = cloud::Sign(in, ak, sk);
  if (o.explain) {
    err << "--- canonical request ---\n" << secrets.Redact(s.canonical_request) << "\n"
        << "--- string to sign ---\n" << secrets.Redact(s.string_to_sign) << "\n"
        << "--- headers to send ---\nX-Sdk-Date: " << date << "\n";
  }
  out << secrets.Redact(s.authorization) << "\n";
  return kExitOk;
}

}  // namespace deskops::daemon
