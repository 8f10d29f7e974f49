#include "harness/checks/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/checks/accounts_checks.h"
#include "harness/checks/delivery_checks.h"
#include "harness/checks/docs_checks.h"
#include "harness/checks/integration_checks.h"
#include "harness/checks/limits_checks.h"
#include "harness/checks/network_checks.h"
#include "harness/checks/ratelimit_checks.h"
#include "harness/checks/secret_checks.h"
#include "harness/checks/secret_traffic_check.h"
#include "harness/checks/sync_checks.h"
#include "harness/checks/transformation_checks.h"
#include "harness/checks/ua_checks.h"
#include "harness/checks/upload_checks.h"
#include "harness/embedded_data.h"
#include "harness/harness_steps.h"
#include "harness/manifest.h"
#include "harness/scenario.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

CheckResult throws_std(const CheckInput&) { throw std::runtime_error("journal entry 3 has no path"); }
CheckResult throws_json(const CheckInput&) {
  (void)nlohmann::json::object().at("missing");  // nlohmann::json::out_of_range
  return {};
}
CheckResult throws_other(const CheckInput&) { throw 42; }
CheckResult fails(const CheckInput&) {
  CheckResult r;
  r.id = "ignored";
  r.level = "ignored";
  r.verdict = Verdict::kFail;
  r.message = "it failed";
  r.evidence.push_back(Evidence{"request", "journal:1", "POST /x"});
  return r;
}
CheckResult verdict_of(Verdict v) {
  CheckResult r;
  r.verdict = v;
  return r;
}
CheckResult passes(const CheckInput&) { return verdict_of(Verdict::kPass); }
CheckResult skips(const CheckInput&) { return verdict_of(Verdict::kSkip); }
CheckResult errors(const CheckInput&) { return verdict_of(Verdict::kError); }

class RunCheckTest : public ::testing::Test {
 protected:
  CheckResult run(CheckFunction fn, const std::string& level) {
    CheckDefinition def{"test.check", "T1", level, "a check for tests", fn};
    return run_check(def, CheckInput{manifest_, journal_, steps_, accounts_, {}});
  }
  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_;
};

