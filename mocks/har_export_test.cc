#include "mocks/har_export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "mocks/base64.h"
#include "mocks/digest.h"

namespace cldcert::mock {
namespace {

// Shaped like a Cloudinary secret (27 URL-safe characters), and one made of every character
// that some encoder escapes: '/', '+', space, quote, '&', '=', non-ASCII, an astral emoji, '\', '%'.
const std::string kSecret = "fakeSecretXa1b2C3d4E5f6G7h8";
const std::string kNasty = "fake/pq+r s\"t&u=\xC3\xA9\xF0\x9F\x98\x80v\\w%41";
const std::string kApiKey = "614335564976464";
const std::string kSignature = "b1946ac92492d2347c6235b4d2611184e3b2a6c5";
const std::string kTimestamp = "1735689600";
const std::string kFileSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// ---- Every spelling of a secret a leak could take, built independently of the redactor.

std::string percent(std::string_view s, bool all_bytes, bool upper, bool plus_space) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
    if (plus_space && c == ' ')
      out += '+';
    else if (!all_bytes && unreserved)
      out += static_cast<char>(c);
    else
      out += {'%', digits[c >> 4], digits[c & 15]};
  }
  return out;
}

std::string json_body(const std::string& s, bool ensure_ascii) {
  std::string dumped = nlohmann::json(s).dump(-1, ' ', ensure_ascii);
  return dumped.substr(1, dumped.size() - 2);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// \uXXXX for every character, the way some JS minifiers and loggers spell strings.
std::string u_escape_all(const std::string& s, bool upper) {
  std::string ascii = json_body(s, true);  // non-ASCII already \u-escaped (surrogate pairs included)
  std::string out;
  char buf[8];
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (ascii[i] == '\\' && i + 1 < ascii.size() && ascii[i + 1] == 'u') {
      std::string unit = ascii.substr(i + 2, 4);
      for (char& c : unit) c = upper ? static_cast<char>(std::toupper(c)) : static_cast<char>(std::tolower(c));
      out += "\\u" + unit;
      i += 5;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(ascii[i]);
    if (c == '\\') c = static_cast<unsigned char>(ascii[++i] == 'n' ? '\n' : ascii[i]);  // undo one-letter escapes
    std::snprintf(buf, sizeof buf, upper ? "\\u%04X" : "\\u%04x", c);
    out += buf;
  }
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string url_safe(std::string s) {
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

// The base64 characters a secret at `offset` mod 3 always produces, whatever surrounds it:
// encode it between all-zero and all-one neighbours and keep the run where both agree.
std::string base64_core(const std::string& secret, std::size_t offset) {
  std::string a = base64_encode(std::string(offset, '\0') + secret + std::string(2, '\0'));
  std::string b = base64_encode(std::string(offset, '\xff') + secret + std::string(2, '\xff'));
  std::size_t begin = 0;
  while (begin < a.size() && a[begin] != b[begin]) ++begin;
  std::size_t end = begin;
  while (end < a.size() && a[end] == b[end]) ++end;
  return a.substr(begin, end - begin);
}

std::vector<std::pair<std::string, std::string>> leak_forms(const std::string& secret) {
  std::vector<std::pair<std::string, std::string>> forms = {
      {"plain", secret},
      {"percent-all-upper", percent(secret, true, true, false)},
      {"percent-all-lower", percent(secret, true, false, false)},
      {"percent-component-upper", percent(secret, false, true, false)},
      {"percent-component-lower", percent(secret, false, false, false)},
      {"percent-form", percent(secret, false, true, true)},
      {"percent-twice", percent(percent(secret, false, true, false), false, true, false)},
      {"json", json_body(secret, false)},
      {"json-ascii", json_body(secret, true)},
      {"json-slash", replace_all(json_body(secret, false), "/", "\\/")},
      {"json-u-lower", u_escape_all(secret, false)},
      {"json-u-upper", u_escape_all(secret, true)},
      {"hex-lower", hex_encode(secret)},
      {"hex-upper", upper(hex_encode(secret))},
  };
  for (std::size_t offset = 0; offset < 3; ++offset) {
    std::string core = base64_core(secret, offset);
    forms.emplace_back("base64@" + std::to_string(offset), core);
    forms.emplace_back("base64url@" + std::to_string(offset), url_safe(core));
  }
  return forms;
}

// No 12-character piece of any spelling survives: a partial leak fails too, not just a whole one.
void expect_no_leak(const std::string& text, const std::string& secret) {
  constexpr std::size_t kWindow = 12;
  for (const auto& [name, form] : leak_forms(secret)) {
    std::size_t window = std::min(kWindow, form.size());
    for (std::size_t at = 0; at + window <= form.size(); ++at) {
      std::string piece = form.substr(at, window);
      std::size_t found = text.find(piece);
      if (found != std::string::npos) {
        ADD_FAILURE() << "secret leaked as " << name << " (piece \"" << piece
                      << "\") near: " << text.substr(found < 40 ? 0 : found - 40, 100);
        break;
      }
    }
  }
}

std::vector<std::string> secrets() { return {kSecret, kNasty}; }

// The redaction tests stay beside the spellings above; a run builds its Redactor once instead.
std::string redact_secrets(std::string_view text, std::vector<std::string> secrets) {
  return Redactor(std::move(secrets)).redact(text);
}

}  // namespace

// ---- redact_secrets

TEST(RedactSecrets, PlainOccurrencesEverywhere) {
  EXPECT_EQ(redact_secrets("a " + kSecret + " b " + kSecret, {kSecret}), "a [REDACTED] b [REDACTED]");
  EXPECT_EQ(redact_secrets(kSecret, {kSecret}), "[REDACTED]");
  EXPECT_EQ(redact_secrets("x" + kSecret + kSecret + "y", {kSecret}), "x[REDACTED]y");
}

TEST(RedactSecrets, UrlEncodedInEveryCaseAndStyle) {
  for (const auto& encoded :
       {percent(kNasty, true, true, false), percent(kNasty, true, false, false), percent(kNasty, false, true, false),
        percent(kNasty, false, false, false), percent(kNasty, false, true, true),
        percent(percent(kNasty, false, true, false), false, true, false)}) {
    SCOPED_TRACE(encoded);
    EXPECT_EQ(redact_secrets("q=" + encoded + "&n=1", {kNasty}), "q=[REDACTED]&n=1");
  }
  // Escaped and literal bytes mixed in one occurrence, as hand-rolled encoders do.
  EXPECT_EQ(redact_secrets("fake%2Fpq%2br+s%22t%26u%3D\xC3\xA9%F0%9F%98%80v%5Cw%2541", {kNasty}), "[REDACTED]");
}

TEST(RedactSecrets, Base64AtEveryAlignment) {
  for (const std::string& secret : secrets()) {
    for (std::size_t prefix = 0; prefix < 6; ++prefix) {
      for (std::size_t suffix = 0; suffix < 3; ++suffix) {
        std::string plain = std::string("user:pw").substr(0, prefix) + secret + std::string("!?").substr(0, suffix);
        for (const std::string& encoded : {base64_encode(plain), url_safe(base64_encode(plain))}) {
          SCOPED_TRACE("prefix " + std::to_string(prefix) + " suffix " + std::to_string(suffix) + ": " + encoded);
          std::string redacted = redact_secrets("token " + encoded + " end", {secret});
          EXPECT_NE(redacted.find("[REDACTED]"), std::string::npos);
          EXPECT_TRUE(redacted.starts_with("token ")) << redacted;
          EXPECT_TRUE(redacted.ends_with(" end")) << redacted;
          expect_no_leak(redacted, secret);
          // Exactly the characters holding secret bits go (including the two that mix secret and
          // neighbour bits); the characters made only of neighbour bits and padding stay.
          std::size_t lead = prefix * 8 / 6;
          std::size_t last = ((prefix + secret.size()) * 8 - 1) / 6;
          EXPECT_EQ(redacted, "token " + encoded.substr(0, lead) + "[REDACTED]" + encoded.substr(last + 1) + " end");
        }
      }
    }
  }
  // The classic: Basic credentials pasted into a log line.
  std::string basic = base64_encode(kApiKey + ":" + kSecret);
  std::string redacted = redact_secrets("Authorization: Basic " + basic, {kSecret});
  EXPECT_TRUE(redacted.starts_with("Authorization: Basic " + basic.substr(0, 16))) << redacted;
  EXPECT_NE(redacted.find("[REDACTED]"), std::string::npos);
}

TEST(RedactSecrets, HexInEitherCase) {
  EXPECT_EQ(redact_secrets("sig=" + hex_encode(kSecret) + ";", {kSecret}), "sig=[REDACTED];");
  EXPECT_EQ(redact_secrets("sig=" + upper(hex_encode(kSecret)), {kSecret}), "sig=[REDACTED]");
  EXPECT_EQ(redact_secrets("raw " + hex_encode(kNasty), {kNasty}), "raw [REDACTED]");
}

TEST(RedactSecrets, JsonAndJsEscapes) {
  for (const auto& escaped :
       {json_body(kNasty, false), json_body(kNasty, true), replace_all(json_body(kNasty, false), "/", "\\/"),
        u_escape_all(kNasty, false), u_escape_all(kNasty, true), u_escape_all(kSecret, false)}) {
    SCOPED_TRACE(escaped);
    std::string body = R"({"echo":")" + escaped + R"(","ok":true})";
    std::string redacted = redact_secrets(body, {kSecret, kNasty});
    EXPECT_EQ(redacted, R"({"echo":"[REDACTED]","ok":true})");
  }
  // JS \xHH byte escapes.
  EXPECT_EQ(redact_secrets("'fake\\x2fpq\\x2Br s\"t&u=\xC3\xA9\xF0\x9F\x98\x80v\\\\w%41'", {kNasty}), "'[REDACTED]'");
}

TEST(RedactSecrets, OverlappingAndSubstringSecrets) {
  const std::string outer = "outerSecretWithInnerPart99";
  const std::string inner = "InnerPart";
  EXPECT_EQ(redact_secrets("a " + outer + " b " + inner + " c", {inner, outer}), "a [REDACTED] b [REDACTED] c");
  EXPECT_EQ(redact_secrets("a " + outer + " b " + inner + " c", {outer, inner}), "a [REDACTED] b [REDACTED] c");
  // Two secrets sharing characters, back to back: one marker, nothing of either left.
  EXPECT_EQ(redact_secrets("x" + kSecret + kNasty + "y", {kSecret, kNasty}), "x[REDACTED]y");
}

TEST(RedactSecrets, MultipleSecretsInMixedEncodings) {
  std::string text = "k=" + kApiKey + "&s=" + percent(kNasty, false, true, true) + "&b=" + base64_encode(kSecret) +
                     "&h=" + hex_encode(kNasty);
  EXPECT_EQ(redact_secrets(text, secrets()), "k=" + kApiKey + "&s=[REDACTED]&b=[REDACTED]&h=[REDACTED]");
}

TEST(RedactSecrets, LeavesEverythingElseAlone) {
  const std::string text = "api_key=" + kApiKey + "&timestamp=" + kTimestamp + "&signature=" + kSignature +
                           "&public_id=fake%2Fsample&note=" + kSecret.substr(0, 10);
  EXPECT_EQ(redact_secrets(text, secrets()), text);
  EXPECT_EQ(redact_secrets(text, {}), text);
  EXPECT_EQ(redact_secrets(text, {""}), text);  // an empty secret must not redact every gap
  EXPECT_EQ(redact_secrets("", secrets()), "");
  // A tiny secret is still redacted as itself, but its hex/base64 would hit unrelated text.
  EXPECT_EQ(redact_secrets("abc 616263 YWJj", {"abc"}), "[REDACTED] 616263 YWJj");
  // Invalid UTF-8 passes through untouched (the HAR writer repairs it later).
  EXPECT_EQ(redact_secrets("\xff\xfe" + kSecret, {kSecret}), "\xff\xfe[REDACTED]");
}

// ---- journal_to_har

namespace {

JournalField text_field(std::string name, std::string value) {
  JournalField f;
  f.name = std::move(name);
  f.size = value.size();
  f.value = std::move(value);
  return f;
}

// Journal entries with a secret planted in every place one could reach the journal.
std::vector<JournalEntry> planted_entries() {
  std::vector<JournalEntry> out;

  JournalEntry upload;
  upload.id = 1;
  upload.started_at = "2025-01-01T00:00:00.123Z";
  upload.started_unix_ms = 1735689600123;
  upload.duration_ms = 12.5;
  upload.method = "POST";
  upload.path = "/v1_1/demo/image/upload";
  upload.headers = {{"Host", "127.0.0.1:8123"},
                    {"Content-Type", "multipart/form-data; boundary=----cldcert"},
                    {"User-Agent", "CloudinaryNodeJS/2.11.0 (Node 20)"},
                    {"Cookie", "session=abc123; leak=" + percent(kNasty, false, true, false) +
                                   "; provisioning_secret=opaque-value-1"},
                    {"X-Debug-Echo", u_escape_all(kSecret, false)},
                    {"X-Api-Secret", "opaque-value-2"}};
  upload.remote_address = "127.0.0.1";
  upload.api = "upload";
  upload.action = "upload";
  upload.cloud = "demo";
  upload.resource_type = "image";
  upload.delivery_type = "upload";
  upload.auth = {"signature", kApiKey, "ok", "sha1", 2, ""};
  upload.fields = {text_field("api_key", kApiKey),
                   text_field("timestamp", kTimestamp),
                   text_field("signature", kSignature),
                   text_field("api_secret", kSecret),
                   text_field("context", "alt=" + base64_encode("caption=" + kSecret)),
                   text_field("tags", url_safe(base64_encode("xy" + kNasty))),
                   text_field("notification_url", "https://hooks.example.test/cb?t=" + hex_encode(kSecret))};
  JournalField file;
  file.name = "file";
  file.is_file = true;
  file.filename = "cat.png";
  file.content_type = "image/png";
  file.size = 1234;
  file.sha256 = kFileSha;
  upload.fields.push_back(file);
  upload.body_content_type = "multipart/form-data; boundary=----cldcert";
  upload.body_size = 2048;
  upload.asset_sha256 = kFileSha;
  upload.public_id = "cat";
  upload.status = 200;
  upload.response_headers = {{"Set-Cookie", "sid=" + kSecret + "; Path=/; HttpOnly"},
                             {"Content-Type", "application/json"}};
  upload.response_body = R"({"public_id":"cat","signature":")" + kSignature + R"(","echo":")" +
                         replace_all(json_body(kNasty, true), "/", "\\/") + R"("})";
  out.push_back(upload);

  JournalEntry admin;
  admin.id = 2;
  admin.started_unix_ms = 1735689601000;  // no started_at: the export derives it
  admin.duration_ms = 3;
  admin.method = "GET";
  admin.path = "/v1_1/demo/resources/image/upload/" + kSecret;
  admin.query = "api_secret=" + percent(kSecret, false, true, false) +
                "&prefix=" + percent(kNasty, false, false, true) + "&max_results=10";
  admin.query_params = {{"api_secret", kSecret}, {"prefix", kNasty}, {"max_results", "10"}};
  admin.headers = {{"Host", "127.0.0.1:8123"}, {"Authorization", "Basic " + base64_encode(kApiKey + ":" + kSecret)}};
  admin.api = "admin";
  admin.action = "resources";
  admin.cloud = "demo";
  admin.auth = {"basic", kApiKey, "ok", "", 0, ""};
  admin.status = 404;
  admin.response_headers = {{"Content-Type", "application/json"}};
  admin.response_body = R"({"error":{"message":"Resource not found - )" + kSecret + R"("}})";
  out.push_back(admin);

  JournalEntry provisioning;
  provisioning.id = 3;
  provisioning.started_at = "2025-01-01T00:00:02.000Z";
  provisioning.method = "POST";
  provisioning.path = "/v1_1/provisioning/accounts/fake-account/sub_accounts";
  provisioning.headers = {{"Host", "localhost:9000"},
                          {"Authorization", "Bearer tok-" + kSecret},
                          {"Content-Type", "application/json"},
                          {"X-Binary", "\xff\xfe not utf-8"}};
  provisioning.api = "provisioning";
  provisioning.action = "create_sub_account";
  provisioning.auth = {"provisioning_basic", "", "invalid_credentials", "", 0, ""};
  provisioning.body_content_type = "application/json";
  provisioning.body_size = 57;
  provisioning.remote_file_url = "https://img.example.test/a.png?sig=" + kSecret;
  provisioning.status = 401;
  provisioning.response_headers = {{"Content-Type", "image/png"}};
  provisioning.response_body = std::string("\x89PNG\r\n\x1a\n\0\0", 10) + kSecret + kNasty;
  out.push_back(provisioning);

  JournalEntry chunk;
  chunk.id = 4;
  chunk.started_at = "2025-01-01T00:00:03.000Z";
  chunk.method = "POST";
  chunk.path = "/v1_1/demo/video/upload";
  chunk.headers = {{"Content-Range", "bytes 0-5242879/20000000"}, {"X-Unique-Upload-Id", "fake-upload-1"}};
  chunk.api = "upload";
  chunk.action = "upload";
  chunk.cloud = "demo";
  chunk.chunk = ChunkRecord{"fake-upload-1", 0, 5242879, 20000000, 5242880, false};
  chunk.status = 200;
  chunk.response_headers = {{"Content-Type", "application/json"}};
  chunk.response_body = R"({"done":false})";
  out.push_back(chunk);
  return out;
}

