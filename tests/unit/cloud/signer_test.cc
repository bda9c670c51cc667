#include "cloud/signer.h"

#include <gtest/gtest.h>

namespace deskops::cloud {
namespace {

// Public vectors from ../shared/reference/signing.md (official SDK tests).
TEST(SignerTest, GoSdkTest1) {
  SignInput in{"GET", "/path", {{"limit", "1"}}, {{"X-Sdk-Date", "20060102T150405Z"}}, ""};
  Signature s = Sign(in, "AccessKey", "SecretKey");
  EXPECT_EQ(s.canonical_request,
            "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.authorization,
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
            "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}

TEST(SignerTest, GoSdkTest2TrailingNewlineInBody) {
  const std::string body = "{\"Name\":\"test\",\"Id\":1}\n";
  SignInput in{"POST", "/path", {{"key", "value"}}, {{"X-Sdk-Date", "20060102T150405Z"}}, body};
  EXPECT_EQ(Sign(in, "AccessKey", "SecretKey").signature,
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
  in.body = std::string_view(body).substr(0, body.size() - 1);
  EXPECT_NE(Sign(in, "AccessKey", "SecretKey").signature,
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
      << "the hash covers the exact bytes sent";
}

TEST(SignerTest, SigningGuideAndJavaSdk) {
  SignInput in{"GET",
               "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
               {{"limit", "2"}, {"marker", "13551d6b-755d-4757-b956-536f674975c0"}},
               {{"Content-Type", "application/json"},
                {"Host", "service.region.example.com"},
                {"X-Sdk-Date", "20191115T033655Z"}},
               ""};
  Signature s = Sign(in, "QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
  EXPECT_EQ(Sha256Hex(s.canonical_request),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
  EXPECT_EQ(s.authorization,
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
            "SignedHeaders=content-type;host;x-sdk-date, "
            "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

TEST(SignerTest, QueryEncodingVector) {
  EXPECT_EQ(CanonicalQuery({{"limit", "1"},
                            {"enable", "true"},
                            {"test", "\xe4\xb8\x80 (&=?!#%.*)"},
                            {"path", "/tmp/123"},
                            {"multi", "3"},
                            {"multi", "1"},
                            {"multi", "2"}}),
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&"
            "test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
}

TEST(SignerTest, CanonicalUriCases) {
  struct Case {
    std::string path, want;
  };
  const Case cases[] = {
      {"", "/"},
      {"/", "/"},
      {"/v2/p/desktops", "/v2/p/desktops/"},
      {"/v2/p/desktops/", "/v2/p/desktops/"},
      {"/a b/\xe4\xb8\x80", "/a%20b/%E4%B8%80/"},
      {"/keep-_.~/x+y", "/keep-_.~/x%2By/"},
  };
  for (const auto& c : cases) EXPECT_EQ(CanonicalUri(c.path), c.want) << c.path;
}

TEST(SignerTest, EmptyQueryKeyAndValue) {
  EXPECT_EQ(CanonicalQuery({}), "");
  EXPECT_EQ(CanonicalQuery({{"flag", ""}}), "flag=");
}

TEST(SignerTest, HeaderNamesLowerCasedTrimmedSortedAuthorizationNeverSigned) {
  SignInput in{"GET",
               "/",
               {},
               {{"X-Sdk-Date", " 20191115T033655Z "},
                {"Host", "h"},
                {"Authorization", "old"},
                {"X-Project-Id", "p1"}},
               ""};
  Signature s = Sign(in, "ak", "sk");
  EXPECT_EQ(s.signed_headers, "host;x-project-id;x-sdk-date");
  EXPECT_NE(s.canonical_request.find("x-sdk-date:20191115T033655Z\n"), std::string::npos);
  EXPECT_EQ(s.string_to_sign.substr(0, 33), "SDK-HMAC-SHA256\n20191115T033655Z\n");
}

TEST(SignerTest, ContentSha256HeaderReplacesBodyHash) {
  SignInput in{"PUT", "/x", {}, {{"X-Sdk-Date", "20191115T033655Z"},
                                 {"X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"}},
               "body"};
  Signature s = Sign(in, "ak", "sk");
  EXPECT_EQ(s.canonical_request.substr(s.canonical_request.rfind('\n') + 1), "UNSIGNED-PAYLOAD");
}

TEST(SignerTest, SecurityTokenIsSigned) {
  SignInput in{"GET", "/", {}, {{"X-Sdk-Date", "20191115T033655Z"}, {"X-Security-Token", "t"}},
               ""};
  EXPECT_EQ(Sign(in, "ak", "sk").signed_headers, "x-sdk-date;x-security-token");
}

TEST(SignerTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("%E4%B8%80"), "\xe4\xb8\x80");
}

TEST(SignerTest, SdkDate) { EXPECT_EQ(SdkDate(1573788615), "20191115T033015Z"); }

}  // namespace
}  // namespace deskops::cloud
