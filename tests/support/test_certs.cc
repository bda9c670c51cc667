#include "test_certs.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace deskops::testing {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
template <class T>
using Ptr = std::unique_ptr<T, Free>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what);
}

Ptr<EVP_PKEY> NewKey() {
  Ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  Check(key != nullptr, "keygen");
  return key;
}

void AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  Check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "extension");
}

Ptr<X509> NewCert(EVP_PKEY* key, const std::string& cn, X509* issuer, long serial) {
  Ptr<X509> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  return cert;
}

std::string Pem(X509* cert) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string Pem(EVP_PKEY* key) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

bool IsIp(const std::string& s) {
  return s.find_first_not_of("0123456789.") == std::string::npos ||
         s.find(':') != std::string::npos;
}

}  // namespace

TestCertificates MakeTestCertificates(const std::vector<std::string>& names) {
  Ptr<EVP_PKEY> ca_key = NewKey();
  Ptr<X509> ca = NewCert(ca_key.get(), "deskops test CA", nullptr, 1);
  AddExt(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  AddExt(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExt(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  Check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "sign CA");

  Ptr<EVP_PKEY> key = NewKey();
  Ptr<X509> cert = NewCert(key.get(), names.empty() ? "localhost" : names[0], ca.get(), 2);
  std::string san;
  for (const auto& n : names) {
    san += std::string(san.empty() ? "" : ",") + (IsIp(n) ? "IP:" : "DNS:") + n;
  }
  AddExt(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  AddExt(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  if (!san.empty()) AddExt(cert.get(), ca.get(), NID_subject_alt_name, san);
  Check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "sign server");
  return {Pem(ca.get()), Pem(cert.get()), Pem(key.get())};
}

std::string WriteTempFile(const std::string& prefix, const std::string& text) {
  static std::atomic<int> counter{0};
  auto path = std::filesystem::temp_directory_path() /
              (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace deskops::testing
