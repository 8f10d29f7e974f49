#include "harness/provenance.h"

#include <cstdlib>
#include <map>

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert {
namespace {

using Args = std::vector<std::string>;

TEST(Provenance, NamesThatHoldCredentialsAreRecognised) {
  for (const char* name : {"CLOUDINARY_URL", "API_SECRET", "my_token", "DB_PASSWORD", "PROVISIONING_KEY"}) {
    EXPECT_TRUE(secret_looking_name(name)) << name;
  }
  for (const char* name : {"CLDCERT_FLAW", "NODE_ENV", "PATH", "REFPLAT_ROOT"})
    EXPECT_FALSE(secret_looking_name(name)) << name;
}

TEST(Provenance, TheCommandIsRecordedWithoutItsCredentials) {
  const Args typed = {"cldcert",
                      "run",
                      "--integration",
                      ".",
                      "--env",
                      "CLDCERT_FLAW=ua-wrong-version",
                      "--env",
                      "API_SECRET=abc123",
                      "--env=CLOUDINARY_URL=cloudinary://123:shh@demo",
                      "--out",
                      "cloudinary://k:s@c-report"};
  EXPECT_EQ(
      redacted_command(typed),
      (Args{"cldcert", "run", "--integration", ".", "--env", "CLDCERT_FLAW=ua-wrong-version", "--env",
            "API_SECRET=[REDACTED]", "--env=CLOUDINARY_URL=[REDACTED]", "--out", "cloudinary://[REDACTED]@c-report"}));
}

int sh(const std::string& command) { return std::system(command.c_str()); }

TEST(Provenance, TheIntegrationsCommitAndWhetherItsFolderChanged) {
  ScratchDir repo("provenance");
  repo.write("plugin/index.js", "module.exports = 1;\n");
  repo.write("other/notes.txt", "a\n");
  const std::string git = "git -C '" + repo.path().string() + "' -c user.name=t -c user.email=t@example.invalid ";
  ASSERT_EQ(sh(git + "init -q && " + git + "add -A && " + git + "commit -qm first"), 0);
  FILE* head = ::popen(("git -C '" + repo.path().string() + "' rev-parse HEAD").c_str(), "r");
  char sha[64] = {};
  ASSERT_NE(std::fgets(sha, sizeof sha, head), nullptr);
  ::pclose(head);

  nlohmann::json clean = source_revision(repo / "plugin");
  EXPECT_EQ(clean["commit"], std::string(sha, 40));
  EXPECT_EQ(clean["dirty"], false);

  repo.write("other/notes.txt", "changed elsewhere\n");  // outside the integration's folder
  EXPECT_EQ(source_revision(repo / "plugin")["dirty"], false);
  repo.write("plugin/index.js", "module.exports = 2;\n");
  EXPECT_EQ(source_revision(repo / "plugin")["dirty"], true);
}

TEST(Provenance, AFolderOutsideGitSaysWhy) {
  ScratchDir plain("provenance-plain");
  nlohmann::json revision = source_revision(plain.path());
  EXPECT_TRUE(revision["commit"].is_null());
  EXPECT_NE(revision["reason"].get<std::string>().find("not a git checkout"), std::string::npos) << revision;
}

TEST(Provenance, TheWholeRecord) {
  ScratchDir plain("provenance-record");
  nlohmann::json p = run_provenance({"cldcert", "run", "--integration", plain.path().string()}, plain.path());
  EXPECT_EQ(p["command"].size(), 4u);
  EXPECT_FALSE(p["cldcert"]["version"].get<std::string>().empty());
  EXPECT_FALSE(p["cldcert"]["commit"].get<std::string>().empty());
  EXPECT_EQ(p["machine"]["os"].get<std::string>().rfind("Linux", 0), 0u);
  EXPECT_GE(p["machine"]["cpus"].get<unsigned>(), 1u);
}

TEST(Provenance, TheCiRunThatHoldsTheBundle) {
  std::map<std::string, std::string> vars;
  auto env = [&](const char* name) { return vars.count(name) ? vars[name] : std::string(); };
  EXPECT_TRUE(ci_run(env).is_null());
  vars = {{"CI_JOB_URL", "https://gitlab.example/acme/plugin/-/jobs/77"}};
  EXPECT_EQ(ci_run(env), (nlohmann::json{{"gitlab", {{"job_url", "https://gitlab.example/acme/plugin/-/jobs/77"}}}}));
  vars = {{"GITHUB_SERVER_URL", "https://github.com"}, {"GITHUB_REPOSITORY", "acme/plugin"}, {"GITHUB_RUN_ID", "42"}};
  EXPECT_EQ(ci_run(env)["github"]["run_id"], "42");
  vars.erase("GITHUB_RUN_ID");  // not all three: not a run this can link
  EXPECT_TRUE(ci_run(env).is_null());
}

}  // namespace
}  // namespace cldcert
