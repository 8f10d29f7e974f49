#include "harness/steps/host_steps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "mocks/digest.h"
#include "mocks/mock_test_support.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace mock::testing_support;

class HostSteps : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(7);
    root_ = fs::temp_directory_path() / ("cldcert-host-steps-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    values_["host_root"] = root_.string();
    values_["workdir"] = root_.parent_path().string();
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& path, const std::string& bytes, fs::perms perms = fs::perms(0644)) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path, std::ios::binary) << bytes;
    fs::permissions(root_ / path, perms);
  }
  HarnessStepResult run(std::string_view action, const HarnessStepArgs& args = {}) {
    HarnessStepContext context{
        *mock_, mock_->accounts().accounts[0].clouds[0], "", manifest_, values_, secrets_, steps_, nullptr};
    return run_harness_step(action, args, context);
  }
  static ActionSpec sh(const std::string& script) { return ActionSpec{{"sh", "-c", script}, 10, "", {}}; }
  const nlohmann::json* entry(const nlohmann::json& entries, const std::string& path) {
    for (const auto& e : entries) {
      if (e["path"] == path) return &e;
    }
    return nullptr;
  }

  fs::path root_;
  Manifest manifest_;
  PlaceholderValues values_;
  std::vector<std::string> secrets_;
  std::vector<StepRecord> steps_;
};

TEST_F(HostSteps, SnapshotRecordsFilesFoldersAndLinksSortedWithModesDigestsAndText) {
  write("config/platform.json", "{\"plugins\": []}\n", fs::perms(0600));
  write("content/welcome.md", "# Hi\nsee our CLOUDINARY page\n");
  std::string large(70 * 1024, 'x');
  large += "\nline two mentions Cloudinary\n";
  write("logs/big.log", large);
  write("media/pic.bin", std::string("\x89PNG\0\0cloudinary", 16));
  fs::create_directory(root_ / "empty");
  fs::create_symlink("../../etc/passwd", root_ / "link");
  fs::create_directory_symlink("/", root_ / "rootlink");  // must not be followed

  auto entries = snapshot_tree(root_);
  std::vector<std::string> paths;
  for (const auto& e : entries) paths.push_back(e["path"]);
  EXPECT_EQ(paths, (std::vector<std::string>{"config", "config/platform.json", "content", "content/welcome.md", "empty",
                                             "link", "logs", "logs/big.log", "media", "media/pic.bin", "rootlink"}));
  const auto& config = *entry(entries, "config/platform.json");
  EXPECT_EQ(config["type"], "file");
  EXPECT_EQ(config["mode"], "0600");
  EXPECT_EQ(config["size"], 16);
  EXPECT_EQ(config["sha256"], mock::sha256_hex("{\"plugins\": []}\n"));
  EXPECT_EQ(config["text"], "{\"plugins\": []}\n");
  EXPECT_FALSE(config.contains("mention"));

  const auto& welcome = *entry(entries, "content/welcome.md");
  EXPECT_EQ(welcome["mention"]["line"], 2);
  EXPECT_EQ(welcome["mention"]["text"], "see our CLOUDINARY page");

  const auto& big = *entry(entries, "logs/big.log");  // over 64 KiB: digest and mention, no text
  EXPECT_FALSE(big.contains("text"));
  EXPECT_EQ(big["sha256"], mock::sha256_hex(large));
  EXPECT_EQ(big["mention"]["line"], 2);
  EXPECT_EQ(big["mention"]["text"], "line two mentions Cloudinary");

  const auto& bin = *entry(entries, "media/pic.bin");
  EXPECT_FALSE(bin.contains("text"));
  EXPECT_EQ(bin["size"], 16);
  EXPECT_EQ(bin["mention"]["line"], 1);

  EXPECT_EQ((*entry(entries, "empty"))["type"], "dir");
  EXPECT_EQ((*entry(entries, "link"))["type"], "symlink");
  EXPECT_EQ((*entry(entries, "link"))["target"], "../../etc/passwd");
  EXPECT_EQ((*entry(entries, "rootlink"))["type"], "symlink");
  EXPECT_EQ(snapshot_tree(root_), entries);  // deterministic
}

