#include "harness/scan/text_scanner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

#include "harness/scan/scan_test_support.h"
#include "mocks/base64.h"
#include "mocks/digest.h"

namespace cldcert::scan {
namespace {

using testing::fake_key;
using testing::fake_secret;

const std::string kSecret = fake_secret(7);
const std::string kKey = fake_key(7);
// Every character some encoder escapes, so each escaped spelling differs from the plain one.
const std::string kNasty = "fk/Zq+Wr 7\"x&y=\xC3\xA9z";

std::vector<Finding> known(const std::string& text, const std::vector<std::string>& secrets = {kSecret}) {
  return TextScanner(secrets, false).scan("f.txt", text);
}
std::vector<Finding> patterns(const std::string& text) { return TextScanner({}).scan("f.txt", text); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void expect_one(const std::vector<Finding>& findings, const std::string& rule, const std::string& secret) {
  ASSERT_EQ(findings.size(), 1u) << rule;
  EXPECT_EQ(findings[0].rule, rule);
  EXPECT_EQ(findings[0].fingerprint, secret_fingerprint(secret));
  EXPECT_EQ(findings[0].excerpt.find(secret), std::string::npos) << findings[0].excerpt;
  EXPECT_NE(findings[0].excerpt.find("[REDACTED]"), std::string::npos) << findings[0].excerpt;
}

// ---- known secrets, encoding by encoding (spellings built here, not by the scanner)

TEST(ScanKnownSecret, Plain) { expect_one(known("x = '" + kSecret + "';"), "known-secret/plain", kSecret); }

TEST(ScanKnownSecret, HexEitherCase) {
  expect_one(known("h=" + mock::hex_encode(kSecret)), "known-secret/hex", kSecret);
  expect_one(known("H=" + upper(mock::hex_encode(kSecret))), "known-secret/hex", kSecret);
}

TEST(ScanKnownSecret, Base64AtEveryAlignmentInsideALargerString) {
  for (std::string prefix : {"", "u", "us", "usr", "user:"}) {
    std::string encoded = mock::base64_encode(prefix + kSecret + "!tail");
    auto f = known("Authorization: Basic " + encoded);
    expect_one(f, "known-secret/base64", kSecret);
  }
}

TEST(ScanKnownSecret, UrlSafeBase64) {
  const std::string secret = "\xfb\xff\xbf\xfb\xff\xbf\xfb\xff\xbf";
  std::string safe = mock::base64_encode(secret);
  for (char& c : safe) c = c == '+' ? '-' : c == '/' ? '_' : c;
  auto f = known("t=" + safe, {secret});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "known-secret/base64");
}

TEST(ScanKnownSecret, UrlEncoded) {
  expect_one(known("q=fk%2FZq%2BWr%207%22x%26y%3D%C3%A9z&n=1", {kNasty}), "known-secret/url-encoded", kNasty);
  expect_one(known("q=fk%2fZq%2bWr+7%22x%26y%3d%c3%a9z", {kNasty}), "known-secret/url-encoded", kNasty);
}

TEST(ScanKnownSecret, JsonEscaped) {
  expect_one(known(R"({"s": "fk\/Zq+Wr 7\"x&y=\u00e9z"})", {kNasty}), "known-secret/json-escaped", kNasty);
  expect_one(known("{\"s\": \"fk/Zq+Wr 7\\\"x&y=\xC3\xA9z\"}", {kNasty}), "known-secret/json-escaped", kNasty);
}

TEST(ScanKnownSecret, InsideACloudinaryUrl) {
  expect_one(known("CLOUDINARY_URL=cloudinary://" + kKey + ":" + kSecret + "@demo"), "known-secret/cloudinary-url",
             kSecret);
}

TEST(ScanKnownSecret, SameFingerprintInEveryEncodingAnotherForAnotherSecret) {
  const std::string other = fake_secret(8);
  auto f = known(kSecret + " " + mock::hex_encode(kSecret) + " " + other, {kSecret, other});
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].fingerprint, f[1].fingerprint);
  EXPECT_NE(f[0].fingerprint, f[2].fingerprint);
}

TEST(ScanKnownSecret, LineAndColumnAreOneBasedBytes) {
  auto f = known("first\r\nsecond line\n\n  " + kSecret + "\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 4u);
  EXPECT_EQ(f[0].column, 3u);
  EXPECT_EQ(f[0].excerpt, "  [REDACTED]");
}

TEST(ScanKnownSecret, FoundInBinaryWithAPrintableExcerpt) {
  std::string bin("\x00\x01\x02", 3);
  auto f = known(bin + kSecret + bin);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].excerpt, "...[REDACTED]...");
}

TEST(ScanKnownSecret, LongLinesAreCutAndNeverShowAnySecret) {
  const std::string other = fake_secret(9);
  std::string line = std::string(500, 'a') + kSecret + std::string(30, 'b') + other + std::string(500, 'c');
  auto f = known(line, {kSecret, other});
  ASSERT_EQ(f.size(), 2u);
  for (const auto& x : f) {
    EXPECT_LE(x.excerpt.size(), kExcerptBytes + 8);
    EXPECT_EQ(x.excerpt.find(kSecret.substr(0, 6)), std::string::npos) << x.excerpt;
    EXPECT_EQ(x.excerpt.find(other.substr(0, 6)), std::string::npos) << x.excerpt;
  }
}