HarOptions har_options() { return {secrets(), "0.1.0-test"}; }

const nlohmann::json* find_named(const nlohmann::json& list, const std::string& name) {
  for (const auto& item : list) {
    if (item.at("name") == name) return &item;
  }
  return nullptr;
}

std::string value_of(const nlohmann::json& list, const std::string& name) {
  const nlohmann::json* item = find_named(list, name);
  return item ? item->at("value").get<std::string>() : "<absent: " + name + ">";
}

}  // namespace

// Every string value as a reader gets it after parsing: escapes inside values (a \u-escaped
// echo in a header) are doubled by serialization, so the dump alone would hide them.
static void collect_strings(const nlohmann::json& node, std::string& out) {
  if (node.is_string()) {
    out += node.get<std::string>() + "\n";
  } else if (node.is_structured()) {
    for (const auto& child : node) collect_strings(child, out);
  }
}

TEST(HarExport, PlantedSecretsLeakInNoEncoding) {
  const nlohmann::json har = journal_to_har(planted_entries(), har_options());
  std::string values;
  collect_strings(har, values);
  for (const std::string& text : {har.dump(), har.dump(2), har.dump(-1, ' ', true), values}) {
    for (const std::string& secret : secrets()) expect_no_leak(text, secret);
  }
}

TEST(HarExport, CredentialsRedactedByName) {
  const nlohmann::json har = journal_to_har(planted_entries(), har_options());
  const auto& entries = har["log"]["entries"];
  const auto& upload = entries[0]["request"];
  EXPECT_EQ(value_of(upload["postData"]["params"], "api_secret"), "[REDACTED]");
  EXPECT_EQ(value_of(upload["headers"], "X-Api-Secret"), "[REDACTED]");
  EXPECT_EQ(value_of(upload["cookies"], "provisioning_secret"), "[REDACTED]");
  EXPECT_EQ(value_of(upload["cookies"], "session"), "abc123");
  EXPECT_EQ(value_of(upload["headers"], "Cookie"), "session=abc123; leak=[REDACTED]; provisioning_secret=[REDACTED]");

  const auto& admin = entries[1]["request"];
  EXPECT_EQ(value_of(admin["headers"], "Authorization"), "Basic [REDACTED]");
  EXPECT_EQ(value_of(admin["queryString"], "api_secret"), "[REDACTED]");
  EXPECT_EQ(value_of(admin["queryString"], "max_results"), "10");
  EXPECT_EQ(admin["url"],
            "http://127.0.0.1:8123/v1_1/demo/resources/image/upload/%5BREDACTED%5D"
            "?api_secret=%5BREDACTED%5D&prefix=%5BREDACTED%5D&max_results=10");

  EXPECT_EQ(value_of(entries[2]["request"]["headers"], "Authorization"), "Bearer [REDACTED]");
  EXPECT_EQ(entries[2]["request"]["url"], "http://localhost:9000/v1_1/provisioning/accounts/fake-account/sub_accounts");
  EXPECT_EQ(value_of(entries[0]["response"]["cookies"], "sid"), "[REDACTED]");
  EXPECT_EQ(entries[0]["response"]["cookies"][0]["path"], "/");
  EXPECT_EQ(entries[0]["response"]["cookies"][0]["httpOnly"], true);
}

