#include "simulator/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>

#include "core/strings.h"
#include "simulator/api_error.h"

namespace deskops::simulator {
namespace {

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

core::Status BadAuthorization(std::string_view why) {
  return ApiError(401, "APIGW.0303",
                  core::StrCat("Incorrect app authentication information: ", why));
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return Hex(digest, size);
}

bool SignaturesEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

core::StatusOr<Authorization> ParseAuthorization(std::string_view header) {
  header = core::Trim(header);
  if (!core::StartsWith(header, kSigningAlgorithm) || header.size() == kSigningAlgorithm.size() ||
      header[kSigningAlgorithm.size()] != ' ') {
    return BadAuthorization("the Authorization header is not SDK-HMAC-SHA256");
  }
  Authorization auth;
  for (const std::string& part : core::Split(header.substr(kSigningAlgorithm.size() + 1), ',')) {
    std::string_view item = core::Trim(part);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) return BadAuthorization("malformed Authorization header");
    std::string_view key = core::Trim(item.substr(0, eq));
    std::string value(core::Trim(item.substr(eq + 1)));
    if (key == "Access")
      auth.access_key = value;
    else if (key == "SignedHeaders")
      auth.signed_headers = value;
    else if (key == "Signature")
      auth.signature = value;
  }
  if (auth.access_key.empty() || auth.signed_headers.empty() || auth.signature.empty()) {
    return BadAuthorization("Access, SignedHeaders and Signature are all required");
  }
  for (const std::string& name : core::Split(auth.signed_headers, ';')) {
    if (!name.empty()) auth.header_names.push_back(core::ToLower(name));
  }
  return auth;
}

std::string CanonicalUri(std::string_view raw_path) {
  std::vector<std::string> segments = core::Split(raw_path, '/');
  for (std::string& segment : segments) segment = PercentEncode(PercentDecode(segment));
  std::string uri = core::Join(segments, "/");
  if (uri.empty() || uri.back() != '/') uri.push_back('/');
  return uri;
}

std::string CanonicalQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  QueryParams params = QueryParams::Parse(raw_query);
  for (const auto& [key, value] : params.pairs()) {
    pairs.emplace_back(PercentEncode(key), PercentEncode(value));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> parts;
  parts.reserve(pairs.size());
  for (const auto& [key, value] : pairs) parts.push_back(core::StrCat(key, "=", value));
  return core::Join(parts, "&");
}

core::StatusOr<std::string> CanonicalRequest(const Request& request, const Authorization& auth) {
  std::string headers;
  for (const std::string& name : auth.header_names) {
    std::vector<std::string> values;
    for (const auto& [key, value] : request.headers) {
      if (key == name) values.emplace_back(core::Trim(value));
    }
    if (values.empty()) {
      return BadAuthorization(
          core::StrCat("verify signature fail: signed header ", name, " is missing"));
    }
    headers += core::StrCat(name, ":", core::Join(values, ","), "\n");
  }
  const std::string* content_hash = request.Header("x-sdk-content-sha256");
  std::string payload_hash = content_hash ? *content_hash : Sha256Hex(request.body);
  return core::StrCat(request.method, "\n", CanonicalUri(request.path), "\n",
                      CanonicalQuery(request.query), "\n", headers, "\n", auth.signed_headers, "\n",
                      payload_hash);
}

std::string StringToSign(std::string_view sdk_date, std::string_view canonical_request) {
  return core::StrCat(kSigningAlgorithm, "\n", sdk_date, "\n", Sha256Hex(canonical_request));
}

std::string ComputeSignature(std::string_view secret_key, std::string_view string_to_sign) {
  return HmacSha256Hex(secret_key, string_to_sign);
}

std::optional<core::Clock::WallTime> ParseSdkDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t len, int* out) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::tm tm{};
  int year, month, day, hour, minute, second;
  if (!digits(0, 4, &year) || !digits(4, 2, &month) || !digits(6, 2, &day) ||
      !digits(9, 2, &hour) || !digits(11, 2, &minute) || !digits(13, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900, tm.tm_mon = month - 1, tm.tm_mday = day;
  tm.tm_hour = hour, tm.tm_min = minute, tm.tm_sec = second;
  return core::Clock::WallTime(std::chrono::seconds(timegm(&tm)));
}

std::string FormatSdkDate(core::Clock::WallTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace deskops::simulator
