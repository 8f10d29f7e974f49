#include "mocks/mock_cloudinary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>
#include <regex>

#include "mocks/asset_json.h"
#include "mocks/base64.h"
#include "mocks/digest.h"
#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

HttpRequestHead post(const std::string& path, HeaderList extra_headers = {}) {
  extra_headers.insert(extra_headers.begin(), {"User-Agent", kNodeUserAgent});
  HttpRequestHead head = multipart_post(path, std::move(extra_headers));
  head.remote_address = "127.0.0.1";
  return head;
}

const JournalField* find_field(const JournalEntry& entry, const std::string& name) {
  for (const auto& f : entry.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

class MockCloudinaryTest : public MockFixture {
 protected:
  void SetUp() override { start({}); }

  void start(std::function<void(MockOptions&)> tweak) {
    start_mock(5, tweak);
    cloud_ = mock_->accounts().accounts[0].clouds[0];
    ASSERT_EQ(cloud_.role, Role::kMasterAdmin);
  }

  // Signed with cloud_'s secret, as the Node SDK signs.
  FormParams signed_params(FormParams params, std::int64_t timestamp = kNow) {
    return testing_support::signed_params(std::move(params), cloud_, timestamp);
  }

  HttpResponse upload(const FormParams& params, const std::optional<FilePart>& file,
                      const std::string& resource_type = "image", HeaderList headers = {}) {
    return mock_->handle(post("/v1_1/" + cloud_.cloud_name + "/" + resource_type + "/upload", std::move(headers)),
                         multipart_body(params, file));
  }

  std::vector<std::filesystem::path> blobs() const { return blob_files(*mock_); }

  Cloud cloud_;
};

TEST_F(MockCloudinaryTest, SignedMultipartUploadAnswersLikeCloudinaryAndIsJournaled) {
  const std::string png = png_bytes(640, 480, 700);
  const std::string body =
      multipart_body(signed_params({{"public_id", "sample"}, {"tags", "a,b"}, {"context", "alt=hi"}}),
                     FilePart{"pic.png", "image/png", png});
  HttpResponse response = mock_->handle(post("/v1_1/" + cloud_.cloud_name + "/image/upload"), body);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json");

  auto json = body_json(response);
  EXPECT_EQ(json["public_id"], "sample");
  EXPECT_EQ(json["version"], kNow);
  EXPECT_EQ(json["format"], "png");
  EXPECT_EQ(json["resource_type"], "image");
  EXPECT_EQ(json["type"], "upload");
  EXPECT_EQ(json["width"], 640);
  EXPECT_EQ(json["height"], 480);
  EXPECT_EQ(json["bytes"], png.size());
  EXPECT_EQ(json["tags"], nlohmann::json({"a", "b"}));
  EXPECT_EQ(json["context"], nlohmann::json({{"custom", {{"alt", "hi"}}}}));
  EXPECT_EQ(json["created_at"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(json["original_filename"], "pic");
  EXPECT_EQ(json["api_key"], cloud_.api_key);
  EXPECT_EQ(json["placeholder"], false);
  EXPECT_TRUE(std::regex_match(json["asset_id"].get<std::string>(), std::regex("[0-9a-f]{32}")));
  EXPECT_TRUE(std::regex_match(json["version_id"].get<std::string>(), std::regex("[0-9a-f]{32}")));
  EXPECT_TRUE(std::regex_match(json["etag"].get<std::string>(), std::regex("[0-9a-f]{32}")));
  EXPECT_EQ(json["url"], "http://res.cloudinary.com/" + cloud_.cloud_name + "/image/upload/v1700000000/sample.png");
  EXPECT_EQ(json["secure_url"],
            "https://res.cloudinary.com/" + cloud_.cloud_name + "/image/upload/v1700000000/sample.png");
  EXPECT_EQ(json["signature"], sha1_hex("public_id=sample&version=1700000000" + cloud_.api_secret));

  auto stored = mock_->store().find(cloud_.cloud_name, "image", "upload", "sample");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->bytes, png.size());
  EXPECT_EQ(stored->sha256, sha256_hex(png));
  EXPECT_EQ(read_file(stored->file), png);

  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  const JournalEntry& e = entries[0];
  EXPECT_EQ(e.id, 1u);
  EXPECT_EQ(e.api, "upload");
  EXPECT_EQ(e.action, "upload");
  EXPECT_EQ(e.cloud, cloud_.cloud_name);
  EXPECT_EQ(e.method, "POST");
  EXPECT_EQ(e.path, "/v1_1/" + cloud_.cloud_name + "/image/upload");
  EXPECT_EQ(e.resource_type, "image");
  EXPECT_EQ(e.delivery_type, "upload");
  EXPECT_EQ(e.auth.method, "signature");
  EXPECT_EQ(e.auth.outcome, "ok");
  EXPECT_EQ(e.auth.api_key, cloud_.api_key);
  EXPECT_EQ(e.auth.signature_algorithm, "sha1");
  EXPECT_EQ(e.auth.signature_version, 2);
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.body_size, body.size());
  EXPECT_EQ(e.public_id, "sample");
  EXPECT_EQ(e.asset_sha256, sha256_hex(png));
  EXPECT_EQ(e.response_body, response.body);
  EXPECT_EQ(e.started_unix_ms, kNow * 1000);
  EXPECT_EQ(header_value(e.headers, "User-Agent"), "CloudinaryNodeJS/2.11.0 (Node 20.0.0)");
  const JournalField* file = find_field(e, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(file->is_file);
  EXPECT_EQ(file->filename, "pic.png");
  EXPECT_EQ(file->content_type, "image/png");
  EXPECT_EQ(file->size, png.size());
  EXPECT_EQ(file->sha256, sha256_hex(png));
  const JournalField* tags = find_field(e, "tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->value, "a,b");
  EXPECT_FALSE(tags->is_file);
}

TEST_F(MockCloudinaryTest, UnknownCloudIsRefusedAndJournaled) {
  HttpResponse response = mock_->handle(post("/v1_1/no-such-cloud/image/upload"),
                                        multipart_body(signed_params({}), FilePart{"a.png", "image/png", "x"}));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body, R"({"error":{"message":"Invalid cloud_name no-such-cloud"}})");
  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].api, "upload");
  EXPECT_EQ(entries[0].cloud, "");
  EXPECT_EQ(entries[0].status, 401);
  EXPECT_TRUE(blobs().empty());
}

TEST_F(MockCloudinaryTest, UnknownPathIs404AndJournaledAsUnknown) {
  HttpRequestHead head = request_head("GET", "/v2/whatever");
  HttpResponse response = mock_->handle(head, "");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(error_message(response), "cldcert mock: no Cloudinary endpoint at GET /v2/whatever");

  // An upload path with the wrong method is a Cloudinary-style 404 too.
  head.path = "/v1_1/" + cloud_.cloud_name + "/image/upload";
  HttpResponse get_upload = mock_->handle(head, "");
  EXPECT_EQ(get_upload.status, 404);
  EXPECT_EQ(error_message(get_upload), "Use POST for /upload");

  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].api, "unknown");
  EXPECT_EQ(entries[0].path, "/v2/whatever");
  EXPECT_EQ(entries[0].status, 404);
  EXPECT_EQ(entries[1].api, "upload");
  EXPECT_EQ(entries[1].status, 404);
}