// ---- known secrets written with string escapes or HTML entities, in whole or in part

// `secret` with the characters at positions where `escaped(i)` holds spelled by `escape`.
std::string spell(const std::string& secret, const std::function<bool(std::size_t)>& escaped,
                  const std::function<std::string(unsigned char)>& escape) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    out += escaped(i) ? escape(static_cast<unsigned char>(secret[i])) : std::string(1, secret[i]);
  }
  return out;
}

std::string printed(const char* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

TEST(ScanKnownSecret, EscapedInWholeOrInPartWithEveryKindOfEscape) {
  const std::vector<std::pair<std::string, std::function<std::string(unsigned char)>>> kinds = {
      {"\\u lower", [](unsigned char c) { return printed("\\u%04x", c); }},
      {"\\u upper", [](unsigned char c) { return printed("\\u%04X", c); }},
      {"\\u{}", [](unsigned char c) { return printed("\\u{%x}", c); }},
      {"\\x", [](unsigned char c) { return printed("\\x%02x", c); }},
      {"octal", [](unsigned char c) { return printed("\\%03o", c); }},
      {"&#", [](unsigned char c) { return printed("&#%u;", c); }},
      {"&#x", [](unsigned char c) { return printed("&#x%X;", c); }},
  };
  const std::vector<std::pair<std::string, std::function<bool(std::size_t)>>> which = {
      {"all", [](std::size_t) { return true; }},
      {"every other", [](std::size_t i) { return i % 2 == 1; }},
      {"only the first", [](std::size_t i) { return i == 0; }},
      {"only the last", [](std::size_t i) { return i + 1 == kSecret.size(); }},
  };
  for (const auto& [kind, escape] : kinds) {
    for (const auto& [part, escaped] : which) {
      const std::string spelled = spell(kSecret, escaped, escape);
      auto f = known("const s = \"" + spelled + "\";\n");
      SCOPED_TRACE(kind + ", " + part + ": " + spelled);
      expect_one(f, "known-secret/escaped", kSecret);
      EXPECT_EQ(f[0].column, 12u);
      EXPECT_TRUE(f[0].excerpt.starts_with("const s = \"[REDACTED]\"")) << f[0].excerpt;
    }
  }
}

TEST(ScanKnownSecret, EscapesOfDifferentKindsMixedInOneSecret) {
  std::size_t n = 0;
  const std::string spelled = spell(
      kSecret, [](std::size_t i) { return i % 3 != 2; },
      [&](unsigned char c) {
        switch (n++ % 4) {
          case 0: return printed("\\u%04x", c);
          case 1: return printed("\\x%02X", c);
          case 2: return printed("\\%o", c);
          default: return printed("&#x%x;", c);
        }
      });
  expect_one(known("<div data-k='" + spelled + "'>"), "known-secret/escaped", kSecret);
  // Browsers also take a numeric reference without its ';'.
  const std::string bare = spell(
      kSecret, [](std::size_t) { return true; }, [](unsigned char c) { return printed("&#%u", c); });
  expect_one(known("<a title=" + bare + ">"), "known-secret/escaped", kSecret);
}

TEST(ScanKnownSecret, NamedHtmlEntitiesAndNonAsciiCharacters) {
  // kNasty is fk/Zq+Wr 7"x&y=éz.
  expect_one(known("<p>fk&sol;Zq&plus;Wr 7&quot;x&amp;y&equals;&#xe9;z</p>", {kNasty}), "known-secret/escaped", kNasty);
  expect_one(known("s = 'fk/Zq+Wr 7\"x&amp;y=\\u00E9z'", {kNasty}), "known-secret/escaped", kNasty);
  expect_one(known("s = 'fk/Zq+Wr 7\\x22x\\46y=\\303\\251z'", {kNasty}), "known-secret/escaped", kNasty);
}

TEST(ScanKnownSecret, EscapesNearASecretSpelledPlainlyOrNearOtherTextAreNoEscapedFinding) {
  auto plain = known("a = '\\u0041\\x42'; b = '" + kSecret + "'; c = '&#67;'");
  expect_one(plain, "known-secret/plain", kSecret);
  EXPECT_TRUE(known("\"\\u0041\\u0042 &amp; &#x43; \\x44\\105 " + fake_secret(8) + "\"").empty());
  const std::string almost = spell(
      kSecret.substr(0, kSecret.size() - 1), [](std::size_t) { return true; },
      [](unsigned char c) { return printed("\\u%04x", c); });
  EXPECT_TRUE(known("s = \"" + almost + "\"").empty());
}

TEST(ScanKnownSecret, NothingWithoutTheSecret) {
  EXPECT_TRUE(known("nothing to see " + fake_secret(8)).empty());
  EXPECT_TRUE(known(kSecret, {}).empty());
}

// ---- patterns

TEST(ScanPatterns, CloudinaryUrl) {
  auto f = patterns("CLOUDINARY_URL=cloudinary://" + kKey + ":" + kSecret + "@1st-cloud\n");
  expect_one(f, "cloudinary-url", kSecret);
  EXPECT_EQ(f[0].column, 16u + 13 + kKey.size() + 1);
  EXPECT_EQ(f[0].excerpt, "CLOUDINARY_URL=cloudinary://" + kKey + ":[REDACTED]@1st-cloud");
}

TEST(ScanPatterns, CloudinaryUrlPlaceholdersAreNotFindings) {
  EXPECT_TRUE(patterns("cloudinary://<api_key>:<api_secret>@<cloud_name>").empty());
  EXPECT_TRUE(patterns("cloudinary://API_KEY:API_SECRET@CLOUD_NAME").empty());
  EXPECT_TRUE(patterns("cloudinary://${KEY}:${SECRET}@demo").empty());
  EXPECT_TRUE(patterns("cloudinary://123456789012345:abcdefghijklmnopqrstuvwxyz1@demo").empty());
  EXPECT_TRUE(patterns("see https://cloudinary.com and cloudinary://").empty());
}

TEST(ScanPatterns, KeyAndSecretNearTheWordCloudinary) {
  expect_one(patterns("// Cloudinary account\nconst k = '" + kKey + "';\nconst s = '" + kSecret + "';\n"),
             "cloudinary-key-secret-pair", kSecret);
}

TEST(ScanPatterns, KeyAloneOrSecretAloneOrFarAwayIsNoPair) {
  EXPECT_TRUE(patterns("cloudinary key " + kKey).empty());
  EXPECT_TRUE(patterns("cloudinary token " + kSecret).empty());
  EXPECT_TRUE(patterns("cloudinary" + std::string(300, ' ') + kKey + " " + kSecret).empty());
  EXPECT_TRUE(patterns(kKey + " " + kSecret).empty());
}

TEST(ScanPatterns, PiecesOfABase64BlobNearCloudinaryAreNoPair) {
  std::string blob = "sha512-AAAA+" + kSecret + "/BBBB+" + kSecret + "==";
  EXPECT_TRUE(patterns("// cloudinary " + kKey + "\nintegrity: \"" + blob + "\"").empty());
}

TEST(ScanPatterns, SecretAssignmentsInEverySyntax) {
  for (std::string text :
       {"api_secret: \"@@\"", "\"api_secret\": \"@@\"", "API_SECRET=@@", "CLOUDINARY_API_SECRET=@@\n",
        "apiSecret: '@@',", "'api_secret' => '@@'", "$config['api_secret'] = '@@';",
        "define('CLOUDINARY_API_SECRET', '@@');", "api_secret = @@  # prod", "api-secret: @@",
        "<api_secret>@@</api_secret>", "cloudinary_secret := `@@`", "setApiSecret(\"@@\")"}) {
    text.replace(text.find("@@"), 2, kSecret);
    expect_one(patterns(text), "secret-assignment", kSecret);
  }
}

TEST(ScanPatterns, AssignmentsOfLookupsPlaceholdersAndOtherNamesAreNotFindings) {
  for (std::string text :
       {"api_secret: process.env.CLOUDINARY_API_SECRET", "api_secret: \"<your secret>\"",
        "api_secret: \"xxxxxxxxxxxxxxxx\"", "API_SECRET=${CLOUDINARY_API_SECRET}",
        "api_secret = os.environ[\"API_SECRET\"]", "getenv('CLOUDINARY_API_SECRET')", "api_secret: ENV.fetch('X')",
        "if (api_secret == \"@@\")", "client_secret: \"@@\"", "api_secret_key: \"@@\"", "api_secret:", "API_SECRET="}) {
    if (auto at = text.find("@@"); at != std::string::npos) text.replace(at, 2, kSecret);
    EXPECT_TRUE(patterns(text).empty()) << text;
  }
}

TEST(ScanPatterns, HighEntropyNonSecretsAreNotFindings) {
  // A SHA-1, a SHA-256 and a base64 blob with no keyword near them.
  std::string text = "commit " + mock::sha1_hex("x") + "\nsha256 " + mock::sha256_hex("y") + "\nintegrity sha512-" +
                     mock::base64_encode(mock::sha256_hex("z")) + "\n" + kKey + "\n";
  EXPECT_TRUE(patterns(text).empty());
}

TEST(ScanPatterns, OneFindingWhenRulesOverlapTheKnownSecretWinning) {
  std::string text = "CLOUDINARY_API_KEY=" + kKey + "\nCLOUDINARY_API_SECRET=" + kSecret + "\n";
  auto f = TextScanner({kSecret}).scan("x", text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "known-secret/plain");
  auto p = patterns(text);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].fingerprint, f[0].fingerprint);
}

}  // namespace
}  // namespace cldcert::scan
