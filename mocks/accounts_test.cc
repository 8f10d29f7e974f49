#include "mocks/accounts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

namespace cldcert::mock {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Fake credentials only: shaped like real ones, belonging to nobody.
json good_doc() {
  return json::parse(R"({
    "accounts": [
      {"id": "agency", "provisioning_key": "811122233344455", "provisioning_secret": "prov-Secret_0ne",
       "note": "extra fields are fine",
       "clouds": [
         {"cloud_name": "agency-prod", "api_key": "123456789012345", "api_secret": "s3cret-prod",
          "role": "technical_admin", "signature_algorithm": "sha256", "id": "sub-1",
          "upload_presets": [
            {"name": "site_unsigned", "unsigned": true, "folder": "site", "tags": ["a", "b"]},
            {"name": "site_signed"}]},
         {"cloud_name": "9agency_staging", "api_key": "42", "api_secret": "s3cret-staging",
          "role": "read_only"}]},
      {"id": "solo", "provisioning_key": "", "provisioning_secret": "",
       "clouds": [{"cloud_name": "solo", "api_key": "999", "api_secret": "s3cret-prod"}]}]})");
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("cldcert_accounts_test_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::vector<std::string> problems_of(const json& doc) {
  try {
    parse_accounts(doc, "accounts.json");
  } catch (const AccountsError& e) { return e.problems; }
  return {};
}

TEST(Accounts, RoleNamesAndWriteAccess) {
  EXPECT_EQ(role_name(Role::kMasterAdmin), "master_admin");
  EXPECT_EQ(role_name(Role::kAdmin), "admin");
  EXPECT_EQ(role_name(Role::kTechnicalAdmin), "technical_admin");
  EXPECT_EQ(role_name(Role::kReadOnly), "read_only");
  EXPECT_TRUE(role_can_write(Role::kMasterAdmin));
  EXPECT_TRUE(role_can_write(Role::kAdmin));
  EXPECT_TRUE(role_can_write(Role::kTechnicalAdmin));
  EXPECT_FALSE(role_can_write(Role::kReadOnly));
}

TEST(Accounts, ParsesGoodDocumentAndAppliesDefaults) {
  Accounts accounts = parse_accounts(good_doc(), "accounts.json");
  ASSERT_EQ(accounts.accounts.size(), 2u);
  const Account& agency = accounts.accounts[0];
  EXPECT_EQ(agency.id, "agency");
  EXPECT_EQ(agency.provisioning_key, "811122233344455");
  EXPECT_EQ(agency.provisioning_secret, "prov-Secret_0ne");
  ASSERT_EQ(agency.clouds.size(), 2u);

  const Cloud& prod = agency.clouds[0];
  EXPECT_EQ(prod.cloud_name, "agency-prod");
  EXPECT_EQ(prod.api_key, "123456789012345");
  EXPECT_EQ(prod.api_secret, "s3cret-prod");
  EXPECT_EQ(prod.role, Role::kTechnicalAdmin);
  EXPECT_EQ(prod.signature_algorithm, DigestAlgorithm::kSha256);
  EXPECT_EQ(prod.account_id, "agency");
  EXPECT_EQ(prod.id, "sub-1");
  ASSERT_EQ(prod.upload_presets.size(), 2u);
  EXPECT_EQ(prod.upload_presets[0].name, "site_unsigned");
  EXPECT_TRUE(prod.upload_presets[0].is_unsigned);
  EXPECT_EQ(prod.upload_presets[0].settings, json::parse(R"({"folder": "site", "tags": ["a", "b"]})"));
  EXPECT_EQ(prod.upload_presets[1].name, "site_signed");
  EXPECT_FALSE(prod.upload_presets[1].is_unsigned);
  EXPECT_EQ(prod.upload_presets[1].settings, json::object());
  EXPECT_EQ(prod.find_preset("site_signed"), &prod.upload_presets[1]);
  EXPECT_EQ(prod.find_preset("nope"), nullptr);

  const Cloud& staging = agency.clouds[1];
  EXPECT_EQ(staging.role, Role::kReadOnly);
  EXPECT_EQ(staging.signature_algorithm, DigestAlgorithm::kSha1);
  EXPECT_TRUE(staging.upload_presets.empty());

  const Cloud& solo = accounts.accounts[1].clouds[0];
  EXPECT_EQ(solo.role, Role::kMasterAdmin);
  EXPECT_EQ(solo.signature_algorithm, DigestAlgorithm::kSha1);
  EXPECT_EQ(solo.account_id, "solo");
  EXPECT_EQ(solo.id, subaccount_id_for("solo"));
  EXPECT_TRUE(std::regex_match(solo.id, std::regex("[0-9a-f]{32}")));
  EXPECT_NE(subaccount_id_for("solo"), subaccount_id_for("solo2"));
}

TEST(Accounts, ReportsEveryProblemAtOnceWithPointers) {
  const std::string long_name(65, 'a');
  json doc = json::parse(R"({"accounts": [
    {"id": "", "provisioning_key": 5, "clouds": [
      {"cloud_name": "Agency", "api_key": "12ab", "api_secret": "",
       "role": "owner", "signature_algorithm": "md5",
       "upload_presets": [{"unsigned": "yes"}, {"name": "p"}, {"name": "p"}, "x"]},
      {"cloud_name": "dup", "api_key": "111", "api_secret": "s", "role": null, "id": ""},
      7]},
    {"id": "b", "provisioning_key": "k", "provisioning_secret": "s", "clouds": {}},
    {"id": "b", "provisioning_key": "k", "provisioning_secret": "s", "clouds": [
      {"cloud_name": "dup", "api_key": "111", "api_secret": "s", "upload_presets": {}},
      {"api_key": "123456789012345678901234567890123", "api_secret": 12}]},
    "not an account"]})");
  doc["accounts"][2]["clouds"][1]["cloud_name"] = long_name;
  EXPECT_THAT(
      problems_of(doc),
      ElementsAre(
          "accounts.json: /accounts/0/id: expected a non-empty string, found an empty string",
          "accounts.json: /accounts/0/provisioning_key: expected a string, found a number",
          "accounts.json: /accounts/0/provisioning_secret: expected a string, found nothing",
          "accounts.json: /accounts/0/clouds/0/cloud_name: expected a cloud name of 1 to 64 lowercase "
          "letters, digits, '-' or '_', found \"Agency\"",
          "accounts.json: /accounts/0/clouds/0/api_key: expected a string of 1 to 32 digits, found a "
          "string of 4 characters (not shown)",
          "accounts.json: /accounts/0/clouds/0/api_secret: expected a non-empty string, found an empty string",
          "accounts.json: /accounts/0/clouds/0/role: expected one of master_admin, admin, "
          "technical_admin, read_only, found \"owner\"",
          "accounts.json: /accounts/0/clouds/0/signature_algorithm: expected one of sha1, sha256, found \"md5\"",
          "accounts.json: /accounts/0/clouds/0/upload_presets/0/name: expected a non-empty string, found nothing",
          "accounts.json: /accounts/0/clouds/0/upload_presets/0/unsigned: expected true or false, found \"yes\"",
          "accounts.json: /accounts/0/clouds/0/upload_presets/2/name: expected a preset name not used before "
          "in this cloud, found \"p\" (also at /accounts/0/clouds/0/upload_presets/1/name)",
          "accounts.json: /accounts/0/clouds/0/upload_presets/3: expected an upload preset object, found a string",
          "accounts.json: /accounts/0/clouds/1/role: expected one of master_admin, admin, technical_admin, "
          "read_only, found null",
          "accounts.json: /accounts/0/clouds/1/id: expected a non-empty string, found an empty string",
          "accounts.json: /accounts/0/clouds/2: expected a cloud object, found a number",
          "accounts.json: /accounts/1/clouds: expected an array of clouds, found an empty object",
          "accounts.json: /accounts/2/id: expected an account id not used before, found \"b\" (also at "
          "/accounts/1/id)",
          "accounts.json: /accounts/2/clouds/0/cloud_name: expected a cloud name not used before, found "
          "\"dup\" (also at /accounts/0/clouds/1/cloud_name)",
          "accounts.json: /accounts/2/clouds/0/api_key: expected an api key not used before, found \"111\" "
          "(also at /accounts/0/clouds/1/api_key)",
          "accounts.json: /accounts/2/clouds/0/upload_presets: expected an array of upload presets, found an "
          "empty object",
          "accounts.json: /accounts/2/clouds/1/cloud_name: expected a cloud name of 1 to 64 lowercase "
          "letters, digits, '-' or '_', found \"" +
              long_name.substr(0, 60) + "...\"",
          "accounts.json: /accounts/2/clouds/1/api_key: expected a string of 1 to 32 digits, found a string "
          "of 33 characters (not shown)",
          "accounts.json: /accounts/2/clouds/1/api_secret: expected a non-empty string, found a number",
          "accounts.json: /accounts/3: expected an account object, found a string"));
}

