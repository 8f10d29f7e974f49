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

// One page of a HAR log: a run's scenario, with the requests it made.
struct HarPage {
  std::string id;
  std::string title;
  std::vector<JournalEntry> entries;
};

// A run's requests, each entry naming its page by `pageref` (HAR 1.2 `log.pages`) rather than by
// a header nobody sent, all entries in time order as the format prefers. A page without requests
// is left out (a HAR page needs the time its first request started).
nlohmann::json pages_to_har(const std::vector<HarPage>& pages, const HarOptions& options);

// Entries of several logs (a sharded run's bundles) put back in time order.
void sort_har_entries(nlohmann::json& har);

}  // namespace cldcert::mock
