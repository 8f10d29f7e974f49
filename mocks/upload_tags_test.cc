// The Upload API's tags call (/v1_1/{cloud}/{resource_type}/tags, the SDKs' add_tag, remove_tag, replace_tag,
// remove_all_tags): what it does to the named assets, what it answers and what it refuses.
#include <gtest/gtest.h>

#include "mocks/mock_cloudinary.h"
#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

class UploadTagsTest : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(5);
    cloud_ = mock_->accounts().accounts[0].clouds[0];
    for (const char* id : {"one", "two", "three"}) put(id, "image", "upload", "mine");
    put("one", "image", "private", "mine");
  }

  void put(const std::string& id, const std::string& rt, const std::string& type, const std::string& tags) {
    ASSERT_EQ(post_upload(*mock_, cloud_, signed_params({{"public_id", id}, {"type", type}, {"tags", tags}}, cloud_),
                          FilePart{"a.png", "image/png", png_bytes(2, 2, 64)}, rt)
                  .status,
              200);
  }

  // What the Node SDK's add_tag sends: public_ids[] repeated, command, tag, type, signed.
  HttpResponse tags(FormParams params, const std::vector<std::string>& ids, bool sign = true) {
    for (const auto& id : ids) params.emplace_back("public_ids[]", id);
    if (sign) params = signed_params(std::move(params), cloud_);
    return mock_->handle(multipart_post("/v1_1/" + cloud_.cloud_name + "/image/tags"),
                         multipart_body(params, std::nullopt));
  }

  std::vector<std::string> tags_of(const std::string& id, const std::string& type = "upload") {
    return mock_->store().find(cloud_.cloud_name, "image", type, id)->tags;
  }

  Cloud cloud_;
};

using Tags = std::vector<std::string>;

TEST_F(UploadTagsTest, AddKeepsTheAssetsOwnTagsAndAnswersTheIdsItFound) {
  HttpResponse r = tags({{"command", "add"}, {"tag", "cldcert-x"}}, {"one", "two", "missing"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_json(r), nlohmann::json::parse(R"({"public_ids":["one","two"]})"));
  EXPECT_EQ(tags_of("one"), (Tags{"mine", "cldcert-x"}));
  EXPECT_EQ(tags_of("two"), (Tags{"mine", "cldcert-x"}));
  EXPECT_EQ(tags_of("three"), (Tags{"mine"}));
  // Only the type named (upload by default) is touched.
  EXPECT_EQ(tags_of("one", "private"), (Tags{"mine"}));
  // Adding again does not repeat it.
  ASSERT_EQ(tags({{"command", "add"}, {"tag", "cldcert-x"}}, {"one"}).status, 200);
  EXPECT_EQ(tags_of("one"), (Tags{"mine", "cldcert-x"}));
  JournalEntry entry = last_entry();
  EXPECT_EQ(entry.api, "upload");
  EXPECT_EQ(entry.action, "tags");
  EXPECT_EQ(entry.public_id, "one");
}

TEST_F(UploadTagsTest, TheOtherCommandsRemoveReplaceAndSetExclusive) {
  ASSERT_EQ(tags({{"command", "add"}, {"tag", "a,b"}, {"type", "private"}}, {"one"}).status, 200);
  EXPECT_EQ(tags_of("one", "private"), (Tags{"mine", "a", "b"}));
  ASSERT_EQ(tags({{"command", "remove"}, {"tag", "a"}, {"type", "private"}}, {"one"}).status, 200);
  EXPECT_EQ(tags_of("one", "private"), (Tags{"mine", "b"}));
  ASSERT_EQ(tags({{"command", "replace"}, {"tag", "only"}}, {"two"}).status, 200);
  EXPECT_EQ(tags_of("two"), (Tags{"only"}));
  ASSERT_EQ(tags({{"command", "set_exclusive"}, {"tag", "mine"}}, {"three"}).status, 200);
  EXPECT_EQ(tags_of("one"), Tags{});
  EXPECT_EQ(tags_of("three"), (Tags{"mine"}));
  EXPECT_EQ(tags_of("one", "private"), (Tags{"mine", "b"}));  // another type keeps it
  ASSERT_EQ(tags({{"command", "remove_all"}}, {"three"}).status, 200);
  EXPECT_EQ(tags_of("three"), Tags{});
}

TEST_F(UploadTagsTest, MissingOrUnknownParametersAndUnsignedCallsAreRefused) {
  auto message = [](const HttpResponse& r) { return body_json(r)["error"]["message"].get<std::string>(); };
  HttpResponse no_command = tags({{"tag", "t"}}, {"one"});
  EXPECT_EQ(no_command.status, 400);
  EXPECT_EQ(message(no_command), "Missing required parameter - command");
  HttpResponse unknown = tags({{"command", "append"}, {"tag", "t"}}, {"one"});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(message(unknown), "Invalid command append");
  EXPECT_EQ(message(tags({{"command", "add"}}, {"one"})), "Missing required parameter - tag");
  EXPECT_EQ(message(tags({{"command", "add"}, {"tag", "t"}}, {})), "Missing required parameter - public_ids");
  // Only signed: a tags call is never unsigned, and the signature covers every parameter.
  EXPECT_EQ(message(tags({{"command", "add"}, {"tag", "t"}, {"api_key", cloud_.api_key}}, {"one"}, false)),
            "Missing required parameter - signature");
  FormParams tampered = signed_params({{"command", "add"}, {"tag", "t"}, {"public_ids[]", "one"}}, cloud_);
  tampered[1].second = "other";
  EXPECT_EQ(tags(tampered, {}, false).status, 401);
  EXPECT_EQ(tags_of("one"), (Tags{"mine"}));
}

}  // namespace
}  // namespace cldcert::mock