TEST(Accounts, ErrorMessageListsProblemsOnePerLine) {
  try {
    parse_accounts(json::parse(R"({"accounts": [{"id": 1, "provisioning_key": "k",
                                   "provisioning_secret": "s", "clouds": [{"cloud_name": "c"}]}]})"),
                   "a.json");
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) {
    ASSERT_EQ(e.problems.size(), 3u);
    EXPECT_EQ(std::string(e.what()), e.problems[0] + "\n" + e.problems[1] + "\n" + e.problems[2]);
    EXPECT_EQ(e.problems[1],
              "a.json: /accounts/0/clouds/0/api_key: expected a string of 1 to 32 digits, "
              "found nothing");
  }
}

TEST(Accounts, TopLevelShapeProblems) {
  EXPECT_THAT(problems_of(json::array()),
              ElementsAre("accounts.json: (root): expected an object with an \"accounts\" array, found an "
                          "empty array"));
  EXPECT_THAT(problems_of(json::object()),
              ElementsAre("accounts.json: /accounts: expected a non-empty array of accounts, found nothing"));
  EXPECT_THAT(problems_of(json::parse(R"({"accounts": []})")),
              ElementsAre("accounts.json: /accounts: expected a non-empty array of accounts, found an empty "
                          "array"));
  EXPECT_THAT(problems_of(json::parse(R"({"accounts": {"id": "a"}})")),
              ElementsAre("accounts.json: /accounts: expected a non-empty array of accounts, found an "
                          "object"));
}

