#include "mocks/transformation.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace cldcert::mock {

namespace {

// How strictly a value is checked. The strict kinds cover what integrations get wrong in
// practice (sizes, crop, quality, named transformations); the loose ones (kToken, kAny)
// only insist on a plausible shape, because their vocabularies are open-ended or
// account-specific and a false 400 would fail an integration that works on Cloudinary.
enum class Kind {
  kDimension,      // 100, 0.5, auto, auto:100:400, iw_div_2
  kSignedNumber,   // -10, 0.5, expression
  kNumber,         // 50, 1.5, expression
  kDpr,            // 2.0, auto, expression
  kAspectRatio,    // 16:9, 1.5, expression
  kAngle,          // 90, -20, auto_right, vflip.45, expression
  kRadius,         // 20, max, 20:0:20:0, expression per corner
  kOffset,         // 2.5, 10p, 10%, auto, expression
  kCrop,           // one of kCropModes
  kQuality,        // 1-100[:...], auto[:good|best|eco|low], jpegmini[:n], expression
  kFormat,         // jpg, webp, auto, auto:image
  kNamed,          // name or name.name...
  kEffect,         // name[:args]
  kFlags,          // name[.name][:args]
  kFps,            // 25, 15-25, 25-
  kBitRate,        // 250k, 2m, 500k:constant
  kDigits,         // 3, expression
  kVideoSampling,  // 10, 2.5s
  kToken,          // word[:anything]
  kAny,            // anything non-empty
};

struct KeySpec {
  std::string_view key;
  std::string_view name;  // as it appears in x-cld-error
  Kind kind;
};

// Cloudinary's Transformation URL API reference, one row per URL key. Variables
// (`$name`) are handled apart because their key is user-chosen.
constexpr std::array kKeys = {
    KeySpec{"a", "angle", Kind::kAngle},
    KeySpec{"ac", "audio codec", Kind::kToken},
    KeySpec{"af", "audio frequency", Kind::kToken},
    KeySpec{"ar", "aspect ratio", Kind::kAspectRatio},
    KeySpec{"b", "background", Kind::kAny},
    KeySpec{"bl", "baseline", Kind::kToken},
    KeySpec{"bo", "border", Kind::kAny},
    KeySpec{"br", "bit rate", Kind::kBitRate},
    KeySpec{"c", "crop", Kind::kCrop},
    KeySpec{"co", "color", Kind::kAny},
    KeySpec{"cs", "color space", Kind::kToken},
    KeySpec{"d", "default image", Kind::kAny},
    KeySpec{"dl", "delay", Kind::kDigits},
    KeySpec{"dn", "density", Kind::kDigits},
    KeySpec{"dpr", "dpr", Kind::kDpr},
    KeySpec{"du", "duration", Kind::kOffset},
    KeySpec{"e", "effect", Kind::kEffect},
    KeySpec{"eo", "end offset", Kind::kOffset},
    KeySpec{"f", "format", Kind::kFormat},
    KeySpec{"fl", "flag", Kind::kFlags},
    KeySpec{"fn", "custom function", Kind::kAny},
    KeySpec{"fps", "fps", Kind::kFps},
    KeySpec{"g", "gravity", Kind::kToken},
    KeySpec{"h", "height", Kind::kDimension},
    KeySpec{"if", "condition", Kind::kAny},
    KeySpec{"ki", "keyframe interval", Kind::kNumber},
    KeySpec{"l", "overlay", Kind::kAny},
    KeySpec{"o", "opacity", Kind::kNumber},
    KeySpec{"p", "prefix", Kind::kToken},
    KeySpec{"pg", "page", Kind::kAny},
    KeySpec{"q", "quality", Kind::kQuality},
    KeySpec{"r", "radius", Kind::kRadius},
    KeySpec{"so", "start offset", Kind::kOffset},
    KeySpec{"sp", "streaming profile", Kind::kToken},
    KeySpec{"t", "named transformation", Kind::kNamed},
    KeySpec{"u", "underlay", Kind::kAny},
    KeySpec{"vc", "video codec", Kind::kToken},
    KeySpec{"vs", "video sampling", Kind::kVideoSampling},
    KeySpec{"w", "width", Kind::kDimension},
    KeySpec{"x", "x", Kind::kSignedNumber},
    KeySpec{"y", "y", Kind::kSignedNumber},
    KeySpec{"z", "zoom", Kind::kNumber},
};

constexpr std::array<std::string_view, 16> kCropModes = {
    "scale", "fit",      "limit", "mfit",  "fill",        "lfill",        "pad",  "lpad",
    "mpad",  "fill_pad", "crop",  "thumb", "imagga_crop", "imagga_scale", "auto", "auto_pad"};

constexpr std::array<std::string_view, 4> kAutoQualities = {"good", "best", "eco", "low"};

constexpr std::array<std::string_view, 5> kAngleModes = {"auto_right", "auto_left", "ignore", "vflip", "hflip"};

// Operands an arithmetic expression may name (SDK PREDEFINED_VARS, short forms).
constexpr std::array<std::string_view, 14> kPredefinedVars = {"w",  "h",  "iw", "ih",  "ar", "iar", "cp",
                                                              "pc", "fc", "du", "idu", "px", "py",  "tags"};

constexpr std::array<std::string_view, 16> kOperators = {"add", "sub", "mul", "div", "mod", "pow", "eq", "ne",
                                                         "lt",  "gt",  "lte", "gte", "and", "or",  "in", "nin"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

const KeySpec* find_key(std::string_view key) {
  for (const KeySpec& spec : kKeys) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_lower_word_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// 12, 0.5, .5 (and a leading '-' when allowed); no exponent, no trailing dot.
bool is_number(std::string_view s, bool allow_sign = false) {
  if (allow_sign && !s.empty() && s.front() == '-') s.remove_prefix(1);
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return (dot == 0 || all_digits(s.substr(0, dot))) && all_digits(s.substr(dot + 1));
}

bool is_variable_name(std::string_view s) {
  return !s.empty() && is_alpha(s.front()) &&
         std::all_of(s.begin(), s.end(), [](char c) { return is_alpha(c) || is_digit(c); });
}

bool is_operand(std::string_view s) {
  if (is_number(s, true) || one_of(kPredefinedVars, s)) return true;
  if (s.size() >= 2 && s.front() == '!' && s.back() == '!') return true;  // string literal
  return s.size() >= 2 && s.front() == '$' && is_variable_name(s.substr(1));
}

// operand (_operator_operand)*, e.g. "iw_div_2", "$w_mul_0.5". Underscores inside
// !string! literals do not split.
bool is_expression(std::string_view s) {
  std::vector<std::string_view> tokens;
  bool in_string = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '!') in_string = !in_string;
    if (s[i] == '_' && !in_string) {
      tokens.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (in_string) return false;
  tokens.push_back(s.substr(start));
  if (tokens.size() % 2 == 0) return false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i % 2 == 0 ? !is_operand(tokens[i]) : !one_of(kOperators, tokens[i])) return false;
  }
  return true;
}

// word[:anything] where word is [A-Za-z0-9_]+.
bool is_token(std::string_view s) {
  const std::size_t colon = s.find(':');
  const std::string_view word = s.substr(0, colon);
  if (word.empty() ||
      !std::all_of(word.begin(), word.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '_'; })) {
    return false;
  }
  return colon == std::string_view::npos || colon + 1 < s.size();
}