TEST_F(MockCloudinaryTest, ControlApiServesTheJournalWithoutJournalingItself) {
  upload(signed_params({{"public_id", "one"}}), FilePart{"a.png", "image/png", png_bytes(1, 1, 50)});
  mock_->handle(request_head("GET", "/nowhere"), "");
  ASSERT_EQ(mock_->journal().size(), 2u);

  HttpRequestHead get = request_head("GET", "/__cldcert/journal");
  HttpResponse response = mock_->handle(get, "");
  ASSERT_EQ(response.status, 200);
  auto json = body_json(response);
  ASSERT_EQ(json["entries"].size(), 2u);
  EXPECT_EQ(json["entries"][0]["id"], 1);
  EXPECT_EQ(json["entries"][0]["public_id"], "one");
  EXPECT_EQ(json["entries"][0]["auth"]["outcome"], "ok");
  EXPECT_EQ(json["entries"][1]["path"], "/nowhere");
  JournalEntry back = json["entries"][0].get<JournalEntry>();
  EXPECT_EQ(back.api, "upload");
  EXPECT_EQ(mock_->journal().size(), 2u);

  HttpRequestHead health = get;
  health.path = "/__cldcert/health";
  EXPECT_EQ(mock_->handle(health, "").body, R"({"status":"ok"})");
  HttpRequestHead clear = get;
  clear.method = "DELETE";
  EXPECT_EQ(mock_->handle(clear, "").status, 200);
  EXPECT_EQ(mock_->journal().size(), 0u);
  HttpRequestHead bad = get;
  bad.path = "/__cldcert/nope";
  EXPECT_EQ(mock_->handle(bad, "").status, 404);
  EXPECT_EQ(mock_->journal().size(), 0u);
}

