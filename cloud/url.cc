#include "cloud/url.h"

#include <charconv>

#include "cloud/signer.h"
#include "core/strings.h"

namespace deskops::cloud {

using core::Quote;
using core::Status;
using core::StrCat;

std::string Url::HostHeader() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return explicit_port ? StrCat(h, ":", port) : h;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  if (query.empty()) return out;
  for (const std::string& part : core::Split(query, '&')) {
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string::npos) {
      out.emplace_back(PercentDecode(part), "");
    } else {
      out.emplace_back(PercentDecode(part.substr(0, eq)), PercentDecode(part.substr(eq + 1)));
    }
  }
  return out;
}

std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [k, v] : query) {
    if (!out.empty()) out += '&';
    out += PercentEncode(k) + "=" + PercentEncode(v);
  }
  return out;
}

core::StatusOr<Url> ParseUrl(std::string_view text) {
  Url url;
  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return Status::InvalidArgument(StrCat("URL ", Quote(text), " has no scheme (want https://...)"));
  }
  url.scheme = core::ToLower(text.substr(0, sep));
  if (url.scheme != "https" && url.scheme != "http") {
    return Status::InvalidArgument(StrCat("URL ", Quote(text), ": scheme must be https or http"));
  }
  std::string_view rest = text.substr(sep + 3);
  std::size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {  // [IPv6]:port
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::InvalidArgument("URL: unclosed [");
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') port_text = authority.substr(close + 2);
  } else {
    std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return Status::InvalidArgument(StrCat("URL ", Quote(text), " has no host"));
  url.port = url.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), url.port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || url.port <= 0 ||
        url.port > 65535) {
      return Status::InvalidArgument(StrCat("URL ", Quote(text), ": bad port"));
    }
    url.explicit_port = true;
  }
  std::size_t q = target.find('?');
  url.path = PercentDecode(target.substr(0, q));
  if (url.path.empty()) url.path = "/";
  if (q != std::string_view::npos) url.query = ParseQuery(target.substr(q + 1));
  return url;
}

}  // namespace deskops::cloud
