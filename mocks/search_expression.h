// Cloudinary's search expression language (Search API `expression`), the part integrations use:
// parsed once into a tree of terms joined by AND / OR / NOT, then matched against stored assets.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mocks/asset_store.h"

namespace cldcert::mock {

// One term: `field:value`, `field=value`, `bytes>1000`, or a bare value that searches the
// asset's string fields. `prefix` is a trailing, unquoted and unescaped `*`.
struct SearchTerm {
  std::string field;  // "" for a field-less term
  std::string op;     // ":", "=", ">", "<", ">=", "<="; "" for a field-less term
  std::string value;  // quotes and escapes removed
  bool prefix = false;
};

struct SearchExpression {
  enum class Kind { kAll, kTerm, kAnd, kOr, kNot };
  Kind kind = Kind::kAll;  // kAll: the empty expression, which every asset matches
  SearchTerm term;
  std::vector<SearchExpression> operands;
};

// The expression, or why it is invalid (a message for Cloudinary's 400).
std::variant<SearchExpression, std::string> parse_search_expression(std::string_view text);

bool search_matches(const SearchExpression& expression, const Asset& asset);

}  // namespace cldcert::mock
