#include "simulator/tls.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/strings.h"

namespace deskops::simulator {
namespace {

struct Freer {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Freer>;
using Cert = std::unique_ptr<X509, Freer>;

core::Status OpenSslError(std::string_view what) {
  return core::Status::Internal(core::StrCat("tls: ", what));
}

bool AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

Cert NewCertificate(EVP_PKEY* key, const std::string& common_name) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("wks-sim"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  return cert;
}

std::string ToPem(X509* cert) {
  std::unique_ptr<BIO, Freer> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string ToPem(EVP_PKEY* key) {
  std::unique_ptr<BIO, Freer> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool IsIp(const std::string& host) {
  return !host.empty() && (host.find(':') != std::string::npos ||
                           host.find_first_not_of("0123456789.") == std::string::npos);
}

}  // namespace

core::StatusOr<Certificates> GenerateCertificates(const std::vector<std::string>& hosts) {
  Key ca_key(EVP_EC_gen("P-256"));
  Key key(EVP_EC_gen("P-256"));
  if (!ca_key || !key) return OpenSslError("cannot generate EC keys");
  Cert ca = NewCertificate(ca_key.get(), "wks-sim local CA");
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  bool ok = AddExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
            AddExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign") &&
            AddExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash") &&
            X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0;
  if (!ok) return OpenSslError("cannot build the CA certificate");

  Cert leaf = NewCertificate(key.get(), hosts.empty() ? "localhost" : hosts.front());
  X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get()));
  std::vector<std::string> names;
  for (const std::string& host : hosts) names.push_back((IsIp(host) ? "IP:" : "DNS:") + host);
  ok = AddExtension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE") &&
       AddExtension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature") &&
       AddExtension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth") &&
       AddExtension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always") &&
       AddExtension(leaf.get(), ca.get(), NID_subject_alt_name, core::Join(names, ",")) &&
       X509_sign(leaf.get(), ca_key.get(), EVP_sha256()) > 0;
  if (!ok) return OpenSslError("cannot build the server certificate");
  std::string ca_pem = ToPem(ca.get());
  return Certificates{ca_pem, ToPem(leaf.get()) + ca_pem, ToPem(key.get())};
}

core::StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& cert_chain_pem, const std::string& key_pem) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  ctx->use_certificate_chain(boost::asio::buffer(cert_chain_pem), ec);
  if (ec) return OpenSslError(core::StrCat("bad certificate: ", ec.message()));
  ctx->use_private_key(boost::asio::buffer(key_pem), ssl::context::pem, ec);
  if (ec) return OpenSslError(core::StrCat("bad private key: ", ec.message()));
  return ctx;
}

}  // namespace deskops::simulator
