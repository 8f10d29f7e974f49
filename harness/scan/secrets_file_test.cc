#include "harness/scan/secrets_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>

#include "harness/scan/scan_test_support.h"

namespace cldcert::scan {
namespace {

using testing::fake_key;
using testing::fake_secret;
using testing::TempDir;

TEST(SecretsFile, OneSecretPerLineBlankLinesAndCarriageReturnsIgnoredSpacesKept) {
  TempDir dir;
  const std::string a = fake_secret(21), b = "with a space inside";
  auto file = dir.write("secrets.txt", a + "\r\n\n" + b + "\n\n");
  std::istringstream no_input;
  auto read = read_secrets_file(file.string(), no_input);
  EXPECT_EQ(read.error, "");
  EXPECT_EQ(read.secrets, (std::vector<std::string>{a, b}));
}

TEST(SecretsFile, ACloudinaryUrlLineStandsForItsSecret) {
  TempDir dir;
  const std::string secret = fake_secret(22);
  auto file = dir.write("s", "cloudinary://" + fake_key(22) + ":" + secret + "@demo\n");
  std::istringstream no_input;
  EXPECT_EQ(read_secrets_file(file.string(), no_input).secrets, std::vector<std::string>{secret});

  auto bad = dir.write("bad", "cloudinary://" + secret + "\n");
  auto read = read_secrets_file(bad.string(), no_input);
  EXPECT_TRUE(read.secrets.empty());
  EXPECT_EQ(read.error,
            bad.string() + ", line 1: a cloudinary:// line must be of the form cloudinary://KEY:SECRET@CLOUD");
  EXPECT_EQ(read.error.find(secret), std::string::npos);
}

TEST(SecretsFile, DashReadsStandardInput) {
  const std::string secret = fake_secret(23);
  std::istringstream input(secret + "\n");
  EXPECT_EQ(read_secrets_file("-", input).secrets, std::vector<std::string>{secret});
  std::istringstream empty;
  EXPECT_EQ(read_secrets_file("-", empty).error, "standard input holds no secret (one secret per line)");
}

TEST(SecretsFile, MissingUnreadableAndEmptyFilesAreErrorsNamingTheFile) {
  TempDir dir;
  std::istringstream no_input;
  const std::string missing = (dir.path() / "nope.txt").string();
  EXPECT_EQ(read_secrets_file(missing, no_input).error, "cannot read the secrets file " + missing + ": no such file");
  auto empty = dir.write("empty.txt", "\n\r\n");
  EXPECT_EQ(read_secrets_file(empty.string(), no_input).error,
            empty.string() + " holds no secret (one secret per line)");
  EXPECT_EQ(read_secrets_file(dir.path().string(), no_input).error,
            "cannot read the secrets file " + dir.path().string() + ": it is a directory");
  if (::geteuid() != 0) {
    auto locked = dir.write("locked.txt", fake_secret(24));
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    EXPECT_EQ(read_secrets_file(locked.string(), no_input).error,
              "cannot read the secrets file " + locked.string() + ": Permission denied");
  }
}

}  // namespace
}  // namespace cldcert::scan
