#include "mocks/upload_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace cldcert::mock {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

TEST(ParamFlag, ReadsOneAndTrueInAnyCase) {
  for (const char* yes : {"1", "true", "TRUE", "True"}) {
    SCOPED_TRACE(yes);
    EXPECT_TRUE(param_flag({{"overwrite", yes}}, "overwrite", false));
  }
  for (const char* no : {"0", "false", "FALSE", "yes", "2", " true"}) {
    SCOPED_TRACE(no);
    EXPECT_FALSE(param_flag({{"overwrite", no}}, "overwrite", true));
  }
}

TEST(ParamFlag, AbsentOrEmptyGivesTheFallback) {
  EXPECT_TRUE(param_flag({}, "unique_filename", true));
  EXPECT_FALSE(param_flag({}, "unique_filename", false));
  EXPECT_TRUE(param_flag({{"unique_filename", ""}}, "unique_filename", true));
  EXPECT_FALSE(param_flag({{"unique_filename", ""}}, "unique_filename", false));
  // Another key with the same prefix is not this flag.
  EXPECT_FALSE(param_flag({{"overwrite_all", "1"}}, "overwrite", false));
  // The first value wins, and "x[]" counts as "x".
  EXPECT_TRUE(param_flag({{"invalidate[]", "1"}, {"invalidate", "0"}}, "invalidate", false));
}

TEST(ParamTags, SplitsCommaListsAndRepeatedFieldsTrimmingBlanks) {
  EXPECT_THAT(param_tags({{"tags", "a,b"}}), ElementsAre("a", "b"));
  EXPECT_THAT(param_tags({{"tags", " spaced tag ,\tb\t, ,,c,"}}), ElementsAre("spaced tag", "b", "c"));
  EXPECT_THAT(param_tags({{"tags[]", "x"}, {"public_id", "p"}, {"tags[]", "y, z"}, {"tags", "w"}}),
              ElementsAre("x", "y", "z", "w"));
  EXPECT_TRUE(param_tags({{"tags", ""}}).empty());
  EXPECT_TRUE(param_tags({{"tags", ",, ,"}}).empty());
  EXPECT_TRUE(param_tags({{"tag", "a"}, {"tagsx", "b"}}).empty());
  EXPECT_TRUE(param_tags({}).empty());
}

TEST(ParseContext, PipesSeparateAndBackslashEscapes) {
  EXPECT_EQ(parse_context("alt=hi|caption=a\\|b"), nlohmann::json({{"alt", "hi"}, {"caption", "a|b"}}));
  EXPECT_EQ(parse_context("k\\=x=v\\=w"), nlohmann::json({{"k=x", "v=w"}}));
  EXPECT_EQ(parse_context("path=c:\\\\dir"), nlohmann::json({{"path", "c:\\dir"}}));
  // Only the first unescaped '=' splits key from value.
  EXPECT_EQ(parse_context("formula=a=b"), nlohmann::json({{"formula", "a=b"}}));
  EXPECT_EQ(parse_context("flag|x=1"), nlohmann::json({{"flag", ""}, {"x", "1"}}));
  EXPECT_EQ(parse_context("|=orphan||a=1|"), nlohmann::json({{"a", "1"}}));
  EXPECT_EQ(parse_context("trailing\\"), nlohmann::json({{"trailing\\", ""}}));
  EXPECT_EQ(parse_context(""), nlohmann::json::object());
  EXPECT_EQ(parse_context("a=1|a=2"), nlohmann::json({{"a", "2"}}));
}

TEST(FilenameStem, DropsDirectoriesAndTheLastExtension) {
  EXPECT_EQ(filename_stem("photo.jpg"), "photo");
  EXPECT_EQ(filename_stem("/tmp/uploads/archive.tar.gz"), "archive.tar");
  EXPECT_EQ(filename_stem("C:\\Users\\me\\Pictures\\cat.PNG"), "cat");
  EXPECT_EQ(filename_stem("dir.with.dots/noext"), "noext");
  EXPECT_EQ(filename_stem(".bashrc"), ".bashrc");
  EXPECT_EQ(filename_stem("trailingdot."), "trailingdot");
  EXPECT_EQ(filename_stem(""), "");
}

class ChoosePublicId : public ::testing::Test {
 protected:
  std::string choose(const FormParams& params, std::string_view filename = "holiday photo.jpg",
                     std::string_view resource_type = "image", std::string_view extension = "jpg") {
    return choose_public_id(params, filename, resource_type, extension, ids_);
  }
  IdSource ids_{42};
};

TEST_F(ChoosePublicId, GivenIdIsUsedAsIs) {
  EXPECT_EQ(choose({{"public_id", "products/shoe 1"}}), "products/shoe 1");
  // A given id wins over use_filename, and raw ids get no extension added.
  EXPECT_EQ(choose({{"public_id", "doc"}, {"use_filename", "true"}}, "report.pdf", "raw", "pdf"), "doc");
}

