#include "harness/network/tls_handshake.h"

#include <gtest/gtest.h>

namespace cldcert::network {
namespace {

TEST(TlsProbeName, EveryProbeReadsBackFromItsName) {
  for (TlsProbe probe : {TlsProbe::kNone, TlsProbe::kUnknownIssuer, TlsProbe::kWrongHost}) {
    EXPECT_EQ(parse_tls_probe(tls_probe_name(probe)), probe);
  }
  EXPECT_EQ(tls_probe_name(TlsProbe::kUnknownIssuer), "unknown_issuer");
  EXPECT_EQ(parse_tls_probe("self_signed"), std::nullopt);
}

TEST(TlsProbeName, DescriptionsSayWhatWasWrongWithTheCertificate) {
  EXPECT_NE(describe_probe(TlsProbe::kUnknownIssuer, "api.cloudinary.com").find("issuer"), std::string::npos);
  EXPECT_NE(describe_probe(TlsProbe::kWrongHost, "api.cloudinary.com").find("another name"), std::string::npos);
}

}  // namespace
}  // namespace cldcert::network
