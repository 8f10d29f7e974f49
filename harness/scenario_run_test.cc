#include "harness/scenario_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "harness/checks/check_test_support.h"
#include "harness/run_report.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;

Scenario lifecycle() {
  Scenario s;
  s.id = "lifecycle";
  s.steps = {{"cldcert.snapshot", "", {{"label", "before_install"}}, {}},
             {"install", "", {}, {}},
             {"cldcert.health", "", {}, {}}};
  return s;
}

TEST(NotApplicableReason, HostStepsNeedTheHostPlatformInTheManifest) {
  Manifest m;
  m.actions["install"] = ActionSpec{{"i"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m),
            "the manifest has no host.root (the host platform's folder to snapshot)");
  m.host_root = "{workdir}/site";
  EXPECT_EQ(not_applicable_reason(lifecycle(), m),
            "the manifest has no host.health (a command that exits 0 when the platform works)");
  m.host_health = ActionSpec{{"health"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), std::nullopt);
  m.actions.clear();
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), "the manifest has no 'install' action");
}

// A scenario cldcert cannot run (here: its work folder cannot be created under a file) must reach
// the caller as an exception, which makes that one scenario an error; while the mock's server
// thread was running it used to call std::terminate and end the whole run.
TEST(RunScenario, AnExceptionWhileTheMockServesReachesTheCaller) {
  const auto temp =
      std::filesystem::temp_directory_path() / ("cldcert-scenario-run-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(temp);
  std::ofstream(temp / "a-file") << "not a folder";
  Scenario s;
  s.id = "nothing";
  ScenarioRunOptions options;
  options.work_dir = temp / "a-file" / "work";
  options.fixture_cache = temp / "fixtures";
  EXPECT_THROW(run_scenario(s, Manifest{}, options), std::filesystem::filesystem_error);
  std::filesystem::remove_all(temp);
}

// A scratch folder for one scenario run with shell-command actions, removed however the test ends
// (an ASSERT returning early included).
struct ScratchRun {
  explicit ScratchRun(const std::string& name)
      : temp(std::filesystem::temp_directory_path() /
             ("cldcert-scenario-" + name + "-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(temp);
    manifest.dir = temp;
  }
  ~ScratchRun() { std::filesystem::remove_all(temp); }
  void action(const std::string& name, const std::string& shell, int timeout_s = 60) {
    manifest.actions[name] = ActionSpec{{"/bin/sh", "-c", shell}, timeout_s, "", {}};
  }
  static Scenario scenario_of(const std::string& id, std::initializer_list<const char*> actions) {
    Scenario s;
    s.id = id;
    for (const char* a : actions) {
      ScenarioStep step;
      step.action = a;
      s.steps.push_back(step);
    }
    return s;
  }
  ScenarioOutcome run(const Scenario& s) {
    ScenarioRunOptions options;
    options.work_dir = temp / "work";
    options.fixture_cache = temp / "fixtures";
    return run_scenario(s, manifest, options);
  }
  std::filesystem::path temp;
  Manifest manifest;
};

// An integration configured through its environment gets the placeholders' values, not their text.
TEST(RunScenario, PlaceholdersInAnActionsEnvAreReplacedLikeArgv) {
  ScratchRun scratch("env");
  scratch.action("install", "printf '%s\\n' \"$WHERE\"");
  scratch.manifest.actions["install"].env = {{"WHERE", "at {workdir}/x"}};
  const ScenarioOutcome outcome = scratch.run(ScratchRun::scenario_of("env", {"install"}));
  ASSERT_EQ(outcome.steps.size(), 1u) << outcome.reason;
  EXPECT_EQ(outcome.steps[0].stdout_text, "at " + (scratch.temp / "work").string() + "/x\n");
}

// A refusal the scenario allows is the integration's answer, not an error; an optional step the
// manifest lacks is left out; only an exit the scenario does not allow stops it.
TEST(RunScenario, AllowedExitsAreEvidenceAndOptionalStepsAreLeftOut) {
  ScratchRun scratch("expect");
  // One request, so that the step left out after it has a place in the journal to record.
  scratch.manifest.actions["install"] = ActionSpec{{"python3", "-c",
                                                    "import os, urllib.request\n"
                                                    "try: urllib.request.urlopen(os.environ['CLDCERT_MOCK_URL'] + "
                                                    "'/v1_1/x/resources/image')\n"
                                                    "except Exception: pass\n"},
                                                   60,
                                                   "",
                                                   {}};
  scratch.action("upload", "echo 'error: disabled' >&2; exit 3");
  scratch.action("deliver", "exit 0");
  const Manifest& m = scratch.manifest;
  Scenario s = ScratchRun::scenario_of("expect", {});
  auto add = [&](const std::string& action, StepExpect expect, bool optional = false) {
    ScenarioStep step;
    step.action = action;
    step.expect = std::move(expect);
    step.optional = optional;
    s.steps.push_back(step);
  };
  using Kind = StepExpect::Kind;
  add("install", {});
  add("package", {}, true);
  add("upload", {Kind::kSuccessOrRefusal});
  add("upload", {Kind::kRefusal});
  add("deliver", {Kind::kRefusal});  // exit 0 where a refusal was due: the checks' finding
  add("upload", {Kind::kExitCodes, {0, 3}});
  add("upload", {});
  add("deliver", {});
  EXPECT_EQ(not_applicable_reason(s, m), std::nullopt);
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 8u) << outcome.reason;
  EXPECT_EQ(outcome.steps[1].skipped, "the manifest has no 'package' action");
  EXPECT_EQ(outcome.steps[0].last_journal_id, 1u);
  EXPECT_EQ(outcome.steps[1].first_journal_id, 1u);  // where it would have run: after the step before it
  EXPECT_EQ(outcome.steps[1].last_journal_id, 1u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(outcome.steps[i].error, "") << i;
  EXPECT_EQ(outcome.steps[3].exit_code, 3);
  EXPECT_EQ(outcome.steps[4].exit_code, 0);
  EXPECT_EQ(outcome.steps[6].error, "exited with 3; stderr: error: disabled\n");
  EXPECT_EQ(outcome.reason, "step 7 (upload) exited with 3; stderr: error: disabled\n");
  // The scenario goes on after an error: the checks that need only the later steps are judged.
  EXPECT_EQ(outcome.steps[7].error, "");
  EXPECT_EQ(outcome.steps[7].action, "deliver");
  s.steps[1].optional = false;
  EXPECT_EQ(not_applicable_reason(s, m), "the manifest has no 'package' action");
}

// The limits scenario's shape: steps of an undeclared limit are left out, fixtures are sized by the
// declared one, and a scenario none of whose limits are declared is not applicable (R18 with a reason).
TEST(RunScenario, StepsOfUndeclaredLimitsAreLeftOutAndFixturesSizedByTheDeclaredOnes) {
  ScratchRun scratch("limits");
  scratch.action("upload", "wc -c < \"$CLDCERT_ARG_FILE\"; echo \"$CLDCERT_ARG_FILE\"");
  Scenario s = ScratchRun::scenario_of("limits", {"upload", "upload"});
  s.steps[0].limit = "max_upload_bytes";
  s.steps[0].args = {{"file", "{fixture.past}"}, {"max", "{limits.max_upload_bytes}"}};
  s.steps[1].limit = "file_types";
  s.steps[1].args = {{"file", "{fixture.odd}"}};
  FixtureSpec past{"past"};
  past.size_limit = "max_upload_bytes";
  past.size_plus = 1;
  FixtureSpec odd{"odd"};
  odd.size = 10;
  odd.extension = "exe";
  s.fixtures = {past, odd};
  EXPECT_EQ(not_applicable_reason(s, scratch.manifest),
            "the manifest declares no limit this scenario exercises (limits.file_types, limits.max_upload_bytes)");

  scratch.manifest.limits.max_upload_bytes = 100;
  EXPECT_EQ(not_applicable_reason(s, scratch.manifest), std::nullopt);
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 2u) << outcome.reason;
  EXPECT_EQ(outcome.reason, "");
  EXPECT_THAT(outcome.steps[0].stdout_text, HasSubstr("101\n"));
  EXPECT_EQ(outcome.steps[0].args.at("max"), "100");
  EXPECT_EQ(outcome.steps[1].skipped, "the manifest declares no limits.file_types");

  scratch.manifest.limits = Limits{};
  scratch.manifest.limits.file_types = {"png"};
  const ScenarioOutcome types = scratch.run(s);
  ASSERT_EQ(types.steps.size(), 2u) << types.reason;
  EXPECT_EQ(types.steps[0].skipped, "the manifest declares no limits.max_upload_bytes");
  EXPECT_THAT(types.steps[1].stdout_text, HasSubstr(".exe\n"));
  EXPECT_EQ(types.fixtures.size(), 1u);  // the one sized by an undeclared limit is never made
}

// A batch fixture sized by a declared limit: a folder holding exactly that many files (plus N), each with its
// own bytes and facts, and nothing else (no digest beside them for the integration to upload).
TEST(RunScenario, BatchFixturesAreAFolderOfTheDeclaredCountOfDistinctFiles) {
  ScratchRun scratch("batch");
  scratch.action("upload", "ls -A \"$CLDCERT_ARG_FOLDER\"");
  Scenario s = ScratchRun::scenario_of("batch", {"upload"});
  s.steps[0].limit = "queue_size";
  s.steps[0].args = {{"folder", "{fixture.past_queue}"}};
  FixtureSpec past{"past_queue"};
  past.kind = "png";
  past.width = past.height = 4;
  past.count_limit = "queue_size";
  past.count_plus = 1;
  s.fixtures = {past};
  scratch.manifest.limits.queue_size = 3;
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 1u) << outcome.reason;
  EXPECT_EQ(outcome.steps[0].stdout_text,
            "past_queue-0001.png\npast_queue-0002.png\npast_queue-0003.png\npast_queue-0004.png\n");
  ASSERT_EQ(outcome.fixtures.size(), 4u);
  std::set<std::string> digests;
  for (const auto& [path, facts] : outcome.fixtures) {
    EXPECT_TRUE(path.starts_with(outcome.steps[0].args.at("folder") + "/")) << path;
    digests.insert(facts.sha256);
  }
  EXPECT_EQ(digests.size(), 4u);
  EXPECT_EQ(outcome.fixtures.begin()->second.name, "past_queue/1");
}