bool is_lower_name(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_lower_word_char); }

bool valid_quality(std::string_view v) {
  if (v.front() == '$') return is_expression(v);
  const std::vector<std::string_view> parts = split(v, ':');
  if (parts[0] == "auto") { return parts.size() == 1 || (parts.size() == 2 && one_of(kAutoQualities, parts[1])); }
  if (parts[0] == "jpegmini") { return parts.size() == 1 || (parts.size() == 2 && all_digits(parts[1])); }
  if (!all_digits(parts[0]) || parts[0].size() > 3) return false;
  int level = 0;
  std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), level);
  if (level < 1 || level > 100) return false;
  // "80:420", "80:qmax_90": the modifiers are tolerated, not checked.
  return std::none_of(parts.begin() + 1, parts.end(), [](auto p) { return p.empty(); });
}

// An expression that cannot be a bare negative number (sizes, opacity, density...).
bool is_unsigned_expression(std::string_view s) { return !s.empty() && s.front() != '-' && is_expression(s); }

bool valid_value(Kind kind, std::string_view v) {
  if (v.empty()) return false;
  switch (kind) {
    case Kind::kDimension: return v == "auto" || (v.starts_with("auto:") && v.size() > 5) || is_unsigned_expression(v);
    case Kind::kSignedNumber: return is_expression(v);  // a signed number is an operand on its own
    case Kind::kNumber: return is_unsigned_expression(v);
    case Kind::kDpr: return v == "auto" || is_unsigned_expression(v);
    case Kind::kAspectRatio: {
      const std::size_t colon = v.find(':');
      if (colon != std::string_view::npos) { return is_number(v.substr(0, colon)) && is_number(v.substr(colon + 1)); }
      return is_unsigned_expression(v);
    }
    case Kind::kAngle:
      if (is_expression(v)) return true;
      for (std::string_view part : split(v, '.')) {
        if (!is_number(part, true) && !one_of(kAngleModes, part)) return false;
      }
      return true;
    case Kind::kRadius: {
      const std::vector<std::string_view> corners = split(v, ':');
      return corners.size() <= 4 && std::all_of(corners.begin(), corners.end(),
                                                [](auto c) { return c == "max" || is_unsigned_expression(c); });
    }
    case Kind::kOffset:
      if (v == "auto" || is_unsigned_expression(v)) return true;
      return (v.back() == 'p' || v.back() == '%') && is_number(v.substr(0, v.size() - 1));
    case Kind::kCrop: return one_of(kCropModes, v);
    case Kind::kQuality: return valid_quality(v);
    case Kind::kFormat:
      if (v.starts_with("auto:")) return is_lower_name(v.substr(5));
      return std::all_of(v.begin(), v.end(), [](char c) { return is_lower_word_char(c) && c != '_'; });
    case Kind::kNamed:
      for (std::string_view name : split(v, '.')) {
        if (name.empty() || !std::all_of(name.begin(), name.end(),
                                         [](char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-'; })) {
          return false;
        }
      }
      return true;
    case Kind::kEffect: {
      const std::size_t colon = v.find(':');
      return is_lower_name(v.substr(0, colon)) && (colon == std::string_view::npos || colon + 1 < v.size());
    }
    case Kind::kFlags:
      // The first flag's name is checked; later flags and arguments are tolerated.
      return is_lower_name(v.substr(0, v.find_first_of(".:"))) && v.back() != '.' && v.back() != ':';
    case Kind::kFps: {
      const std::size_t dash = v.find('-');
      if (dash == std::string_view::npos) return is_number(v);
      const std::string_view high = v.substr(dash + 1);
      return is_number(v.substr(0, dash)) && (high.empty() || is_number(high));
    }
    case Kind::kBitRate: {
      const std::size_t colon = v.find(':');
      std::string_view rate = v.substr(0, colon);
      if (colon != std::string_view::npos && !is_lower_name(v.substr(colon + 1))) return false;
      if (!rate.empty() && (rate.back() == 'k' || rate.back() == 'm' || rate.back() == 'K' || rate.back() == 'M')) {
        rate.remove_suffix(1);
      }
      return is_number(rate);
    }
    case Kind::kDigits: return is_unsigned_expression(v);
    case Kind::kVideoSampling: return all_digits(v) || (v.back() == 's' && is_number(v.substr(0, v.size() - 1)));
    case Kind::kToken: return is_token(v);
    case Kind::kAny: return true;
  }
  return false;
}

std::string invalid_component(std::string_view piece) {
  return "Invalid transformation component - " + std::string(piece);
}

// Parses one comma-separated piece; on failure fills `error` (all but the index).
std::optional<TransformationParam> parse_param(std::string_view piece, TransformationError& error) {
  error.offending = std::string(piece);
  const std::size_t underscore = piece.find('_');
  if (underscore == std::string_view::npos || underscore == 0) {
    error.message = invalid_component(piece);
    return std::nullopt;
  }
  const std::string_view key = piece.substr(0, underscore);
  const std::string_view value = piece.substr(underscore + 1);
  if (key.front() == '$') {
    // Assignments are tolerated: any non-empty value (number, expression, !string!).
    if (!is_variable_name(key.substr(1)) || value.empty()) {
      error.message = invalid_component(piece);
      return std::nullopt;
    }
    return TransformationParam{std::string(key), std::string(value)};
  }
  const KeySpec* spec = find_key(key);
  if (spec == nullptr) {
    error.message = invalid_component(piece);
    return std::nullopt;
  }
  if (!valid_value(spec->kind, value)) {
    error.message = "Invalid " + std::string(spec->name) + " in transformation: " + std::string(value);
    return std::nullopt;
  }
  return TransformationParam{std::string(key), std::string(value)};
}

std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);  // a stray '%' is kept, as browsers do
    }
  }
  return out;
}

