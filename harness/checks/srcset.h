// Reads an HTML srcset ("URL 200w, URL 480w"): the responsive-image URLs an integration prints,
// each with the width it claims, for the delivery and breakpoint checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert {

struct SrcsetCandidate {
  std::string url;
  std::optional<int> width;  // from a "<N>w" descriptor; nullopt for "2x" or none
};

// Candidates are split at commas followed by whitespace, so commas inside a Cloudinary
// transformation ("c_scale,w_200") stay part of the URL.
std::vector<SrcsetCandidate> srcset_candidates(std::string_view srcset);

}  // namespace cldcert
