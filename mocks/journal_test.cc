#include "mocks/journal.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

namespace cldcert::mock {
namespace {

JournalEntry full_entry() {
  JournalEntry e;
  e.id = 17;
  e.started_at = "2023-11-14T22:13:20.123Z";
  e.started_unix_ms = 1'700'000'000'123;
  e.duration_ms = 12.375;
  e.method = "POST";
  e.path = "/v1_1/demo-cloud/image/upload";
  e.query = "b=2&a=1&b=3";
  e.query_params = {{"b", "2"}, {"a", "1"}, {"b", "3"}};
  e.scheme = "https";
  e.sni = "api.cloudinary.com";
  e.host = "api.cloudinary.com";
  e.headers = {{"User-Agent", "CloudinaryNodeJS/2.11.0"},
               {"Content-Type", "multipart/form-data; boundary=x"},
               {"X-Unique-Upload-Id", "abc123"},
               {"Content-Range", "bytes 0-9/10"},
               {"accept", "*/*"}};
  e.remote_address = "127.0.0.1";
  e.api = "upload";
  e.action = "upload";
  e.cloud = "demo-cloud";
  e.resource_type = "image";
  e.delivery_type = "private";
  e.auth.method = "signature";
  e.auth.api_key = "614335564976464";
  e.auth.outcome = "ok";
  e.auth.signature_algorithm = "sha256";
  e.auth.signature_version = 1;
  e.auth.upload_preset = "preset";
  JournalField text;
  text.name = "public_id";
  text.value = "folder/pic";
  text.size = 10;
  JournalField data_uri;
  data_uri.name = "file";
  data_uri.value = "data:image/png;base64,…";
  data_uri.truncated = true;
  data_uri.size = 999;
  data_uri.sha256 = std::string(64, 'a');
  JournalField file;
  file.name = "file";
  file.is_file = true;
  file.filename = "pic.png";
  file.content_type = "image/png";
  file.size = 10;
  file.sha256 = std::string(64, 'b');
  e.fields = {text, data_uri, file};
  e.body_content_type = "multipart/form-data; boundary=x";
  e.body_size = 4096;
  e.chunk = ChunkRecord{"abc123", 5'000'000, 9'999'999, -1, 5'000'000, true};
  e.remote_file_url = "https://example.com/a.jpg";
  e.asset_sha256 = std::string(64, 'c');
  e.public_id = "folder/pic";
  e.status = 201;
  e.response_headers = {{"X-Two", "2"}, {"X-One", "1"}, {"Content-Type", "application/json"}};
  e.response_body = R"({"public_id":"folder/pic"})";
  return e;
}

void expect_same(const JournalEntry& a, const JournalEntry& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.started_unix_ms, b.started_unix_ms);
  EXPECT_EQ(a.duration_ms, b.duration_ms);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.query, b.query);
  EXPECT_EQ(a.query_params, b.query_params);
  EXPECT_EQ(a.headers, b.headers);
  EXPECT_EQ(a.remote_address, b.remote_address);
  EXPECT_EQ(a.api, b.api);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.cloud, b.cloud);
  EXPECT_EQ(a.resource_type, b.resource_type);
  EXPECT_EQ(a.delivery_type, b.delivery_type);
  EXPECT_EQ(a.auth.method, b.auth.method);
  EXPECT_EQ(a.auth.api_key, b.auth.api_key);
  EXPECT_EQ(a.auth.outcome, b.auth.outcome);
  EXPECT_EQ(a.auth.signature_algorithm, b.auth.signature_algorithm);
  EXPECT_EQ(a.auth.signature_version, b.auth.signature_version);
  EXPECT_EQ(a.auth.upload_preset, b.auth.upload_preset);
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a.fields[i].name, b.fields[i].name);
    EXPECT_EQ(a.fields[i].value, b.fields[i].value);
    EXPECT_EQ(a.fields[i].truncated, b.fields[i].truncated);
    EXPECT_EQ(a.fields[i].is_file, b.fields[i].is_file);
    EXPECT_EQ(a.fields[i].filename, b.fields[i].filename);
    EXPECT_EQ(a.fields[i].content_type, b.fields[i].content_type);
    EXPECT_EQ(a.fields[i].size, b.fields[i].size);
    EXPECT_EQ(a.fields[i].sha256, b.fields[i].sha256);
  }
  EXPECT_EQ(a.scheme, b.scheme);
  EXPECT_EQ(a.sni, b.sni);
  EXPECT_EQ(a.host, b.host);
  EXPECT_EQ(a.body_content_type, b.body_content_type);
  EXPECT_EQ(a.body_size, b.body_size);
  ASSERT_EQ(a.chunk.has_value(), b.chunk.has_value());
  if (a.chunk) {
    EXPECT_EQ(a.chunk->upload_id, b.chunk->upload_id);
    EXPECT_EQ(a.chunk->start, b.chunk->start);
    EXPECT_EQ(a.chunk->end, b.chunk->end);
    EXPECT_EQ(a.chunk->total, b.chunk->total);
    EXPECT_EQ(a.chunk->received, b.chunk->received);
    EXPECT_EQ(a.chunk->completed_upload, b.chunk->completed_upload);
  }
  EXPECT_EQ(a.remote_file_url, b.remote_file_url);
  EXPECT_EQ(a.asset_sha256, b.asset_sha256);
  EXPECT_EQ(a.public_id, b.public_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.response_headers, b.response_headers);
  EXPECT_EQ(a.response_body, b.response_body);
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::path(::testing::TempDir()) /
         ("cldcert-journal-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
          name);
}

