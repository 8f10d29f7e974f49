#include "harness/scan/secret_patterns.h"

#include <algorithm>
#include <array>
#include <string>

#include "harness/scan/entropy.h"
#include "harness/scan/finding.h"
#include "mocks/http_types.h"
#include "mocks/text.h"

namespace cldcert::scan {
namespace {

constexpr std::string_view kCloudinary = "cloudinary";
constexpr std::string_view kSecret = "secret";
constexpr std::size_t kRealKeyLength = 15;
constexpr std::size_t kRealSecretLength = 27;

constexpr bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
// Cloudinary's key, secret and cloud-name alphabet; a table, since pairs tokenise whole windows.
constexpr auto kTokenBytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = is_alnum(static_cast<char>(c)) || c == '_' || c == '-';
  return t;
}();
bool is_token(char c) { return kTokenBytes[static_cast<unsigned char>(c)]; }
// What generated credentials are spelled with, base64 included; no '.', '$', '{', '<', spaces.
bool is_value_char(char c) { return is_token(c) || c == '+' || c == '/' || c == '='; }

std::size_t run_end(std::string_view text, std::size_t pos, bool (*in_run)(char)) {
  while (pos < text.size() && in_run(text[pos])) ++pos;
  return pos;
}

bool is_url_password_char(char c) { return is_token(c) || c == '%' || c == '.' || c == '~' || c == '+'; }

// cloudinary://KEY:SECRET@CLOUD with `begin` at "cloudinary". Cloud names may start with a digit.
void match_url(std::string_view text, std::size_t begin, std::vector<LeakMatch>& out) {
  std::size_t p = begin + kCloudinary.size();
  if (text.substr(p, 3) != "://") return;
  p += 3;
  std::size_t key_end = run_end(text, p, is_token);
  if (key_end == p || key_end >= text.size() || text[key_end] != ':') return;
  std::size_t secret_begin = key_end + 1;
  std::size_t secret_end = run_end(text, secret_begin, is_url_password_char);
  if (secret_end >= text.size() || text[secret_end] != '@') return;
  if (run_end(text, secret_end + 1, is_token) == secret_end + 1) return;
  std::string secret = mock::percent_decode(text.substr(secret_begin, secret_end - secret_begin), false);
  if (!looks_like_random_secret(secret)) return;
  out.push_back({secret_begin, secret_end, std::string(kRuleCloudinaryUrl), secret_fingerprint(secret), 1});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A token cut out of a base64 blob (integrity hashes, data URIs) is not a credential.
bool inside_base64(std::string_view text, std::size_t begin, std::size_t end) {
  return (begin > 0 && (text[begin - 1] == '+' || text[begin - 1] == '/')) ||
         (end < text.size() && (text[end] == '+' || text[end] == '/' || text[end] == '='));
}

// Calls f(begin, end) for each run of exactly `length` bytes of `in_run` that is a whole token
// (no token byte touches it) and not cut out of base64, whose one position that is a multiple of
// `length` lies in [from, to). Probing only those positions reads a fraction of the bytes: most
// probes land on punctuation or on a short run.
template <class F>
void for_each_run_of_length(std::string_view text, std::size_t from, std::size_t to, std::size_t length,
                            bool (*in_run)(char), F&& f) {
  for (std::size_t q = (from + length - 1) / length * length; q < to; q += length) {
    if (!in_run(text[q])) continue;
    std::size_t b = q, e = q + 1;
    while (b > 0 && in_run(text[b - 1]) && e - b <= length) --b;
    while (e < text.size() && in_run(text[e]) && e - b <= length) ++e;
    if (e - b != length || (b > 0 && is_token(text[b - 1])) || (e < text.size() && is_token(text[e]))) continue;
    if (!inside_base64(text, b, e)) f(b, e);
  }
}

}  // namespace

// A key alone is not a secret: a 27-character secret counts only with a 15-digit key beside it.
// Code about Cloudinary says "cloudinary" every few lines, so the windows of successive mentions
// overlap: each byte is tokenised once per buffer, into `state`, and windows query what it found.
void SecretPatterns::match_pair(std::string_view text, std::size_t begin, BufferState& state,
                                std::vector<LeakMatch>& out) const {
  std::size_t lo = begin > kPairWindow ? begin - kPairWindow : 0;
  std::size_t hi = std::min(text.size(), begin + kCloudinary.size() + kPairWindow);
  const std::size_t from = std::max(lo, state.tokenised_to);
  for_each_run_of_length(text, from, hi, kRealKeyLength, is_digit,
                         [&](std::size_t b, std::size_t) { state.keys.push_back(b); });
  for_each_run_of_length(text, from, hi, kRealSecretLength, is_token, [&](std::size_t b, std::size_t e) {
    if (looks_like_random_secret(text.substr(b, e - b))) state.secrets.push_back({b, false});
  });
  const std::size_t p = std::max(from, hi);
  state.tokenised_to = std::max(state.tokenised_to, p);
  auto key = std::lower_bound(state.keys.begin(), state.keys.end(), lo);
  if (key == state.keys.end() || *key >= hi) return;
  for (auto it = state.secrets.rbegin(); it != state.secrets.rend() && it->begin >= lo; ++it) {
    if (it->reported || it->begin + kRealSecretLength > hi) continue;
    it->reported = true;
    std::string_view secret = text.substr(it->begin, kRealSecretLength);
    out.push_back(
        {it->begin, it->begin + kRealSecretLength, std::string(kRuleKeySecretPair), secret_fingerprint(secret), 2});
  }
}

namespace {

// Whether an identifier names a Cloudinary API secret: api_secret, API_SECRET, apiSecret,
// CLOUDINARY_API_SECRET, api-secret, setApiSecret, cloudinary_secret.
bool names_api_secret(std::string_view name) {
  // Compared from the end, separators skipped, without building a folded copy: this runs at every
  // "secret" in the text.
  auto ends_with = [&](std::string_view folded, bool whole) {
    std::size_t i = name.size(), k = folded.size();
    while (i > 0 && k > 0) {
      char c = name[--i];
      if (c == '_' || c == '-') continue;
      if (text::lower(c) != folded[--k]) return false;
    }
    if (k > 0) return false;
    while (whole && i > 0 && (name[i - 1] == '_' || name[i - 1] == '-')) --i;
    return !whole || i == 0;
  };
  return ends_with("apisecret", false) || ends_with("cloudinarysecret", true);
}

// NAME <sep> VALUE around the "secret" at `begin`, in the spellings of code, config, .env, YAML,
// JSON, PHP arrays and define(), XML: `api_secret: "v"`, `"api_secret": "v"`, `API_SECRET=v`,
// `'api_secret' => 'v'`, `define('API_SECRET', 'v')`, `<api_secret>v</api_secret>`.
void match_assignment(std::string_view text, std::size_t begin, std::vector<LeakMatch>& out) {
  std::size_t name_end = begin + kSecret.size();
  if (name_end < text.size() && (is_alnum(text[name_end]) || text[name_end] == '_')) return;
  std::size_t name_begin = begin;
  while (name_begin > 0 && is_token(text[name_begin - 1]) && begin - name_begin < 64) --name_begin;
  if (!names_api_secret(text.substr(name_begin, name_end - name_begin))) return;

  std::size_t p = name_end;
  auto skip = [&](std::string_view chars, std::size_t at_most) {
    for (std::size_t k = 0; k < at_most && p < text.size() && chars.find(text[p]) != std::string_view::npos; ++k) ++p;
  };
  skip("\"'`]", 2);  // closing quote of a quoted key, PHP's ['api_secret']
  skip(" \t", 16);
  std::string_view rest = text.substr(p);
  if (rest.starts_with("=>") || rest.starts_with(":="))
    p += 2;
  else if (rest.starts_with("=="))
    return;  // a comparison, not an assignment
  else if (!rest.empty() && std::string_view("=:,(>").find(rest[0]) != std::string_view::npos)
    ++p;
  else
    return;
  skip(" \t", 16);
  if (p >= text.size()) return;

  std::size_t value_begin = p, value_end = p;
  const char quote = text[p];
  if (quote == '"' || quote == '\'' || quote == '`') {
    value_begin = p + 1;
    value_end = run_end(text, value_begin, is_value_char);
    if (value_end >= text.size() || text[value_end] != quote) return;  // "<your secret>", "${X}", …
  } else {
    value_end = run_end(text, value_begin, is_value_char);
    // process.env.X, getenv(…), ENV[…], ${X}: an expression that fetches the secret elsewhere.
    if (value_end < text.size() && std::string_view(".([{$").find(text[value_end]) != std::string_view::npos) return;
  }
  std::string_view value = text.substr(value_begin, value_end - value_begin);
  if (!looks_like_random_secret(value)) return;
  out.push_back({value_begin, value_end, std::string(kRuleSecretAssignment), secret_fingerprint(value), 3});
}

}  // namespace

void SecretPatterns::add_needles(mock::MultiNeedleSearch& search) {
  cloudinary_id_ = search.add(std::string(kCloudinary), true, 3);  // keyed on "ud", rare in prose
  secret_id_ = search.add(std::string(kSecret), true, 2);          // keyed on "cr"
}

void SecretPatterns::on_needle(std::string_view text, std::size_t needle_id, std::size_t begin, BufferState& state,
                               std::vector<LeakMatch>& out) const {
  if (needle_id == cloudinary_id_) {
    match_url(text, begin, out);
    match_pair(text, begin, state, out);
  } else if (needle_id == secret_id_) {
    match_assignment(text, begin, out);
  }
}

}  // namespace cldcert::scan
