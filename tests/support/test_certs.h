#pragma once
// Generates a throw-away certificate authority and a server certificate signed by it, for TLS
// tests. Keys are P-256; certificates are valid from an hour ago for a day.

#include <string>
#include <vector>

namespace deskops::testing {

struct TestCertificates {
  std::string ca_pem;
  std::string cert_pem;  // server certificate, signed by the CA
  std::string key_pem;   // server private key
};

// `names` become the certificate's subjectAltNames: IP addresses as IP entries, others as DNS.
TestCertificates MakeTestCertificates(const std::vector<std::string>& names);

// Writes `text` to a new file under the temporary directory and returns its path.
std::string WriteTempFile(const std::string& prefix, const std::string& text);

}  // namespace deskops::testing