TEST(JournalEntryJson, RoundTripKeepsEveryField) {
  const JournalEntry original = full_entry();
  nlohmann::json j = original;
  // Pairs keep order and repeats as [[name, value], ...].
  EXPECT_EQ(j["query_params"], nlohmann::json::parse(R"([["b","2"],["a","1"],["b","3"]])"));
  EXPECT_EQ(j["chunk"]["total"], -1);
  JournalEntry back = nlohmann::json::parse(j.dump()).get<JournalEntry>();
  expect_same(original, back);
  // Whatever to_json writes, from_json reads back (also for fields added later).
  EXPECT_EQ(nlohmann::json(back), j);
}

TEST(JournalEntryJson, AbsentChunkStaysAbsent) {
  JournalEntry original = full_entry();
  original.chunk.reset();
  nlohmann::json j = original;
  EXPECT_TRUE(j["chunk"].is_null());
  JournalEntry back = j.get<JournalEntry>();
  EXPECT_FALSE(back.chunk.has_value());
  expect_same(original, back);
}

TEST(JournalEntryJson, MissingKeysTakeDefaults) {
  JournalEntry back =
      nlohmann::json::parse(R"({"id": 3, "method": "GET", "auth": {"outcome": "ok"}})").get<JournalEntry>();
  EXPECT_EQ(back.id, 3u);
  EXPECT_EQ(back.method, "GET");
  EXPECT_EQ(back.auth.outcome, "ok");
  EXPECT_EQ(back.auth.method, "none");
  EXPECT_EQ(back.status, 0);
  EXPECT_TRUE(back.headers.empty());
  EXPECT_TRUE(back.fields.empty());
  EXPECT_FALSE(back.chunk.has_value());
  EXPECT_EQ(back.scheme, "http");  // journals written before the network front: plain HTTP, no SNI
  EXPECT_EQ(back.sni, "");
}