TEST_F(MockCloudinaryTest, PlainUploadOverTheSizeLimitIs413AndNothingIsKept) {
  start([](MockOptions& o) { o.max_plain_upload_bytes = 1000; });
  HttpResponse response =
      upload(signed_params({{"public_id", "big"}}), FilePart{"big.png", "image/png", png_bytes(10, 10, 1500)});
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(error_message(response),
            "File size too large. Got 1500. Maximum is 1000. Upgrade your plan to enjoy higher limits "
            "https://www.cloudinary.com/pricing/upgrades/file-limit");
  EXPECT_TRUE(blobs().empty());
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "big"));
  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].status, 413);
  EXPECT_EQ(entries[0].asset_sha256, "");
  const JournalField* file = find_field(entries[0], "file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->size, 1500u);

  // While a large body streams in, no more than the limit ever reaches the disk.
  const std::string huge_body = multipart_body(signed_params({{"public_id", "huge"}}),
                                               FilePart{"huge.bin", "image/png", png_bytes(10, 10, 3 << 20)});
  auto exchange = mock_->begin(post("/v1_1/" + cloud_.cloud_name + "/image/upload"));
  for (std::size_t at = 0; at < huge_body.size(); at += 64 * 1024) {
    std::string_view piece = std::string_view(huge_body).substr(at, 64 * 1024);
    exchange->on_body(piece.data(), piece.size());
  }
  ASSERT_EQ(blobs().size(), 1u);  // the spool file, open while the body streams
  EXPECT_LE(std::filesystem::file_size(blobs()[0]), 1000u);
  HttpResponse huge = exchange->finish();
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(error_message(huge).substr(0, 41), "File size too large. Got 3145728. Maximum");
  exchange.reset();
  EXPECT_TRUE(blobs().empty());

  // Exactly at the limit is fine.
  const std::string at_limit = png_bytes(10, 10, 1000);
  HttpResponse ok = upload(signed_params({{"public_id", "edge"}}), FilePart{"edge.png", "image/png", at_limit});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body_json(ok)["bytes"], 1000);
  EXPECT_EQ(blobs().size(), 1u);
}

TEST_F(MockCloudinaryTest, PublicIdsCloudinaryRefusesAreRefused) {
  const FilePart file{"a.png", "image/png", png_bytes(4, 4, 100)};
  auto refused = [&](const std::string& field, const std::string& value) {
    HttpResponse r = upload(signed_params({{field, value}}), file);
    EXPECT_EQ(r.status, 400) << field << "=" << value;
    return error_message(r);
  };
  EXPECT_EQ(refused("public_id", "/leading"), "public_id (/leading) is invalid");
  EXPECT_EQ(refused("public_id", "trailing/"), "public_id (trailing/) is invalid");
  EXPECT_EQ(refused("public_id", "a/../b"), "public_id (a/../b) is invalid");
  EXPECT_EQ(refused("public_id", ".."), "public_id (..) is invalid");
  EXPECT_EQ(refused("public_id", std::string("nul\0byte", 8)), std::string("public_id (nul\0byte) is invalid", 31));
  EXPECT_EQ(refused("public_id", "line\r\nbreak"), "public_id (line\r\nbreak) is invalid");
  EXPECT_EQ(refused("folder", "/top"), "folder (/top) is invalid");
  EXPECT_EQ(refused("public_id_prefix", "a/../b"), "public_id_prefix (a/../b) is invalid");
  std::string message = refused("public_id", std::string(10000, 'x'));
  EXPECT_EQ(message, "public_id (" + std::string(100, 'x') + "...) is too long");
  EXPECT_TRUE(mock_->store().list(cloud_.cloud_name).empty());
  // At the limit, and dots that are not a ".." segment, are fine.
  EXPECT_EQ(upload(signed_params({{"public_id", std::string(255, 'y')}}), file).status, 200);
  EXPECT_EQ(upload(signed_params({{"public_id", "a..b/.c/v1.2"}}), file).status, 200);
  EXPECT_EQ(upload(signed_params({{"folder", "shop/"}, {"public_id", "p"}}), file).status, 200);
}

