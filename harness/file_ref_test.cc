#include "harness/file_ref.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(FileRef, TrailingNumbersAreLineAndColumn) {
  const FileRef a = parse_file_ref("src/a.js:12:5");
  EXPECT_EQ(a.path, "src/a.js");
  EXPECT_EQ(a.line, 12);
  EXPECT_EQ(a.column, 5);
  const FileRef b = parse_file_ref("README.md:3");
  EXPECT_EQ(b.path, "README.md");
  EXPECT_EQ(b.line, 3);
  EXPECT_EQ(b.column, 0);
  EXPECT_EQ(parse_file_ref("LICENSE").path, "LICENSE");
}

TEST(FileRef, AFileOfTheRepositoryIsItselfWithItsLine) {
  auto place = repository_ref("src/a b.js:12:5");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->path, "src/a b.js");
  EXPECT_EQ(place->line, 12);
  EXPECT_EQ(place->column, 5);
  EXPECT_EQ(place->member, "");
}

TEST(FileRef, AnArchiveMemberIsItsArchiveWithTheMemberApart) {
  auto place = repository_ref("dist/plugin.tgz!/package/lib/config.js:3:9");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->path, "dist/plugin.tgz");
  EXPECT_EQ(place->line, 0);  // the member's line, not the archive's
  EXPECT_EQ(place->column, 0);
  EXPECT_EQ(place->member, "package/lib/config.js:3:9");
  // Nested archives: the outermost one is what the repository holds.
  EXPECT_EQ(repository_ref("a.zip!/b.tgz!/c.json")->path, "a.zip");
}

TEST(FileRef, AFileOutsideTheRepositoryHasNoPlaceInIt) {
  for (const char* outside : {"{workdir}/build/plugin.tgz!/config.json:3", "{host_root}/wp-content/debug.log:1",
                              "/tmp/x.log", "../elsewhere/a.js:1", ".."}) {
    EXPECT_FALSE(repository_ref(outside)) << outside;
  }
}

}  // namespace
}  // namespace cldcert