TEST(Accounts, SecretsNeverEchoedInProblems) {
  // The classic mix-up: key and secret swapped, plus a secret of the wrong type.
  json doc = json::parse(R"({"accounts": [{"id": "a", "provisioning_key": "1",
      "provisioning_secret": ["Zq9-unguessable_Secret"],
      "clouds": [{"cloud_name": "c", "api_key": "Zq9-unguessable_Secret", "api_secret": 123456}]}]})");
  auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 3u);
  for (const auto& line : problems) {
    EXPECT_THAT(line, Not(HasSubstr("unguessable"))) << line;
    EXPECT_THAT(line, Not(HasSubstr("123456"))) << line;
  }
}

TEST(Accounts, LoadsValidFile) {
  auto path = temp_file("good.json", good_doc().dump(2));
  EXPECT_EQ(load_accounts_file(path), parse_accounts(good_doc(), "x"));
  std::filesystem::remove(path);
}

TEST(Accounts, GarbageJsonGivesLineAndColumn) {
  auto path = temp_file("garbage.json", "{\n  \"accounts\": [\n    garbage\n  ]\n}\n");
  try {
    load_accounts_file(path);
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) {
    ASSERT_EQ(e.problems.size(), 1u);
    // nlohmann stops on the first bad character: the 'g' at line 3, column 5.
    EXPECT_EQ(e.problems[0], path.string() +
                                 ": invalid JSON at line 3, column 5: syntax error while parsing "
                                 "value - invalid literal");
  }
  std::filesystem::remove(path);
}

