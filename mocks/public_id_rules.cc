#include "mocks/public_id_rules.h"

#include <cctype>

namespace cldcert::mock {
namespace {

// Real answers echo the whole id; the mock cuts it so a 10 KB id cannot flood the journal.
std::string shown(std::string_view id) {
  constexpr std::size_t kShown = 100;
  if (id.size() <= kShown) return std::string(id);
  std::size_t end = kShown;
  while (end > 0 && (static_cast<unsigned char>(id[end]) & 0xC0) == 0x80) --end;
  return std::string(id.substr(0, end)) + "...";
}

bool has_dot_dot_segment(std::string_view id) {
  std::size_t start = 0;
  while (start <= id.size()) {
    std::size_t slash = id.find('/', start);
    if (slash == std::string_view::npos) slash = id.size();
    if (id.substr(start, slash - start) == "..") return true;
    start = slash + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> public_id_problem(std::string_view public_id, std::string_view field) {
  if (public_id.empty()) return std::nullopt;  // not given: the mock picks one
  const std::string prefix = std::string(field) + " (" + shown(public_id) + ")";
  // Wording as the API answers (HTTP 400): "public_id (...) is too long" in
  // guillermodlpa/upload-notion-images-to-cloudinary#4.
  if (public_id.size() > kMaxPublicIdLength) return prefix + " is too long";
  // A leading or trailing '/' is answered "public_id (/uploaded/...) is invalid"
  // (GoGoCarl/paperclip-cloudinary#10, cloudinary/cloudinary_gem#272; the naming-conventions page
  // says such ids "shouldn't begin nor end with ... forward-slash").
  if (public_id.front() == '/' || public_id.back() == '/') return prefix + " is invalid";
  // Control characters (NUL, CR, LF, ...) are not among the characters the naming-conventions page
  // allows ("any language character ... dot and dash"); the page says Cloudinary replaces other special
  // characters with '_', but the mock refuses these: an id with a line break or NUL is a bug in the
  // integration, and would reach URLs, logs and the journal as is.
  for (char c : public_id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return prefix + " is invalid";
  }
  // "?&#\%<>+ are utterly forbidden" (cloudinary.com/documentation/ts_permitted_naming_conventions), and
  // "HTML escaped characters (E.g. %26 as opposed to &)" are allowed: so '%' only where it starts an escape.
  for (std::size_t i = 0; i < public_id.size(); ++i) {
    const char c = public_id[i];
    if (c == '%' && i + 2 < public_id.size() && std::isxdigit(static_cast<unsigned char>(public_id[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(public_id[i + 2]))) {
      continue;
    }
    if (std::string_view("?&#\\%<>+").find(c) != std::string_view::npos) return prefix + " is invalid";
  }
  // A ".." segment: the docs are silent (UNCONFIRMED how Cloudinary answers); delivery URLs holding it
  // are resolved away by browsers and HTTP clients (RFC 3986 section 5.2.4), so such an asset cannot be
  // delivered as named. Refused like the other invalid ids.
  if (has_dot_dot_segment(public_id)) return prefix + " is invalid";
  return std::nullopt;
}

}  // namespace cldcert::mock
