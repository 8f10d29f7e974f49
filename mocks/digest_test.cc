#include "mocks/digest.h"

#include <gtest/gtest.h>

namespace cldcert::mock {

TEST(Digest, KnownVectors) {
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, StreamingEqualsOneShot) {
  StreamingDigest d;
  d.update("a");
  d.update("bc");
  EXPECT_EQ(d.final_hex(), sha256_hex("abc"));
}

TEST(Digest, HmacSha256Rfc4231Case2) {
  EXPECT_EQ(hex_encode(hmac_sha256_raw("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace cldcert::mock
