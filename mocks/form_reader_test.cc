#include "mocks/form_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

class CollectingSink : public FileSink {
 public:
  void write(const char* data, std::size_t size) override {
    bytes.append(data, size);
    ++writes;
  }
  std::string bytes;
  int writes = 0;
};

// Feeds `body` in `slice`-byte pieces and returns the parsed form; the sink sees the file part.
struct Reading {
  ParsedForm form;
  CollectingSink sink;
  std::vector<FormFile> opened;  // what the sink factory was called with
};

std::unique_ptr<Reading> read_form(std::string_view content_type, std::string_view body, std::size_t slice = 7) {
  auto reading = std::make_unique<Reading>();
  Reading* r = reading.get();
  FormReader reader(content_type, [r](const FormFile& file) -> FileSink& {
    r->opened.push_back(file);
    return r->sink;
  });
  for (std::size_t at = 0; at < body.size(); at += slice) {
    std::string_view piece = body.substr(at, slice);
    reader.feed(piece.data(), piece.size());
  }
  r->form = reader.finish();
  return reading;
}

std::string part(std::string_view name, std::string_view value) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n" + std::string(value) +
         "\r\n";
}

const std::string kMultipartType = "multipart/form-data; boundary=XyZ";

TEST(FormReader, MultipartFieldsInOrderAndTheFileGoesToTheSink) {
  // Binary content that looks like a delimiter start but is not one.
  static const char kRaw[] = "\x89PNG\r\n\x00\x01--XyZ-not-a-boundary\r\n--Xy";
  const std::string file_bytes = std::string(kRaw, sizeof kRaw - 1) + "tail";
  const std::string body = part("public_id", "folder/pic") + part("tags[]", "a") + part("tags[]", "b") +
                           "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pic.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" +
                           file_bytes + "\r\n" + part("timestamp", "1700000000") + "--XyZ--\r\n";
  for (std::size_t slice : {std::size_t{1}, std::size_t{7}, body.size()}) {
    SCOPED_TRACE(slice);
    auto r = read_form(kMultipartType, body, slice);
    EXPECT_EQ(r->form.error, "");
    EXPECT_THAT(r->form.params, ElementsAre(Pair("public_id", "folder/pic"), Pair("tags[]", "a"), Pair("tags[]", "b"),
                                            Pair("timestamp", "1700000000")));
    ASSERT_TRUE(r->form.file.has_value());
    EXPECT_EQ(r->form.file->filename, "pic.png");
    EXPECT_EQ(r->form.file->content_type, "image/png");
    EXPECT_EQ(r->form.file->size, file_bytes.size());
    EXPECT_EQ(r->sink.bytes, file_bytes);
    ASSERT_EQ(r->opened.size(), 1u);
    EXPECT_EQ(r->opened[0].filename, "pic.png");
  }
}

TEST(FormReader, MultipartFileSentAsATextFieldStillGoesToTheSink) {
  const std::string body = part("file", "https://example.com/a.jpg") + part("upload_preset", "p") + "--XyZ--\r\n";
  auto r = read_form(kMultipartType, body);
  EXPECT_EQ(r->form.error, "");
  ASSERT_TRUE(r->form.file.has_value());
  EXPECT_FALSE(r->form.file->filename.has_value());
  EXPECT_EQ(r->sink.bytes, "https://example.com/a.jpg");
  EXPECT_THAT(r->form.params, ElementsAre(Pair("upload_preset", "p")));
}

TEST(FormReader, MultipartEmptyFieldIsKept) {
  auto r = read_form(kMultipartType, part("context", "") + "--XyZ--\r\n");
  EXPECT_EQ(r->form.error, "");
  EXPECT_THAT(r->form.params, ElementsAre(Pair("context", "")));
  EXPECT_FALSE(r->form.file.has_value());
  EXPECT_TRUE(r->opened.empty());
}

TEST(FormReader, MalformedMultipartIsAnError) {
  // Truncated: no closing delimiter.
  auto truncated = read_form(kMultipartType, part("public_id", "x") +
                                                 "--XyZ\r\nContent-Disposition: form-data; "
                                                 "name=\"file\"; filename=\"a\"\r\n\r\nabc");
  EXPECT_NE(truncated->form.error, "");
  // A part without a header block end.
  auto garbage = read_form(kMultipartType, "--XyZ\r\nthis is not a header\r\n\r\nvalue\r\n--XyZ--\r\n");
  EXPECT_NE(garbage->form.error, "");
  // No boundary parameter at all.
  auto no_boundary = read_form("multipart/form-data", part("a", "b"));
  EXPECT_EQ(no_boundary->form.error, "multipart/form-data body without a boundary parameter");
}

