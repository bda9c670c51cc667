#include "state/etcd/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace deskops::state::etcd {
namespace {

struct Case {
  std::string bytes, text;
};

// RFC 4648 section 10's vectors, and bytes that are not text (etcd's keys and values are bytes).
const Case kCases[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
    {std::string("\x00\xff\xfe", 3), "AP/+"},
    {"/deskops/t1/inventory/Desktop/lab-0001", "L2Rlc2tvcHMvdDEvaW52ZW50b3J5L0Rlc2t0b3AvbGFiLTAwMDE="},
};

TEST(Base64Test, EncodesAndDecodesTheRfcVectors) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Base64Encode(c.bytes), c.text) << c.text;
    EXPECT_EQ(Base64Decode(c.text), c.bytes) << c.text;
  }
}

TEST(Base64Test, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string bytes = all.substr(0, n);
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes) << n;
  }
}

TEST(Base64Test, SkipsCharactersOutsideTheAlphabet) {
  EXPECT_EQ(Base64Decode("Zm9v\nYmFy"), "foobar");
  EXPECT_EQ(Base64Decode("Zm9v*YmFy"), "foobar");
}

}  // namespace
}  // namespace deskops::state::etcd
