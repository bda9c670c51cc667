#pragma once
// TLS for wks-sim: a generated certificate authority and a server certificate signed by it (EC
// P-256, SHA-256, valid from a day ago for a year, subjectAltName for every listen host), so a
// client can trust the CA file wks-sim writes (--ca-out) and verify host names as usual; or a
// certificate and key given on the command line. Pure functions; thread-safe.

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/status_or.h"

namespace deskops::simulator {

struct Certificates {
  std::string ca_pem;    // the CA certificate clients trust
  std::string cert_pem;  // the server certificate followed by the CA (a chain)
  std::string key_pem;   // the server's private key
};

// `hosts`: IP addresses and DNS names for subjectAltName ("127.0.0.1", "localhost").
core::StatusOr<Certificates> GenerateCertificates(const std::vector<std::string>& hosts);
core::StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& cert_chain_pem, const std::string& key_pem);

}  // namespace deskops::simulator
