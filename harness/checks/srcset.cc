#include "harness/checks/srcset.h"

#include <cctype>

#include "mocks/text.h"

namespace cldcert {
namespace {

std::optional<int> width_descriptor(std::string_view d) {
  if (d.size() < 2 || d.back() != 'w') return std::nullopt;
  int n = 0;
  for (char c : d.substr(0, d.size() - 1)) {
    if (c < '0' || c > '9' || n > 100000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

std::vector<SrcsetCandidate> srcset_candidates(std::string_view srcset) {
  std::vector<SrcsetCandidate> out;
  while (!srcset.empty()) {
    std::size_t end = 0;
    while (end < srcset.size() &&
           !(srcset[end] == ',' &&
             (end + 1 == srcset.size() || std::isspace(static_cast<unsigned char>(srcset[end + 1]))))) {
      ++end;
    }
    std::string_view candidate = text::trim(srcset.substr(0, end));
    srcset.remove_prefix(end < srcset.size() ? end + 1 : end);
    if (candidate.empty()) continue;
    std::size_t space = candidate.find_first_of(" \t\n");
    SrcsetCandidate c;
    c.url = std::string(candidate.substr(0, space));
    if (space != std::string_view::npos) c.width = width_descriptor(text::trim(candidate.substr(space)));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cldcert