TEST(Accounts, RawNewlineInStringPointsAtItsLine) {
  // nlohmann's own message says "line 2, column 0" here; the byte position
  // gives the line the newline actually ends.
  auto path = temp_file("newline.json", "{\"accounts\": \"ab\ncd\"}");
  try {
    load_accounts_file(path);
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) { EXPECT_THAT(e.what(), HasSubstr(": invalid JSON at line 1, column 17: ")); }
  std::filesystem::remove(path);
}

TEST(Accounts, TruncatedJsonPointsPastTheEndWithoutQuotingSecrets) {
  auto path = temp_file("truncated.json", "{\"accounts\": [{\"api_secret\": \"Zq9-unguessable");
  try {
    load_accounts_file(path);
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) {
    ASSERT_EQ(e.problems.size(), 1u);
    EXPECT_THAT(e.problems[0], HasSubstr(path.string() + ": invalid JSON at line 1, column "));
    EXPECT_THAT(e.problems[0], Not(HasSubstr("unguessable")));
  }
  std::filesystem::remove(path);
}

TEST(Accounts, EmptyFileIsInvalidJson) {
  auto path = temp_file("empty.json", "");
  EXPECT_THROW(
      {
        try {
          load_accounts_file(path);
        } catch (const AccountsError& e) {
          EXPECT_THAT(e.what(), HasSubstr(path.string() + ": invalid JSON at line 1, column 1:"));
          throw;
        }
      },
      AccountsError);
  std::filesystem::remove(path);
}

TEST(Accounts, MissingFileOrDirectoryNamesThePath) {
  auto missing = std::filesystem::temp_directory_path() / "cldcert_accounts_test_no_such_file.json";
  std::filesystem::remove(missing);
  try {
    load_accounts_file(missing);
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() + ": cannot read the accounts file: no such file");
  }
  try {
    load_accounts_file(std::filesystem::temp_directory_path());
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) { EXPECT_THAT(e.what(), HasSubstr("it is a directory")); }
}

TEST(Accounts, ShapeProblemsInFileNameTheFile) {
  auto path = temp_file("shape.json", R"({"accounts": [{"id": "a"}]})");
  try {
    load_accounts_file(path);
    FAIL() << "no AccountsError";
  } catch (const AccountsError& e) {
    ASSERT_EQ(e.problems.size(), 3u);
    EXPECT_EQ(e.problems[0], path.string() + ": /accounts/0/provisioning_key: expected a string, found nothing");
  }
  std::filesystem::remove(path);
}

TEST(Accounts, RoundTripsThroughJson) {
  Accounts accounts = parse_accounts(good_doc(), "accounts.json");
  json written = accounts_to_json(accounts);
  EXPECT_EQ(parse_accounts(written, "written"), accounts);
  // Defaults are written out, so other tools need not know them.
  EXPECT_EQ(written["accounts"][1]["clouds"][0]["role"], "master_admin");
  EXPECT_EQ(written["accounts"][1]["clouds"][0]["signature_algorithm"], "sha1");
  EXPECT_EQ(written["accounts"][0]["clouds"][0]["upload_presets"][0],
            json::parse(R"({"name": "site_unsigned", "unsigned": true, "folder": "site", "tags": ["a", "b"]})"));
}

TEST(Accounts, PresetNameAndFlagWinOverSettings) {
  Accounts accounts = parse_accounts(good_doc(), "accounts.json");
  UploadPreset& preset = accounts.accounts[0].clouds[0].upload_presets[0];
  preset.settings["name"] = "other";
  preset.settings["unsigned"] = false;
  json entry = accounts_to_json(accounts)["accounts"][0]["clouds"][0]["upload_presets"][0];
  EXPECT_EQ(entry["name"], "site_unsigned");
  EXPECT_EQ(entry["unsigned"], true);
}

