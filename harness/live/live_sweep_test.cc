#include "harness/live/live_sweep.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "harness/live/ledger.h"
#include "harness/live/live_test_support.h"
#include "harness/live/run_tag.h"
#include "harness/scratch_dir_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

namespace fs = std::filesystem;
using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;
using Kind = CreatedResource::Kind;

const std::string kOldRun = "20231114-221320-0000aa";
const std::string kRunning = "20231114-221320-0000bb";
const std::string kKilled = "20231114-221320-0000cc";

class LiveSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    put("partner", "image", "");                    // the partner's: never touched
    put("partner-named", "image", "cldcert-mine");  // a tag of cldcert's prefix, not a run's
    put("old-image", "image", "mine," + run_tag(kOldRun));
    put("old-raw.txt", "raw", run_tag(kOldRun));
    put("running", "image", run_tag(kRunning));  // a run still going: left alone
    put("untagged", "image", "");                // killed before it was tagged: only its ledger knows
    upstream_.mock().store().put_preset(cloud_.cloud_name, {"cldcert_preset", true, nlohmann::json::object()});
    running_.emplace(folder(), kRunning);
    ASSERT_EQ(running_->record({Kind::kAsset, cloud_.cloud_name, "image", "upload", "running"}), "");
    RunLedger killed(folder(), kKilled);
    ASSERT_EQ(killed.record({Kind::kAsset, cloud_.cloud_name, "image", "upload", "untagged"}), "");
    ASSERT_EQ(killed.record({Kind::kUploadPreset, cloud_.cloud_name, "", "", "cldcert_preset"}), "");
    ASSERT_EQ(killed.record({Kind::kAsset, cloud_.cloud_name, "image", "upload", "old-image"}), "");
    ASSERT_EQ(killed.record(elsewhere_), "");
  }

  void put(const std::string& id, const std::string& rt, const std::string& tags) {
    ASSERT_EQ(ts::post_upload(upstream_.mock(), cloud_, ts::signed_params({{"public_id", id}, {"tags", tags}}, cloud_),
                              ts::FilePart{"a.png", "image/png", ts::png_bytes(2, 2, 64)}, rt)
                  .status,
              200);
  }
  fs::path folder() const { return state_ / "live"; }
  std::set<std::string> stored() {
    std::set<std::string> out;
    for (const auto& a : upstream_.mock().store().list(cloud_.cloud_name)) out.insert(a.public_id);
    // The generated cloud's own presets (cldcert_signed, cldcert_unsigned) are the partner's here.
    for (const auto& p : upstream_.mock().store().list_presets(cloud_.cloud_name)) out.insert("preset " + p.name);
    out.erase("preset cldcert_signed");
    out.erase("preset cldcert_unsigned");
    return out;
  }
  SweepResult sweep(bool dry_run) {
    SweepOptions options;
    options.dry_run = dry_run;
    options.ledger_folder = folder();
    options.progress = [this](const std::string& line) { progress_.push_back(line); };
    return sweep_live_clouds(forwarder_, accounts_, options);
  }

  mock::Accounts accounts_ = mock::generate_accounts(47, 1, 1);
  const mock::Cloud& cloud_ = accounts_.accounts[0].clouds[0];
  UpstreamCloud upstream_{accounts_};
  UpstreamForwarder forwarder_{upstream_.config()};
  ScratchDir state_{"sweep"};
  std::optional<RunLedger> running_;
  const CreatedResource elsewhere_{Kind::kAsset, "another-cloud", "image", "upload", "x"};
  std::vector<std::string> progress_;
};

const std::set<std::string> kEverything = {"partner",  "partner-named",        "old-image", "old-raw.txt", "running",
                                           "untagged", "preset cldcert_preset"};

