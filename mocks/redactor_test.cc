#include "mocks/redactor.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "mocks/base64.h"
#include "mocks/digest.h"

namespace cldcert::mock {
namespace {

const std::string kSecret = "fakeSecretXa1b2C3d4E5f6G7h8";
const std::string kOther = "fakeOtherQz9y8X7w6V5u4T3s2R1";

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(Redactor, EachEncodingOfASecretIsRedacted) {
  const Redactor redactor{kSecret};
  const std::string marker(kRedacted);
  EXPECT_EQ(redactor.redact("s=" + kSecret + "&x=1"), "s=" + marker + "&x=1");
  EXPECT_EQ(redactor.redact("h=" + hex_encode(kSecret)), "h=" + marker);
  EXPECT_EQ(redactor.redact("h=" + upper(hex_encode(kSecret))), "h=" + marker);
  EXPECT_EQ(redactor.redact("b=" + base64_encode(kSecret)), "b=" + marker);
  // Inside a larger base64 string (Basic credentials), at an offset that is not a multiple of 3.
  const std::string basic = base64_encode("key:" + kSecret);
  const std::string redacted = redactor.redact("Basic " + basic);
  EXPECT_NE(redacted, "Basic " + basic);
  EXPECT_EQ(redacted.find(basic.substr(8, 20)), std::string::npos);
  // Escaped ("%66" is 'f', "\u0061" is 'a'), mixed within one occurrence, and doubly percent-encoded.
  EXPECT_EQ(redactor.redact("q=%66" + kSecret.substr(1) + "&"), "q=" + marker + "&");
  EXPECT_EQ(redactor.redact(R"({"s":"f\u0061)" + kSecret.substr(2) + R"("})"), R"({"s":")" + marker + R"("})");
  EXPECT_EQ(redactor.redact("u=%2566" + kSecret.substr(1)), "u=" + marker);
}

TEST(Redactor, OverlappingAndTouchingSecretsBecomeOneMarker) {
  const std::string outer = "outerSecretWithInnerPart99";
  const std::string inner = "InnerPart";
  for (const Redactor& redactor : {Redactor{inner, outer}, Redactor{outer, inner}}) {
    EXPECT_EQ(redactor.redact("a " + outer + " b " + inner + " c"), "a [REDACTED] b [REDACTED] c");
  }
  EXPECT_EQ(Redactor({kSecret, kOther}).redact("x" + kSecret + kOther + "y"), "x[REDACTED]y");
  // The same occurrences whether or not the text holds an escape byte (another search path).
  EXPECT_EQ(Redactor({kSecret, kOther}).redact("%20x" + kSecret + kOther + "y"), "%20x[REDACTED]y");
}

TEST(Redactor, NoSecretsRedactNothing) {
  const std::string text = "api_key=614335564976464&note=[x]%20" + kSecret;
  EXPECT_EQ(Redactor().redact(text), text);
  EXPECT_EQ(Redactor(std::vector<std::string>{}).redact(text), text);
  EXPECT_EQ(Redactor{""}.redact(text), text);  // an empty secret must not redact every gap
  EXPECT_TRUE(Redactor().secrets().empty());
  EXPECT_FALSE(Redactor().leaks_secret(text));
}

TEST(Redactor, OneCharacterSecretIsRedactedAsItself) {
  EXPECT_EQ(Redactor{"Q"}.redact("aQbQ"), "a[REDACTED]b[REDACTED]");
  EXPECT_EQ(Redactor{"Q"}.redact("a%51b"), "a[REDACTED]b");
}

TEST(Redactor, RedactsJsonValuesAndKeysInPlace) {
  nlohmann::json value = {{"url", "https://x/?s=" + kSecret},
                          {"list", {1, "hex " + hex_encode(kSecret), nullptr, true}},
                          {kSecret, {{"nested", kOther}}},
                          {"count", 27}};
  Redactor({kSecret, kOther}).redact(value);
  const nlohmann::json expected = {{"url", "https://x/?s=[REDACTED]"},
                                   {"list", {1, "hex [REDACTED]", nullptr, true}},
                                   {"[REDACTED]", {{"nested", "[REDACTED]"}}},
                                   {"count", 27}};
  EXPECT_EQ(value, expected);
  // Redacting twice changes nothing.
  Redactor({kSecret, kOther}).redact(value);
  EXPECT_EQ(value, expected);
}

TEST(Redactor, MarkerRuleAndLeaks) {
  const Redactor redactor{kSecret};
  EXPECT_EQ(redacted_secret_at("api_secret=[REDACTED]"), 11u);
  EXPECT_EQ(redacted_secret_at("api_secret=REDACTED"), std::string_view::npos);
  // Judged evidence is already redacted: the marker is the leak. Raw evidence spells the secret.
  EXPECT_TRUE(redactor.leaks_secret("s=" + std::string(kRedacted)));
  EXPECT_TRUE(redactor.leaks_secret("s=" + base64_encode(kSecret)));
  EXPECT_FALSE(redactor.leaks_secret("s=" + kOther));
  EXPECT_FALSE(redactor.leaks_secret(""));
}

TEST(Redactor, CopiesShareTheSecrets) {
  const Redactor built{kSecret, kOther};
  const Redactor copy = built;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
  EXPECT_EQ(&copy.secrets(), &built.secrets());
  EXPECT_EQ(copy.secrets(), (std::vector<std::string>{kSecret, kOther}));
}

}  // namespace
}  // namespace cldcert::mock