// The one rule the run and verify share for what is left out.
TEST(LeftOutReason, OptionalStepsTheManifestLacksAndUndeclaredLimits) {
  Manifest m;
  m.actions["install"] = ActionSpec{{"i"}, 60, "", {}};
  ScenarioStep step;
  step.action = "package";
  EXPECT_EQ(left_out_reason(step, m), "");  // not optional: the scenario is not applicable instead
  step.optional = true;
  EXPECT_EQ(left_out_reason(step, m), "the manifest has no 'package' action");
  step.action = "install";
  EXPECT_EQ(left_out_reason(step, m), "");
  step.action = "cldcert.read_docs";
  EXPECT_EQ(left_out_reason(step, m), "");
  step.action = "install";
  step.limit = "max_upload_bytes";
  EXPECT_EQ(left_out_reason(step, m), "the manifest declares no limits.max_upload_bytes");
  m.session = SessionSpec{ActionSpec{{"app"}, 60, "", {}}, {{"package", 60}}};
  step.action = "package";
  step.limit.clear();
  EXPECT_EQ(left_out_reason(step, m), "");  // served by the session
}

// A step cut short (here: past its timeout) may hang again: the scenario stops there.
TEST(RunScenario, AStepCutShortStopsTheScenario) {
  ScratchRun scratch("cut");
  scratch.action("install", "exit 4");
  scratch.action("upload", "exec sleep 30", 1);
  scratch.action("deliver", "exit 0");
  const ScenarioOutcome outcome = scratch.run(ScratchRun::scenario_of("cut", {"install", "upload", "deliver"}));
  ASSERT_EQ(outcome.steps.size(), 2u);
  EXPECT_EQ(outcome.steps[0].error.rfind("exited with 4", 0), 0u);  // not cut: the next step ran
  EXPECT_TRUE(outcome.steps[1].timed_out);
  EXPECT_EQ(outcome.reason.rfind("step 1 (install) exited with 4", 0), 0u) << outcome.reason;
}