bool is_signature_component(std::string_view c) {
  if (c.size() != 13 && c.size() != 37) return false;  // "s--" + 8 or 32 chars + "--"
  if (!c.starts_with("s--") || !c.ends_with("--")) return false;
  const std::string_view body = c.substr(3, c.size() - 5);
  return std::all_of(body.begin(), body.end(),
                     [](char ch) { return is_alpha(ch) || is_digit(ch) || ch == '-' || ch == '_'; });
}

std::optional<long long> version_of(std::string_view c) {
  if (c.size() < 2 || c.size() > 19 || c.front() != 'v' || !all_digits(c.substr(1))) { return std::nullopt; }
  long long v = 0;
  std::from_chars(c.data() + 1, c.data() + c.size(), v);
  return v;
}

bool is_resource_type(std::string_view s) { return s == "image" || s == "video" || s == "raw"; }

// The SDK writes these in place of "<resource_type>/<type>" when given a url_suffix
// (cloudinary 2.11.0 lib/utils/index.js:961-984, finalize_resource_type; the same table is
// @cloudinary/url-gen's SEO_TYPES), or "iu" for image/upload with `shorten` (:993-996).
// https://cloudinary.com/documentation/advanced_url_delivery_options#seo_friendly_media_asset_urls
struct ShortPath {
  std::string_view path, resource_type, type;
  bool seo;  // takes a url_suffix as its last component
};
constexpr std::array<ShortPath, 6> kShortPaths = {{{"images", "image", "upload", true},
                                                   {"private_images", "image", "private", true},
                                                   {"authenticated_images", "image", "authenticated", true},
                                                   {"videos", "video", "upload", true},
                                                   {"files", "raw", "upload", true},
                                                   {"iu", "image", "upload", false}}};

