#include "harness/live/ledger.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/scratch_dir_test_support.h"

namespace cldcert::live {
namespace {

namespace fs = std::filesystem;
using Kind = CreatedResource::Kind;

const CreatedResource kAsset{Kind::kAsset, "demo", "image", "private", "a/b c"};
const CreatedResource kPreset{Kind::kUploadPreset, "demo", "", "", "cldcert_p"};
const CreatedResource kOther{Kind::kAsset, "other", "raw", "upload", "doc.txt"};

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(LedgerFolder, TheVariableThenXdgStateHomeThenHome) {
  EXPECT_EQ(ledger_folder("/s", "/x", "/h"), fs::path("/s"));
  EXPECT_EQ(ledger_folder("", "/x", "/h"), fs::path("/x/cldcert/live"));
  EXPECT_EQ(ledger_folder(nullptr, nullptr, "/h"), fs::path("/h/.local/state/cldcert/live"));
  EXPECT_EQ(ledger_folder(nullptr, "", ""), fs::path());
}

TEST(LedgerLine, EachKindReadsBackAndWhatIsNotALedgerLineIsRefused) {
  for (const auto& r : {kAsset, kPreset, CreatedResource{Kind::kNamedTransformation, "demo", "", "", "t"}}) {
    const LedgerEntry entry{"20231114-221320-3f9a1c", r};
    const std::string line = ledger_line(entry);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(parse_ledger_line(line), entry) << line;
  }
  const std::string good = ledger_line({"r", kAsset});
  EXPECT_FALSE(parse_ledger_line(good.substr(0, good.size() - 3)));  // torn by a crash
  EXPECT_FALSE(parse_ledger_line(R"({"run":"r","cloud":"c","kind":"secret","resource_type":"","type":"","name":"n"})"));
  EXPECT_FALSE(parse_ledger_line(R"({"run":"r","cloud":"c","kind":"asset","resource_type":"","type":"","name":"n"})"));
  EXPECT_FALSE(
      parse_ledger_line(R"({"run":"r","cloud":"","kind":"upload_preset","resource_type":"","type":"","name":"n"})"));
  EXPECT_FALSE(parse_ledger_line("[]"));
}

TEST(RunLedger, RecordsAtOnceKeepsWhatIsLeftAndGoesWhenNothingIs) {
  ScratchDir dir("ledger");
  const fs::path folder = dir / "state" / "live";
  {
    RunLedger ledger(folder, "run-a");
    EXPECT_EQ(ledger.file(), folder / "run-a.jsonl");
    EXPECT_TRUE(fs::exists(ledger.file()));  // from the run's start: the run is in progress
    EXPECT_EQ(fs::status(folder).permissions() & fs::perms::all, fs::perms::owner_all);
    EXPECT_EQ(ledger.record(kAsset), "");
    EXPECT_EQ(ledger.record(kPreset), "");
    // On disk before anything else happens: a kill -9 now leaves both lines.
    EXPECT_EQ(lines_of(ledger.file()),
              (std::vector<std::string>{ledger_line({"run-a", kAsset}), ledger_line({"run-a", kPreset})}));
    EXPECT_EQ(ledger.settle({kAsset}), "");
    EXPECT_EQ(lines_of(ledger.file()), std::vector<std::string>{ledger_line({"run-a", kPreset})});
    EXPECT_EQ(ledger.settle({kPreset}), "");
    EXPECT_TRUE(fs::exists(ledger.file()));  // empty, kept (and locked) until the run ends
    EXPECT_TRUE(lines_of(ledger.file()).empty());
    EXPECT_EQ(ledger.record(kOther), "");
    EXPECT_EQ(ledger.settle({kOther}), "");
  }
  EXPECT_FALSE(fs::exists(folder / "run-a.jsonl"));

  {
    RunLedger ledger(folder, "run-b");
    EXPECT_EQ(ledger.record(kAsset), "");
    EXPECT_EQ(ledger.record(kOther), "");
    EXPECT_EQ(ledger.settle({kOther}), "");
    EXPECT_EQ(ledger.close(), "");
  }
  // What could not be deleted stays for `cldcert live-cleanup`.
  EXPECT_EQ(lines_of(folder / "run-b.jsonl"), std::vector<std::string>{ledger_line({"run-b", kAsset})});
}

TEST(LockedLedger, ARunsLedgerIsLockedForItsWholeRunAlsoAcrossRewrites) {
  ScratchDir dir("ledger-lock");
  std::optional<RunLedger> run(std::in_place, dir.path(), "run-a");
  const fs::path file = run->file();
  EXPECT_FALSE(LockedLedger::open(file, false));
  ASSERT_EQ(run->record(kAsset), "");
  ASSERT_EQ(run->settle({}), "");  // a rewrite: a new file renamed over the old, locked before it is
  EXPECT_FALSE(LockedLedger::open(file, false));
  EXPECT_THROW(RunLedger(dir.path(), "run-a"), std::runtime_error);
  run.reset();

  auto swept = LockedLedger::open(file, false);
  ASSERT_TRUE(swept);
  std::size_t unreadable = 9;
  EXPECT_EQ(swept->read(&unreadable), (std::vector<LedgerEntry>{LedgerEntry{"run-a", kAsset}}));
  EXPECT_EQ(unreadable, 0u);
  EXPECT_FALSE(LockedLedger::open(file, false));  // the sweep's lock holds too
  swept->remove();
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(LockedLedger::open(file, false));  // gone: nothing to open
}

TEST(LockedLedger, ATornLastLineIsCountedNotRead) {
  ScratchDir dir("ledger-torn");
  const std::string good = ledger_line({"run-a", kAsset});
  const fs::path file = dir.write("run-a.jsonl", good + "\n" + good.substr(0, 20));
  auto ledger = LockedLedger::open(file, false);
  ASSERT_TRUE(ledger);
  std::size_t unreadable = 0;
  EXPECT_EQ(ledger->read(&unreadable).size(), 1u);
  EXPECT_EQ(unreadable, 1u);
}

TEST(RunLedger, AFolderThatCannotBeMadeIsNamed) {
  ScratchDir dir("ledger-bad");
  const fs::path blocker = dir.write("not-a-folder", "x");
  try {
    RunLedger ledger(blocker / "live", "run-a");
    FAIL() << "a ledger under a file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((blocker / "live" / "run-a.jsonl").string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cldcert::live