// What each step of [install, login, upload, logout, upload] found of the credentials, for a
// manifest receiving them `via` one way: "<CLOUDINARY_URL set?>|<argv>" per step.
std::vector<std::string> credentials_seen(CredentialsVia via) {
  ScratchRun scratch("credentials");
  Manifest& m = scratch.manifest;
  m.credentials_via = via;
  const std::string show =
      "printf '%s|%s|%s\\n' \"${{CLOUDINARY_URL:+url}}${{CLDCERT_API_SECRET:+secret}}\" \"$1\" "
      "\"${{CLDCERT_MOCK_URL:+mock}}\"";  // {{ }}: literal braces in an argv
  for (const char* action : {"install", "upload", "logout"})
    m.actions[action] = ActionSpec{{"/bin/sh", "-c", show, "sh", "-"}, 60, "", {}};
  const std::string login_arg = via == CredentialsVia::kLogin ? "{api_key}:{api_secret}@{api_base_url}" : "-";
  m.actions["login"] = ActionSpec{{"/bin/sh", "-c", show, "sh", login_arg}, 60, "", {}};
  const ScenarioOutcome outcome =
      scratch.run(ScratchRun::scenario_of("credentials", {"install", "login", "upload", "logout", "upload"}));
  std::vector<std::string> seen;
  if (!outcome.reason.empty()) seen.push_back("error: " + outcome.reason);
  for (const auto& step : outcome.steps) {
    std::string line = step.stdout_text.substr(0, step.stdout_text.find('\n'));
    // The secret itself is redacted in the record; its place shows that it came.
    seen.push_back(line.find("[REDACTED]") != std::string::npos ? "secret in argv" : line);
  }
  return seen;
}

TEST(RunScenario, CredentialsReachOnlyTheLoggedInStepsThroughTheEnvironment) {
  EXPECT_EQ(
      credentials_seen(CredentialsVia::kEnvironment),
      (std::vector<std::string>{"|-|mock", "urlsecret|-|mock", "urlsecret|-|mock", "urlsecret|-|mock", "|-|mock"}));
}

