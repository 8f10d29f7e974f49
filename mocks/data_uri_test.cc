#include "mocks/data_uri.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "mocks/base64.h"
#include "mocks/digest.h"

namespace cldcert::mock {
namespace {

std::string make_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return out;
}

class DataUriTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("cldcert-data-uri-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  struct Decoded {
    bool ok = false;
    std::string error;
    std::string media_type;
    std::string bytes;
    std::string writer_sha256;
  };

  // Feeds `uri` in slices whose sizes cycle through `slices`.
  Decoded decode(std::string_view uri, std::vector<std::size_t> slices = {1}) {
    Decoded out;
    auto path = dir_ / ("out-" + std::to_string(counter_++));
    {
      FileWriter writer(path, 0, true, true);
      DataUriDecoder decoder(writer);
      std::size_t i = 0;
      while (!uri.empty()) {
        std::size_t n = std::min(uri.size(), slices[i++ % slices.size()]);
        decoder.feed(uri.substr(0, n));
        uri.remove_prefix(n);
      }
      out.ok = decoder.finish();
      out.error = decoder.error();
      out.media_type = decoder.media_type();
      writer.close();
      out.writer_sha256 = writer.sha256_hex();
    }
    std::ifstream in(path, std::ios::binary);
    out.bytes.assign(std::istreambuf_iterator<char>(in), {});
    return out;
  }

  std::filesystem::path dir_;
  int counter_ = 0;
};

TEST_F(DataUriTest, Base64InAwkwardSlicesDecodesToTheExactBytes) {
  const std::string bytes = make_bytes(100'003);
  const std::string uri = "data:image/png;base64," + base64_encode(bytes);
  for (const auto& slices :
       std::vector<std::vector<std::size_t>>{{1, 2, 3, 5, 7, 11, 13}, {4096, 1}, {uri.size()}, {65, 63, 64, 3}}) {
    SCOPED_TRACE(slices.front());
    Decoded d = decode(uri, slices);
    ASSERT_TRUE(d.ok) << d.error;
    EXPECT_EQ(d.media_type, "image/png");
    EXPECT_EQ(d.bytes.size(), bytes.size());
    EXPECT_EQ(sha256_hex(d.bytes), sha256_hex(bytes));
    EXPECT_EQ(d.writer_sha256, sha256_hex(bytes));
  }
}

TEST_F(DataUriTest, Base64WithLineBreaksAndUppercaseMarker) {
  const std::string bytes = make_bytes(300);
  std::string encoded = base64_encode(bytes);
  std::string wrapped;
  for (std::size_t i = 0; i < encoded.size(); i += 76) wrapped += encoded.substr(i, 76) + "\r\n";
  Decoded d = decode("DATA:application/octet-stream;BASE64," + wrapped, {10});
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.bytes, bytes);
  EXPECT_EQ(d.media_type, "application/octet-stream");
}

TEST_F(DataUriTest, EmptyBase64Payload) {
  Decoded d = decode("data:text/plain;base64,");
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.bytes, "");
}

TEST_F(DataUriTest, PercentEncodedPlainDataUri) {
  // Fed one byte at a time, every %xx straddles feeds.
  Decoded d = decode("data:text/plain;charset=utf-8,Hello%2C%20World%21%0A+caf%C3%A9%", {1});
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.media_type, "text/plain");
  // '+' is not a space here, and a dangling '%' is kept as it is.
  EXPECT_EQ(d.bytes, "Hello, World!\n+caf\xC3\xA9%");
  Decoded whole = decode("data:,a%41%4", {1000});
  ASSERT_TRUE(whole.ok) << whole.error;
  EXPECT_EQ(whole.bytes, "aA%4");
  EXPECT_EQ(whole.media_type, "");
}

TEST_F(DataUriTest, InvalidBase64IsAnError) {
  for (std::string_view uri :
       {std::string_view("data:image/png;base64,iVBO@@@@RK5CYII="), std::string_view("data:image/png;base64,QUJ")}) {
    SCOPED_TRACE(uri);
    Decoded d = decode(uri, {4});
    EXPECT_FALSE(d.ok);
    EXPECT_EQ(d.error, "data URI payload is not valid base64");
  }
}

TEST_F(DataUriTest, MissingCommaIsAnError) {
  Decoded d = decode("data:image/png;base64iVBORw0KGgo", {3});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.error, "data URI has no ',' before its payload");
  EXPECT_EQ(d.bytes, "");
}

TEST_F(DataUriTest, NotADataUriIsAnError) {
  Decoded d = decode("hello,world");
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.error, "file parameter is not a data URI");
}

TEST_F(DataUriTest, OverlongHeaderIsAnError) {
  Decoded d = decode("data:" + std::string(2000, 'x') + ",abc", {100});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.error, "data URI header is longer than 1024 bytes");
}

TEST_F(DataUriTest, DecodesASpooledFile) {
  const std::string bytes = make_bytes(3 * 1024 * 1024 + 17);  // more than one 1 MiB read
  auto source = dir_ / "spooled.txt";
  std::ofstream(source, std::ios::binary) << "data:video/mp4;base64," << base64_encode(bytes);
  auto target = dir_ / "decoded.bin";
  FileWriter writer(target, 0, true, true);
  std::string media_type, error;
  ASSERT_TRUE(decode_data_uri_file(source, writer, &media_type, &error)) << error;
  writer.close();
  EXPECT_EQ(media_type, "video/mp4");
  EXPECT_EQ(writer.bytes_written(), bytes.size());
  EXPECT_EQ(writer.sha256_hex(), sha256_hex(bytes));

  auto bad = dir_ / "bad.txt";
  std::ofstream(bad, std::ios::binary) << "data:image/png;base64,*";
  FileWriter bad_writer(dir_ / "bad.bin", 0, true, false);
  EXPECT_FALSE(decode_data_uri_file(bad, bad_writer, nullptr, &error));
  EXPECT_EQ(error, "data URI payload is not valid base64");
}

TEST(LooksLike, RemoteUrls) {
  for (const char* url : {"http://example.com/a.jpg", "https://x", "HTTPS://EXAMPLE.COM", "ftp://host/f",
                          "s3://bucket/key", "gs://bucket/object"}) {
    EXPECT_TRUE(looks_like_remote_url(url)) << url;
  }
  for (const char* not_url :
       {"http://", "https:/x", " http://x", "file:///etc/passwd", "data:,x", "/tmp/a.jpg", "example.com/a.jpg", ""}) {
    EXPECT_FALSE(looks_like_remote_url(not_url)) << not_url;
  }
}

TEST(LooksLike, DataUris) {
  EXPECT_TRUE(looks_like_data_uri("data:image/png;base64,AAAA"));
  EXPECT_TRUE(looks_like_data_uri("DATA:,"));
  EXPECT_TRUE(looks_like_data_uri("data:"));
  EXPECT_FALSE(looks_like_data_uri("data"));
  EXPECT_FALSE(looks_like_data_uri(" data:,x"));
  EXPECT_FALSE(looks_like_data_uri("https://x/data:"));
}

}  // namespace
}  // namespace cldcert::mock
