#include "simulator/http_message.h"

#include "core/strings.h"

namespace deskops::simulator {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const std::string* FindHeader(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (core::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

QueryParams QueryParams::Parse(std::string_view raw_query) {
  QueryParams params;
  for (const std::string& part : core::Split(raw_query, '&')) {
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string key = PercentDecode(std::string_view(part).substr(0, eq));
    std::string value =
        eq == std::string::npos ? "" : PercentDecode(std::string_view(part).substr(eq + 1));
    params.pairs_.emplace_back(std::move(key), std::move(value));
  }
  return params;
}

bool QueryParams::Has(std::string_view key) const { return Get(key).has_value(); }

std::optional<std::string> QueryParams::Get(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<std::string> QueryParams::GetList(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : pairs_) {
    if (k != key) continue;
    for (std::string& item : core::Split(v, ',')) {
      std::string trimmed(core::Trim(item));
      if (!trimmed.empty()) out.push_back(std::move(trimmed));
    }
  }
  return out;
}

const std::string* Request::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

void Request::SetHeader(std::string name, std::string value) {
  headers.emplace_back(core::ToLower(name), std::move(value));
}

void Response::SetHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

}  // namespace deskops::simulator