// Behind the network front the client spoke HTTPS to Cloudinary's host: the HAR shows that URL.
TEST(HarExport, UrlUsesTheSchemeTheClientSpoke) {
  JournalEntry e;
  e.id = 1;
  e.method = "GET";
  e.path = "/demo/image/upload/sample.jpg";
  e.headers = {{"Host", "res.cloudinary.com"}};
  e.scheme = "https";
  e.sni = "res.cloudinary.com";
  const nlohmann::json har = journal_to_har({e}, har_options());
  EXPECT_EQ(har["log"]["entries"][0]["request"]["url"], "https://res.cloudinary.com/demo/image/upload/sample.jpg");
}

TEST(HarExport, EvidenceSurvives) {
  const nlohmann::json har = journal_to_har(planted_entries(), har_options());
  const std::string text = har.dump();
  EXPECT_NE(text.find(kApiKey), std::string::npos);
  const auto& entries = har["log"]["entries"];
  const auto& params = entries[0]["request"]["postData"]["params"];
  EXPECT_EQ(value_of(params, "api_key"), kApiKey);
  EXPECT_EQ(value_of(params, "timestamp"), kTimestamp);
  EXPECT_EQ(value_of(params, "signature"), kSignature);
  EXPECT_EQ(value_of(entries[0]["request"]["headers"], "User-Agent"), "CloudinaryNodeJS/2.11.0 (Node 20)");
  EXPECT_NE(entries[0]["response"]["content"]["text"].get<std::string>().find(kSignature), std::string::npos);

  const auto& ev = entries[0]["_cldcert"];
  EXPECT_EQ(ev["journal_id"], 1);
  EXPECT_EQ(ev["cloud"], "demo");
  EXPECT_EQ(ev["api"], "upload");
  EXPECT_EQ(ev["action"], "upload");
  EXPECT_EQ(ev["public_id"], "cat");
  EXPECT_EQ(ev["asset_sha256"], kFileSha);
  EXPECT_EQ(ev["auth"]["method"], "signature");
  EXPECT_EQ(ev["auth"]["api_key"], kApiKey);
  EXPECT_EQ(ev["auth"]["outcome"], "ok");
  EXPECT_EQ(ev["auth"]["signature_algorithm"], "sha1");
  EXPECT_EQ(ev["auth"]["signature_version"], 2);
  EXPECT_TRUE(ev["chunk"].is_null());
  EXPECT_EQ(entries[1]["_cldcert"]["auth"]["method"], "basic");
  EXPECT_EQ(entries[2]["_cldcert"]["auth"]["outcome"], "invalid_credentials");
  EXPECT_EQ(entries[2]["_cldcert"]["remote_file_url"], "https://img.example.test/a.png?sig=[REDACTED]");
  const auto& chunk = entries[3]["_cldcert"]["chunk"];
  EXPECT_EQ(chunk["upload_id"], "fake-upload-1");
  EXPECT_EQ(chunk["end"], 5242879);
  EXPECT_EQ(chunk["total"], 20000000);
  EXPECT_EQ(chunk["received"], 5242880);
}

