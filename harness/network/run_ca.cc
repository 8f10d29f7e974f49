#include "harness/network/run_ca.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <stdexcept>

namespace cldcert::network {
namespace {

constexpr long kValiditySeconds = 24L * 60 * 60;
// Clients compare notBefore with their own clock: an hour back covers a skewed one.
constexpr long kBackdateSeconds = 60L * 60;

[[noreturn]] void fail(const std::string& what) {
  unsigned long code = ERR_get_error();
  char text[256] = "";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  throw std::runtime_error("run CA: " + what + (code != 0 ? std::string(": ") + text : std::string()));
}

EVP_PKEY* new_p256_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) fail("cannot make an EC P-256 key");
  return key;
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) fail(std::string("cannot make extension ") + OBJ_nid2sn(nid));
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `common_name`, issued by `issuer` (its own issuer when null); signed by sign().
X509* new_certificate(EVP_PKEY* key, const std::string& common_name, long serial, X509* issuer) {
  X509* certificate = X509_new();
  if (certificate == nullptr) fail("cannot allocate a certificate");
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), serial);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -kBackdateSeconds);
  X509_gmtime_adj(X509_getm_notAfter(certificate), kValiditySeconds);
  X509_set_pubkey(certificate, key);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("cldcert run"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(certificate, issuer != nullptr ? X509_get_subject_name(issuer) : name);
  return certificate;
}

void sign(X509* certificate, EVP_PKEY* key) {
  if (X509_sign(certificate, key, EVP_sha256()) <= 0) fail("cannot sign a certificate");
}

std::string pem_of(X509* certificate) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, certificate);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

}  // namespace

std::unique_ptr<RunCa> RunCa::create(const std::filesystem::path& folder) {
  std::unique_ptr<RunCa> ca(new RunCa());
  ca->key_ = new_p256_key();
  ca->certificate_ = new_certificate(ca->key_, "cldcert run CA", 1, nullptr);
  add_extension(ca->certificate_, ca->certificate_, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca->certificate_, ca->certificate_, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca->certificate_, ca->certificate_, NID_subject_key_identifier, "hash");
  sign(ca->certificate_, ca->key_);

  std::filesystem::create_directories(folder);
  ca->certificate_file_ = folder / "ca.pem";
  std::ofstream out(ca->certificate_file_, std::ios::binary | std::ios::trunc);
  out << pem_of(ca->certificate_);
  if (!out.flush()) throw std::runtime_error("run CA: cannot write " + ca->certificate_file_.string());
  return ca;
}

RunCa::~RunCa() {
  for (auto& [host, context] : contexts_) SSL_CTX_free(context);
  X509_free(certificate_);
  EVP_PKEY_free(key_);
}

std::string RunCa::certificate_pem() const { return pem_of(certificate_); }

SSL_CTX* RunCa::server_context_for(const std::string& host) {
  std::lock_guard lock(mutex_);
  if (auto found = contexts_.find(host); found != contexts_.end()) return found->second;

  EVP_PKEY* key = new_p256_key();
  X509* leaf = new_certificate(key, host.empty() ? "localhost" : host, next_serial_++, certificate_);
  add_extension(leaf, certificate_, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(leaf, certificate_, NID_key_usage, "critical,digitalSignature");
  add_extension(leaf, certificate_, NID_ext_key_usage, "serverAuth");
  add_extension(leaf, certificate_, NID_authority_key_identifier, "keyid:always");
  std::string san = "DNS:" + (host.empty() ? std::string("localhost") : host);
  add_extension(leaf, certificate_, NID_subject_alt_name, san.c_str());
  sign(leaf, key_);

  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr) fail("cannot make a TLS server context");
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  bool ok = SSL_CTX_use_certificate(context, leaf) == 1 && SSL_CTX_use_PrivateKey(context, key) == 1 &&
            SSL_CTX_add1_chain_cert(context, certificate_) == 1;
  X509_free(leaf);
  EVP_PKEY_free(key);
  if (!ok) {
    SSL_CTX_free(context);
    fail("cannot load the leaf for " + host);
  }
  contexts_.emplace(host, context);
  return context;
}

}  // namespace cldcert::network