// Dynamic folder mode: asset_folder and display_name leave the public id alone unless
// use_asset_folder_as_public_id_prefix asks for the folder in front of it.
TEST_F(MockCloudinaryTest, AssetFolderPrefixesThePublicIdOnlyWhenAskedTo) {
  const FilePart file{"Red Shoe.png", "image/png", png_bytes(4, 4, 100)};
  auto uploaded = [&](const FormParams& params) {
    HttpResponse r = upload(signed_params(params), file);
    EXPECT_EQ(r.status, 200) << r.body;
    return body_json(r);
  };
  auto plain = uploaded({{"public_id", "shoe"}, {"asset_folder", "shop/shoes"}});
  EXPECT_EQ(plain["public_id"], "shoe");
  EXPECT_EQ(plain["asset_folder"], "shop/shoes");
  EXPECT_EQ(plain["display_name"], "shoe");
  auto prefixed = uploaded({{"public_id", "shoe"},
                            {"asset_folder", "shop/shoes"},
                            {"use_asset_folder_as_public_id_prefix", "true"},
                            {"display_name", "Red shoe"}});
  EXPECT_EQ(prefixed["public_id"], "shop/shoes/shoe");
  EXPECT_EQ(prefixed["asset_folder"], "shop/shoes");
  EXPECT_EQ(prefixed["display_name"], "Red shoe");
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "upload", "shop/shoes/shoe").has_value());
  auto named = uploaded({{"asset_folder", "x"}, {"use_filename_as_display_name", "1"}});
  EXPECT_EQ(named["display_name"], "Red Shoe");
  EXPECT_EQ(named["public_id"].get<std::string>().find('/'), std::string::npos);
  HttpResponse bad =
      upload(signed_params({{"asset_folder", "/top"}, {"use_asset_folder_as_public_id_prefix", "1"}}), file);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(error_message(bad), "asset_folder (/top) is invalid");
}

TEST_F(MockCloudinaryTest, AChunkOffsetPastTheSizeLimitIsRefusedBeforeAnyByteIsWritten) {
  start([](MockOptions& o) { o.max_chunked_upload_bytes = 50'000'000; });
  const FilePart chunk{"big.bin", "image/png", png_bytes(4, 4, 100)};
  const std::uint64_t tib = 1ull << 40;
  HttpResponse far =
      upload(signed_params({{"public_id", "far"}}), chunk, "image",
             {{"X-Unique-Upload-Id", "far1"},
              {"Content-Range", "bytes " + std::to_string(tib) + "-" + std::to_string(tib + 99) + "/-1"}});
  EXPECT_EQ(far.status, 413);
  EXPECT_EQ(
      error_message(far).rfind("File size too large. Got " + std::to_string(tib + 100) + ". Maximum is 50000000.", 0),
      0u)
      << far.body;
  HttpResponse total = upload(signed_params({{"public_id", "total"}}), chunk, "image",
                              {{"X-Unique-Upload-Id", "far2"}, {"Content-Range", "bytes 0-99/60000000"}});
  EXPECT_EQ(total.status, 413);
  std::uintmax_t on_disk = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(mock_->state().data_dir)) {
    if (entry.is_regular_file()) on_disk += entry.file_size();
  }
  EXPECT_LT(on_disk, 1'000'000u);
}

