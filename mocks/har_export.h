// HAR 1.2 export of the request journal, for report bundles a browser devtool can open.
// Redacts API secrets in every encoding a leak can take; binary bodies appear as size + SHA-256.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/journal.h"

namespace cldcert::mock {

inline constexpr std::string_view kRedacted = "[REDACTED]";

struct HarOptions {
  // Every API secret (and other credential) the bundle must not contain, in any encoding.
  std::vector<std::string> secrets;
  // log.creator.version; "unknown" when empty, since HAR requires a string there.
  std::string creator_version;
};

// One HAR entry per journal entry, in order. Each keeps a `_cldcert` object (journal id, cloud,
// api, action, auth verdict, chunk, asset sha256…) so evidence refs into the journal survive.
// Besides the known secrets, credentials are dropped by name: the Authorization value after its
// scheme, and any header, cookie, query parameter or form field named `secret` or `*_secret`.
nlohmann::json journal_to_har(const std::vector<JournalEntry>& entries, const HarOptions& options);

// Replaces each occurrence of each secret in `text` with "[REDACTED]", wherever it is spelled:
// plain, percent-encoded (either hex case, '+' for space, doubly encoded), JSON/JS-escaped
// (\/, \", \uXXXX, \xHH), hex (any case), and standard or URL-safe base64 at all three byte
// alignments inside a larger encoded string. Escapes may mix within one occurrence.
// Empty secrets are ignored; hex needs a secret of 4+ bytes, base64 7+ at every alignment (shorter
// ones would hit unrelated text). Invalid UTF-8 in `text` is kept as is.
std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace cldcert::mock