TEST(HarExport, BinaryBodiesAreSummarizedNeverEmbedded) {
  const auto entries = planted_entries();
  const nlohmann::json har = journal_to_har(entries, har_options());
  const auto& file = *find_named(har["log"]["entries"][0]["request"]["postData"]["params"], "file");
  EXPECT_EQ(file["fileName"], "cat.png");
  EXPECT_EQ(file["contentType"], "image/png");
  EXPECT_EQ(file["value"], "[file: 1234 bytes, sha256 " + kFileSha + "]");

  const auto& content = har["log"]["entries"][2]["response"]["content"];
  EXPECT_EQ(content["mimeType"], "image/png");
  EXPECT_EQ(content["size"], entries[2].response_body.size());
  EXPECT_EQ(content["text"], "[binary: " + std::to_string(entries[2].response_body.size()) + " bytes, sha256 " +
                                 sha256_hex(entries[2].response_body) + "]");
  // A body the journal did not keep (JSON, not a form) is described, not invented.
  EXPECT_EQ(har["log"]["entries"][2]["request"]["postData"]["text"], "[body: 57 bytes, not recorded]");
  EXPECT_FALSE(har["log"]["entries"][2]["request"]["postData"].contains("params"));
  // Invalid UTF-8 in a header is repaired rather than failing the whole export.
  EXPECT_EQ(value_of(har["log"]["entries"][2]["request"]["headers"], "X-Binary"), "\xEF\xBF\xBD\xEF\xBF\xBD not utf-8");
}

