#include "cloud/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "core/strings.h"

namespace deskops::cloud {
namespace {

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string CanonicalUri(std::string_view path) {
  std::string out;
  std::vector<std::string> segments = core::Split(path, '/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += PercentEncode(segments[i]);
  }
  if (out.empty() || out.back() != '/') out += '/';
  return out;
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [k, v] : query) encoded.emplace_back(PercentEncode(k), PercentEncode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return Hex(mac, size);
}

std::string SdkDate(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Signature Sign(const SignInput& input, std::string_view ak, std::string_view sk) {
  // Canonical headers: lower-case names, trimmed values, sorted by name.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string sdk_date, content_sha;
  for (const auto& [name, value] : input.headers) {
    std::string lower = core::ToLower(name);
    std::string trimmed(core::Trim(value));
    if (lower == "x-sdk-date") sdk_date = trimmed;
    if (lower == "x-sdk-content-sha256") content_sha = trimmed;
    if (lower == "authorization") continue;  // never signed
    headers.emplace_back(std::move(lower), std::move(trimmed));
  }
  std::sort(headers.begin(), headers.end());

  Signature s;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    if (!s.signed_headers.empty()) s.signed_headers += ';';
    s.signed_headers += name;
  }
  const std::string payload_hash = content_sha.empty() ? Sha256Hex(input.body) : content_sha;
  s.canonical_request = input.method + "\n" + CanonicalUri(input.path) + "\n" +
                        CanonicalQuery(input.query) + "\n" + canonical_headers + "\n" +
                        s.signed_headers + "\n" + payload_hash;
  s.string_to_sign = std::string(kSignAlgorithm) + "\n" + sdk_date + "\n" +
                     Sha256Hex(s.canonical_request);
  s.signature = HmacSha256Hex(sk, s.string_to_sign);
  s.authorization = std::string(kSignAlgorithm) + " Access=" + std::string(ak) +
                    ", SignedHeaders=" + s.signed_headers + ", Signature=" + s.signature;
  return s;
}

}  // namespace deskops::cloud
