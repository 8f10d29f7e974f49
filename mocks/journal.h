// The request journal: every request the mock saw, as recorded evidence.
// Checks read only this (plus step results and files), so its shape is the evidence model.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"

namespace cldcert::mock {

// Text values and response bodies are recorded up to this size.
inline constexpr std::size_t kMaxRecordedValue = 64 * 1024;

// One form field of a request. File content is never kept: only its size and SHA-256.
struct JournalField {
  std::string name;
  std::string value;  // text fields; capped at kMaxRecordedValue bytes
  bool truncated = false;
  bool is_file = false;
  std::string filename;      // files: as sent ("" when none)
  std::string content_type;  // files
  std::uint64_t size = 0;    // files: bytes received; text: full length
  std::string sha256;        // files
};

// A text field, capped at kMaxRecordedValue with `truncated` set past it.
JournalField text_field(const std::string& name, const std::string& value);

// Who the request claimed to be and what the mock concluded.
struct AuthRecord {
  // none | signature | basic | bearer | unsigned_preset | provisioning_basic
  std::string method = "none";
  std::string api_key;
  // ok | invalid_signature | stale_timestamp | unknown_api_key | missing_parameter |
  // unknown_preset | preset_not_unsigned | invalid_credentials | forbidden | not_validated
  std::string outcome;
  std::string signature_algorithm;  // sha1 | sha256, for signed requests
  int signature_version = 0;        // 1 or 2, for valid signatures
  std::string upload_preset;
};

// A piece of a chunked upload (X-Unique-Upload-Id + Content-Range).
struct ChunkRecord {
  std::string upload_id;
  std::uint64_t start = 0;
  std::uint64_t end = 0;          // inclusive, as in Content-Range
  std::int64_t total = -1;        // -1 when the client did not say
  std::uint64_t received = 0;     // bytes of the file part actually received
  bool completed_upload = false;  // this request completed the upload
};

struct JournalEntry {
  std::uint64_t id = 0;
  std::string started_at;  // ISO-8601 UTC with milliseconds
  std::int64_t started_unix_ms = 0;
  double duration_ms = 0;
  std::string method;
  std::string path;
  std::string query;
  HeaderList query_params;
  HeaderList headers;
  std::string remote_address;
  // How the client addressed Cloudinary: "https" when TLS was terminated in front of the mock (network
  // proxy or sandbox), the SNI it sent, and its Host header as sent (host[:port], "" when none).
  std::string scheme = "http";
  std::string sni;
  std::string host;

  std::string api;     // upload | admin | provisioning | delivery | control | unknown
  std::string action;  // upload | destroy | explicit | rename | ...
  std::string cloud;   // resolved cloud name; "" when unknown
  std::string resource_type;
  std::string delivery_type;
  AuthRecord auth;
  std::vector<JournalField> fields;
  std::string body_content_type;
  std::uint64_t body_size = 0;
  std::optional<ChunkRecord> chunk;
  std::string remote_file_url;  // upload of a remote URL: recorded, never fetched
  std::string asset_sha256;     // SHA-256 of the stored bytes when an upload completed here
  std::string public_id;        // the asset the request resolved to, when any
  std::string transformation;   // delivery: the transformation part of the URL, as sent
  // ...and parsed (mocks/transformation.h): one list of (key, value) per chained component.
  std::vector<HeaderList> transformation_components;
  std::string fault;  // id of the fault rule that changed this answer, if any

  int status = 0;
  HeaderList response_headers;
  std::string response_body;  // capped at kMaxRecordedValue bytes
};

void to_json(nlohmann::json& out, const JournalEntry& entry);
void from_json(const nlohmann::json& in, JournalEntry& entry);

// Thread-safe, append-only. Optionally mirrors each entry to a JSON-lines file.
class Journal {
 public:
  Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Writes every entry (existing and future) to `path` as JSON lines; throws on open failure.
  void mirror_to(const std::filesystem::path& path);
  // Assigns the id, stores the entry, returns the id.
  std::uint64_t record(JournalEntry entry);
  // The same for an exchange that began at `started`: its duration is taken under the journal's lock,
  // so entries end in the order they are recorded (ids and end times agree, however many threads).
  std::uint64_t record(JournalEntry entry, std::chrono::steady_clock::time_point started);
  std::vector<JournalEntry> entries() const;
  std::vector<JournalEntry> entries_since(std::uint64_t after_id) const;
  std::size_t size() const;
  void clear();
  void flush();

 private:
  std::uint64_t record_locked(JournalEntry entry);
  mutable std::mutex mutex_;
  std::vector<JournalEntry> entries_;
  std::uint64_t next_id_ = 1;
  std::ofstream mirror_;
};

}  // namespace cldcert::mock
