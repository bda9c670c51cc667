#include "cloud/http.h"

#include "cloud/signer.h"
#include "cloud/url.h"
#include "core/strings.h"

namespace deskops::cloud {

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (core::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

std::string RequestTarget(const HttpRequest& request) {
  std::string target;
  std::vector<std::string> segments = core::Split(request.path, '/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) target += '/';
    target += PercentEncode(segments[i]);
  }
  if (target.empty()) target = "/";
  if (!request.query.empty()) target += "?" + EncodeQuery(request.query);
  return target;
}

}  // namespace deskops::cloud