TEST(RunScenario, CredentialsReachOnlyTheLoginStepThroughItsArguments) {
  EXPECT_EQ(credentials_seen(CredentialsVia::kLogin),
            (std::vector<std::string>{"|-|mock", "secret in argv", "|-|mock", "|-|mock", "|-|mock"}));
}

// The account-level (provisioning) credentials come with a cloud's, the same way, but only to an
// integration that declares sub_accounts.
std::vector<std::string> provisioning_credentials_seen(CredentialsVia via, bool declares_sub_accounts) {
  ScratchRun scratch("provisioning");
  Manifest& m = scratch.manifest;
  m.credentials_via = via;
  if (declares_sub_accounts) m.capabilities.insert("sub_accounts");
  const std::string show =
      "printf '%s|%s\\n' \"${{CLOUDINARY_ACCOUNT_URL:+url}}${{CLDCERT_PROVISIONING_SECRET:+secret}}\" \"$1\"";
  m.actions["upload"] = ActionSpec{{"/bin/sh", "-c", show, "sh", "-"}, 60, "", {}};
  m.actions["logout"] = m.actions["upload"];
  const std::string login_arg = via == CredentialsVia::kLogin ? "{account_url?}" : "-";
  m.actions["login"] = ActionSpec{{"/bin/sh", "-c", show, "sh", login_arg}, 60, "", {}};
  const ScenarioOutcome outcome =
      scratch.run(ScratchRun::scenario_of("provisioning", {"login", "upload", "logout", "upload"}));
  std::vector<std::string> seen;
  if (!outcome.reason.empty()) seen.push_back("error: " + outcome.reason);
  for (const auto& step : outcome.steps) {
    std::string line = step.stdout_text.substr(0, step.stdout_text.find('\n'));
    seen.push_back(line.find("account://") != std::string::npos && line.find("[REDACTED]") != std::string::npos
                       ? "account url in argv"
                       : line);
  }
  return seen;
}

TEST(RunScenario, ProvisioningCredentialsReachOnlyAnIntegrationDeclaringSubAccounts) {
  EXPECT_EQ(provisioning_credentials_seen(CredentialsVia::kEnvironment, true),
            (std::vector<std::string>{"urlsecret|-", "urlsecret|-", "urlsecret|-", "|-"}));
  EXPECT_EQ(provisioning_credentials_seen(CredentialsVia::kEnvironment, false),
            (std::vector<std::string>{"|-", "|-", "|-", "|-"}));
  EXPECT_EQ(provisioning_credentials_seen(CredentialsVia::kLogin, true),
            (std::vector<std::string>{"account url in argv", "|-", "|-", "|-"}));
  EXPECT_EQ(provisioning_credentials_seen(CredentialsVia::kLogin, false),
            (std::vector<std::string>{"|", "|-", "|-", "|-"}));
}

// Through the environment too: after the pick it still holds the cloud signed in to, not the
// sub-account's; a step naming another cloud gets that cloud's, as before.
TEST(RunScenario, InAPickedSubAccountTheEnvironmentKeepsTheCloudSignedInTo) {
  ScratchRun scratch("pick-env");
  scratch.manifest.capabilities.insert("sub_accounts");
  for (const char* action : {"login", "switch_sub_account", "upload"})
    scratch.action(action, "printf '%s\\n' \"$CLDCERT_CLOUD_NAME\"");
  Scenario s = ScratchRun::scenario_of("pick-env", {"login", "switch_sub_account", "upload", "upload"});
  s.steps[0].cloud = "secondary";
  s.steps[1].cloud = "secondary_sub";
  s.steps[3].cloud = "primary";
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 4u) << outcome.reason;
  const mock::Accounts accounts = scenario_accounts(ScenarioRunOptions{}.seed, "pick-env");
  const std::string secondary = accounts.accounts.at(1).clouds.at(0).cloud_name + "\n";
  EXPECT_EQ(outcome.steps[1].stdout_text, secondary);
  EXPECT_EQ(outcome.steps[2].stdout_text, secondary);
  EXPECT_EQ(outcome.steps[2].cloud, accounts.accounts.at(1).clouds.at(1).cloud_name);
  EXPECT_EQ(outcome.steps[3].stdout_text, accounts.accounts.at(0).clouds.at(0).cloud_name + "\n");
}