TEST(Accounts, Lookups) {
  Accounts accounts = parse_accounts(good_doc(), "accounts.json");
  ASSERT_NE(accounts.find_cloud("9agency_staging"), nullptr);
  EXPECT_EQ(accounts.find_cloud("9agency_staging")->account_id, "agency");
  EXPECT_EQ(accounts.find_cloud("solo"), &accounts.accounts[1].clouds[0]);
  EXPECT_EQ(accounts.find_cloud("agency"), nullptr);
  EXPECT_EQ(accounts.find_cloud_by_api_key("42"), &accounts.accounts[0].clouds[1]);
  EXPECT_EQ(accounts.find_cloud_by_api_key("4"), nullptr);
  EXPECT_EQ(accounts.find_account("solo"), &accounts.accounts[1]);
  EXPECT_EQ(accounts.find_account("agency-prod"), nullptr);
  // Deduplicated ("s3cret-prod" twice), empty ones skipped.
  EXPECT_THAT(accounts.all_secrets(), ElementsAre("prov-Secret_0ne", "s3cret-prod", "s3cret-staging"));
}

TEST(AccountsGeneration, SameSeedSameAccounts) {
  EXPECT_EQ(accounts_to_json(generate_accounts(42)).dump(), accounts_to_json(generate_accounts(42)).dump());
  EXPECT_EQ(generate_accounts(7, 3, 4), generate_accounts(7, 3, 4));
}

TEST(AccountsGeneration, PinnedValuesForSeedOne) {
  // Reports must be reproducible from a seed on any platform and release: a
  // change here changes every recorded run, so make it on purpose only.
  // (Generated fakes, not credentials of any real cloud.)
  Accounts accounts = generate_accounts(1);
  const Cloud& first = accounts.accounts[0].clouds[0];
  EXPECT_EQ(first.cloud_name, "cldcert-910a-a1-prod");
  EXPECT_EQ(first.api_key, "287669713816719");
  EXPECT_EQ(first.api_secret, "xQdobwt_mCJHWrXaLPcmr8X9UU-");
  EXPECT_EQ(accounts.accounts[1].provisioning_secret, "2yD0sZzTSe4iLncrEMe-aG4FJrk");
}

TEST(AccountsGeneration, DifferentSeedsShareNoSecretOrKey) {
  Accounts a = generate_accounts(1);
  Accounts b = generate_accounts(2);
  for (const auto& secret : a.all_secrets()) {
    for (const auto& other : b.all_secrets()) EXPECT_NE(secret, other);
  }
  for (const auto& account : a.accounts) {
    for (const auto& cloud : account.clouds) EXPECT_EQ(b.find_cloud_by_api_key(cloud.api_key), nullptr);
  }
}

TEST(AccountsGeneration, RealisticShapesAndUniqueness) {
  const std::regex digits15("[1-9][0-9]{14}");
  const std::regex secret27("[A-Za-z0-9_-]{27}");
  const std::regex cloud_name("cldcert-[0-9a-f]{4}-a[0-9]+-[a-z0-9]+");
  for (std::uint64_t seed : {0ull, 1ull, 2ull, 99ull, 0xffffffffffffffffull}) {
    Accounts accounts = generate_accounts(seed, 3, 5);
    std::set<std::string> keys, names;
    ASSERT_EQ(accounts.accounts.size(), 3u);
    for (const auto& account : accounts.accounts) {
      EXPECT_TRUE(std::regex_match(account.provisioning_key, digits15)) << account.provisioning_key;
      EXPECT_TRUE(std::regex_match(account.provisioning_secret, secret27));
      EXPECT_TRUE(keys.insert(account.provisioning_key).second);
      ASSERT_EQ(account.clouds.size(), 5u);
      for (const auto& cloud : account.clouds) {
        EXPECT_TRUE(std::regex_match(cloud.api_key, digits15)) << cloud.api_key;
        EXPECT_TRUE(std::regex_match(cloud.api_secret, secret27)) << cloud.api_secret;
        EXPECT_TRUE(std::regex_search(cloud.api_secret, std::regex("[0-9]")));
        EXPECT_TRUE(std::regex_search(cloud.api_secret, std::regex("[-_]")));
        EXPECT_TRUE(std::regex_match(cloud.cloud_name, cloud_name)) << cloud.cloud_name;
        EXPECT_EQ(cloud.account_id, account.id);
        EXPECT_EQ(cloud.id, subaccount_id_for(cloud.cloud_name));
        EXPECT_TRUE(keys.insert(cloud.api_key).second);
        EXPECT_TRUE(names.insert(cloud.cloud_name).second);
      }
    }
    EXPECT_EQ(parse_accounts(accounts_to_json(accounts), "generated"), accounts);
  }
}