TEST_F(MockCloudinaryTest, AnExceptionWhileTheBodyStreamsIsA500InTheJournal) {
  // The spool folder gone makes the file part's FileWriter throw in the middle of on_body.
  const std::filesystem::path data_dir =
      std::filesystem::temp_directory_path() / ("cldcert_mock_throw_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(data_dir);
  start([&](MockOptions& o) { o.data_dir = data_dir; });
  std::filesystem::remove_all(data_dir / "blobs");
  HttpResponse failed =
      upload(signed_params({{"public_id", "lost"}}), FilePart{"a.png", "image/png", png_bytes(4, 4, 100)});
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(error_message(failed).rfind("cldcert mock internal error: ", 0), 0u) << failed.body;
  ASSERT_EQ(mock_->journal().entries().size(), 1u);
  EXPECT_EQ(last_entry().status, 500);
  // The mock goes on serving.
  std::filesystem::create_directories(data_dir / "blobs");
  EXPECT_EQ(upload(signed_params({{"public_id", "kept"}}), FilePart{"a.png", "image/png", png_bytes(4, 4, 100)}).status,
            200);
  mock_.reset();
  std::filesystem::remove_all(data_dir);
}

TEST_F(MockCloudinaryTest, DestroyNeedsTheTypeOfAPrivateAsset) {
  ASSERT_EQ(upload(signed_params({{"public_id", "secret"}, {"type", "private"}}),
                   FilePart{"s.png", "image/png", png_bytes(2, 2, 64)})
                .status,
            200);
  auto stored = mock_->store().find(cloud_.cloud_name, "image", "private", "secret");
  ASSERT_TRUE(stored.has_value());
  ASSERT_TRUE(std::filesystem::exists(stored->file));

  const std::string destroy_path = "/v1_1/" + cloud_.cloud_name + "/image/destroy";
  HttpResponse without_type =
      mock_->handle(post(destroy_path), multipart_body(signed_params({{"public_id", "secret"}}), std::nullopt));
  ASSERT_EQ(without_type.status, 200) << without_type.body;
  EXPECT_EQ(without_type.body, R"({"result":"not found"})");
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "private", "secret"));

  HttpResponse with_type = mock_->handle(
      post(destroy_path), multipart_body(signed_params({{"public_id", "secret"}, {"type", "private"}}), std::nullopt));
  ASSERT_EQ(with_type.status, 200) << with_type.body;
  EXPECT_EQ(with_type.body, R"({"result":"ok"})");
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "private", "secret"));
  EXPECT_FALSE(std::filesystem::exists(stored->file));

  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].action, "destroy");
  EXPECT_EQ(entries[2].public_id, "secret");
  EXPECT_EQ(entries[2].delivery_type, "private");
}

TEST_F(MockCloudinaryTest, StaleTimestampsFollowThePinnedClock) {
  const std::string png = png_bytes(3, 3, 100);
  // Signed at kNow; the mock's clock runs one hour ahead: still fine.
  *now_ = kNow + 3600;
  HttpResponse fresh = upload(signed_params({{"public_id", "fresh"}}, kNow), FilePart{"f.png", "image/png", png});
  EXPECT_EQ(fresh.status, 200) << fresh.body;

  // One second more and the signature is stale.
  *now_ = kNow + 3601;
  HttpResponse stale = upload(signed_params({{"public_id", "stale"}}, kNow), FilePart{"s.png", "image/png", png});
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(error_message(stale),
            "Stale request - reported time is 2023-11-14 22:13:20 +0000 which is more than 1 hour ago");
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "stale"));
  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].auth.outcome, "stale_timestamp");
  EXPECT_EQ(entries[1].started_unix_ms, (kNow + 3601) * 1000);
  EXPECT_EQ(blobs().size(), 1u);  // the refused upload's bytes are gone
}

TEST_F(MockCloudinaryTest, TamperedUploadIsRefusedWithTheStringToSign) {
  FormParams params = signed_params({{"public_id", "mine"}});
  params[0].second = "theirs";
  HttpResponse response = upload(params, FilePart{"a.png", "image/png", png_bytes(1, 1, 40)});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(error_message(response),
            "Invalid Signature " + params[2].second + ". String to sign - 'public_id=theirs&timestamp=1700000000'.");
  EXPECT_EQ(mock_->journal().entries()[0].auth.outcome, "invalid_signature");
  EXPECT_TRUE(blobs().empty());
}

