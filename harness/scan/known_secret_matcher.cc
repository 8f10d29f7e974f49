#include "harness/scan/known_secret_matcher.h"

#include <algorithm>

#include "harness/scan/escaped_text.h"
#include "harness/scan/finding.h"

namespace cldcert::scan {
namespace {

bool preceded_by(std::string_view text, std::size_t pos, std::string_view what) {
  return pos >= what.size() && text.substr(pos - what.size(), what.size()) == what;
}

// The secret as the password of a cloudinary://KEY:SECRET@CLOUD URL: said separately since the
// fix differs (the whole CLOUDINARY_URL must be rotated and moved out of the code).
bool inside_cloudinary_url(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin == 0 || text[begin - 1] != ':' || end >= text.size() || text[end] != '@') return false;
  std::size_t from = begin > 64 ? begin - 64 : 0;
  std::size_t at = text.substr(from, begin - from).rfind("://");
  return at != std::string_view::npos && preceded_by(text, from + at, "cloudinary");
}

}  // namespace

KnownSecretMatcher::KnownSecretMatcher(const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    std::string fingerprint = secret_fingerprint(secret);
    for (auto& s : mock::secret_spellings(secret)) spellings_.push_back({std::move(s), fingerprint});
    for (auto& s : mock::escaped_spellings(secret)) spellings_.push_back({std::move(s), fingerprint});
    if (secret.size() >= 2) {
      decoded_search_.add(secret);
      decoded_fingerprints_.push_back(fingerprint);
      longest_secret_ = std::max(longest_secret_, secret.size());
    }
  }
  // The search needs two bytes to key on; a one-byte secret would be noise anyway.
  std::erase_if(spellings_, [](const Spelling& s) { return s.spelling.text.size() < 2; });
}

void KnownSecretMatcher::add_needles(mock::MultiNeedleSearch& search) {
  first_id_ = search.size();
  for (const auto& s : spellings_) search.add(s.spelling.text, s.spelling.fold_case);
}

LeakMatch KnownSecretMatcher::on_needle(std::string_view text, std::size_t needle_id, std::size_t begin) const {
  const Spelling& s = spellings_[needle_id - first_id_];
  LeakMatch match{begin, begin + s.spelling.text.size(), "", s.fingerprint, 0};
  if (s.spelling.widen_before && match.begin > 0 && mock::is_base64_char(text[match.begin - 1])) --match.begin;
  if (s.spelling.widen_after && match.end < text.size() && mock::is_base64_char(text[match.end])) ++match.end;
  auto encoding = s.spelling.encoding;
  if (encoding == mock::SecretEncoding::kBase64Url) encoding = mock::SecretEncoding::kBase64;
  bool url_part = encoding == mock::SecretEncoding::kPlain || encoding == mock::SecretEncoding::kUrlEncoded;
  if (url_part && inside_cloudinary_url(text, match.begin, match.end)) {
    match.rule = "known-secret/cloudinary-url";
  } else {
    match.rule = "known-secret/" + std::string(mock::encoding_name(encoding));
  }
  return match;
}

void KnownSecretMatcher::find_escaped(std::string_view text, std::vector<LeakMatch>& out) const {
  if (decoded_fingerprints_.empty()) return;
  std::vector<LeakMatch> escaped;
  for_each_decoded_window(text, longest_secret_ * kMaxEscapeBytesPerByte, [&](const DecodedWindow& window) {
    decoded_search_.search(window.text, [&](std::size_t id, std::size_t first) {
      const std::size_t last = first + decoded_search_.needle(id).size();
      auto [begin, end] = window.source_span(first, last);
      if (end - begin == last - first) return;  // spelled without an escape: a plain needle's hit
      escaped.push_back({begin, end, "known-secret/escaped", decoded_fingerprints_[id], 0});
    });
  });
  for (const LeakMatch& e : escaped) {
    // "\u0033abc…" holds "3abc…" as is when the secret starts with '3': the escaped spelling is the
    // leak, that needle's hit a part of it. A needle hit of exactly its span (a JSON-escaped
    // spelling) keeps its more precise rule.
    std::erase_if(out, [&](const LeakMatch& m) {
      return m.fingerprint == e.fingerprint && m.begin >= e.begin && m.end <= e.end &&
             m.end - m.begin < e.end - e.begin;
    });
  }
  out.insert(out.end(), escaped.begin(), escaped.end());
}

}  // namespace cldcert::scan