TEST(Registry, CatalogAndFunctionsAgree) {
  // all_checks() throws when a catalog id has no function or a function no catalog entry.
  ASSERT_NO_THROW(all_checks());
  const auto& checks = all_checks();
  ASSERT_EQ(checks.size(), 56u);
  std::set<std::string> ids;
  for (const auto& c : checks) {
    EXPECT_NE(c.run, nullptr) << c.id;
    EXPECT_TRUE(c.level == "required" || c.level == "recommended") << c.id << ": " << c.level;
    EXPECT_THAT(c.title, Not(IsEmpty())) << c.id;
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
  }
  // The table joins each id to its own function (a swapped pair would judge the wrong rule).
  EXPECT_EQ(find_check("ua.format")->run, &check_ua_format);
  EXPECT_EQ(find_check("ua.sdk")->run, &check_ua_sdk);
  EXPECT_EQ(find_check("secret.traffic")->run, &check_secret_traffic);
  EXPECT_EQ(find_check("network.egress")->run, &check_network_egress);
  EXPECT_EQ(find_check("network.egress")->level, "recommended");
  EXPECT_EQ(find_check("delivery.host")->run, &check_delivery_host);
  EXPECT_EQ(find_check("delivery.signed_restricted")->run, &check_delivery_signed_restricted);
  EXPECT_EQ(find_check("transformation.optimized")->run, &check_transformation_optimized);
  EXPECT_EQ(find_check("transformation.optimized")->level, "recommended");
  EXPECT_EQ(find_check("accounts.isolation")->run, &check_accounts_isolation);
  EXPECT_EQ(find_check("accounts.logout")->run, &check_accounts_logout);
  EXPECT_EQ(find_check("accounts.restricted_key")->run, &check_accounts_restricted_key);
  EXPECT_EQ(find_check("integration.disabled")->run, &check_integration_disabled);
  EXPECT_EQ(find_check("integration.disabled")->item, "R17");
  EXPECT_EQ(find_check("ua.consistent")->run, &check_ua_consistent);
  EXPECT_EQ(find_check("limits.listed")->run, &check_limits_listed);
  EXPECT_EQ(find_check("limits.parallel_uploads")->run, &check_limits_parallel_uploads);
  EXPECT_EQ(find_check("limits.queue_size")->run, &check_limits_queue_size);
  EXPECT_EQ(find_check("upload.media_types")->run, &check_upload_media_types);
  EXPECT_EQ(find_check("delivery.fetch")->run, &check_delivery_fetch);
  EXPECT_EQ(find_check("sync.delete")->run, &check_sync_delete);
  EXPECT_EQ(find_check("upload.presets")->run, &check_upload_presets);
  EXPECT_EQ(find_check("upload.breakpoints")->run, &check_upload_breakpoints);
  EXPECT_EQ(find_check("upload.chunked")->run, &check_upload_chunked);
  EXPECT_EQ(find_check("upload.integrity")->run, &check_upload_integrity);
  EXPECT_EQ(find_check("transformation.valid")->run, &check_transformation_valid);
  EXPECT_EQ(find_check("transformation.chained")->run, &check_transformation_chained);
  EXPECT_EQ(find_check("transformation.named")->run, &check_transformation_named);
  EXPECT_EQ(find_check("ratelimit.backoff")->run, &check_ratelimit_backoff);
  EXPECT_EQ(find_check("secret.source")->run, &check_secret_source);
  EXPECT_EQ(find_check("secret.history")->run, &check_secret_history);
  EXPECT_EQ(find_check("secret.artifact")->run, &check_secret_artifact);
  EXPECT_EQ(find_check("secret.logs")->run, &check_secret_logs);
  EXPECT_EQ(find_check("docs.install")->run, &check_docs_install);
  EXPECT_EQ(find_check("docs.known_issues")->run, &check_docs_known_issues);
  EXPECT_EQ(find_check("docs.contact")->run, &check_docs_contact);
  EXPECT_EQ(find_check("docs.license")->run, &check_docs_license);
  EXPECT_EQ(find_check("docs.contributing")->run, &check_docs_contributing);
  EXPECT_EQ(find_check("docs.changelog")->run, &check_docs_changelog);
  EXPECT_EQ(find_check("docs.version")->run, &check_docs_version);
  EXPECT_EQ(find_check("docs.version")->level, "recommended");
  // R16 says "see B5": the account checks serve it too, by the catalog's "also".
  EXPECT_TRUE(find_check("accounts.isolation")->serves("R16"));
  EXPECT_TRUE(find_check("accounts.logout")->serves("B5"));
  EXPECT_FALSE(find_check("accounts.restricted_key")->serves("R16"));
  // Every item a check serves is a checklist item; together they cover R1–R11, R17, R19.
  std::set<std::string> items;
  for (const auto& c : all_checks()) items.insert(c.item);
  for (const char* item : {"R1",  "R2",  "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11",
                           "R17", "R19", "T1", "T2", "B5", "B2", "B3", "B6", "P1", "P4",  "P5"}) {
    EXPECT_TRUE(items.count(item)) << item;
  }
}

TEST(Registry, CatalogFileMatchesTheLoadedChecks) {
  auto text = embedded_file("harness/checks/catalog.json");
  ASSERT_TRUE(text.has_value());
  auto catalog = nlohmann::json::parse(*text);
  ASSERT_EQ(catalog.at("checks").size(), all_checks().size());
  for (std::size_t i = 0; i < all_checks().size(); ++i) {
    const auto& c = catalog["checks"][i];
    EXPECT_EQ(all_checks()[i].id, c.at("id"));
    EXPECT_EQ(all_checks()[i].item, c.at("item"));
    EXPECT_EQ(all_checks()[i].level, c.at("level"));
    EXPECT_EQ(all_checks()[i].title, c.at("title"));
  }
}

