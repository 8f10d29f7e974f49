// Cloudinary's delivery-URL grammar: transformation strings and the URL around them,
// shared by the mock's delivery endpoint (400 + x-cld-error) and by checks on printed URLs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cldcert::mock {

// One `key_value` piece: "w_iw_div_2" is {"w", "iw_div_2"}, "$w_100" is {"$w", "100"},
// "if_w_gt_400" is {"if", "w_gt_400"}, "if_end" is {"if", "end"}.
struct TransformationParam {
  std::string key;
  std::string value;
};

// One '/'-separated component; `text` is exactly as it was written.
struct TransformationComponent {
  std::vector<TransformationParam> params;
  std::string text;
};

struct Transformation {
  std::vector<TransformationComponent> components;  // chained, in order

  bool has(std::string_view key) const;
  bool has(std::string_view key, std::string_view value) const;  // "f","auto" anywhere
  std::optional<std::string> value(std::string_view key) const;  // first occurrence
  // Named transformations (t_a, t_a.b), first use order, each name once.
  std::vector<std::string> named() const;
  bool chained() const { return components.size() > 1; }
  // Rebuilt from the params; equals the parsed text for anything that parsed.
  std::string to_string() const;
};

// `message` is what the delivery endpoint puts in x-cld-error, worded like Cloudinary's
// ("Invalid width in transformation: abc", "Invalid transformation component - foo_bar").
struct TransformationError {
  std::string message;
  std::size_t component = 0;  // 0-based index of the failing component
  std::string offending;      // the failing piece as written ("w_abc"), or the component
};

// `text` is the transformation part of a URL; "" is the empty (identity) transformation.
std::variant<Transformation, TransformationError> parse_transformation(std::string_view text);

// True when every comma-separated piece starts with a known key (or `$name`), whatever the
// values: how a URL's leading path components are told apart from a public id.
bool looks_like_transformation(std::string_view component);

// True for what follows the cloud name in a delivery path: a resource type ("image") or a
// shortened "<resource_type>/<type>" ("images", "iu", …).
bool starts_delivery_path(std::string_view component);

struct DeliveryUrl {
  std::string cloud;
  std::string resource_type;        // image | video | raw
  std::string type;                 // upload, private, authenticated, fetch, ...
  std::string signature;            // "s--XXXXXXXX--" component without the wrapper, or ""
  std::string transformation_text;  // raw, still percent-escaped; "" when none
  std::optional<long long> version;
  std::string public_id;  // percent-decoded; for fetch, the remote URL
  std::string format;     // extension; always "" for raw and fetch
  std::string query;      // after '?', e.g. the SDK's "_a=BAMAROfk0"; never interpreted
  // What a URL signature covers, as written: "<transformation>/<public_id>[.<format>]",
  // without the version (the SDK leaves it out) and without a url_suffix.
  std::string signed_text;
  // SEO-friendly URLs ("/<cloud>/images/…/<public_id>/<suffix>.<ext>"): the suffix, which
  // names nothing and is not signed; "" otherwise. `seo_path` is "images", "videos", …
  std::string url_suffix;
  std::string seo_path;
};

// Splits a delivery URL ("https://res.cloudinary.com/<cloud>/image/upload/...",
// "http://127.0.0.1:PORT/<cloud>/...") or a bare path ("/<cloud>/image/...").
// SEO-friendly paths ("/<cloud>/images/<transformation>/v1/<public_id>/<suffix>.jpg", and
// "videos", "files", "private_images", "authenticated_images") come out as the resource
// type and type they stand for, the last component being the suffix when there are two or more.
// Private-CDN hosts ("<cloud>-res.cloudinary.com") carry the cloud in the host name;
// other hosts without a cloud segment (private CDN on a CNAME) need `known_cloud`.
// nullopt with `*error` set when the shape is wrong; transformation values are not
// validated here (parse_transformation does that) so the caller can answer 400.
std::optional<DeliveryUrl> parse_delivery_url(std::string_view url_or_path, std::string* error = nullptr,
                                              std::string_view known_cloud = {});

}  // namespace cldcert::mock