TEST(HarExport, HasEveryHar12RequiredField) {
  const nlohmann::json har = journal_to_har(planted_entries(), har_options());
  const auto& log = har.at("log");
  EXPECT_EQ(log.at("version"), "1.2");
  EXPECT_EQ(log.at("creator").at("name"), "cldcert");
  EXPECT_EQ(log.at("creator").at("version"), "0.1.0-test");
  ASSERT_EQ(log.at("entries").size(), 4u);
  const std::regex iso8601(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$)");
  for (const auto& entry : log.at("entries")) {
    SCOPED_TRACE(entry.dump());
    EXPECT_TRUE(std::regex_match(entry.at("startedDateTime").get<std::string>(), iso8601));
    EXPECT_TRUE(entry.at("time").is_number());
    EXPECT_TRUE(entry.at("cache").is_object());
    const auto& timings = entry.at("timings");
    for (const char* key : {"send", "wait", "receive"}) EXPECT_TRUE(timings.at(key).is_number()) << key;
    EXPECT_DOUBLE_EQ(entry["time"].get<double>(),
                     timings["send"].get<double>() + timings["wait"].get<double>() + timings["receive"].get<double>());

    const auto& request = entry.at("request");
    EXPECT_TRUE(request.at("method").is_string());
    EXPECT_TRUE(request.at("url").get<std::string>().starts_with("http://"));
    EXPECT_EQ(request.at("url").get<std::string>().find_first_of("[] \""), std::string::npos);
    EXPECT_EQ(request.at("httpVersion"), "HTTP/1.1");
    for (const char* key : {"cookies", "headers", "queryString"}) EXPECT_TRUE(request.at(key).is_array()) << key;
    EXPECT_EQ(request.at("headersSize"), -1);
    EXPECT_TRUE(request.at("bodySize").is_number_integer());
    for (const auto& list : {request["headers"], request["queryString"], request["cookies"]}) {
      for (const auto& item : list) {
        EXPECT_TRUE(item.at("name").is_string());
        EXPECT_TRUE(item.at("value").is_string());
      }
    }
    if (request.contains("postData")) {
      EXPECT_TRUE(request["postData"].at("mimeType").is_string());
      EXPECT_NE(request["postData"].contains("params"), request["postData"].contains("text"));
    }

    const auto& response = entry.at("response");
    EXPECT_TRUE(response.at("status").is_number_integer());
    EXPECT_TRUE(response.at("statusText").is_string());
    EXPECT_EQ(response.at("httpVersion"), "HTTP/1.1");
    EXPECT_TRUE(response.at("cookies").is_array());
    EXPECT_TRUE(response.at("headers").is_array());
    EXPECT_TRUE(response.at("content").at("size").is_number_integer());
    EXPECT_TRUE(response.at("content").at("mimeType").is_string());
    EXPECT_TRUE(response.at("content").at("text").is_string());
    EXPECT_EQ(response.at("redirectURL"), "");
    EXPECT_EQ(response.at("headersSize"), -1);
    EXPECT_TRUE(response.at("bodySize").is_number_integer());
  }
  EXPECT_EQ(log["entries"][1]["startedDateTime"], "2025-01-01T00:00:01.000Z");
  EXPECT_EQ(log["entries"][1]["response"]["statusText"], "Not Found");
  EXPECT_EQ(log["entries"][3]["request"]["url"], "http://127.0.0.1/v1_1/demo/video/upload");  // no Host header
  EXPECT_FALSE(log["entries"][1]["request"].contains("postData"));                            // a GET has no body
}