TEST(Registry, EachCheckIsInTheFileItsIdNames) {
  // A check <family>.<name> lives in <family>_checks.cc, or <family>_<name>_check.cc on its own;
  // the registry's group says which, and that file defines check_<family>_<name>.
  std::set<std::string> registered;
  for (const auto& file : check_files()) {
    std::ifstream in(std::string(CLDCERT_SOURCE_DIR) + "/harness/checks/" + std::string(file.file));
    ASSERT_TRUE(in) << file.file << " does not exist";
    std::stringstream source;
    source << in.rdbuf();
    for (const auto& row : file.checks) {
      EXPECT_TRUE(follows_file_rule(row.id, file.file)) << row.id << " is registered under " << file.file;
      std::string function = "check_" + std::string(row.id);
      std::replace(function.begin(), function.end(), '.', '_');
      EXPECT_THAT(source.str(), HasSubstr("\nCheckResult " + function + "(const CheckInput& input) {"))
          << file.file << " does not define " << function;
      EXPECT_EQ(find_check(row.id)->run, row.run) << row.id;
      EXPECT_EQ(find_check(row.id)->item, row.item) << row.id;
      registered.insert(std::string(row.id));
    }
  }
  // Every catalog id has a registered function, and every registered function a catalog id.
  std::set<std::string> catalog;
  for (const auto& c : all_checks()) catalog.insert(c.id);
  EXPECT_EQ(registered, catalog);
}

TEST(Registry, EverySeededFlawNamesCatalogChecks) {
  // The reference integration's flaws.json is the fourth place a check id is written.
  std::ifstream in(std::string(CLDCERT_SOURCE_DIR) + "/fixtures/integrations/reference/flaws.json");
  ASSERT_TRUE(in);
  auto flaws = nlohmann::json::parse(in).at("flaws");
  ASSERT_FALSE(flaws.empty());
  for (const auto& flaw : flaws) {
    for (const auto& id : flaw.at("fails")) {
      EXPECT_NE(find_check(id.get<std::string>()), nullptr) << flaw.at("id") << " names " << id;
    }
  }
}

TEST(Registry, TheFileRule) {
  EXPECT_TRUE(follows_file_rule("ua.format", "ua_checks.cc"));
  EXPECT_TRUE(follows_file_rule("secret.traffic", "secret_traffic_check.cc"));
  EXPECT_TRUE(follows_file_rule("secret.traffic", "secret_checks.cc"));
  EXPECT_FALSE(follows_file_rule("ua.format", "user_agent_checks.cc"));
  EXPECT_FALSE(follows_file_rule("transformation.optimized", "delivery_checks.cc"));
  EXPECT_FALSE(follows_file_rule("uninstall.clean", "lifecycle_checks.cc"));
  EXPECT_FALSE(follows_file_rule("secret.source", "secret_traffic_check.cc"));
  EXPECT_FALSE(follows_file_rule("secret.traffic", "secret_traffic_checks.cc"));
  EXPECT_FALSE(follows_file_rule("nodot", "nodot_checks.cc"));
}

TEST(Registry, LevelsFollowTheChecklist) {
  // T1 and T2 say "must", P3 says "recommended".
  EXPECT_EQ(find_check("ua.format")->item, "T2");
  EXPECT_EQ(find_check("ua.format")->level, "required");
  EXPECT_EQ(find_check("secret.traffic")->item, "T1");
  EXPECT_EQ(find_check("secret.traffic")->level, "required");
  EXPECT_EQ(find_check("ua.sdk")->item, "P3");
  EXPECT_EQ(find_check("ua.sdk")->level, "recommended");
}

TEST(Registry, FindCheck) {
  const CheckDefinition* c = find_check("secret.traffic");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->id, "secret.traffic");
  EXPECT_EQ(c->item, "T1");
  EXPECT_EQ(find_check("ua.sdk")->id, "ua.sdk");
  EXPECT_EQ(find_check("ua"), nullptr);
  EXPECT_EQ(find_check("UA.FORMAT"), nullptr);
  EXPECT_EQ(find_check(""), nullptr);
  EXPECT_EQ(find_check("ua.format "), nullptr);
}

