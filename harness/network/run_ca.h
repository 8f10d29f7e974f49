// A certificate authority made for one run: ca.pem (the certificate only) in the run folder, every
// private key only in memory, and a leaf per hostname issued on first use for the TLS front's SNI pick.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct evp_pkey_st EVP_PKEY;
typedef struct x509_st X509;

namespace cldcert::network {

class RunCa {
 public:
  // A fresh CA (EC P-256, valid a day) whose certificate is written to folder/ca.pem; throws on failure.
  static std::unique_ptr<RunCa> create(const std::filesystem::path& folder);
  ~RunCa();
  RunCa(const RunCa&) = delete;
  RunCa& operator=(const RunCa&) = delete;

  const std::filesystem::path& certificate_file() const { return certificate_file_; }
  std::string certificate_pem() const;

  // A server context presenting a leaf for `host` (subjectAltName dNSName = host, signed by this CA,
  // chain included). Issued on first use and cached; thread-safe; owned by the RunCa (valid while it lives).
  SSL_CTX* server_context_for(const std::string& host);

 private:
  RunCa() = default;
  std::filesystem::path certificate_file_;
  EVP_PKEY* key_ = nullptr;
  X509* certificate_ = nullptr;
  std::mutex mutex_;
  std::map<std::string, SSL_CTX*> contexts_;
  long next_serial_ = 2;
};

}  // namespace cldcert::network
