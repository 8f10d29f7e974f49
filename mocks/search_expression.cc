#include "mocks/search_expression.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "mocks/text.h"

// The grammar and its sources (https://cloudinary.com/documentation/search_expressions):
// - "By default, the term is searched for in all the asset's string fields, except for strings
//   with a value that is limited to a fixed list": a field-less term searches public id, file
//   name, display name, asset folder, tags and context values, not type, resource type, format.
// - "Boolean operators must be ALL CAPS": AND / &&, OR / ||, NOT (and a leading `-` or `!`),
//   parentheses group. Terms side by side without an operator are read as AND, like the mock's
//   earlier subset and the document's examples, which always join terms.
// - A trailing `*` is a prefix search (`cat*`); quotes make a value literal ("long pants",
//   "16:9"), inside them only `"` and `*` are escaped; outside, `\` escapes any character.
// Field-less terms are matched the way a full-text index reads values: case-insensitive, on
// whole words (split at anything not a letter or digit), so `shoe` finds "shop/red-shoe".
// Fielded terms keep the mock's whole-value reading (`public_id:a/t*`, `tags=x`).

namespace cldcert::mock {
namespace {

struct Token {
  enum class Kind { kWord, kOpen, kClose, kAnd, kOr, kNot };
  Kind kind;
  SearchTerm term;  // for kWord
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads one word from `text` at `pos` (a term, or an operator spelled as a word).
Token read_word(std::string_view text, std::size_t& pos) {
  Token token{Token::Kind::kWord, {}};
  std::string raw;  // the word as written, to recognise AND / OR / NOT
  std::string* out = &token.term.value;
  std::string field;
  bool quoted = false, literal_seen = false, wildcard_last = false;
  while (pos < text.size()) {
    char c = text[pos];
    if (!quoted && (is_space(c) || c == '(' || c == ')')) break;
    ++pos;
    raw.push_back(c);
    if (c == '"') {
      quoted = !quoted;
      literal_seen = true;
      continue;
    }
    if (c == '\\' && pos < text.size()) {
      raw.push_back(text[pos]);
      out->push_back(text[pos++]);
      literal_seen = true;
      wildcard_last = false;
      continue;
    }
    const bool op_char = c == ':' || c == '=' || c == '<' || c == '>';
    if (!quoted && op_char && token.term.op.empty()) {
      field = std::move(*out);
      out->clear();
      token.term.op = std::string(1, c);
      if ((c == '<' || c == '>') && pos < text.size() && text[pos] == '=') token.term.op += text[pos++];
      wildcard_last = false;
      continue;
    }
    out->push_back(c);
    wildcard_last = c == '*' && !quoted;
  }
  if (wildcard_last) {
    token.term.value.pop_back();
    token.term.prefix = true;
  }
  token.term.field = std::move(field);
  if (!literal_seen && token.term.op.empty()) {
    if (raw == "AND" || raw == "&&") token.kind = Token::Kind::kAnd;
    if (raw == "OR" || raw == "||") token.kind = Token::Kind::kOr;
    if (raw == "NOT") token.kind = Token::Kind::kNot;
  }
  return token;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, {}});
      ++pos;
    } else if ((c == '-' || c == '!') && pos + 1 < text.size() && !is_space(text[pos + 1])) {
      tokens.push_back({Token::Kind::kNot, {}});
      ++pos;
    } else {
      tokens.push_back(read_word(text, pos));
    }
  }
  return tokens;
}

const std::set<std::string, std::less<>>& known_fields() {
  static const std::set<std::string, std::less<>> fields = {"resource_type", "type",         "public_id",  "folder",
                                                            "asset_folder",  "tags",         "format",     "bytes",
                                                            "filename",      "display_name", "access_mode"};
  return fields;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::variant<SearchExpression, std::string> parse() {
    if (tokens_.empty()) return SearchExpression{};
    auto expression = parse_or();
    if (!error_.empty()) return error_;
    if (at_ < tokens_.size()) return "Invalid search expression: unexpected ')'";
    return expression;
  }

 private:
  bool next_is(Token::Kind kind) const { return at_ < tokens_.size() && tokens_[at_].kind == kind; }
  bool starts_operand() const {
    return next_is(Token::Kind::kWord) || next_is(Token::Kind::kOpen) || next_is(Token::Kind::kNot);
  }

  static SearchExpression join(SearchExpression::Kind kind, std::vector<SearchExpression> operands) {
    if (operands.size() == 1) return std::move(operands.front());
    SearchExpression out;
    out.kind = kind;
    out.operands = std::move(operands);
    return out;
  }

  SearchExpression parse_or() {
    std::vector<SearchExpression> operands{parse_and()};
    while (error_.empty() && next_is(Token::Kind::kOr)) {
      ++at_;
      operands.push_back(parse_and());
    }
    return join(SearchExpression::Kind::kOr, std::move(operands));
  }

  SearchExpression parse_and() {
    std::vector<SearchExpression> operands{parse_unary()};
    while (error_.empty() && (next_is(Token::Kind::kAnd) || starts_operand())) {
      if (next_is(Token::Kind::kAnd)) ++at_;
      operands.push_back(parse_unary());
    }
    return join(SearchExpression::Kind::kAnd, std::move(operands));
  }

  SearchExpression parse_unary() {
    if (at_ >= tokens_.size() || !starts_operand()) {
      error_ = "Invalid search expression: an operator has no term after it";
      return {};
    }
    Token& token = tokens_[at_++];
    if (token.kind == Token::Kind::kNot) {
      SearchExpression negated;
      negated.kind = SearchExpression::Kind::kNot;
      negated.operands.push_back(parse_unary());
      return negated;
    }
    if (token.kind == Token::Kind::kOpen) {
      SearchExpression inner = parse_or();
      if (error_.empty() && !next_is(Token::Kind::kClose)) error_ = "Invalid search expression: missing ')'";
      ++at_;
      return inner;
    }
    SearchTerm& term = token.term;
    if (!term.op.empty()) {
      if (term.field.empty()) {
        error_ = "Invalid search expression: '" + term.op + term.value + "' has no field before " + term.op;
      } else if (!known_fields().count(term.field) && !term.field.starts_with("context.")) {
        error_ = "Invalid search expression: unknown field '" + term.field + "'";
      }
    }
    SearchExpression out;
    out.kind = SearchExpression::Kind::kTerm;
    out.term = std::move(term);
    return out;
  }

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  std::string error_;
};