// An integration with a CLI of its own: the scenario's value spelled its way (type fetch → --fetch),
// its own output shape read through JSON pointers, pretty-printed over several lines.
TEST(RunScenario, ValueMapsAndOutputPointersFitACliOfItsOwn) {
  ScratchRun scratch("cli-shape");
  scratch.action(
      "deliver",
      "printf '%s\\n' '{{' '  \"asset\": {{\"id\": \"x1\", \"links\": [\"https://res.cloudinary.com/c/x1\"]}},' "
      "\"  \\\"flag\\\": \\\"$1\\\", \\\"env\\\": \\\"$CLDCERT_ARG_TYPE\\\"\" '}}'");
  ActionSpec& deliver = scratch.manifest.actions["deliver"];
  deliver.command.push_back("sh");
  deliver.command.push_back("{type}");
  deliver.values = {{"type", {{"fetch", "--fetch"}, {"upload", "--stored"}}}};
  deliver.output = {{"public_id", "/asset/id"}, {"url", "/asset/links/0"}, {"missing", "/no/such"}};
  Scenario s = ScratchRun::scenario_of("cli-shape", {"deliver", "deliver", "deliver"});
  s.steps[0].args = {{"type", "fetch"}};
  s.steps[1].args = {{"type", "private"}};  // not in the map: passed as it is
  s.steps[2].args = {{"type", "{last.public_id}"}};
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 3u) << outcome.reason;
  EXPECT_EQ(outcome.reason, "");
  const auto& first = outcome.steps[0];
  EXPECT_EQ(first.args.at("type"), "fetch");  // the record keeps what the scenario meant
  EXPECT_EQ(first.last_json["flag"], "--fetch");
  EXPECT_EQ(first.last_json["env"], "--fetch");
  EXPECT_EQ(first.last_json["public_id"], "x1");
  EXPECT_EQ(first.last_json["url"], "https://res.cloudinary.com/c/x1");
  EXPECT_EQ(first.last_json["asset"]["id"], "x1");  // what it printed stays
  EXPECT_FALSE(first.last_json.contains("missing"));
  EXPECT_EQ(outcome.steps[1].last_json["flag"], "private");
  EXPECT_EQ(outcome.steps[2].args.at("type"), "x1");  // {last.public_id}, read through its pointer
}

// "{last.public_id?}" after a step that printed nothing: the argument is left out, not an error.
TEST(RunScenario, AnOptionalPlaceholderWithoutAValueLeavesTheArgumentOut) {
  ScratchRun scratch("optional-arg");
  scratch.action("delete", "printf '%s\\n' \"${{CLDCERT_ARG_PUBLIC_ID-none}}\"");
  Scenario s = ScratchRun::scenario_of("optional-arg", {"delete"});
  s.steps[0].args = {{"public_id", "{last.public_id?}"}, {"type", "upload"}};
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 1u);
  EXPECT_EQ(outcome.steps[0].error, "");
  EXPECT_EQ(outcome.steps[0].args, (std::map<std::string, std::string>{{"type", "upload"}}));
  EXPECT_EQ(outcome.steps[0].stdout_text, "none\n");
}

// A session in Python that logs every command it gets to commands.jsonl and answers per `body`
// (c: the command; answer(c, **fields) writes the answer line).
void python_session(ScratchRun& scratch, const std::string& body, const std::vector<std::string>& serves) {
  SessionSpec session;
  session.process = ActionSpec{{"python3", "-c",
                                "import json, sys, os\n"
                                "log = open('commands.jsonl', 'a')\n"
                                "def answer(c, **fields):\n"
                                "    print(json.dumps(dict(id=c['id'], **fields)), flush=True)\n"
                                "for line in sys.stdin:\n"
                                "    c = json.loads(line)\n"
                                "    log.write(line); log.flush()\n" +
                                    body},
                               5,
                               "",
                               {}};
  for (const auto& action : serves) session.actions[action] = 5;
  scratch.manifest.session = session;
  scratch.manifest.credentials_via = CredentialsVia::kLogin;
}

std::vector<nlohmann::json> commands_received(const ScratchRun& scratch) {
  std::vector<nlohmann::json> out;
  std::ifstream in(scratch.temp / "commands.jsonl");
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

// Picking a sub-account makes it the current cloud, gives its id and no credentials; a session's
// login command carries the account's provisioning credentials.
TEST(RunScenario, ASubAccountPickedIsTheCurrentCloudWithoutCredentials) {
  ScratchRun scratch("pick");
  scratch.manifest.capabilities.insert("sub_accounts");
  python_session(scratch, "    answer(c)\n", {"login", "switch_sub_account", "upload"});
  Scenario s = ScratchRun::scenario_of("pick", {"login", "switch_sub_account", "upload"});
  s.steps[0].cloud = "secondary";
  s.steps[1].cloud = "secondary_sub";
  s.steps[1].args = {{"sub_account_id", "{sub_account_id}"}};
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 3u) << outcome.reason;
  const mock::Accounts accounts = scenario_accounts(ScenarioRunOptions{}.seed, "pick");
  const mock::Account& second = accounts.accounts.at(1);
  EXPECT_EQ(outcome.steps[2].cloud, second.clouds.at(1).cloud_name);
  EXPECT_EQ(outcome.steps[1].args.at("sub_account_id"), second.clouds.at(1).id);

  const auto commands = commands_received(scratch);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0]["credentials"]["account_id"], second.id);
  EXPECT_EQ(commands[0]["credentials"]["provisioning_key"], second.provisioning_key);
  EXPECT_EQ(commands[0]["credentials"]["provisioning_secret"], second.provisioning_secret);
  EXPECT_EQ(commands[0]["credentials"]["account_url"].get<std::string>().rfind("account://", 0), 0u);
  EXPECT_EQ(commands[1]["action"], "switch_sub_account");
  EXPECT_EQ(commands[1]["cloud"], second.clouds.at(1).cloud_name);
  EXPECT_EQ(commands[1]["args"]["sub_account_id"], second.clouds.at(1).id);
  EXPECT_FALSE(commands[1].contains("credentials"));
  EXPECT_EQ(commands[2]["cloud"], second.clouds.at(1).cloud_name);
}