TEST_F(ChoosePublicId, RandomIdIsTwentyLowercaseAlphanumerics) {
  std::string a = choose({});
  std::string b = choose({{"public_id", ""}});
  EXPECT_THAT(a, MatchesRegex("[0-9a-z]{20}"));
  EXPECT_THAT(b, MatchesRegex("[0-9a-z]{20}"));
  EXPECT_NE(a, b);
  // use_filename without a file name falls back to a random id.
  EXPECT_THAT(choose({{"use_filename", "1"}}, ""), MatchesRegex("[0-9a-z]{20}"));
}

TEST_F(ChoosePublicId, SameSeedSameIds) {
  IdSource other(42);
  EXPECT_EQ(choose({}), choose_public_id({}, "", "image", "", other));
}

TEST_F(ChoosePublicId, UseFilenameAddsASixCharacterSuffixUnlessUniqueFilenameIsOff) {
  EXPECT_THAT(choose({{"use_filename", "true"}}), MatchesRegex("holiday_photo_[0-9a-z]{6}"));
  EXPECT_THAT(choose({{"use_filename", "1"}, {"unique_filename", "true"}}), MatchesRegex("holiday_photo_[0-9a-z]{6}"));
  EXPECT_EQ(choose({{"use_filename", "true"}, {"unique_filename", "false"}}), "holiday_photo");
  EXPECT_EQ(choose({{"use_filename", "1"}, {"unique_filename", "0"}}, "/home/me/My-File_v2.final.png"),
            "My-File_v2.final");
  // use_filename off (or absent): the file name is ignored.
  EXPECT_THAT(choose({{"use_filename", "false"}, {"unique_filename", "false"}}), MatchesRegex("[0-9a-z]{20}"));
}

TEST_F(ChoosePublicId, FolderIsPrefixedWithOneSlash) {
  EXPECT_EQ(choose({{"public_id", "p"}, {"folder", "shop/items"}}), "shop/items/p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"folder", "shop/items/"}}), "shop/items/p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"folder", "shop//"}}), "shop/p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"folder", "/"}}), "p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"folder", ""}}), "p");
  EXPECT_THAT(choose({{"folder", "f"}}), MatchesRegex("f/[0-9a-z]{20}"));
  EXPECT_EQ(choose({{"folder", "f/"}, {"use_filename", "1"}, {"unique_filename", "0"}}), "f/holiday_photo");
}

// Dynamic folder mode: the asset folder is no part of the public id unless asked for.
TEST_F(ChoosePublicId, AssetFolderPrefixesOnlyWhenAskedTo) {
  EXPECT_EQ(choose({{"public_id", "p"}, {"asset_folder", "shop/items"}}), "p");
  EXPECT_EQ(
      choose({{"public_id", "p"}, {"asset_folder", "shop/items/"}, {"use_asset_folder_as_public_id_prefix", "1"}}),
      "shop/items/p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"asset_folder", "a"}, {"use_asset_folder_as_public_id_prefix", "false"}}),
            "p");
  EXPECT_THAT(choose({{"asset_folder", "a"}, {"use_asset_folder_as_public_id_prefix", "true"}}),
              MatchesRegex("a/[0-9a-z]{20}"));
  EXPECT_EQ(choose({{"public_id", "p"}, {"use_asset_folder_as_public_id_prefix", "1"}}), "p");
  EXPECT_EQ(choose({{"public_id", "p"}, {"public_id_prefix", "seo/shoes"}}), "seo/shoes/p");
  EXPECT_EQ(choose({{"public_id", "p"},
                    {"public_id_prefix", "seo"},
                    {"asset_folder", "a"},
                    {"use_asset_folder_as_public_id_prefix", "1"}}),
            "a/seo/p");
}

TEST_F(ChoosePublicId, RawAssetsKeepTheirExtension) {
  EXPECT_THAT(choose({}, "report.pdf", "raw", "pdf"), MatchesRegex("[0-9a-z]{20}\\.pdf"));
  EXPECT_THAT(choose({{"use_filename", "1"}}, "report.pdf", "raw", "pdf"), MatchesRegex("report_[0-9a-z]{6}\\.pdf"));
  EXPECT_EQ(choose({{"use_filename", "1"}, {"unique_filename", "0"}, {"folder", "docs"}}, "report.pdf", "raw", "pdf"),
            "docs/report.pdf");
  EXPECT_THAT(choose({}, "README", "raw", ""), MatchesRegex("[0-9a-z]{20}"));
  // Images and videos never carry the extension in the id.
  EXPECT_EQ(choose({{"use_filename", "1"}, {"unique_filename", "0"}}, "clip.mp4", "video", "mp4"), "clip");
}

}  // namespace
}  // namespace cldcert::mock
