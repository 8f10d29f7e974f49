#include "mocks/delivery_api.h"

#include <charconv>
#include <filesystem>

#include "mocks/byte_range.h"
#include "mocks/form_reader.h"
#include "mocks/transformation.h"
#include "mocks/upload_auth.h"
#include "mocks/url_signature.h"

namespace cldcert::mock {
namespace {

// Delivery errors carry no JSON body: Cloudinary explains them in the X-Cld-Error header.
HttpResponse delivery_error(int status, const std::string& message) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain";
  response.headers.emplace_back("X-Cld-Error", message);
  return response;
}

std::string mime_type(const std::string& resource_type, const std::string& format) {
  if (format == "jpg" || format == "jpeg") return "image/jpeg";
  if (format == "png" || format == "gif" || format == "webp" || format == "avif" || format == "bmp") {
    return "image/" + format;
  }
  if (format == "svg") return "image/svg+xml";
  if (format == "pdf") return "application/pdf";
  if (format == "mp4" || format == "webm") return "video/" + format;
  if (format == "mov") return "video/quicktime";
  return resource_type == "image" ? "image/" + (format.empty() ? std::string("png") : format)
                                  : "application/octet-stream";
}

HttpResponse serve_asset(const Asset& asset, const std::string& format) {
  HttpResponse response;
  response.content_type = mime_type(asset.resource_type, format.empty() ? asset.format : format);
  response.headers.emplace_back("ETag", "\"" + asset.etag + "\"");
  if (asset.file.empty()) {
    // Uploaded from a remote URL the mock never fetched: there are no bytes to serve.
    response.headers.emplace_back("X-Cldcert-Remote-Url", asset.remote_url);
  } else {
    response.body_file = asset.file;
  }
  return response;
}

// A GET's single byte range (mocks/byte_range.h, RFC 9110 §14): 206 with Content-Range and only those
// bytes (http_server.cc streams them from the file), 416 with "bytes */size" when none of the body is asked,
// the whole body otherwise (several ranges, a malformed header: §14.2 lets a server ignore them). A 200 from
// a file says Accept-Ranges: bytes (§14.3). Cloudinary's CDN answering ranges (what video players seek
// with) is UNCONFIRMED: no Cloudinary documentation found says so; cpp-httplib answers a header it cannot
// parse (bytes=5-2, items=0-1) with 416 before the mock sees it. HEAD ignores Range (§14.2: GET only).
HttpResponse with_range(HttpResponse response, const HttpRequestHead& head) {
  if (response.body_file.empty()) return response;
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(response.body_file, ec);
  if (ec) return response;  // http_server.cc answers 500: the stored asset is gone
  const std::string_view asked = header_value(head.headers, "Range");
  const RangeAsked range = head.method == "GET" && !asked.empty() ? read_range(asked, size) : RangeAsked{};
  if (range.kind == RangeAsked::Kind::kUnsatisfiable) {
    HttpResponse refused;
    refused.status = 416;
    refused.content_type = "text/plain";
    refused.headers.emplace_back("Content-Range", unsatisfied_content_range(size));
    return refused;
  }
  response.headers.emplace_back("Accept-Ranges", "bytes");
  if (range.kind == RangeAsked::Kind::kPartial) {
    response.status = 206;
    response.headers.emplace_back("Content-Range", content_range(range.range, size));
    response.body_file_range = range.range;
  }
  return response;
}

// A 1×1 transparent PNG: what a fetch URL answers, since the mock never fetches.
const std::string& placeholder_png() {
  static constexpr unsigned char kBytes[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00,
      0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x00, 0x01, 0x01, 0x00,
      0x05, 0x18, 0xd8, 0x4e, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  static const std::string png(reinterpret_cast<const char*>(kBytes), sizeof kBytes);
  return png;
}

// A use_root_path URL leaves out "image/upload" ("/<cloud>/v1/<public_id>.jpg"; cloudinary
// 2.11.0 lib/utils/index.js:985-992, image/upload only) and may end in a url_suffix, which
// the path alone cannot tell from a folder: read it both ways, and the reading that names a
// stored asset wins. nullopt when the path is no root path either.
std::optional<DeliveryUrl> read_root_path(const MockState& state, const std::string& target) {
  const std::size_t cloud_end = target.find('/', 1);
  if (!target.starts_with('/') || cloud_end == std::string::npos) return std::nullopt;
  const std::string cloud = target.substr(1, cloud_end - 1);
  const std::string rest = target.substr(cloud_end);
  auto plain = parse_delivery_url("/" + cloud + "/image/upload" + rest);
  if (!plain) return std::nullopt;
  auto with_suffix = parse_delivery_url("/" + cloud + "/images" + rest);
  if (with_suffix && !with_suffix->url_suffix.empty() &&
      !state.store.find(cloud, plain->resource_type, plain->type, plain->public_id) &&
      state.store.find(cloud, with_suffix->resource_type, with_suffix->type, with_suffix->public_id)) {
    return with_suffix;
  }
  return plain;
}

HttpResponse deliver(MockState& state, const HttpRequestHead& head, JournalEntry& entry) {
  entry.api = "delivery";
  entry.action = "deliver";
  std::string target = head.target.empty() ? head.path + (head.query.empty() ? "" : "?" + head.query) : head.target;
  std::string error;
  auto url = parse_delivery_url(target, &error);
  if (!url && !is_delivery_path(head.path)) url = read_root_path(state, target);
  if (!url) return delivery_error(400, error);
  entry.resource_type = url->resource_type;
  entry.delivery_type = url->type;
  entry.public_id = url->public_id;
  entry.transformation = url->transformation_text;
  const Cloud* cloud = state.options.accounts.find_cloud(url->cloud);
  if (cloud == nullptr) return delivery_error(404, "Invalid cloud_name " + url->cloud);
  entry.cloud = cloud->cloud_name;

  auto parsed = parse_transformation(percent_decode(url->transformation_text, false));
  if (auto* bad = std::get_if<TransformationError>(&parsed)) return delivery_error(400, bad->message);
  const auto& transformation = std::get<Transformation>(parsed);
  for (const auto& component : transformation.components) {
    HeaderList params;
    for (const auto& p : component.params) params.emplace_back(p.key, p.value);
    entry.transformation_components.push_back(std::move(params));
  }
  for (const auto& name : transformation.named()) {
    if (!state.store.find_named_transformation(cloud->cloud_name, name)) {
      return delivery_error(400, "Named transformation t_" + name + " not found");
    }
  }

  if (url->type == "fetch") {
    entry.remote_file_url = url->public_id;
    HttpResponse response;
    response.content_type = "image/png";
    response.body = placeholder_png();
    return response;
  }
  auto asset = state.store.find(cloud->cloud_name, url->resource_type, url->type, url->public_id);
  if (!asset && !url->format.empty()) {
    // Raw ids keep their extension; an image id may also be asked for with its own extension.
    asset = state.store.find(cloud->cloud_name, url->resource_type, url->type, url->public_id + "." + url->format);
  }
  // An upload-type asset with access_mode=authenticated "behaves as if it's of the authenticated
  // type" (Upload API reference, access_mode): like that type, unsigned or wrongly signed URLs
  // get the 401 the mock gives authenticated URLs. Signatures are required for "authenticated
  // media assets" (https://cloudinary.com/documentation/delivery_url_signatures).
  const bool authenticated_access = asset && asset->access_mode == "authenticated";
  if (url->type == "private" || url->type == "authenticated" || authenticated_access) {
    AuthRecord& auth = entry.auth;
    auth.method = "url_signature";
    const std::string restriction = authenticated_access ? "access_mode authenticated" : "type " + url->type;
    if (url->signature.empty()) {
      auth.outcome = "missing_signature";
      return delivery_error(401, "Resource is restricted: a signed URL is required for " + restriction);
    }
    if (!verify_url_signature(url->signature, url->signed_text, cloud->api_secret, cloud->signature_algorithm)) {
      auth.outcome = "invalid_signature";
      return delivery_error(401, "Invalid signature s--" + url->signature + "-- for " + url->signed_text);
    }
    auth.signature_algorithm =
        url->signature.size() == 32 || cloud->signature_algorithm == DigestAlgorithm::kSha256 ? "sha256" : "sha1";
    auth.outcome = "ok";
    if (url->type == "private" && transformation.components.empty()) {
      return delivery_error(401,
                            "The original of a private asset is delivered only through the signed download "
                            "API (private_download_url), not by URL");
    }
  }
  if (!asset) return delivery_error(404, "Resource not found - " + url->public_id);
  entry.asset_sha256 = asset->sha256;
  return with_range(serve_asset(*asset, url->format), head);
}

HttpResponse private_download(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                              const std::string& resource_type, JournalEntry& entry) {
  entry.api = "upload";
  entry.action = "download";
  entry.resource_type = resource_type;
  const FormParams& params = head.query_params;
  for (const auto& [k, v] : params) entry.fields.push_back(text_field(k, v));
  // Same rules as a signed upload call: key, timestamp window, signature over the params.
  UploadAuthResult auth = authenticate_upload(cloud, params, head.headers, state.store, state.now_unix(), false);
  entry.auth = auth.record;
  if (auth.refusal) return *auth.refusal;
  if (auto expires = form_value(params, "expires_at"); expires && !expires->empty()) {
    std::int64_t at = 0;
    std::from_chars(expires->data(), expires->data() + expires->size(), at);
    if (at < state.now_unix()) {
      entry.auth.outcome = "expired";
      return cloudinary_error(401, "Expired download link: expires_at " + *expires + " has passed");
    }
  }
  auto public_id = form_value(params, "public_id");
  if (!public_id || public_id->empty()) return cloudinary_error(400, "Missing required parameter - public_id");
  std::string type = form_value(params, "type").value_or("upload");
  if (type.empty()) type = "upload";
  std::string format = form_value(params, "format").value_or("");
  entry.public_id = *public_id;
  entry.delivery_type = type;
  auto asset = state.store.find(cloud.cloud_name, resource_type, type, *public_id);
  if (!asset) return cloudinary_error(404, "Resource not found - " + *public_id);
  entry.asset_sha256 = asset->sha256;
  HttpResponse response = serve_asset(*asset, format);
  if (form_value(params, "attachment").value_or("") == "true") {
    std::string name = public_id->substr(public_id->rfind('/') == std::string::npos ? 0 : public_id->rfind('/') + 1);
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + name + (format.empty() ? "" : "." + format) + "\"");
  }
  return response;
}

}  // namespace