const ShortPath* short_path(std::string_view component) {
  for (const ShortPath& p : kShortPaths) {
    if (p.path == component) return &p;
  }
  return nullptr;
}

// "<cloud>-res.cloudinary.com" / "<cloud>-res-3.cloudinary.com" (SDK private_cdn).
std::string cloud_from_private_cdn_host(std::string_view host) {
  constexpr std::string_view kSuffix = ".cloudinary.com";
  if (!host.ends_with(kSuffix)) return "";
  std::string_view label = host.substr(0, host.size() - kSuffix.size());
  if (label.size() >= 2 && label[label.size() - 2] == '-' && is_digit(label.back())) { label.remove_suffix(2); }
  if (!label.ends_with("-res") || label.size() == 4) return "";
  return std::string(label.substr(0, label.size() - 4));
}

// Walks the '/'-separated path without splitting it up front, because a fetch URL keeps
// its own "//" and must come out byte for byte.
class PathCursor {
 public:
  explicit PathCursor(std::string_view path) : rest_(path) {}
  std::string_view peek() const { return rest_.substr(0, rest_.find('/')); }
  bool is_last() const { return rest_.find('/') == std::string_view::npos; }
  std::string_view take() {
    const std::string_view c = peek();
    rest_.remove_prefix(is_last() ? rest_.size() : c.size() + 1);
    return c;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

std::nullopt_t fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

bool Transformation::has(std::string_view key) const { return value(key).has_value(); }

bool Transformation::has(std::string_view key, std::string_view v) const {
  for (const auto& component : components) {
    for (const auto& p : component.params) {
      if (p.key == key && p.value == v) return true;
    }
  }
  return false;
}

std::optional<std::string> Transformation::value(std::string_view key) const {
  for (const auto& component : components) {
    for (const auto& p : component.params) {
      if (p.key == key) return p.value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Transformation::named() const {
  std::vector<std::string> names;
  for (const auto& component : components) {
    for (const auto& p : component.params) {
      if (p.key != "t") continue;
      for (std::string_view name : split(p.value, '.')) {
        if (std::find(names.begin(), names.end(), name) == names.end()) { names.emplace_back(name); }
      }
    }
  }
  return names;
}

std::string Transformation::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (i > 0) out += '/';
    const auto& params = components[i].params;
    for (std::size_t j = 0; j < params.size(); ++j) {
      if (j > 0) out += ',';
      out += params[j].key + '_' + params[j].value;
    }
  }
  return out;
}

std::variant<Transformation, TransformationError> parse_transformation(std::string_view text) {
  Transformation result;
  if (text.empty()) return result;
  const std::vector<std::string_view> components = split(text, '/');
  for (std::size_t i = 0; i < components.size(); ++i) {
    TransformationError error;
    error.component = i;
    if (components[i].empty()) {
      error.message = "Empty transformation component";
      return error;
    }
    TransformationComponent component{{}, std::string(components[i])};
    for (std::string_view piece : split(components[i], ',')) {
      if (piece.empty()) {
        error.message = invalid_component(components[i]);
        error.offending = std::string(components[i]);
        return error;
      }
      std::optional<TransformationParam> param = parse_param(piece, error);
      if (!param) return error;
      component.params.push_back(std::move(*param));
    }
    result.components.push_back(std::move(component));
  }
  return result;
}

bool looks_like_transformation(std::string_view component) {
  if (component.empty()) return false;
  for (std::string_view piece : split(component, ',')) {
    const std::size_t underscore = piece.find('_');
    if (underscore == std::string_view::npos || underscore == 0) return false;
    const std::string_view key = piece.substr(0, underscore);
    const bool known = key.front() == '$' ? is_variable_name(key.substr(1)) : find_key(key) != nullptr;
    if (!known) return false;
  }
  return true;
}

bool starts_delivery_path(std::string_view component) {
  return is_resource_type(component) || short_path(component) != nullptr;
}

std::optional<DeliveryUrl> parse_delivery_url(std::string_view url_or_path, std::string* error,
                                              std::string_view known_cloud) {
  DeliveryUrl out;
  std::string_view s = url_or_path.substr(0, url_or_path.find('#'));
  if (const std::size_t q = s.find('?'); q != std::string_view::npos) {
    out.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }

  std::string host_cloud;
  const std::size_t scheme_end = s.find("://");
  const bool has_scheme = scheme_end != std::string_view::npos && scheme_end > 0 &&
                          s.substr(0, scheme_end).find('/') == std::string_view::npos;
  if (has_scheme || s.starts_with("//")) {
    s.remove_prefix(has_scheme ? scheme_end + 3 : 2);
    std::string_view host = s.substr(0, s.find('/'));
    s.remove_prefix(host.size());
    host = host.substr(0, host.find(':'));
    host_cloud = cloud_from_private_cdn_host(host);
  }
  while (s.starts_with('/')) s.remove_prefix(1);

  PathCursor path(s);
  if (!known_cloud.empty() && path.peek() == known_cloud) {
    out.cloud = std::string(path.take());
  } else if (starts_delivery_path(path.peek()) && (!known_cloud.empty() || !host_cloud.empty())) {
    // Private CDN or CNAME: the host stands for the cloud, the path starts at the type.
    out.cloud = !known_cloud.empty() ? std::string(known_cloud) : host_cloud;
  } else {
    out.cloud = std::string(path.take());
    if (starts_delivery_path(out.cloud) && !starts_delivery_path(path.peek())) {
      return fail(error,
                  "no cloud name in delivery URL (a private CDN or CNAME host needs "
                  "the cloud name passed in)");
    }
  }
  if (out.cloud.empty()) return fail(error, "no cloud name in delivery URL");

  const ShortPath* shortened = short_path(path.peek());
  if (shortened != nullptr) {
    path.take();
    out.resource_type = std::string(shortened->resource_type);
    out.type = std::string(shortened->type);
    if (shortened->seo) out.seo_path = std::string(shortened->path);
  } else {
    out.resource_type = std::string(path.take());
    if (!is_resource_type(out.resource_type)) {
      return fail(error, "unknown resource type '" + out.resource_type + "'");
    }
    out.type = std::string(path.take());
    if (!is_lower_name(out.type)) { return fail(error, "invalid delivery type '" + out.type + "'"); }
  }

  if (!path.is_last() && is_signature_component(path.peek())) {
    const std::string_view sig = path.take();
    out.signature = std::string(sig.substr(3, sig.size() - 5));
  }

  // Leading components are transformations while they look like one; the last
  // component is always (part of) the public id.
  const std::string_view transformation_start = path.rest();
  std::size_t transformation_length = 0;
  auto take_transformation = [&] {
    const std::string_view c = path.take();
    transformation_length = static_cast<std::size_t>(c.data() + c.size() - transformation_start.data());
  };
  while (!path.is_last() && looks_like_transformation(path.peek())) take_transformation();
  // "foo_bar/v1/x.jpg": what sits before a version cannot be public id, so it is a
  // (bad) transformation and the caller answers 400 rather than 404.
  if (!path.is_last() && !version_of(path.peek())) {
    PathCursor ahead = path;
    std::size_t count = 0;
    while (!ahead.is_last() && !version_of(ahead.peek()) && ahead.peek().find('_') != std::string_view::npos) {
      ahead.take();
      ++count;
    }
    if (!ahead.is_last() && version_of(ahead.peek())) {
      for (; count > 0; --count) take_transformation();
    }
  }
  out.transformation_text = std::string(transformation_start.substr(0, transformation_length));

  if (!path.is_last()) {
    if (std::optional<long long> v = version_of(path.peek())) {
      out.version = v;
      path.take();
    }
  }

  std::string_view source = path.rest();
  if (source.empty()) return fail(error, "no public id in delivery URL");
  const std::size_t suffix_slash = out.seo_path.empty() ? std::string_view::npos : source.rfind('/');
  if (suffix_slash != std::string_view::npos) {
    // The SDK appends "/<suffix>" to the public id and the format after the suffix, and
    // signs the public id and format only (lib/utils/index.js:933-953, finalize_source).
    std::string_view suffix = source.substr(suffix_slash + 1);
    std::string_view extension;
    if (const std::size_t dot = suffix.find('.'); dot != std::string_view::npos) {
      extension = suffix.substr(dot);
      suffix = suffix.substr(0, dot);
    }
    source = source.substr(0, suffix_slash);
    out.url_suffix = percent_decode(suffix);
    out.signed_text = (out.transformation_text.empty() ? "" : out.transformation_text + "/") + std::string(source) +
                      std::string(extension);
    if (out.resource_type != "raw" && !extension.empty()) out.format = std::string(extension.substr(1));
    out.public_id = percent_decode(source);
    return out;
  }
  out.signed_text =
      out.transformation_text.empty() ? std::string(source) : out.transformation_text + "/" + std::string(source);

  std::string_view id = source;
  if (out.type != "fetch" && out.resource_type != "raw") {
    const std::size_t slash = id.rfind('/');
    const std::size_t dot = id.rfind('.');
    const std::size_t base = slash == std::string_view::npos ? 0 : slash + 1;
    if (dot != std::string_view::npos && dot > base && dot + 1 < id.size()) {
      out.format = std::string(id.substr(dot + 1));
      id = id.substr(0, dot);
    }
  }
  out.public_id = percent_decode(id);
  return out;
}

}  // namespace cldcert::mock