TEST(Journal, IdsIncreaseAndEntriesSinceFilters) {
  Journal journal;
  EXPECT_EQ(journal.size(), 0u);
  JournalEntry e;
  e.path = "/a";
  EXPECT_EQ(journal.record(e), 1u);
  e.path = "/b";
  e.id = 999;  // ignored: the journal assigns ids
  EXPECT_EQ(journal.record(e), 2u);
  e.path = "/c";
  EXPECT_EQ(journal.record(e), 3u);
  EXPECT_EQ(journal.size(), 3u);

  auto all = journal.entries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 1u);
  EXPECT_EQ(all[1].id, 2u);
  EXPECT_EQ(all[1].path, "/b");
  EXPECT_EQ(all[2].id, 3u);

  auto since = journal.entries_since(1);
  ASSERT_EQ(since.size(), 2u);
  EXPECT_EQ(since[0].path, "/b");
  EXPECT_EQ(since[1].path, "/c");
  EXPECT_EQ(journal.entries_since(0).size(), 3u);
  EXPECT_TRUE(journal.entries_since(3).empty());

  // Clearing keeps ids growing, so a reader polling entries_since(last) misses nothing.
  journal.clear();
  EXPECT_EQ(journal.size(), 0u);
  EXPECT_EQ(journal.record(e), 4u);
  ASSERT_EQ(journal.entries_since(3).size(), 1u);
}

TEST(Journal, MirrorWritesOneJsonLinePerEntryIncludingEarlierOnes) {
  const auto path = temp_file("mirror.jsonl");
  Journal journal;
  JournalEntry e = full_entry();
  journal.record(e);
  e.path = "/second";
  journal.record(e);
  journal.mirror_to(path);
  EXPECT_EQ(read_lines(path).size(), 2u);
  e.path = "/third";
  e.chunk.reset();
  journal.record(e);

  auto lines = read_lines(path);  // flushed per entry: readable while the journal is open
  ASSERT_EQ(lines.size(), 3u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto back = nlohmann::json::parse(lines[i]).get<JournalEntry>();
    EXPECT_EQ(back.id, i + 1);
  }
  auto third = nlohmann::json::parse(lines[2]).get<JournalEntry>();
  EXPECT_EQ(third.path, "/third");
  EXPECT_FALSE(third.chunk.has_value());
  auto first = nlohmann::json::parse(lines[0]).get<JournalEntry>();
  JournalEntry expected = full_entry();
  expected.id = 1;
  expect_same(expected, first);
  std::filesystem::remove(path);
}

TEST(Journal, MirrorSurvivesBytesThatAreNotUtf8) {
  // Header values and form fields are raw client bytes; they must not break the mirror.
  const auto path = temp_file("binary.jsonl");
  Journal journal;
  JournalEntry e;
  e.headers = {{"X-Binary", "\xff\xfe ok"}};
  journal.record(e);
  ASSERT_NO_THROW(journal.mirror_to(path));
  JournalField field;
  field.name = "tags";
  field.value = "caf\xe9";
  e.fields = {field};
  ASSERT_NO_THROW(journal.record(e));
  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(nlohmann::json::accept(lines[0])) << lines[0];
  EXPECT_TRUE(nlohmann::json::accept(lines[1])) << lines[1];
  std::filesystem::remove(path);
}

TEST(Journal, MirrorToAnUnwritablePathThrows) {
  Journal journal;
  EXPECT_THROW(journal.mirror_to(temp_file("no/such/dir/journal.jsonl")), std::runtime_error);
}

TEST(Journal, ConcurrentRecordsGetUniqueIds) {
  const auto path = temp_file("concurrent.jsonl");
  Journal journal;
  journal.mirror_to(path);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 250;
  std::vector<std::vector<std::uint64_t>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        JournalEntry e;
        e.path = "/t" + std::to_string(t) + "/" + std::to_string(i);
        ids[t].push_back(journal.record(std::move(e)));
      }
    });
  }
  for (auto& t : threads) t.join();

  std::set<std::uint64_t> unique;
  for (const auto& list : ids) {
    for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1], list[i]);  // per thread, in order
    unique.insert(list.begin(), list.end());
  }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(*unique.begin(), 1u);
  EXPECT_EQ(*unique.rbegin(), static_cast<std::uint64_t>(kThreads * kPerThread));

  auto entries = journal.entries();
  ASSERT_EQ(entries.size(), unique.size());
  for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].id, i + 1);  // stored in id order

  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), unique.size());
  for (std::size_t i = 0; i < lines.size(); ++i) { EXPECT_EQ(nlohmann::json::parse(lines[i])["id"], i + 1); }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cldcert::mock