TEST_F(LiveSweepTest, ADryRunListsWhatOldRunsLeftAndDeletesNothing) {
  SweepResult result = sweep(true);
  ASSERT_EQ(result.clouds.size(), 1u);
  const std::string in = " in cloud " + cloud_.cloud_name;
  std::vector<std::string> listed = result.clouds[0].deleted;
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, (std::vector<std::string>{"image/upload 'old-image'" + in, "image/upload 'untagged'" + in,
                                              "raw/upload 'old-raw.txt'" + in, "upload preset 'cldcert_preset'" + in}));
  EXPECT_TRUE(result.clouds[0].left.empty());
  EXPECT_EQ(result.runs_in_progress, std::vector<std::string>{kRunning});
  EXPECT_EQ(stored(), kEverything);
  EXPECT_TRUE(fs::exists(folder() / (kKilled + ".jsonl")));
  EXPECT_EQ(result.other_clouds, std::vector<std::string>{"another-cloud"});
  EXPECT_FALSE(progress_.empty());
}

TEST_F(LiveSweepTest, TheSweepDeletesOnlyWhatRunsTaggedOrListedAndEmptiesTheirLedgers) {
  SweepResult result = sweep(false);
  ASSERT_EQ(result.clouds.size(), 1u);
  EXPECT_EQ(result.clouds[0].deleted.size(), 4u);
  EXPECT_TRUE(result.clouds[0].left.empty()) << result.clouds[0].left.front();
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(stored(), (std::set<std::string>{"partner", "partner-named", "running"}));
  // The killed run's ledger keeps only the line of a cloud this accounts file does not hold.
  auto killed = LockedLedger::open(folder() / (kKilled + ".jsonl"), false);
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed->read(), (std::vector<LedgerEntry>{LedgerEntry{kKilled, elsewhere_}}));
  // The running run's ledger is untouched (and still its).
  EXPECT_FALSE(LockedLedger::open(running_->file(), false));

  // Once that run has ended, its leftovers go too; a ledger left with nothing goes.
  running_.reset();
  killed.reset();
  std::vector<std::string> lines;
  {
    std::ifstream in(folder() / (kRunning + ".jsonl"));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  EXPECT_EQ(lines.size(), 1u);
  SweepResult again = sweep(false);
  EXPECT_EQ(again.clouds[0].deleted.size(), 1u);
  EXPECT_EQ(stored(), (std::set<std::string>{"partner", "partner-named"}));
  EXPECT_FALSE(fs::exists(folder() / (kRunning + ".jsonl")));
  EXPECT_TRUE(fs::exists(folder() / (kKilled + ".jsonl")));  // another cloud's line
}

TEST_F(LiveSweepTest, ARewriteLeftHalfDoneByADeadWriterGoesOneBeingWrittenStays) {
  const fs::path stale = folder() / (kKilled + ".jsonl.tmp-1");
  { std::ofstream(stale) << "{\"run\""; }
  const fs::path busy = folder() / (kRunning + ".jsonl.tmp-2");
  { std::ofstream(busy) << "{\"run\""; }
  auto writing = LockedLedger::open(busy, false);
  ASSERT_TRUE(writing);
  sweep(true);
  EXPECT_TRUE(fs::exists(stale));  // a dry run changes nothing
  sweep(false);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(busy));
  EXPECT_TRUE(fs::exists(folder() / (kKilled + ".jsonl")));  // the ledger it was to replace: another cloud's line
}

TEST_F(LiveSweepTest, FilesOfTheFolderThatAreNotLedgersAreNeverTouched) {
  // CLDCERT_STATE_DIR may name a folder of the user's: an empty .jsonl would read as an emptied ledger.
  const std::vector<fs::path> theirs = {folder() / "notes.jsonl", folder() / "notes.jsonl.tmp-1",
                                        folder() / (kOldRun + ".jsonl.tmp-x")};
  for (const auto& file : theirs) std::ofstream{file};
  sweep(false);
  for (const auto& file : theirs) EXPECT_TRUE(fs::exists(file)) << file;
  // A run never adopts a file already at its ledger's path.
  EXPECT_THROW(RunLedger(folder(), kKilled), std::runtime_error);
}

TEST_F(LiveSweepTest, WithoutLedgersTheTagsAloneAreSwept) {
  running_.reset();
  SweepOptions options;  // no ledger folder
  SweepResult result = sweep_live_clouds(forwarder_, accounts_, options);
  EXPECT_EQ(result.clouds[0].deleted.size(), 3u);  // old-image, old-raw.txt, running
  EXPECT_EQ(stored(), (std::set<std::string>{"partner", "partner-named", "untagged", "preset cldcert_preset"}));
}

}  // namespace
}  // namespace cldcert::live
