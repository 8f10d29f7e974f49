// HAR 1.2 export of the request journal, for report bundles a browser devtool can open.
// Secrets go through the run's Redactor, credentials by name; binary bodies appear as size + SHA-256.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/journal.h"
#include "mocks/redactor.h"

namespace cldcert::mock {

struct HarOptions {
  // Built from every API secret (and other credential) the bundle must not contain.
  Redactor redactor;
  // log.creator.version; "unknown" when empty, since HAR requires a string there.
  std::string creator_version;
};

// One HAR entry per journal entry, in order. Each keeps a `_cldcert` object (journal id, cloud,
// api, action, auth verdict, chunk, asset sha256…) so evidence refs into the journal survive.
// Besides the known secrets, credentials are dropped by name: the Authorization value after its
// scheme, and any header, cookie, query parameter or form field named `secret` or `*_secret`.
nlohmann::json journal_to_har(const std::vector<JournalEntry>& entries, const HarOptions& options);

}  // namespace cldcert::mock