// One process serves the steps it is given, each answer becoming the step's record; the other
// actions stay processes; credentials come in the login command alone.
TEST(RunScenario, ASessionServesItsStepsAndAnswersBecomeTheirRecords) {
  ScratchRun scratch("session");
  scratch.action("install", "exit 0");
  python_session(scratch,
                 "    if c['action'] == 'upload':\n"
                 "        print('uploading', c['args']['file'], file=sys.stderr, flush=True)\n"
                 "        answer(c, exit_code=0, output=dict(public_id='p-' + str(os.getpid())))\n"
                 "    elif c['action'] == 'delete':\n"
                 "        answer(c, exit_code=3, message='error: not logged in')\n"
                 "    else:\n"
                 "        answer(c)\n",
                 {"login", "upload", "delete", "logout"});
  Scenario s = ScratchRun::scenario_of("session", {"install", "login", "upload", "upload", "logout", "delete"});
  s.steps[1].cloud = "primary";
  s.steps[2].args = {{"file", "a.png"}};
  s.steps[3].args = {{"file", "{last.public_id}"}};
  s.steps[5].expect.kind = StepExpect::Kind::kRefusal;
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 6u) << outcome.reason;
  EXPECT_EQ(outcome.reason, "");
  const auto& upload = outcome.steps[2];
  EXPECT_EQ(upload.exit_code, 0);
  ASSERT_TRUE(upload.last_json.is_object());
  const std::string public_id = upload.last_json["public_id"];
  EXPECT_THAT(upload.stderr_text, HasSubstr("uploading a.png"));  // its log, even if it came after its answer
  // One process for all: the second upload got the first one's output through {last.public_id}.
  EXPECT_EQ(outcome.steps[3].args.at("file"), public_id);
  EXPECT_EQ(outcome.steps[3].last_json["public_id"], public_id);
  EXPECT_EQ(outcome.steps[5].exit_code, 3);
  EXPECT_EQ(outcome.steps[5].stderr_text, "error: not logged in\n");
  EXPECT_EQ(outcome.steps[5].error, "");

  const auto commands = commands_received(scratch);
  ASSERT_EQ(commands.size(), 5u);  // install was a process of its own
  EXPECT_EQ(commands[0]["action"], "login");
  EXPECT_EQ(commands[0]["cloud"], outcome.steps[1].cloud);
  EXPECT_EQ(commands[0]["credentials"]["cloud_name"], outcome.steps[1].cloud);
  EXPECT_TRUE(commands[0]["credentials"].contains("api_secret"));
  EXPECT_EQ(commands[1]["args"], (nlohmann::json{{"file", "a.png"}}));
  for (std::size_t i = 1; i < commands.size(); ++i) EXPECT_FALSE(commands[i].contains("credentials")) << i;
}

// A session that dies takes what it held in memory with it: the step is an error and the scenario
// stops there.
TEST(RunScenario, ASessionThatDiesStopsTheScenarioAtThatStep) {
  ScratchRun scratch("session-dies");
  python_session(scratch,
                 "    if c['action'] == 'upload':\n"
                 "        sys.stderr.write('Traceback: boom\\n'); sys.exit(1)\n"
                 "    answer(c)\n",
                 {"login", "upload", "logout"});
  const ScenarioOutcome outcome = scratch.run(ScratchRun::scenario_of("dies", {"login", "upload", "logout"}));
  ASSERT_EQ(outcome.steps.size(), 2u);
  EXPECT_THAT(outcome.steps[1].error, HasSubstr("the session exited with 1"));
  EXPECT_THAT(outcome.reason, HasSubstr("step 2 (upload) the session exited with 1"));
}