TEST(FormReader, UrlEncodedDecodesPlusAndPercentKeepingRepeats) {
  const std::string body = "public_id=a+b%2Fc&tags=x&tags=y&context=alt%3Dhi%7Cz&empty=&flag&caf%C3%A9=%E2%82%AC";
  auto r = read_form("application/x-www-form-urlencoded; charset=utf-8", body, 3);
  EXPECT_EQ(r->form.error, "");
  EXPECT_THAT(r->form.params,
              ElementsAre(Pair("public_id", "a b/c"), Pair("tags", "x"), Pair("tags", "y"), Pair("context", "alt=hi|z"),
                          Pair("empty", ""), Pair("flag", ""), Pair("caf\xC3\xA9", "\xE2\x82\xAC")));
  EXPECT_FALSE(r->form.file.has_value());
  EXPECT_TRUE(r->opened.empty());
}

TEST(FormReader, ContentTypeIsMatchedCaseInsensitively) {
  auto r = read_form("Application/X-WWW-Form-URLEncoded", "a=1");
  EXPECT_EQ(r->form.error, "");
  EXPECT_THAT(r->form.params, ElementsAre(Pair("a", "1")));
}

TEST(FormReader, JsonArraysBecomeBracketFieldsAndScalarsText) {
  const std::string body =
      R"({"public_id":"p","tags":["a","b"],"overwrite":true,"invalidate":false,"quality":80,"notification_url":null,)"
      R"("eager":[{"width":100}]})";
  auto r = read_form("application/json", body, 5);
  EXPECT_EQ(r->form.error, "");
  EXPECT_THAT(r->form.params,
              ElementsAre(Pair("eager[]", R"({"width":100})"), Pair("invalidate", "false"),
                          Pair("notification_url", ""), Pair("overwrite", "true"), Pair("public_id", "p"),
                          Pair("quality", "80"), Pair("tags[]", "a"), Pair("tags[]", "b")));
}

TEST(FormReader, DeeplyNestedJsonIsRefusedNotRecursedInto) {
  std::string body;
  for (int i = 0; i < 100000; ++i) body += "{\"a\":";
  body += "1";
  body += std::string(100000, '}');
  EXPECT_EQ(read_form("application/json", body, 65536)->form.error, "request body: JSON nested deeper than 256 levels");
}

TEST(FormReader, JsonThatIsNotAnObjectIsRefused) {
  EXPECT_EQ(read_form("application/json", "[1,2]")->form.error, "request body is not a JSON object");
  EXPECT_EQ(read_form("application/json", "{\"a\":")->form.error, "request body is not a JSON object");
}

TEST(FormReader, UnsupportedContentTypeIsRefused) {
  auto r = read_form("text/plain", "file=abc");
  EXPECT_EQ(r->form.error,
            "unsupported Content-Type 'text/plain'; use multipart/form-data, application/x-www-form-urlencoded or "
            "application/json");
  EXPECT_TRUE(r->form.params.empty());
}

TEST(FormReader, MissingContentType) {
  EXPECT_EQ(read_form("", "")->form.error, "");
  EXPECT_EQ(read_form("", "a=1")->form.error, "request body has no Content-Type");
}

TEST(ParamsFromJson, ConvertsEveryValueKind) {
  auto params = params_from_json(nlohmann::json::parse(R"({"b":[true,1.5,"x",null],"a":"s"})"));
  EXPECT_THAT(params,
              ElementsAre(Pair("a", "s"), Pair("b[]", "true"), Pair("b[]", "1.5"), Pair("b[]", "x"), Pair("b[]", "")));
}

TEST(FormValue, FirstValueOfKeyOrBracketKey) {
  const FormParams params{{"tags[]", "a"}, {"tags", "b,c"}, {"tagsx", "no"}, {"tag[]", "no"},
                          {"x[]", "1"},    {"x[]", "2"},    {"t[]x", "no"}};
  EXPECT_EQ(form_value(params, "tags"), "a");
  EXPECT_EQ(form_value(params, "x"), "1");
  EXPECT_EQ(form_value(params, "x[]"), "1");
  EXPECT_EQ(form_value(params, "tag"), "no");
  EXPECT_EQ(form_value(params, "t"), std::nullopt);
  EXPECT_EQ(form_value(params, "missing"), std::nullopt);
  EXPECT_EQ(form_value({{"empty", ""}}, "empty"), "");

  EXPECT_THAT(form_values(params, "tags"), ElementsAre("a", "b,c"));
  EXPECT_THAT(form_values(params, "x"), ElementsAre("1", "2"));
  EXPECT_TRUE(form_values(params, "ta").empty());
  EXPECT_TRUE(form_values(params, "missing").empty());
}

}  // namespace
}  // namespace cldcert::mock