TEST(AccountsGeneration, DefaultSetCoversRolesAlgorithmsAndPresets) {
  Accounts accounts = generate_accounts(5);
  ASSERT_EQ(accounts.accounts.size(), 2u);
  const auto& a1 = accounts.accounts[0].clouds;
  const auto& a2 = accounts.accounts[1].clouds;
  ASSERT_EQ(a1.size(), 2u);
  ASSERT_EQ(a2.size(), 2u);
  EXPECT_EQ(a1[0].role, Role::kMasterAdmin);
  EXPECT_EQ(a1[1].role, Role::kReadOnly);
  EXPECT_EQ(a2[0].role, Role::kAdmin);
  EXPECT_EQ(a2[1].role, Role::kTechnicalAdmin);
  EXPECT_EQ(a1[0].signature_algorithm, DigestAlgorithm::kSha1);
  EXPECT_EQ(a2[0].signature_algorithm, DigestAlgorithm::kSha256);
  EXPECT_EQ(a2[1].signature_algorithm, DigestAlgorithm::kSha1);
  for (const auto* first : {&a1[0], &a2[0]}) {
    ASSERT_NE(first->find_preset("cldcert_unsigned"), nullptr);
    EXPECT_TRUE(first->find_preset("cldcert_unsigned")->is_unsigned);
    ASSERT_NE(first->find_preset("cldcert_signed"), nullptr);
    EXPECT_FALSE(first->find_preset("cldcert_signed")->is_unsigned);
  }
  EXPECT_TRUE(a1[1].upload_presets.empty());
  EXPECT_THAT(a1[1].cloud_name, HasSubstr("-a1-staging"));
}

TEST(AccountsGeneration, GrowingTheSetKeepsEarlierCredentials) {
  Accounts small = generate_accounts(11, 2, 2);
  Accounts large = generate_accounts(11, 3, 2);
  EXPECT_EQ(large.accounts[0], small.accounts[0]);
  EXPECT_EQ(large.accounts[1], small.accounts[1]);
  Accounts wide = generate_accounts(11, 2, 3);
  EXPECT_EQ(wide.accounts[1].clouds[1].api_secret, small.accounts[1].clouds[1].api_secret);
}

TEST(AccountsGeneration, RejectsImpossibleCounts) {
  EXPECT_THROW(generate_accounts(1, 0, 2), std::invalid_argument);
  EXPECT_THROW(generate_accounts(1, 2, -1), std::invalid_argument);
  EXPECT_EQ(generate_accounts(1, 1, 0).accounts[0].clouds.size(), 0u);
}

// --- the published schema --------------------------------------------------

json load_schema() {
  std::ifstream in(std::filesystem::path(CLDCERT_SOURCE_DIR) / "mocks" / "accounts.schema.json");
  EXPECT_TRUE(in.good());
  return json::parse(in);  // throws, failing the test, if not JSON
}

// Follows a local "$ref": "#/..." if there is one.
const json& resolve(const json& schema, const json& node) {
  if (!node.contains("$ref")) return node;
  const std::string ref = node["$ref"].get<std::string>();
  EXPECT_EQ(ref.rfind("#/", 0), 0u) << ref;
  return schema.at(json::json_pointer(ref.substr(1)));
}

struct SchemaNodes {
  json top, account, cloud, preset;
};

SchemaNodes schema_nodes() {
  json schema = load_schema();
  SchemaNodes nodes;
  nodes.top = schema;
  nodes.account = resolve(schema, schema.at("/properties/accounts/items"_json_pointer));
  nodes.cloud = resolve(schema, nodes.account.at("/properties/clouds/items"_json_pointer));
  nodes.preset = resolve(schema, nodes.cloud.at("/properties/upload_presets/items"_json_pointer));
  return nodes;
}

