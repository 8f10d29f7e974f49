#include "mocks/secret_encodings.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "mocks/base64.h"

namespace cldcert::mock {
namespace {

const std::string kSecret = "fakeSecretXa1b2C3d4E5f6G7h8";
const std::string kNasty = "fake/pq+r s\"t\xC3\xA9";

std::vector<std::string> texts(const std::vector<SecretSpelling>& spellings, SecretEncoding encoding) {
  std::vector<std::string> out;
  for (const auto& s : spellings) {
    if (s.encoding == encoding) out.push_back(s.text);
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(SecretEncodings, PlainAndHex) {
  auto s = secret_spellings(kSecret);
  EXPECT_EQ(texts(s, SecretEncoding::kPlain), std::vector<std::string>{kSecret});
  auto hex = texts(s, SecretEncoding::kHex);
  ASSERT_EQ(hex.size(), 1u);
  EXPECT_EQ(hex[0].substr(0, 8), "66616b65");  // "fake"
  EXPECT_TRUE(secret_spellings("").empty());
}

// Whatever bytes surround the secret at each alignment, one base64 core appears in the encoding.
TEST(SecretEncodings, Base64CoreAtEveryAlignment) {
  auto cores = texts(secret_spellings(kSecret), SecretEncoding::kBase64);
  ASSERT_EQ(cores.size(), 3u);
  for (std::string prefix : {"", "x", "xy", "xyz", "\xff\xfe"}) {
    for (std::string suffix : {"", "!", "!!"}) {
      std::string encoded = base64_encode(prefix + kSecret + suffix);
      bool found = std::any_of(cores.begin(), cores.end(),
                               [&](const std::string& c) { return encoded.find(c) != std::string::npos; });
      EXPECT_TRUE(found) << "prefix length " << prefix.size();
    }
  }
}

TEST(SecretEncodings, UrlSafeBase64WhenTheCoreHasPlusOrSlash) {
  const std::string secret = "\xfb\xff\xbf\xfb\xff\xbf\xfb\xff\xbf";
  auto safe = texts(secret_spellings(secret), SecretEncoding::kBase64Url);
  ASSERT_FALSE(safe.empty());
  EXPECT_EQ(safe[0].find_first_of("+/"), std::string::npos);
  EXPECT_TRUE(texts(secret_spellings(kSecret), SecretEncoding::kBase64Url).empty());
}

TEST(SecretEncodings, EscapedSpellingsOfASecretWithSpecialCharacters) {
  auto e = escaped_spellings(kNasty);
  auto url = texts(e, SecretEncoding::kUrlEncoded);
  EXPECT_TRUE(has(url, "fake%2Fpq%2Br%20s%22t%C3%A9"));  // encodeURIComponent
  EXPECT_TRUE(has(url, "fake%2fpq%2br%20s%22t%c3%a9"));  // lower-case hex
  EXPECT_TRUE(has(url, "fake%2Fpq%2Br+s%22t%C3%A9"));    // form encoding
  auto json = texts(e, SecretEncoding::kJsonEscaped);
  EXPECT_TRUE(has(json, "fake/pq+r s\\\"t\xC3\xA9"));    // JSON.stringify
  EXPECT_TRUE(has(json, "fake\\/pq+r s\\\"t\xC3\xA9"));  // PHP json_encode
  EXPECT_TRUE(has(json, "fake\\/pq+r s\\\"t\\u00e9"));   // ASCII-only
  for (const auto& s : e) EXPECT_NE(s.text, kNasty);
}

TEST(SecretEncodings, NothingToEscapeInACloudinaryShapedSecret) {
  EXPECT_TRUE(escaped_spellings("abcDEF123_-xyz").empty());
}

}  // namespace
}  // namespace cldcert::mock
