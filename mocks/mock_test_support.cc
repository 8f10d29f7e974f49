#include "mocks/mock_test_support.h"

#include <cctype>
#include <fstream>
#include <iterator>

#include "mocks/basic_auth.h"
#include "mocks/percent_encode.h"

namespace cldcert::mock::testing_support {

std::string png_bytes(std::uint32_t width, std::uint32_t height, std::size_t total) {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  std::string s = std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(width) + be32(height);
  while (s.size() < total) s.push_back(static_cast<char>(s.size() * 31 % 251));
  return s;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string multipart_body(const FormParams& fields, const std::optional<FilePart>& file) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  if (file) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file->filename +
            "\"\r\nContent-Type: " + file->content_type + "\r\n\r\n" + file->bytes + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

std::string url_encode(std::string_view text) { return percent_encode(text); }

std::string form_encode(const FormParams& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return out;
}

FormParams signed_params(FormParams params, const Cloud& cloud, std::int64_t timestamp) {
  params.emplace_back("timestamp", std::to_string(timestamp));
  params.emplace_back("signature", sign_params(params, cloud.api_secret, DigestAlgorithm::kSha1, 2));
  params.emplace_back("api_key", cloud.api_key);
  return params;
}

std::string basic_auth(std::string_view key, std::string_view secret) { return basic_authorization(key, secret); }

nlohmann::json load_signature_vectors() {
  std::ifstream in(CLDCERT_SOURCE_DIR "/tests/data/signature_vectors.json");
  EXPECT_TRUE(in.good()) << "missing tests/data/signature_vectors.json";
  return nlohmann::json::parse(in);
}

DigestAlgorithm algorithm_named(const std::string& name) {
  return name == "sha256" ? DigestAlgorithm::kSha256 : DigestAlgorithm::kSha1;
}

HttpRequestHead request_head(const std::string& method, const std::string& path_and_query, HeaderList headers) {
  HttpRequestHead head;
  head.method = method;
  std::size_t q = path_and_query.find('?');
  head.path = path_and_query.substr(0, q);
  if (q != std::string::npos) {
    head.query = path_and_query.substr(q + 1);
    head.query_params = parse_query_string(head.query);
  }
  head.headers = std::move(headers);
  return head;
}

HttpRequestHead multipart_post(const std::string& path, HeaderList headers) {
  headers.insert(headers.begin(), {"Content-Type", "multipart/form-data; boundary=" + kBoundary});
  return request_head("POST", path, std::move(headers));
}

HttpResponse post_upload(MockCloudinary& mock, const Cloud& cloud, const FormParams& params,
                         const std::optional<FilePart>& file, const std::string& resource_type) {
  return mock.handle(multipart_post("/v1_1/" + cloud.cloud_name + "/" + resource_type + "/upload"),
                     multipart_body(params, file));
}

HttpResponse admin_get(MockCloudinary& mock, const Cloud& cloud, const std::string& route) {
  return mock.handle(request_head("GET", "/v1_1/" + cloud.cloud_name + "/" + route,
                                  {{"Authorization", basic_auth(cloud.api_key, cloud.api_secret)}}),
                     "");
}

nlohmann::json body_json(const HttpResponse& response) { return nlohmann::json::parse(response.body); }

std::string error_message(const HttpResponse& response) {
  return body_json(response)["error"]["message"].get<std::string>();
}

std::vector<std::filesystem::path> blob_files(MockCloudinary& mock) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(mock.store().data_dir() / "blobs")) out.push_back(e.path());
  return out;
}

void MockFixture::start_mock(std::uint64_t seed, const std::function<void(MockOptions&)>& tweak, int account_count,
                             int clouds_per_account) {
  mock_.reset();
  MockOptions options;
  options.accounts = generate_accounts(seed, account_count, clouds_per_account);
  options.seed = seed;
  options.clock = [now = now_] { return *now; };
  if (tweak) tweak(options);
  mock_ = std::make_unique<MockCloudinary>(std::move(options));
}

}  // namespace cldcert::mock::testing_support
