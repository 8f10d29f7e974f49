// Delivery URLs and the signed private download endpoint, driven in-process through
// MockCloudinary::handle after real (signed multipart) uploads.
#include "mocks/delivery_api.h"

#include <gtest/gtest.h>

#include "mocks/digest.h"
#include "mocks/mock_test_support.h"
#include "mocks/url_signature.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

// The same signature with one character changed.
std::string tampered(std::string signature) {
  signature[3] = signature[3] == 'A' ? 'B' : 'A';
  return signature;
}

class DeliveryApiTest : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(31);
    cloud_ = mock_->accounts().accounts[0].clouds[0];
    sha_cloud_ = mock_->accounts().accounts[1].clouds[0];
    ASSERT_EQ(cloud_.signature_algorithm, DigestAlgorithm::kSha1);
    ASSERT_EQ(sha_cloud_.signature_algorithm, DigestAlgorithm::kSha256);
    ASSERT_TRUE(role_can_write(sha_cloud_.role));
  }

  void put(const std::string& public_id, const std::string& type, const std::string& bytes,
           const Cloud* cloud = nullptr) {
    FormParams params{{"public_id", public_id}};
    if (type != "upload") params.emplace_back("type", type);
    const Cloud& to = cloud ? *cloud : cloud_;
    HttpResponse r = post_upload(*mock_, to, signed_params(params, to, *now_),
                                 FilePart{"pic.png", "application/octet-stream", bytes});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // `path` is what follows the host; an optional query string is split off.
  HttpResponse get(const std::string& path_and_query, const std::string& method = "GET") {
    return mock_->handle(request_head(method, path_and_query, {{"User-Agent", "Mozilla/5.0"}}), "");
  }

  std::string sig(const std::string& signed_text, const Cloud& cloud, bool long_signature = false) {
    return "s--" + url_signature(signed_text, cloud.api_secret, cloud.signature_algorithm, long_signature) + "--";
  }

  Cloud cloud_;
  Cloud sha_cloud_;
  const std::string png_ = png_bytes(64, 48, 900);
};

TEST_F(DeliveryApiTest, UploadTypeServesTheStoredBytes) {
  put("sample", "upload", png_);
  for (const std::string path :
       {"/image/upload/v1700000000/sample.png", "/image/upload/sample.png",
        "/image/upload/c_fill,h_100,w_100/v1700000000/sample.png", "/image/upload/sample.png?_a=BAMAROfk0"}) {
    HttpResponse r = get("/" + cloud_.cloud_name + path);
    ASSERT_EQ(r.status, 200) << path << " " << header_value(r.headers, "X-Cld-Error");
    EXPECT_EQ(r.content_type, "image/png") << path;
    ASSERT_FALSE(r.body_file.empty()) << path;
    EXPECT_EQ(sha256_hex(read_file(r.body_file)), sha256_hex(png_)) << path;
    EXPECT_FALSE(header_value(r.headers, "ETag").empty());
  }
  auto e = last_entry();
  EXPECT_EQ(e.api, "delivery");
  EXPECT_EQ(e.action, "deliver");
  EXPECT_EQ(e.cloud, cloud_.cloud_name);
  EXPECT_EQ(e.resource_type, "image");
  EXPECT_EQ(e.delivery_type, "upload");
  EXPECT_EQ(e.public_id, "sample");
  EXPECT_EQ(e.asset_sha256, sha256_hex(png_));
  EXPECT_EQ(e.auth.method, "none");
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(mock_->journal().entries()[3].transformation, "c_fill,h_100,w_100");
  // The journal holds the parsed form too, so checks can ask "was c_fill applied?".
  HeaderList parsed = {{"c", "fill"}, {"h", "100"}, {"w", "100"}};
  ASSERT_EQ(mock_->journal().entries()[3].transformation_components.size(), 1u);
  EXPECT_EQ(mock_->journal().entries()[3].transformation_components[0], parsed);

  EXPECT_EQ(get("/" + cloud_.cloud_name + "/image/upload/sample.png", "HEAD").status, 200);
  // The resource type is part of the address.
  EXPECT_EQ(get("/" + cloud_.cloud_name + "/video/upload/sample.png").status, 404);
}