// Steps of a group are in flight together: each of these processes waits for the other to start.
TEST(RunScenario, ConcurrentStepsRunAtTheSameTime) {
  ScratchRun scratch("concurrent");
  scratch.action("upload",
                 "touch \"started-$CLDCERT_ARG_NAME\"; for i in $(seq 50); do "
                 "if [ -e \"started-$CLDCERT_ARG_OTHER\" ]; then echo \"{{\\\"saw\\\": \\\"$CLDCERT_ARG_OTHER\\\"}}\"; "
                 "exit 0; fi; "
                 "sleep 0.1; done; exit 1");  // {{ }}: literal braces in an argv
  Scenario s = ScratchRun::scenario_of("concurrent", {"upload", "upload"});
  s.steps[0].args = {{"name", "a"}, {"other", "b"}};
  s.steps[1].args = {{"name", "b"}, {"other", "a"}};
  for (auto& step : s.steps) step.concurrent_group = 0;
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 2u);
  EXPECT_EQ(outcome.reason, "");
  EXPECT_EQ(outcome.steps[0].last_json["saw"], "b");
  EXPECT_EQ(outcome.steps[1].last_json["saw"], "a");
  EXPECT_EQ(outcome.steps[1].concurrent_group, 0u);
  EXPECT_EQ(outcome.steps[0].first_journal_id, outcome.steps[1].first_journal_id);
  EXPECT_EQ(outcome.steps[0].last_journal_id, outcome.steps[1].last_journal_id);
  // Run one after the other, the first would wait for the second in vain.
  for (auto& step : s.steps) step.concurrent_group.reset();
  std::filesystem::remove(scratch.manifest.dir / "started-a");
  std::filesystem::remove(scratch.manifest.dir / "started-b");
  EXPECT_EQ(scratch.run(s).steps[0].exit_code, 1);
}

// A session is sent every command of a group before it answers any.
TEST(RunScenario, ASessionGetsTheCommandsOfAGroupTogether) {
  ScratchRun scratch("session-group");
  python_session(scratch,
                 "    pending = globals().setdefault('pending', [])\n"
                 "    pending.append(c)\n"
                 "    if len(pending) == 2:\n"
                 "        for p in reversed(pending): answer(p, output=dict(cloud=p['cloud']))\n",
                 {"upload"});
  Scenario s = ScratchRun::scenario_of("group", {"upload", "upload"});
  s.steps[0].cloud = "primary";
  s.steps[1].cloud = "secondary";
  for (auto& step : s.steps) step.concurrent_group = 0;
  const ScenarioOutcome outcome = scratch.run(s);
  ASSERT_EQ(outcome.steps.size(), 2u);
  EXPECT_EQ(outcome.reason, "");
  EXPECT_EQ(outcome.steps[0].last_json["cloud"], outcome.steps[0].cloud);
  EXPECT_EQ(outcome.steps[1].last_json["cloud"], outcome.steps[1].cloud);
  EXPECT_NE(outcome.steps[0].cloud, outcome.steps[1].cloud);
}

// The evidence of a scenario [install, login, upload, deliver, logout, uninstall] whose upload sends
// no User-Agent and no secret; `errored` is the 0-based step that errored (exit 1), or -1.
struct ErroredRun {
  Scenario scenario;
  testing_support::Evidence evidence;
  ScenarioOutcome outcome;

  explicit ErroredRun(int errored) {
    scenario.id = "errored-step";
    scenario.checklist = {"T1", "T2", "R1"};
    scenario.checks = {"ua.format", "secret.traffic", "delivery.host"};
    for (const char* action : {"install", "login", "upload", "deliver", "logout", "uninstall"}) {
      ScenarioStep step;
      step.action = action;
      scenario.steps.push_back(step);
    }
    for (int i = 0; i < static_cast<int>(scenario.steps.size()); ++i) {
      StepRecord& step = evidence.step(scenario.steps[i].action);
      if (scenario.steps[i].action == "upload") evidence.request("POST", "/v1_1/alpha/image/upload").action = "upload";
      if (i == errored) {
        step.exit_code = 1;
        step.error = "exited with 1; stderr: boom";
        outcome.reason = "step " + std::to_string(i + 1) + " (" + step.action + ") " + step.error;
        break;
      }
    }
    outcome.scenario = &scenario;
    outcome.steps = evidence.steps();
    CheckInput input{evidence.manifest(), evidence.journal(), outcome.steps, evidence.accounts(), {}, {}};
    judge_scenario(outcome, input);
  }
  Verdict check(const std::string& id) const {
    for (const auto& c : outcome.checks)
      if (c.id == id) return c.verdict;
    throw std::runtime_error("no check " + id);
  }
  std::string item(const std::string& id) const {
    for (const auto& line : checklist_verdicts({outcome})) {
      if (line["item"] == id) return line["verdict"];
    }
    return "";
  }
};

