#pragma once
// Small string utilities shared by every module: concatenation, joining, UTF-8 length, edit
// distance for "did you mean" hints, and case conversions. Pure functions, thread-safe.

#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace deskops::core {

// StrCat("a", 1, 'b') == "a1b". Anything with operator<< works.
template <class... Args>
std::string StrCat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> Split(std::string_view text, char sep);
std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWith(std::string_view text, std::string_view prefix);

// Number of code points in a UTF-8 string, or nullopt when the bytes are not valid UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view text);

// Edit distance counting a swap of neighbours as one edit ("nmae" -> "name"), case-insensitive.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo (or differs only in
// case), else nullopt. Used for "did you mean" hints.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// "usb_port_redirection" -> "usbPortRedirection"; "configuration_1_enable" -> "configuration1Enable".
std::string SnakeToCamel(std::string_view snake);

// Escapes text for inside a JSON string: quotes, backslashes and control characters.
std::string JsonEscape(std::string_view text);

// Quotes text for messages: "name" with control characters and quotes escaped (as in JSON), at
// most 80 characters shown.
std::string Quote(std::string_view text);

}  // namespace deskops::core