TEST(AccountsSchema, IsDraft2020_12AndWired) {
  json schema = load_schema();
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  SchemaNodes nodes = schema_nodes();
  for (const json* node : {&nodes.top, &nodes.account, &nodes.cloud, &nodes.preset}) {
    EXPECT_EQ((*node)["type"], "object");
    EXPECT_TRUE((*node)["required"].is_array());
    // Extra fields are part of the contract.
    EXPECT_FALSE(node->contains("additionalProperties"));
  }
}

TEST(AccountsSchema, GeneratedAccountsHaveEveryRequiredField) {
  SchemaNodes nodes = schema_nodes();
  json doc = accounts_to_json(generate_accounts(3));
  for (const auto& key : nodes.top["required"]) EXPECT_TRUE(doc.contains(key)) << key;
  for (const auto& account : doc["accounts"]) {
    for (const auto& key : nodes.account["required"]) EXPECT_TRUE(account.contains(key)) << key;
    for (const auto& cloud : account["clouds"]) {
      for (const auto& key : nodes.cloud["required"]) EXPECT_TRUE(cloud.contains(key)) << key;
      for (const auto& preset : cloud["upload_presets"]) {
        for (const auto& key : nodes.preset["required"]) EXPECT_TRUE(preset.contains(key)) << key;
      }
    }
  }
}

// The schema and the parser must agree on what is required: dropping a
// required field is a problem at its pointer, dropping any other is not.
TEST(AccountsSchema, RequiredListsMatchTheParser) {
  SchemaNodes nodes = schema_nodes();
  const json base = accounts_to_json(generate_accounts(3, 1, 1));
  struct Level {
    const json* node;
    std::string pointer;
  };
  for (const Level& level : {Level{&nodes.account, "/accounts/0"}, Level{&nodes.cloud, "/accounts/0/clouds/0"},
                             Level{&nodes.preset, "/accounts/0/clouds/0/upload_presets/0"}}) {
    const json& required = (*level.node)["required"];
    for (const auto& [key, property] : (*level.node)["properties"].items()) {
      json doc = base;
      doc.at(json::json_pointer(level.pointer)).erase(key);
      auto problems = problems_of(doc);
      bool is_required = std::find(required.begin(), required.end(), key) != required.end();
      if (is_required) {
        EXPECT_THAT(problems, ElementsAre(HasSubstr(level.pointer + "/" + key + ": expected"))) << key;
      } else {
        EXPECT_THAT(problems, ElementsAre()) << key;
      }
    }
  }
}

TEST(AccountsSchema, EnumsAndPatternsMatchTheParser) {
  SchemaNodes nodes = schema_nodes();
  const json& properties = nodes.cloud["properties"];
  EXPECT_EQ(properties["role"]["enum"], json::array({role_name(Role::kMasterAdmin), role_name(Role::kAdmin),
                                                     role_name(Role::kTechnicalAdmin), role_name(Role::kReadOnly)}));
  EXPECT_EQ(properties["signature_algorithm"]["enum"], json::array({"sha1", "sha256"}));

  auto parser_accepts = [](const std::string& field, const std::string& value) {
    json doc = accounts_to_json(generate_accounts(3, 1, 1));
    doc["accounts"][0]["clouds"][0][field] = value;
    return problems_of(doc).empty();
  };
  const std::regex name_pattern(properties["cloud_name"]["pattern"].get<std::string>());
  for (const std::string& name :
       std::vector<std::string>{"a", "9lives", "my_cloud-1", std::string(64, 'z'), "", "Upper", "dot.name", "sp ace",
                                std::string(65, 'z'), "caf\xc3\xa9"}) {
    EXPECT_EQ(std::regex_search(name, name_pattern), parser_accepts("cloud_name", name)) << name;
  }
  const std::regex key_pattern(properties["api_key"]["pattern"].get<std::string>());
  for (const std::string& key : std::vector<std::string>{"1", "123456789012345", std::string(32, '7'), "", "12a", "-1",
                                                         " 1", std::string(33, '7')}) {
    EXPECT_EQ(std::regex_search(key, key_pattern), parser_accepts("api_key", key)) << key;
  }
}

}  // namespace
}  // namespace cldcert::mock