TEST_F(MockCloudinaryTest, UnsignedDataUriUploadWithAPreset) {
  const std::string png = png_bytes(7, 9, 333);
  const std::string body =
      "upload_preset=cldcert_unsigned&file=" + std::string("data:image/png;base64,") + base64_encode(png);
  // '+' in base64 must be sent percent-encoded in a urlencoded body.
  std::string encoded;
  for (char c : body) encoded += c == '+' ? std::string("%2B") : c == '/' ? std::string("%2F") : std::string(1, c);
  HttpRequestHead head = post("/v1_1/" + cloud_.cloud_name + "/auto/upload");
  head.headers[0].second = "application/x-www-form-urlencoded";
  HttpResponse response = mock_->handle(head, encoded);
  ASSERT_EQ(response.status, 200) << response.body;
  auto json = body_json(response);
  EXPECT_EQ(json["resource_type"], "image");
  EXPECT_EQ(json["format"], "png");
  EXPECT_EQ(json["width"], 7);
  EXPECT_EQ(json["bytes"], png.size());
  auto entry = mock_->journal().entries().at(0);
  EXPECT_EQ(entry.auth.method, "unsigned_preset");
  EXPECT_EQ(entry.auth.upload_preset, "cldcert_unsigned");
  EXPECT_EQ(entry.asset_sha256, sha256_hex(png));
  const JournalField* file = find_field(entry, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(file->truncated);  // the inline bytes are evidence by hash, not kept
  EXPECT_EQ(file->sha256, sha256_hex("data:image/png;base64," + base64_encode(png)));
}

TEST_F(MockCloudinaryTest, ChunkedUploadThroughTheUploadApi) {
  const std::uint64_t total = kMinChunkBytes + 1000;
  std::string data(total, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  const HeaderList first_headers{{"X-Unique-Upload-Id", "upl1"},
                                 {"Content-Range", "bytes 0-" + std::to_string(kMinChunkBytes - 1) + "/-1"}};
  HttpResponse first =
      upload(signed_params({}), FilePart{"big.bin", "application/octet-stream", data.substr(0, kMinChunkBytes)}, "raw",
             first_headers);
  ASSERT_EQ(first.status, 200) << first.body;
  auto partial = body_json(first);
  EXPECT_EQ(partial["done"], false);
  EXPECT_EQ(partial["bytes"], kMinChunkBytes);
  EXPECT_EQ(partial["resource_type"], "raw");
  const std::string public_id = partial["public_id"].get<std::string>();
  EXPECT_TRUE(std::regex_match(public_id, std::regex("[0-9a-z]{20}\\.bin"))) << public_id;
  EXPECT_TRUE(blobs().empty());

  const HeaderList last_headers{{"X-Unique-Upload-Id", "upl1"},
                                {"Content-Range", "bytes " + std::to_string(kMinChunkBytes) + "-" +
                                                      std::to_string(total - 1) + "/" + std::to_string(total)}};
  HttpResponse last =
      upload(signed_params({}), FilePart{"big.bin", "application/octet-stream", data.substr(kMinChunkBytes)}, "raw",
             last_headers);
  ASSERT_EQ(last.status, 200) << last.body;
  auto json = body_json(last);
  EXPECT_EQ(json["public_id"], public_id);
  EXPECT_EQ(json["bytes"], total);
  EXPECT_EQ(json["resource_type"], "raw");
  EXPECT_FALSE(json.contains("done"));
  auto stored = mock_->store().find(cloud_.cloud_name, "raw", "upload", public_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->sha256, sha256_hex(data));
  EXPECT_EQ(std::filesystem::file_size(stored->file), total);

  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  ASSERT_TRUE(entries[0].chunk.has_value());
  EXPECT_EQ(entries[0].chunk->upload_id, "upl1");
  EXPECT_EQ(entries[0].chunk->total, -1);
  EXPECT_EQ(entries[0].chunk->received, kMinChunkBytes);
  EXPECT_FALSE(entries[0].chunk->completed_upload);
  EXPECT_EQ(entries[0].asset_sha256, "");
  ASSERT_TRUE(entries[1].chunk.has_value());
  EXPECT_EQ(entries[1].chunk->start, kMinChunkBytes);
  EXPECT_EQ(entries[1].chunk->total, static_cast<std::int64_t>(total));
  EXPECT_TRUE(entries[1].chunk->completed_upload);
  EXPECT_EQ(entries[1].asset_sha256, sha256_hex(data));
}

TEST_F(MockCloudinaryTest, ChunkWithAFailedSignatureDoesNotCount) {
  const std::string data(1000, 'z');
  FormParams bad = signed_params({});
  bad.back().second = "999";  // wrong api_key
  HttpResponse refused = upload(bad, FilePart{"t.txt", "text/plain", data}, "raw",
                                {{"X-Unique-Upload-Id", "u2"}, {"Content-Range", "bytes 0-999/1000"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(error_message(refused), "Unknown API key 999");
  EXPECT_TRUE(blobs().empty());

  HttpResponse ok = upload(signed_params({{"public_id", "notes.txt"}}), FilePart{"t.txt", "text/plain", data}, "raw",
                           {{"X-Unique-Upload-Id", "u2"}, {"Content-Range", "bytes 0-999/1000"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body_json(ok)["public_id"], "notes.txt");
  EXPECT_EQ(mock_->journal().entries()[1].asset_sha256, sha256_hex(data));
}

// An upstream that records what reached it and answers as set up.
struct FakeUpstream {
  std::string body;
  int calls = 0;
  HttpResponse answer;
};

class FakeUpstreamExchange : public Exchange {
 public:
  explicit FakeUpstreamExchange(std::shared_ptr<FakeUpstream> upstream) : upstream_(std::move(upstream)) {}
  void on_body(const char* data, std::size_t size) override { upstream_->body.append(data, size); }
  HttpResponse finish() override { return upstream_->answer; }

 private:
  std::shared_ptr<FakeUpstream> upstream_;
};

TEST_F(MockCloudinaryTest, AShadowJournalsItsOwnReadingOfTheRequestWithTheUpstreamsAnswer) {
  auto upstream = std::make_shared<FakeUpstream>();
  upstream->answer = json_response({{"public_id", "upstream-id"}, {"resource_type", "image"}}, 200);
  std::vector<JournalEntry> recorded;
  start([&](MockOptions& options) {
    options.upstream = [upstream](const HttpRequestHead&) {
      ++upstream->calls;
      return std::make_unique<FakeUpstreamExchange>(upstream);
    };
    options.on_recorded = [&recorded](const JournalEntry& entry) { recorded.push_back(entry); };
  });
  const std::string file = png_bytes(4, 4, 300);
  HttpResponse answer = upload(signed_params({{"public_id", "mine"}}), FilePart{"a.png", "image/png", file});
  EXPECT_EQ(answer.body, upstream->answer.body);
  EXPECT_EQ(upstream->calls, 1);
  EXPECT_EQ(upstream->body,
            multipart_body(signed_params({{"public_id", "mine"}}), FilePart{"a.png", "image/png", file}));
  JournalEntry entry = last_entry();
  EXPECT_EQ(entry.auth.outcome, "ok");  // the mock's reading…
  EXPECT_EQ(entry.asset_sha256, sha256_hex(file));
  EXPECT_EQ(entry.public_id, "upstream-id");  // …the upstream's answer
  EXPECT_EQ(entry.response_body, upstream->answer.body);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].public_id, "upstream-id");
  // The shadow's store follows the upstream: the asset is known by the upstream's id only.
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "upload", "upstream-id"));
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "mine"));
}

TEST_F(MockCloudinaryTest, AShadowKeepsNothingTheUpstreamRefused) {
  auto upstream = std::make_shared<FakeUpstream>();
  upstream->answer = cloudinary_error(400, "refused upstream");
  start([&](MockOptions& options) {
    options.upstream = [upstream](const HttpRequestHead&) { return std::make_unique<FakeUpstreamExchange>(upstream); };
  });
  HttpResponse answer =
      upload(signed_params({{"public_id", "mine"}}), FilePart{"a.png", "image/png", png_bytes(4, 4, 300)});
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(last_entry().status, 400);
  EXPECT_TRUE(mock_->store().list(cloud_.cloud_name).empty());
}

}  // namespace
}  // namespace cldcert::mock