bool is_delivery_path(const std::string& path) {
  std::size_t a = path.find('/', 1);
  if (a == std::string::npos) return false;
  std::size_t b = path.find('/', a + 1);
  return b != std::string::npos && starts_delivery_path(std::string_view(path).substr(a + 1, b - a - 1));
}

bool is_root_delivery_path(const Accounts& accounts, const std::string& path) {
  std::size_t a = path.find('/', 1);
  return a != std::string::npos && a + 1 < path.size() && !is_delivery_path(path) &&
         accounts.find_cloud(path.substr(1, a - 1)) != nullptr;
}

std::unique_ptr<Exchange> begin_delivery(MockState& state, const HttpRequestHead& head, JournalEntry& entry) {
  // Known before the body, so a faulted request is journaled under its API too.
  entry.api = "delivery";
  entry.action = "deliver";
  return std::make_unique<BufferedExchange>(
      [&state, head, &entry](std::string_view) { return deliver(state, head, entry); });
}

std::unique_ptr<Exchange> begin_private_download(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                                 const std::string& resource_type, JournalEntry& entry) {
  entry.api = "upload";
  entry.action = "download";
  entry.resource_type = resource_type;
  return std::make_unique<BufferedExchange>([&state, &cloud, head, resource_type, &entry](std::string_view) {
    return private_download(state, cloud, head, resource_type, entry);
  });
}

}  // namespace cldcert::mock
