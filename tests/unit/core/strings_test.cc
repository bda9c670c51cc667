#include "core/strings.h"

#include <gtest/gtest.h>

namespace deskops::core {
namespace {

TEST(StringsTest, Utf8Length) {
  struct Case {
    std::string text;
    std::optional<std::size_t> want;
  };
  const Case cases[] = {
      {"", 0},
      {"abc", 3},
      {"\xe4\xb8\x80", 1},               // 一
      {"a\xf0\x9f\x98\x80z", 3},         // emoji
      {"\xff", std::nullopt},            // invalid lead byte
      {"\xe4\xb8", std::nullopt},        // truncated
      {"\xc0\xaf", std::nullopt},        // overlong "/"
      {"\xed\xa0\x80", std::nullopt},    // surrogate
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(Quote(c.text));
    EXPECT_EQ(Utf8Length(c.text), c.want);
  }
}

TEST(StringsTest, EditDistanceAndClosestMatch) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("Name", "name"), 0u);
  EXPECT_EQ(EditDistance("nmae", "name"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  std::vector<std::string> fields = {"name", "labels", "annotations"};
  EXPECT_EQ(ClosestMatch("nmae", fields), "name");
  EXPECT_EQ(ClosestMatch("lables", fields), "labels");
  EXPECT_EQ(ClosestMatch("zzzzzz", fields), std::nullopt);
  EXPECT_EQ(ClosestMatch("DEDICATD", {"DEDICATED", "SHARED"}), "DEDICATED");
  EXPECT_EQ(ClosestMatch("desktop", {"Desktop", "DesktopPool"}), "Desktop") << "case differs";
  EXPECT_EQ(ClosestMatch("x", {"abc"}), std::nullopt);
}

TEST(StringsTest, SnakeToCamel) {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"usb_port_redirection", "usbPortRedirection"},
      {"configuration_1_enable", "configuration1Enable"},
      {"appData_roaming_enable", "appDataRoamingEnable"},
      {"clip_length_limit_c2s", "clipLengthLimitC2s"},
      {"plain", "plain"},
  };
  for (const auto& c : cases) EXPECT_EQ(SnakeToCamel(c.in), c.want) << c.in;
}

TEST(StringsTest, SplitJoinTrim) {
  EXPECT_EQ(Split("a,b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(Trim("  x y \n"), "x y");
  EXPECT_TRUE(EqualsIgnoreCase("ENG-01", "eng-01"));
  EXPECT_FALSE(EqualsIgnoreCase("eng-01", "eng-1"));
}

TEST(StringsTest, QuoteEscapesAndTruncates) {
  EXPECT_EQ(Quote("a\"b\n"), "\"a\\\"b\\n\"");
  EXPECT_EQ(Quote(std::string(100, 'x')), "\"" + std::string(80, 'x') + "...\"");
}

}  // namespace
}  // namespace deskops::core