TEST(Registry, EveryNeedIsAnActionThatTheCheckScenariosHave) {
  std::vector<std::string> actions = known_actions();
  for (const auto& a : harness_step_actions()) actions.push_back(a);
  for (const auto& c : all_checks()) {
    for (const auto& need : c.needs) {
      EXPECT_NE(std::find(actions.begin(), actions.end(), need), actions.end()) << c.id << " needs " << need;
    }
  }
  // A need no step of a scenario running the check has would leave its evidence never "missing".
  for (const auto& s : load_scenarios("")) {
    for (const auto& id : s.checks) {
      const CheckDefinition* c = find_check(id);
      ASSERT_NE(c, nullptr) << id;
      if (c->needs.empty()) continue;
      bool has = std::any_of(s.steps.begin(), s.steps.end(), [&](const ScenarioStep& st) {
        return std::find(c->needs.begin(), c->needs.end(), st.action) != c->needs.end();
      });
      EXPECT_TRUE(has) << "scenario " << s.id << " runs " << id << " but has no step it needs";
    }
  }
}

TEST(Registry, EveryCatalogItemIsAChecklistItem) {
  auto text = embedded_file("scenarios/checklist.json");
  ASSERT_TRUE(text.has_value());
  auto checklist = nlohmann::json::parse(*text);
  std::map<std::string, std::string> levels;  // item → must | rec
  for (const auto& item : checklist.at("items")) levels[item.at("id")] = item.at("level");
  ASSERT_GT(levels.size(), 10u);
  for (const auto& c : all_checks()) {
    ASSERT_TRUE(levels.count(c.item)) << c.id << " names checklist item " << c.item << ", which does not exist";
    // A "must" item is judged by required checks; a failed "rec" one must never fail the run.
    if (levels[c.item] == "rec") { EXPECT_EQ(c.level, "recommended") << c.id; }
  }
}

TEST_F(RunCheckTest, FillsIdAndLevelFromTheDefinition) {
  auto r = run(&fails, "required");
  EXPECT_EQ(r.id, "test.check");
  EXPECT_EQ(r.level, "required");
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.message, "it failed");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].ref, "journal:1");
}

TEST_F(RunCheckTest, AFailedRecommendedCheckIsAWarning) {
  auto r = run(&fails, "recommended");
  EXPECT_EQ(r.verdict, Verdict::kWarn);
  EXPECT_EQ(r.level, "recommended");
  EXPECT_EQ(r.message, "it failed");
  EXPECT_EQ(r.evidence.size(), 1u);
}

TEST_F(RunCheckTest, OtherVerdictsOfRecommendedChecksStay) {
  EXPECT_EQ(run(&passes, "recommended").verdict, Verdict::kPass);
  EXPECT_EQ(run(&skips, "recommended").verdict, Verdict::kSkip);
  // A check that cannot judge is an error whatever its level: the run must not hide it.
  EXPECT_EQ(run(&errors, "recommended").verdict, Verdict::kError);
  EXPECT_EQ(run(&passes, "required").verdict, Verdict::kPass);
}

TEST_F(RunCheckTest, AnExceptionBecomesAnError) {
  auto r = run(&throws_std, "required");
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.id, "test.check");
  EXPECT_EQ(r.level, "required");
  EXPECT_THAT(r.message, HasSubstr("journal entry 3 has no path"));
}

TEST_F(RunCheckTest, AnExceptionInARecommendedCheckIsStillAnError) {
  auto r = run(&throws_json, "recommended");
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_THAT(r.message, HasSubstr("missing"));
}

TEST_F(RunCheckTest, EvenANonStandardExceptionBecomesAnError) {
  // "one broken check never stops a run", whatever it throws.
  CheckResult r;
  ASSERT_NO_THROW(r = run(&throws_other, "required"));
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.id, "test.check");
  EXPECT_THAT(r.message, HasSubstr("the check itself failed"));
}

TEST(Verdicts, NamesRoundTrip) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError, Verdict::kWaived,
                    Verdict::kNotApplicable}) {
    EXPECT_EQ(verdict_from_name(verdict_name(v)), v);
  }
  EXPECT_EQ(verdict_name(Verdict::kWarn), "warn");
  // A check can be not applicable (a widget the manifest does not offer); "not checked" is only an item's.
  EXPECT_EQ(verdict_name(Verdict::kNotApplicable), "not_applicable");
  EXPECT_EQ(verdict_from_name("not_checked"), std::nullopt);
  EXPECT_EQ(verdict_from_name("PASS"), std::nullopt);
}

}  // namespace
}  // namespace cldcert