// RFC 9110 §14: one range of a stored file is a 206 naming it, and the body is that slice of the file;
// HEAD and several ranges are answered whole; a range past the end is a 416 with "bytes */size".
TEST_F(DeliveryApiTest, ASingleByteRangeOfAStoredFileIsA206) {
  put("sample", "upload", png_);
  const std::string path = "/" + cloud_.cloud_name + "/image/upload/sample.png";
  const std::string size = std::to_string(png_.size());
  auto ranged = [&](const std::string& range, const std::string& method = "GET") {
    return mock_->handle(request_head(method, path, {{"Range", range}}), "");
  };
  HttpResponse whole = get(path);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(header_value(whole.headers, "Accept-Ranges"), "bytes");
  EXPECT_FALSE(whole.body_file_range);

  HttpResponse middle = ranged("bytes=8-15");
  EXPECT_EQ(middle.status, 206);
  EXPECT_EQ(header_value(middle.headers, "Content-Range"), "bytes 8-15/" + size);
  ASSERT_TRUE(middle.body_file_range);
  EXPECT_EQ(*middle.body_file_range, (ByteRange{8, 15}));
  EXPECT_EQ(middle.body_file, whole.body_file);
  EXPECT_EQ(last_entry().status, 206);

  HttpResponse tail = ranged("bytes=-4");
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(header_value(tail.headers, "Content-Range"),
            "bytes " + std::to_string(png_.size() - 4) + "-" + std::to_string(png_.size() - 1) + "/" + size);

  HttpResponse past = ranged("bytes=" + size + "-");
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(header_value(past.headers, "Content-Range"), "bytes */" + size);
  EXPECT_TRUE(past.body_file.empty());

  for (const std::string ignored : {"bytes=0-1,3-4", "bytes=x-"}) {
    HttpResponse r = ranged(ignored);
    EXPECT_EQ(r.status, 200) << ignored;
    EXPECT_FALSE(r.body_file_range) << ignored;
  }
  HttpResponse head = ranged("bytes=0-3", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_FALSE(head.body_file_range);
  // A fetch URL's placeholder is no stored file: answered whole.
  HttpResponse fetched = mock_->handle(
      request_head("GET", "/" + cloud_.cloud_name + "/image/fetch/https://example.com/a.png", {{"Range", "bytes=0-3"}}),
      "");
  EXPECT_EQ(fetched.status, 200);
}

TEST_F(DeliveryApiTest, AuthenticatedNeedsAValidSignature) {
  put("folder/pic", "authenticated", png_);
  const std::string base = "/" + cloud_.cloud_name + "/image/authenticated/";

  HttpResponse unsigned_r = get(base + "v1/folder/pic.png");
  EXPECT_EQ(unsigned_r.status, 401);
  EXPECT_FALSE(header_value(unsigned_r.headers, "X-Cld-Error").empty());
  EXPECT_TRUE(unsigned_r.body_file.empty());
  EXPECT_EQ(last_entry().auth.method, "url_signature");
  EXPECT_EQ(last_entry().auth.outcome, "missing_signature");

  const std::string good = sig("folder/pic.png", cloud_);
  HttpResponse ok = get(base + good + "/v1/folder/pic.png");
  ASSERT_EQ(ok.status, 200) << header_value(ok.headers, "X-Cld-Error");
  EXPECT_EQ(sha256_hex(read_file(ok.body_file)), sha256_hex(png_));
  auto e = last_entry();
  EXPECT_EQ(e.auth.method, "url_signature");
  EXPECT_EQ(e.auth.outcome, "ok");
  EXPECT_EQ(e.auth.signature_algorithm, "sha1");
  EXPECT_EQ(e.public_id, "folder/pic");
  EXPECT_EQ(e.delivery_type, "authenticated");

  // The version is not signed; the SDK's analytics parameter is ignored.
  EXPECT_EQ(get(base + good + "/v1700000000/folder/pic.png?_a=BAMAROfk0").status, 200);

  HttpResponse bad = get(base + tampered(good) + "/v1/folder/pic.png");
  EXPECT_EQ(bad.status, 401);
  EXPECT_FALSE(header_value(bad.headers, "X-Cld-Error").empty());
  EXPECT_EQ(last_entry().auth.outcome, "invalid_signature");
  EXPECT_TRUE(bad.body_file.empty());

  // A signature covers the transformation: reusing one for another transformation fails.
  const std::string with_t = sig("w_100/folder/pic.png", cloud_);
  EXPECT_EQ(get(base + with_t + "/w_100/v1/folder/pic.png").status, 200);
  EXPECT_EQ(last_entry().transformation, "w_100");
  EXPECT_EQ(get(base + with_t + "/w_200/v1/folder/pic.png").status, 401);
  EXPECT_EQ(get(base + good + "/w_100/v1/folder/pic.png").status, 401);
  // Another cloud's secret does not sign for this one.
  EXPECT_EQ(get(base + sig("folder/pic.png", mock_->accounts().accounts[0].clouds[1]) + "/v1/folder/pic.png").status,
            401);
}

TEST_F(DeliveryApiTest, LongSha256SignatureIsAccepted) {
  put("pic", "authenticated", png_);
  const std::string base = "/" + cloud_.cloud_name + "/image/authenticated/";
  const std::string long_sig = sig("c_scale,w_100/pic.png", cloud_, true);
  ASSERT_EQ(long_sig.size(), 3u + 32u + 2u);
  HttpResponse r = get(base + long_sig + "/c_scale,w_100/v1/pic.png");
  ASSERT_EQ(r.status, 200) << header_value(r.headers, "X-Cld-Error");
  EXPECT_EQ(last_entry().auth.signature_algorithm, "sha256");
  EXPECT_EQ(get(base + tampered(long_sig) + "/c_scale,w_100/v1/pic.png").status, 401);
}

TEST_F(DeliveryApiTest, Sha256CloudSignsShortSignaturesWithSha256) {
  put("pic", "authenticated", png_, &sha_cloud_);
  const std::string base = "/" + sha_cloud_.cloud_name + "/image/authenticated/";
  const std::string sha256_short =
      "s--" + url_signature("pic.png", sha_cloud_.api_secret, DigestAlgorithm::kSha256, false) + "--";
  const std::string sha1_short =
      "s--" + url_signature("pic.png", sha_cloud_.api_secret, DigestAlgorithm::kSha1, false) + "--";
  ASSERT_NE(sha256_short, sha1_short);
  HttpResponse r = get(base + sha256_short + "/v1/pic.png");
  ASSERT_EQ(r.status, 200) << header_value(r.headers, "X-Cld-Error");
  EXPECT_EQ(last_entry().auth.signature_algorithm, "sha256");
  EXPECT_EQ(get(base + sha1_short + "/v1/pic.png").status, 401);
  // The 32-character form is SHA-256 for every cloud.
  EXPECT_EQ(get(base + sig("pic.png", sha_cloud_, true) + "/v1/pic.png").status, 200);

  // And a SHA-1 cloud does not take a short SHA-256 signature.
  put("pic", "authenticated", png_);
  const std::string wrong_algorithm =
      "s--" + url_signature("pic.png", cloud_.api_secret, DigestAlgorithm::kSha256, false) + "--";
  EXPECT_EQ(get("/" + cloud_.cloud_name + "/image/authenticated/" + wrong_algorithm + "/v1/pic.png").status, 401);
}

TEST_F(DeliveryApiTest, PrivateOriginalIsNeverServedByUrl) {
  put("secret", "private", png_);
  const std::string base = "/" + cloud_.cloud_name + "/image/private/";
  HttpResponse unsigned_original = get(base + "v1/secret.png");
  EXPECT_EQ(unsigned_original.status, 401);
  HttpResponse signed_original = get(base + sig("secret.png", cloud_) + "/v1/secret.png");
  EXPECT_EQ(signed_original.status, 401);
  EXPECT_FALSE(header_value(signed_original.headers, "X-Cld-Error").empty());
  EXPECT_TRUE(signed_original.body_file.empty());

  HttpResponse derived = get(base + sig("w_100/secret.png", cloud_) + "/w_100/v1/secret.png");
  ASSERT_EQ(derived.status, 200) << header_value(derived.headers, "X-Cld-Error");
  EXPECT_EQ(sha256_hex(read_file(derived.body_file)), sha256_hex(png_));
  EXPECT_EQ(last_entry().auth.outcome, "ok");
  EXPECT_EQ(last_entry().delivery_type, "private");
  EXPECT_EQ(get(base + "w_100/v1/secret.png").status, 401);
  EXPECT_EQ(get(base + tampered(sig("w_100/secret.png", cloud_)) + "/w_100/v1/secret.png").status, 401);
  // A private asset is not reachable as an upload-type one.
  EXPECT_EQ(get("/" + cloud_.cloud_name + "/image/upload/v1/secret.png").status, 404);
}

TEST_F(DeliveryApiTest, InvalidTransformationIs400WithXCldError) {
  put("sample", "upload", png_);
  HttpResponse r = get("/" + cloud_.cloud_name + "/image/upload/foo_bar/v1/sample.png");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(header_value(r.headers, "X-Cld-Error"), "Invalid transformation component - foo_bar");
  EXPECT_TRUE(r.body_file.empty());
  EXPECT_EQ(last_entry().transformation, "foo_bar");
  EXPECT_EQ(last_entry().status, 400);

  HttpResponse bad_value = get("/" + cloud_.cloud_name + "/image/upload/w_abc/v1/sample.png");
  EXPECT_EQ(bad_value.status, 400);
  EXPECT_NE(header_value(bad_value.headers, "X-Cld-Error").find("abc"), std::string::npos);
}

TEST_F(DeliveryApiTest, NamedTransformationMustExist) {
  put("sample", "upload", png_);
  const std::string url = "/" + cloud_.cloud_name + "/image/upload/t_thumb/v1/sample.png";
  HttpResponse unknown = get(url);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(header_value(unknown.headers, "X-Cld-Error").find("thumb"), std::string::npos);

  HttpRequestHead create = request_head("POST", "/v1_1/" + cloud_.cloud_name + "/transformations",
                                        {{"Content-Type", "application/x-www-form-urlencoded"},
                                         {"Authorization", basic_auth(cloud_.api_key, cloud_.api_secret)}});
  ASSERT_EQ(mock_->handle(create, "name=thumb&transformation=" + url_encode("c_fill,w_100")).status, 200);
  HttpResponse known = get(url);
  EXPECT_EQ(known.status, 200) << header_value(known.headers, "X-Cld-Error");
  EXPECT_EQ(last_entry().transformation, "t_thumb");
  // Named transformations are per cloud.
  const Cloud& other = mock_->accounts().accounts[0].clouds[1];
  EXPECT_EQ(get("/" + other.cloud_name + "/image/upload/t_thumb/v1/sample.png").status, 400);
}

TEST_F(DeliveryApiTest, FetchAnswersWithoutFetchingAndRecordsTheUrl) {
  HttpResponse r = get("/" + cloud_.cloud_name + "/image/fetch/w_100/https://example.com/img/a.jpg");
  ASSERT_EQ(r.status, 200) << header_value(r.headers, "X-Cld-Error");
  EXPECT_FALSE(r.body.empty());
  auto e = last_entry();
  EXPECT_EQ(e.api, "delivery");
  EXPECT_EQ(e.delivery_type, "fetch");
  EXPECT_EQ(e.remote_file_url, "https://example.com/img/a.jpg");
  EXPECT_EQ(e.transformation, "w_100");
}

// SEO-friendly URLs (cloudinary.url(id, {url_suffix})) name the same asset as the plain ones.
TEST_F(DeliveryApiTest, SeoUrlsServeTheAssetWhateverTheSuffix) {
  put("shop/shoe", "upload", png_);
  const std::string c = "/" + cloud_.cloud_name;
  for (const std::string path : {"/images/v1/shop/shoe/red-shoe.png", "/images/c_scale,w_100/v1/shop/shoe/any.png",
                                 "/images/v1/shop/shoe/red-shoe.png?_a=BAMAROfk0", "/iu/v1/shop/shoe.png"}) {
    HttpResponse r = get(c + path);
    ASSERT_EQ(r.status, 200) << path << " " << header_value(r.headers, "X-Cld-Error");
    EXPECT_EQ(r.content_type, "image/png") << path;
    EXPECT_EQ(sha256_hex(read_file(r.body_file)), sha256_hex(png_)) << path;
    EXPECT_EQ(last_entry().public_id, "shop/shoe") << path;
    EXPECT_EQ(last_entry().delivery_type, "upload") << path;
  }
  EXPECT_EQ(get(c + "/images/v1/shop/boot/red-shoe.png").status, 404);
  EXPECT_EQ(get(c + "/videos/v1/shop/shoe/red-shoe.png").status, 404);  // the resource type still counts

  HttpResponse upload_raw =
      post_upload(*mock_, cloud_, signed_params({{"public_id", "docs/report.pdf"}}, cloud_, *now_),
                  FilePart{"report.pdf", "application/pdf", "%PDF-1.4 fake"}, "raw");
  ASSERT_EQ(upload_raw.status, 200) << upload_raw.body;
  HttpResponse raw = get(c + "/files/v1/docs/report.pdf/annual-report");
  ASSERT_EQ(raw.status, 200) << header_value(raw.headers, "X-Cld-Error");
  EXPECT_EQ(read_file(raw.body_file), "%PDF-1.4 fake");
  EXPECT_EQ(last_entry().resource_type, "raw");
  EXPECT_EQ(last_entry().public_id, "docs/report.pdf");

  // The signature covers the public id and format, not the suffix.
  put("members/card", "authenticated", png_);
  const std::string good = sig("members/card.png", cloud_);
  EXPECT_EQ(get(c + "/authenticated_images/" + good + "/v1/members/card/card.png").status, 200);
  EXPECT_EQ(last_entry().auth.outcome, "ok");
  EXPECT_EQ(get(c + "/authenticated_images/" + tampered(good) + "/v1/members/card/card.png").status, 401);
  EXPECT_EQ(get(c + "/authenticated_images/v1/members/card/card.png").status, 401);
}

// use_root_path drops "image/upload"; with a url_suffix the last component is the suffix.
TEST_F(DeliveryApiTest, RootPathUrlsServeImageUploads) {
  put("shop/shoe", "upload", png_);
  put("shoe", "upload", png_bytes(10, 10, 200));
  const std::string c = "/" + cloud_.cloud_name;
  HttpResponse plain = get(c + "/v1/shop/shoe.png?_a=BAMAROfk0");
  ASSERT_EQ(plain.status, 200) << header_value(plain.headers, "X-Cld-Error");
  EXPECT_EQ(sha256_hex(read_file(plain.body_file)), sha256_hex(png_));
  EXPECT_EQ(last_entry().public_id, "shop/shoe");
  HttpResponse suffixed = get(c + "/c_scale,w_100/v1/shop/shoe/red.png");
  ASSERT_EQ(suffixed.status, 200) << header_value(suffixed.headers, "X-Cld-Error");
  EXPECT_EQ(last_entry().public_id, "shop/shoe");
  EXPECT_EQ(last_entry().transformation, "c_scale,w_100");
  EXPECT_EQ(get(c + "/shoe.png").status, 200);
  EXPECT_EQ(last_entry().public_id, "shoe");
  EXPECT_EQ(get(c + "/v1/shop/nothing.png").status, 404);
  // Only a known cloud makes a path a root-path delivery URL.
  HttpResponse unknown = get("/no-such-cloud/v1/shop/shoe.png");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(last_entry().api, "delivery");
}

// access_mode=authenticated keeps /upload/ URLs but needs them signed, like the authenticated type.
TEST_F(DeliveryApiTest, AccessModeAuthenticatedNeedsASignedUploadUrl) {
  FormParams params{{"public_id", "vault/pic"}, {"access_mode", "authenticated"}};
  HttpResponse up = post_upload(*mock_, cloud_, signed_params(params, cloud_, *now_),
                                FilePart{"pic.png", "application/octet-stream", png_});
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(body_json(up)["access_mode"], "authenticated");
  EXPECT_EQ(body_json(up)["type"], "upload");
  const std::string base = "/" + cloud_.cloud_name + "/image/upload/";

  HttpResponse unsigned_r = get(base + "v1/vault/pic.png");
  EXPECT_EQ(unsigned_r.status, 401);
  EXPECT_TRUE(unsigned_r.body_file.empty());
  EXPECT_EQ(last_entry().auth.outcome, "missing_signature");
  const std::string good = sig("vault/pic.png", cloud_);
  HttpResponse ok = get(base + good + "/v1/vault/pic.png");
  ASSERT_EQ(ok.status, 200) << header_value(ok.headers, "X-Cld-Error");
  EXPECT_EQ(sha256_hex(read_file(ok.body_file)), sha256_hex(png_));
  EXPECT_EQ(last_entry().auth.outcome, "ok");
  EXPECT_EQ(get(base + tampered(good) + "/v1/vault/pic.png").status, 401);
  EXPECT_EQ(get("/" + cloud_.cloud_name + "/images/" + good + "/v1/vault/pic/any.png").status, 200);

  // A public asset beside it is served unsigned, as before.
  put("open/pic", "upload", png_);
  EXPECT_EQ(get(base + "v1/open/pic.png").status, 200);
  EXPECT_EQ(last_entry().auth.method, "none");
  HttpResponse bad = post_upload(*mock_, cloud_, signed_params({{"access_mode", "secret"}}, cloud_, *now_),
                                 FilePart{"pic.png", "application/octet-stream", png_});
  EXPECT_EQ(bad.status, 400);
}

TEST_F(DeliveryApiTest, UnknownAssetOrCloudIs404) {
  HttpResponse r = get("/" + cloud_.cloud_name + "/image/upload/v1/x.png");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(header_value(r.headers, "X-Cld-Error"), "Resource not found - x");
  EXPECT_EQ(last_entry().api, "delivery");
  EXPECT_EQ(last_entry().status, 404);

  HttpResponse no_cloud = get("/no-such-cloud/image/upload/v1/x.png");
  EXPECT_EQ(no_cloud.status, 404);
  EXPECT_FALSE(header_value(no_cloud.headers, "X-Cld-Error").empty());
  EXPECT_EQ(last_entry().cloud, "");
}

// --- private download (GET /v1_1/{cloud}/{rt}/download) ------------------------------------

class PrivateDownloadTest : public DeliveryApiTest {
 protected:
  void SetUp() override {
    DeliveryApiTest::SetUp();
    put("docs/report", "private", png_);
  }

  // What private_download_url builds: every param signed (but api_key), then signature and api_key.
  FormParams signed_download(FormParams params, std::int64_t timestamp = kNow) {
    return signed_params(std::move(params), cloud_, timestamp);
  }

  HttpResponse download(const FormParams& params) {
    return get("/v1_1/" + cloud_.cloud_name + "/image/download?" + form_encode(params));
  }

  FormParams base_params(bool attachment = true) {
    FormParams p{{"public_id", "docs/report"},
                 {"format", "png"},
                 {"type", "private"},
                 {"expires_at", std::to_string(kNow + 3600)}};
    if (attachment) p.emplace_back("attachment", "true");
    return p;
  }
};

TEST_F(PrivateDownloadTest, SignedDownloadServesTheBytes) {
  HttpResponse r = download(signed_download(base_params()));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(r.body_file.empty());
  EXPECT_EQ(sha256_hex(read_file(r.body_file)), sha256_hex(png_));
  EXPECT_EQ(header_value(r.headers, "Content-Disposition"), "attachment; filename=\"report.png\"");
  EXPECT_EQ(r.content_type, "image/png");
  auto e = last_entry();
  EXPECT_EQ(e.action, "download");
  EXPECT_EQ(e.cloud, cloud_.cloud_name);
  EXPECT_EQ(e.auth.method, "signature");
  EXPECT_EQ(e.auth.outcome, "ok");
  EXPECT_EQ(e.public_id, "docs/report");
  EXPECT_EQ(e.delivery_type, "private");
  EXPECT_EQ(e.asset_sha256, sha256_hex(png_));

  HttpResponse inline_r = download(signed_download(base_params(false)));
  ASSERT_EQ(inline_r.status, 200) << inline_r.body;
  EXPECT_EQ(header_value(inline_r.headers, "Content-Disposition"), "");
}

TEST_F(PrivateDownloadTest, TamperedExpiredAndStaleRequestsAreRefused) {
  FormParams params = signed_download(base_params());
  params[0].second = "docs/other";  // public_id changed after signing
  HttpResponse tampered_r = download(params);
  EXPECT_EQ(tampered_r.status, 401);
  EXPECT_TRUE(tampered_r.body_file.empty());
  EXPECT_EQ(last_entry().auth.outcome, "invalid_signature");

  FormParams bad_sig = signed_download(base_params());
  for (auto& [k, v] : bad_sig) {
    if (k == "signature") v[0] = v[0] == 'a' ? 'b' : 'a';
  }
  EXPECT_EQ(download(bad_sig).status, 401);

  FormParams expired = base_params();
  expired[3].second = std::to_string(kNow - 10);
  HttpResponse expired_r = download(signed_download(expired));
  EXPECT_EQ(expired_r.status, 401);
  EXPECT_TRUE(expired_r.body_file.empty());
  EXPECT_EQ(last_entry().auth.outcome, "expired");

  HttpResponse stale = download(signed_download(base_params(), kNow - 3601));
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(last_entry().auth.outcome, "stale_timestamp");

  FormParams wrong_key = signed_download(base_params());
  wrong_key.back().second = "111111111111111";
  HttpResponse wrong_key_r = download(wrong_key);
  EXPECT_EQ(wrong_key_r.status, 401);

  FormParams missing = base_params();
  missing[0].second = "docs/none";
  HttpResponse missing_r = download(signed_download(missing));
  EXPECT_EQ(missing_r.status, 404);
}

}  // namespace
}  // namespace cldcert::mock