TEST(HarExport, EmptyJournalAndDefaults) {
  const nlohmann::json har = journal_to_har({}, {});
  EXPECT_EQ(har["log"]["entries"], nlohmann::json::array());
  EXPECT_EQ(har["log"]["creator"]["version"], "unknown");
}

TEST(HarExport, ScenariosArePagesAndEntriesAreInTimeOrder) {
  std::vector<JournalEntry> planted = planted_entries();
  ASSERT_GE(planted.size(), 3u);
  // Two scenarios that ran side by side: the second one's request started between the first's.
  HarPage first{"upload-basics", "Upload the basics", {planted[0], planted[2]}};
  HarPage second{"accounts", "Log in and switch", {planted[1]}};
  HarPage silent{"docs", "Read the docs", {}};
  const nlohmann::json har = pages_to_har({first, second, silent}, har_options());
  const auto& log = har["log"];
  ASSERT_EQ(log["pages"].size(), 2u);  // a page needs its first request's time: "docs" made none
  EXPECT_EQ(log["pages"][0]["id"], "upload-basics");
  EXPECT_EQ(log["pages"][0]["title"], "Upload the basics");
  EXPECT_EQ(log["pages"][0]["startedDateTime"], planted[0].started_at);
  EXPECT_EQ(log["pages"][1]["id"], "accounts");
  ASSERT_EQ(log["entries"].size(), 3u);
  std::vector<std::string> pagerefs, started;
  for (const auto& entry : log["entries"]) {
    pagerefs.push_back(entry["pageref"]);
    started.push_back(entry["startedDateTime"]);
    // The wire evidence holds only what the integration sent: no header of cldcert's.
    for (const auto& header : entry["request"]["headers"])
      EXPECT_EQ(header["name"].get<std::string>().find("Cldcert"), std::string::npos);
  }
  EXPECT_EQ(pagerefs, (std::vector<std::string>{"upload-basics", "accounts", "upload-basics"}));
  EXPECT_TRUE(std::is_sorted(started.begin(), started.end()));
}

