// Test-only plumbing for the mock's unit tests: request bodies, signatures, credentials, a mock on
// generated accounts, and reading its answers. Linked into the unit-test binary, not into cldcert_mocks.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"
#include "mocks/digest.h"
#include "mocks/http_types.h"
#include "mocks/journal.h"
#include "mocks/mock_cloudinary.h"
#include "mocks/upload_signature.h"

namespace cldcert::mock::testing_support {

// The pinned clock the tests start from: Tue, 14 Nov 2023 22:13:20 GMT.
inline constexpr std::int64_t kNow = 1'700'000'000;
// The boundary multipart_body() writes and multipart_post() announces.
inline const std::string kBoundary = "----cldcertTestBoundary7MA4YWxkTrZu0gW";
inline const std::string kNodeUserAgent = "CloudinaryNodeJS/2.11.0 (Node 20.0.0)";

// --- bytes ---------------------------------------------------------------------------------------

// A PNG signature and IHDR saying width x height, padded with filler to `total` bytes.
std::string png_bytes(std::uint32_t width, std::uint32_t height, std::size_t total);
// A whole file's bytes ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// --- request bodies ------------------------------------------------------------------------------

struct FilePart {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

// multipart/form-data with kBoundary: the fields in order, then the file part (as "file") if any.
std::string multipart_body(const FormParams& fields, const std::optional<FilePart>& file);
// Percent-encodes all but unreserved characters (A-Z a-z 0-9 - _ . ~).
std::string url_encode(std::string_view text);
// "k=v&k2=v2", keys and values url_encode()d, in order.
std::string form_encode(const FormParams& params);

// --- credentials ---------------------------------------------------------------------------------

// What a Node SDK signed call sends: `params`, then timestamp, signature (SHA-1, version 2) and api_key.
FormParams signed_params(FormParams params, const Cloud& cloud, std::int64_t timestamp = kNow);
// "Basic " + base64("key:secret").
std::string basic_auth(std::string_view key, std::string_view secret);

// The shared signature vectors (tests/data/signature_vectors.json), and the algorithm a vector names.
nlohmann::json load_signature_vectors();
DigestAlgorithm algorithm_named(const std::string& name);

// --- requests ------------------------------------------------------------------------------------

// A request head; a "?query" after the path is split off into query and query_params.
HttpRequestHead request_head(const std::string& method, const std::string& path_and_query, HeaderList headers = {});
// A POST of a multipart_body(): its Content-Type first, then `headers`.
HttpRequestHead multipart_post(const std::string& path, HeaderList headers = {});
// POSTs `params` and `file` as multipart/form-data to /v1_1/{cloud}/{resource_type}/upload.
HttpResponse post_upload(MockCloudinary& mock, const Cloud& cloud, const FormParams& params,
                         const std::optional<FilePart>& file, const std::string& resource_type = "image");
// GET /v1_1/{cloud}/{route} with the cloud's Basic credentials (and no other header).
HttpResponse admin_get(MockCloudinary& mock, const Cloud& cloud, const std::string& route);

// --- answers -------------------------------------------------------------------------------------

nlohmann::json body_json(const HttpResponse& response);
// The message of Cloudinary's {"error":{"message":...}}.
std::string error_message(const HttpResponse& response);
// The files now in the mock's blob folder.
std::vector<std::filesystem::path> blob_files(MockCloudinary& mock);

// --- fixture -------------------------------------------------------------------------------------

// Holds one in-process mock and the clock it reads.
class MockFixture : public ::testing::Test {
 protected:
  // (Re)starts mock_ on generate_accounts(seed, account_count, clouds_per_account), its ids seeded
  // alike and its clock reading *now_; no data_dir, so the mock keeps its bytes in a fresh temporary
  // folder it removes when it goes. `tweak` may change the options first.
  void start_mock(std::uint64_t seed, const std::function<void(MockOptions&)>& tweak = {}, int account_count = 2,
                  int clouds_per_account = 2);
  JournalEntry last_entry() const { return mock_->journal().entries().back(); }

  std::shared_ptr<std::int64_t> now_ = std::make_shared<std::int64_t>(kNow);
  std::unique_ptr<MockCloudinary> mock_;
};

}  // namespace cldcert::mock::testing_support
