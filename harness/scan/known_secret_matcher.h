// Known secrets (from --secret or CLOUDINARY_URL) as literal needles in every spelling a leak
// takes, and what a needle hit means: rule known-secret/<encoding>, span widened over base64 edges;
// and the same secrets in text whose string escapes or HTML entities are undone (known-secret/escaped).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/leak_match.h"
#include "mocks/multi_needle_search.h"
#include "mocks/secret_encodings.h"

namespace cldcert::scan {

class KnownSecretMatcher {
 public:
  // Empty secrets are ignored.
  explicit KnownSecretMatcher(const std::vector<std::string>& secrets);

  // Adds every spelling to `search`; needle ids [first, first + count) are this matcher's.
  void add_needles(mock::MultiNeedleSearch& search);
  bool owns(std::size_t needle_id) const { return needle_id >= first_id_ && needle_id < first_id_ + spellings_.size(); }

  // The leak that a hit of needle `needle_id` at text[begin] is.
  LeakMatch on_needle(std::string_view text, std::size_t needle_id, std::size_t begin) const;

  std::size_t spelling_count() const { return spellings_.size(); }

  // Appends the known secrets spelled with some or all characters escaped (\uXXXX, \xXX, \NNN,
  // &#NN;, &#xNN;, &amp;…), the escapes mixed freely: text near such escapes is decoded and searched.
  // A secret spelled without any escape is on_needle's.
  void find_escaped(std::string_view text, std::vector<LeakMatch>& out) const;

 private:
  struct Spelling {
    mock::SecretSpelling spelling;
    std::string fingerprint;
  };
  std::vector<Spelling> spellings_;
  std::size_t first_id_ = 0;
  mock::MultiNeedleSearch decoded_search_;  // the secrets as they are, for decoded text
  std::vector<std::string> decoded_fingerprints_;
  std::size_t longest_secret_ = 0;
};

}  // namespace cldcert::scan
