#include "mocks/upload_auth.h"

#include <charconv>

#include "mocks/base64.h"
#include "mocks/form_reader.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

UploadAuthResult refuse(UploadAuthResult result, std::string outcome, int status, const std::string& message) {
  result.record.outcome = std::move(outcome);
  result.refusal = cloudinary_error(status, message);
  return result;
}

}  // namespace

UploadAuthResult authenticate_upload(const Cloud& cloud, const FormParams& params, const HeaderList& headers,
                                     const AssetStore& store, std::int64_t now_unix, bool allow_unsigned) {
  UploadAuthResult result;
  result.may_write = role_can_write(cloud.role);
  std::string_view authorization = header_value(headers, "Authorization");

  if (authorization.starts_with("Bearer ")) {
    result.record.method = "bearer";
    result.record.outcome = "not_validated";
    return result;
  }
  if (authorization.starts_with("Basic ")) {
    result.record.method = "basic";
    auto decoded = base64_decode(authorization.substr(6));
    std::string credentials = decoded.value_or("");
    std::size_t colon = credentials.find(':');
    result.record.api_key = credentials.substr(0, colon);
    if (colon == std::string::npos || result.record.api_key != cloud.api_key ||
        credentials.substr(colon + 1) != cloud.api_secret) {
      return refuse(std::move(result), "invalid_credentials", 401, "Invalid credentials");
    }
    result.record.outcome = "ok";
    return result;
  }

  auto signature = form_value(params, "signature");
  auto api_key = form_value(params, "api_key");
  auto preset = form_value(params, "upload_preset");
  if (preset) result.record.upload_preset = *preset;

  if (!signature && !api_key) {
    result.record.method = "unsigned_preset";
    if (!allow_unsigned) {
      return refuse(std::move(result), "missing_parameter", 400, "Missing required parameter - api_key");
    }
    if (!preset || preset->empty()) {
      return refuse(std::move(result), "missing_parameter", 400,
                    "Upload preset must be specified when using unsigned upload");
    }
    auto found = store.find_preset(cloud.cloud_name, *preset);
    if (!found) return refuse(std::move(result), "unknown_preset", 400, "Upload preset not found");
    if (!found->is_unsigned) {
      return refuse(std::move(result), "preset_not_unsigned", 400,
                    "Upload preset must be whitelisted for unsigned uploads");
    }
    // Presets are cloud-wide settings: an unsigned upload is allowed whatever the keys' roles.
    result.may_write = true;
    result.record.outcome = "ok";
    return result;
  }

  result.record.method = "signature";
  result.record.api_key = api_key.value_or("");
  if (!api_key || api_key->empty()) {
    return refuse(std::move(result), "missing_parameter", 400, "Missing required parameter - api_key");
  }
  if (*api_key != cloud.api_key) {
    return refuse(std::move(result), "unknown_api_key", 401, "Unknown API key " + *api_key);
  }
  if (!signature || signature->empty()) {
    return refuse(std::move(result), "missing_parameter", 400, "Missing required parameter - signature");
  }
  auto timestamp_text = form_value(params, "timestamp");
  if (!timestamp_text || timestamp_text->empty()) {
    return refuse(std::move(result), "missing_parameter", 400, "Missing required parameter - timestamp");
  }
  std::int64_t timestamp = 0;
  auto [ptr, ec] = std::from_chars(timestamp_text->data(), timestamp_text->data() + timestamp_text->size(), timestamp);
  if (ec != std::errc() || ptr != timestamp_text->data() + timestamp_text->size()) {
    return refuse(std::move(result), "missing_parameter", 400, "Invalid timestamp " + *timestamp_text);
  }
  // Only staleness is refused: a timestamp in the future (some integrations send milliseconds)
  // passes, as it does on Cloudinary.
  if (timestamp < now_unix - kSignatureValiditySeconds) {
    return refuse(
        std::move(result), "stale_timestamp", 400,
        "Stale request - reported time is " + format_utc_for_message(timestamp) + " which is more than 1 hour ago");
  }
  SignatureVerdict verdict = verify_signature(params, *signature, cloud.api_secret);
  result.record.signature_algorithm = verdict.algorithm == DigestAlgorithm::kSha256 ? "sha256" : "sha1";
  if (!verdict.valid) {
    return refuse(std::move(result), "invalid_signature", 401,
                  "Invalid Signature " + *signature + ". String to sign - '" + verdict.expected_string_to_sign + "'.");
  }
  result.record.signature_version = verdict.signature_version;
  result.record.outcome = "ok";
  return result;
}

}  // namespace cldcert::mock