TEST_F(HostSteps, AMentionAcrossTheReadBufferIsFound) {
  std::string text(1 << 20, 'a');
  text.replace(text.size() - 4, 4, "\nClo");
  text += "udinary here\n";
  write("x.txt", text);
  auto e = snapshot_tree(root_)[0];
  EXPECT_EQ(e["mention"]["line"], 2);
  EXPECT_EQ(e["mention"]["text"], "Cloudinary here");
}

TEST_F(HostSteps, AMissingRootIsAnErrorNamingThePath) {
  EXPECT_THAT([&] { snapshot_tree(root_ / "nope"); }, ::testing::ThrowsMessage<std::runtime_error>(HasSubstr(
                                                          (root_ / "nope").string() + " is not an existing folder")));
  values_["host_root"] = (root_ / "nope").string();
  auto r = run("cldcert.snapshot", {{"label", "before_install"}});
  EXPECT_THAT(r.error, HasSubstr((root_ / "nope").string()));
  values_.erase("host_root");
  EXPECT_THAT(run("cldcert.snapshot", {{"label", "x"}}).error, HasSubstr("no host.root"));
  EXPECT_THAT(harness_step_problems("cldcert.snapshot", {}), ::testing::ElementsAre(HasSubstr("args/label")));
}

TEST_F(HostSteps, SnapshotRecordsTheStateCommandAndRedactsSecrets) {
  secrets_ = {"s3cr3t-value"};
  write("plugins/x/settings.json", "{\"url\": \"cloudinary://k:s3cr3t-value@c\"}\n");
  manifest_.host_state = sh("cat {host_root}/plugins/x/settings.json");
  auto r = run("cldcert.snapshot", {{"label", "after_install"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["label"], "after_install");
  EXPECT_EQ(r.output["root"], root_.string());
  EXPECT_EQ(r.output["state"]["exit_code"], 0);
  EXPECT_THAT(r.output.dump(), ::testing::Not(HasSubstr("s3cr3t-value")));
  EXPECT_THAT(r.output["state"]["output"].get<std::string>(), HasSubstr("cloudinary://k:"));
  EXPECT_THAT((*entry(r.output["entries"], "plugins/x/settings.json"))["text"].get<std::string>(),
              HasSubstr("cloudinary://k:"));

  manifest_.host_state = sh("echo broken config >&2; exit 3");
  r = run("cldcert.snapshot", {{"label", "after_update"}});
  ASSERT_EQ(r.error, "");  // the check judges a failing state command, the step records it
  EXPECT_EQ(r.output["state"]["exit_code"], 3);
  EXPECT_THAT(r.output["state"]["error"].get<std::string>(), HasSubstr("broken config"));

  manifest_.host_state.reset();
  EXPECT_TRUE(run("cldcert.snapshot", {{"label", "x"}}).output["state"].is_null());
}

TEST_F(HostSteps, HealthRecordsAFailureAndNeedsHostHealth) {
  EXPECT_THAT(run("cldcert.health").error, HasSubstr("no host.health"));
  manifest_.host_health =
      sh("if test -f {host_root}/ok; then echo healthy; else echo 'unhealthy: no ok file' >&2; exit 1; fi");
  auto r = run("cldcert.health");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["exit_code"], 1);
  EXPECT_EQ(r.output["healthy"], false);
  EXPECT_THAT(r.output["output"].get<std::string>(), HasSubstr("unhealthy: no ok file"));
  write("ok", "");
  r = run("cldcert.health");
  EXPECT_EQ(r.output["healthy"], true);
  EXPECT_THAT(r.output["output"].get<std::string>(), HasSubstr("healthy"));
}

}  // namespace
}  // namespace cldcert