bool value_matches(std::string_view have, const SearchTerm& term) {
  return term.prefix ? have.starts_with(term.value) : have == term.value;
}

// "Shop/Red-Shoe" → " shop red shoe": lower-case words, each after one space.
std::string words_of(std::string_view value) {
  std::string out;
  bool in_word = false;
  for (char c : value) {
    const char lower = text::lower(c);
    const bool word_char =
        (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (word_char && !in_word) out.push_back(' ');
    if (word_char) out.push_back(lower);
    in_word = word_char;
  }
  return out;
}

// A field-less term: its words appear in the value's words, the last one as a prefix with `*`.
bool text_matches(std::string_view have, const SearchTerm& term) {
  const std::string wanted = words_of(term.value);
  if (wanted.empty()) return false;
  const std::string words = words_of(have) + " ";
  return words.find(term.prefix ? wanted : wanted + " ") != std::string::npos;
}

std::string folder_of(const Asset& asset) {
  const std::size_t slash = asset.public_id.rfind('/');
  return asset.asset_folder.empty() && slash != std::string::npos ? asset.public_id.substr(0, slash)
                                                                  : asset.asset_folder;
}

std::string filename_of(const Asset& asset) {
  const std::size_t slash = asset.public_id.rfind('/');
  return asset.public_id.substr(slash == std::string::npos ? 0 : slash + 1);
}

// Context values are strings; anything else is compared as its JSON text.
std::string context_value(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool any_string_field_matches(const Asset& asset, const SearchTerm& term) {
  for (const std::string& value :
       {asset.public_id, filename_of(asset), asset.display_name, folder_of(asset), asset.original_filename}) {
    if (text_matches(value, term)) return true;
  }
  for (const auto& tag : asset.tags) {
    if (text_matches(tag, term)) return true;
  }
  for (const auto& [key, value] : asset.context.items()) {
    if (text_matches(context_value(value), term)) return true;
  }
  return false;
}

bool bytes_match(std::uint64_t bytes, const SearchTerm& term) {
  const std::uint64_t n = std::strtoull(term.value.c_str(), nullptr, 10);
  if (term.op == ">") return bytes > n;
  if (term.op == ">=") return bytes >= n;
  if (term.op == "<") return bytes < n;
  if (term.op == "<=") return bytes <= n;
  return bytes == n;
}

bool term_matches(const SearchTerm& term, const Asset& asset) {
  const std::string& field = term.field;
  if (field.empty()) return any_string_field_matches(asset, term);
  if (field == "resource_type") return value_matches(asset.resource_type, term);
  if (field == "type") return value_matches(asset.type, term);
  if (field == "access_mode") return value_matches(asset.access_mode, term);
  if (field == "public_id") return value_matches(asset.public_id, term);
  if (field == "format") return value_matches(asset.format, term);
  if (field == "filename") return value_matches(filename_of(asset), term);
  if (field == "display_name") return value_matches(asset.display_name, term);
  if (field == "folder" || field == "asset_folder") return value_matches(folder_of(asset), term);
  if (field == "bytes") return bytes_match(asset.bytes, term);
  if (field == "tags") {
    return std::any_of(asset.tags.begin(), asset.tags.end(),
                       [&](const std::string& t) { return value_matches(t, term); });
  }
  const std::string key = field.substr(std::string_view("context.").size());
  return asset.context.contains(key) && value_matches(context_value(asset.context[key]), term);
}

}  // namespace

std::variant<SearchExpression, std::string> parse_search_expression(std::string_view text) {
  return Parser(tokenize(text)).parse();
}

bool search_matches(const SearchExpression& expression, const Asset& asset) {
  using Kind = SearchExpression::Kind;
  const auto& operands = expression.operands;
  auto matches = [&asset](const SearchExpression& e) { return search_matches(e, asset); };
  switch (expression.kind) {
    case Kind::kAll: return true;
    case Kind::kTerm: return term_matches(expression.term, asset);
    case Kind::kAnd: return std::all_of(operands.begin(), operands.end(), matches);
    case Kind::kOr: return std::any_of(operands.begin(), operands.end(), matches);
    case Kind::kNot: return !matches(operands.front());
  }
  return false;
}

}  // namespace cldcert::mock