TEST(HarExport, MergedLogsAreSortedBackIntoTimeOrder) {
  nlohmann::json har = {{"log",
                         {{"entries",
                           {{{"startedDateTime", "2025-01-01T00:00:02.000Z"}, {"pageref", "b"}},
                            {{"startedDateTime", "2025-01-01T00:00:01.000Z"}, {"pageref", "a"}}}},
                          {"pages",
                           {{{"startedDateTime", "2025-01-01T00:00:02.000Z"}, {"id", "b"}},
                            {{"startedDateTime", "2025-01-01T00:00:01.000Z"}, {"id", "a"}}}}}}};
  sort_har_entries(har);
  EXPECT_EQ(har["log"]["entries"][0]["pageref"], "a");
  EXPECT_EQ(har["log"]["pages"][0]["id"], "a");
}

// With CLDCERT_HAR_SAMPLE_OUT set (the e2e.har_valid ctest case does), writes the planted
// export as sample.har, plus the planted secrets for the validator's own leak scan.
TEST(HarExport, WritesSampleWhenAsked) {
  // Pages too, so the validator checks `log.pages` and each `pageref` as well.
  const nlohmann::json har = pages_to_har({{"scenario", "A scenario", planted_entries()}}, har_options());
  const std::string text = har.dump(2);
  const char* out_dir = std::getenv("CLDCERT_HAR_SAMPLE_OUT");
  if (out_dir == nullptr || *out_dir == '\0') return;
  std::filesystem::create_directories(out_dir);
  std::ofstream(std::filesystem::path(out_dir) / "sample.har") << text << "\n";
  std::ofstream(std::filesystem::path(out_dir) / "sample.secrets.json") << nlohmann::json(secrets()).dump() << "\n";
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out_dir) / "sample.har"));
}

}  // namespace cldcert::mock