// A live run's record files each answer under the check that asked for it: what verify names.
TEST(JudgeScenario, TheSecretRecordFilesEachAnswerUnderTheCheckThatAsked) {
  Scenario scenario;
  scenario.id = "delivery";
  scenario.checks = {"delivery.host", "delivery.signed_restricted"};
  ScenarioStep deliver;
  deliver.action = "deliver";
  scenario.steps = {deliver};
  testing_support::Evidence evidence;
  mock::Account account;
  account.id = "acc";
  account.clouds.push_back({.cloud_name = "alpha", .api_key = "111", .api_secret = "fake_alpha_secret_0000"});
  evidence.accounts().accounts = {account};
  evidence.step("deliver").last_json = {
      {"url", "https://res.cloudinary.com/alpha/image/private/s--AAAAAAAA--/v1/a.png"}};
  ScenarioOutcome outcome;
  outcome.scenario = &scenario;
  outcome.steps = evidence.steps();
  SecretRecord record = SecretRecord::recording();
  CheckInput input{evidence.manifest(), evidence.journal(), outcome.steps, evidence.accounts(), {}, {}, &record};
  judge_scenario(outcome, input);
  ASSERT_EQ(record.facts().size(), 1u);
  EXPECT_EQ(record.facts()[0].check, "delivery.signed_restricted");
  EXPECT_EQ(record.facts()[0].cloud, "alpha");
  EXPECT_EQ(record.facts()[0].text, "a.png");  // what the signature covers: the URL without its version
  EXPECT_FALSE(record.facts()[0].valid);
}

// A live cloud's own 420 is judged where it happens: upload-basics names no ratelimit.backoff, yet the
// integration that hammered the real rate limit fails R19 there. A 420 a cldcert.fault injected is the
// rate-limits scenario's to judge, not every scenario's.
TEST(JudgeScenario, ARateLimitTheCloudGaveOnItsOwnIsJudgedInAnyScenario) {
  Scenario scenario;
  scenario.id = "upload-basics";
  scenario.checks = {"ua.format"};
  ScenarioStep upload;
  upload.action = "upload";
  scenario.steps = {upload};
  auto judged = [&](const std::string& fault) {
    testing_support::Evidence evidence;
    evidence.step("upload");
    evidence.upload("image", 420).fault = fault;
    evidence.upload("image", 200, 5);  // retried 5 ms later: hammering
    ScenarioOutcome outcome;
    outcome.scenario = &scenario;
    outcome.steps = evidence.steps();
    EXPECT_EQ(checks_to_judge(scenario, evidence.journal()).size(), fault.empty() ? 2u : 1u);
    CheckInput input{evidence.manifest(), evidence.journal(), outcome.steps, evidence.accounts(), {}, {}};
    judge_scenario(outcome, input);
    return outcome;
  };
  ScenarioOutcome live = judged("");
  ASSERT_EQ(live.checks.size(), 2u);
  EXPECT_EQ(live.checks[1].id, "ratelimit.backoff");
  EXPECT_EQ(live.checks[1].verdict, Verdict::kFail) << live.checks[1].message;
  bool r19 = false;
  for (const auto& line : checklist_verdicts({live})) r19 = r19 || (line["item"] == "R19" && line["verdict"] == "fail");
  EXPECT_TRUE(r19);
  ScenarioOutcome injected = judged("fault-1");
  ASSERT_EQ(injected.checks.size(), 1u);
  EXPECT_EQ(injected.checks[0].id, "ua.format");
}

TEST(JudgeScenario, AnErroredLastStepHidesNeitherAFailureNorAPass) {
  ErroredRun run(5);  // uninstall exited 1: every request of the scenario is recorded
  EXPECT_EQ(run.check("ua.format"), Verdict::kFail);
  EXPECT_EQ(run.check("secret.traffic"), Verdict::kPass);
  EXPECT_EQ(run.outcome.verdict, Verdict::kFail);
  EXPECT_EQ(run.item("T2"), "fail");
  EXPECT_EQ(run.item("T1"), "pass");
  EXPECT_EQ(scenario_json(run.outcome)["errored"], true);
}

TEST(JudgeScenario, AnErroredStepMakesErrorsOnlyOfTheChecksThatNeededWhatItTookAway) {
  // upload exited 1 after its request; deliver, logout and uninstall did not run (as after a timeout).
  ErroredRun run(2);
  // The request without a User-Agent was sent: the failure stands; and no secret was in the
  // traffic the integration sent, whatever it did not get to send.
  EXPECT_EQ(run.check("ua.format"), Verdict::kFail);
  EXPECT_EQ(run.check("secret.traffic"), Verdict::kPass);
  // No delivery URL was printed because deliver never ran: R1 is not judged, not passed.
  EXPECT_EQ(run.check("delivery.host"), Verdict::kError);
  EXPECT_EQ(run.item("T2"), "fail");
  EXPECT_EQ(run.item("T1"), "pass");
  EXPECT_EQ(run.item("R1"), "error");
}

TEST(JudgeScenario, AStepNoCheckNeededChangesNoVerdict) {
  ErroredRun clean(-1), errored(5);
  EXPECT_EQ(clean.check("delivery.host"), errored.check("delivery.host"));
  EXPECT_NE(errored.check("delivery.host"), Verdict::kError);
}

}  // namespace
}  // namespace cldcert
