#include "harness/placeholders.h"

#include <optional>

namespace cldcert {
namespace {

// Looks like a placeholder name; used only to decide whether to hint at "{{" in errors, since
// a literal JSON or shell brace in a manifest argv is the usual cause of "unknown placeholder".
bool looks_like_name(const std::string& name) {
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return !name.empty();
}

PlaceholderError make_error(std::size_t element, std::string placeholder, const std::string& what) {
  std::string message = "argv[" + std::to_string(element) + "]: " + what;
  return PlaceholderError{std::move(placeholder), element, std::move(message)};
}

constexpr const char* kBraceHint = " (write {{ or }} for a literal brace)";

// Expands one element; nullopt result with `error` set on failure. `dropped` is set when an
// optional placeholder ({name?}) has no value: the whole element then leaves the argv.
std::optional<std::string> expand(const std::string& in, std::size_t element, const PlaceholderValues& values,
                                  PlaceholderError& error, bool& dropped) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '}') {
      if (i + 1 < in.size() && in[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      error = make_error(element, in.substr(i), "unbalanced '}' at offset " + std::to_string(i) + kBraceHint);
      return std::nullopt;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < in.size() && in[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    // A name runs to the next '}'; a '{' before it means the first brace was never closed.
    std::size_t close = in.find_first_of("{}", i + 1);
    if (close == std::string::npos || in[close] == '{') {
      error = make_error(element, in.substr(i), "unbalanced '{' at offset " + std::to_string(i) + kBraceHint);
      return std::nullopt;
    }
    std::string name = in.substr(i + 1, close - i - 1);
    const bool optional = name.size() > 1 && name.back() == '?';
    if (optional) name.pop_back();
    auto found = values.find(name);
    if (found == values.end() && optional) {
      dropped = true;
      i = close;
      continue;
    }
    if (found == values.end()) {
      std::string what = name.empty() ? std::string("empty placeholder {}") : "unknown placeholder {" + name + "}";
      if (!looks_like_name(name)) what += kBraceHint;
      error = make_error(element, name, what);
      return std::nullopt;
    }
    out += found->second;
    i = close;
  }
  return out;
}

}  // namespace

std::variant<std::vector<std::string>, PlaceholderError> substitute(const std::vector<std::string>& argv,
                                                                    const PlaceholderValues& values) {
  std::vector<std::string> out;
  out.reserve(argv.size());
  for (std::size_t i = 0; i < argv.size(); ++i) {
    PlaceholderError error;
    bool dropped = false;
    auto expanded = expand(argv[i], i, values, error, dropped);
    if (!expanded) return error;
    if (dropped) continue;
    out.push_back(std::move(*expanded));
  }
  return out;
}

}  // namespace cldcert
