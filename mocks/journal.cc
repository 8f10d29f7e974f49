#include "mocks/journal.h"

#include <stdexcept>

namespace cldcert::mock {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(JournalField, name, value, truncated, is_file, filename, content_type,
                                                size, sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuthRecord, method, api_key, outcome, signature_algorithm,
                                                signature_version, upload_preset)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ChunkRecord, upload_id, start, end, total, received, completed_upload)

namespace {

// Header and query lists keep order and repeats, so they serialize as [[name, value], ...].
nlohmann::json pairs_to_json(const HeaderList& pairs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : pairs) out.push_back({k, v});
  return out;
}

HeaderList pairs_from_json(const nlohmann::json& in) {
  HeaderList out;
  if (!in.is_array()) return out;
  for (const auto& pair : in) out.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return out;
}

}  // namespace

JournalField text_field(const std::string& name, const std::string& value) {
  JournalField field;
  field.name = name;
  field.value = value.substr(0, kMaxRecordedValue);
  field.truncated = value.size() > kMaxRecordedValue;
  field.size = value.size();
  return field;
}

void to_json(nlohmann::json& out, const JournalEntry& e) {
  out = nlohmann::json{{"id", e.id},
                       {"started_at", e.started_at},
                       {"started_unix_ms", e.started_unix_ms},
                       {"duration_ms", e.duration_ms},
                       {"method", e.method},
                       {"path", e.path},
                       {"query", e.query},
                       {"query_params", pairs_to_json(e.query_params)},
                       {"headers", pairs_to_json(e.headers)},
                       {"remote_address", e.remote_address},
                       {"scheme", e.scheme},
                       {"sni", e.sni},
                       {"host", e.host},
                       {"api", e.api},
                       {"action", e.action},
                       {"cloud", e.cloud},
                       {"resource_type", e.resource_type},
                       {"delivery_type", e.delivery_type},
                       {"auth", e.auth},
                       {"fields", e.fields},
                       {"body_content_type", e.body_content_type},
                       {"body_size", e.body_size},
                       {"remote_file_url", e.remote_file_url},
                       {"asset_sha256", e.asset_sha256},
                       {"public_id", e.public_id},
                       {"transformation", e.transformation},
                       {"fault", e.fault},
                       {"status", e.status},
                       {"response_headers", pairs_to_json(e.response_headers)},
                       {"response_body", e.response_body}};
  out["chunk"] = e.chunk ? nlohmann::json(*e.chunk) : nlohmann::json(nullptr);
  nlohmann::json components = nlohmann::json::array();
  for (const auto& c : e.transformation_components) components.push_back(pairs_to_json(c));
  out["transformation_components"] = components;
}

void from_json(const nlohmann::json& in, JournalEntry& e) {
  JournalEntry d;
  e.id = in.value("id", d.id);
  e.started_at = in.value("started_at", d.started_at);
  e.started_unix_ms = in.value("started_unix_ms", d.started_unix_ms);
  e.duration_ms = in.value("duration_ms", d.duration_ms);
  e.method = in.value("method", d.method);
  e.path = in.value("path", d.path);
  e.query = in.value("query", d.query);
  e.query_params = pairs_from_json(in.value("query_params", nlohmann::json::array()));
  e.headers = pairs_from_json(in.value("headers", nlohmann::json::array()));
  e.remote_address = in.value("remote_address", d.remote_address);
  e.scheme = in.value("scheme", d.scheme);
  e.sni = in.value("sni", d.sni);
  e.host = in.value("host", d.host);
  e.api = in.value("api", d.api);
  e.action = in.value("action", d.action);
  e.cloud = in.value("cloud", d.cloud);
  e.resource_type = in.value("resource_type", d.resource_type);
  e.delivery_type = in.value("delivery_type", d.delivery_type);
  e.auth = in.value("auth", d.auth);
  e.fields = in.value("fields", d.fields);
  e.body_content_type = in.value("body_content_type", d.body_content_type);
  e.body_size = in.value("body_size", d.body_size);
  e.remote_file_url = in.value("remote_file_url", d.remote_file_url);
  e.asset_sha256 = in.value("asset_sha256", d.asset_sha256);
  e.public_id = in.value("public_id", d.public_id);
  e.transformation = in.value("transformation", d.transformation);
  e.fault = in.value("fault", d.fault);
  e.status = in.value("status", d.status);
  e.response_headers = pairs_from_json(in.value("response_headers", nlohmann::json::array()));
  e.response_body = in.value("response_body", d.response_body);
  if (in.contains("chunk") && in["chunk"].is_object()) e.chunk = in["chunk"].get<ChunkRecord>();
  if (in.contains("transformation_components") && in["transformation_components"].is_array()) {
    for (const auto& c : in["transformation_components"]) e.transformation_components.push_back(pairs_from_json(c));
  }
}

void Journal::mirror_to(const std::filesystem::path& path) {
  std::lock_guard lock(mutex_);
  mirror_.open(path, std::ios::out | std::ios::trunc);
  if (!mirror_) throw std::runtime_error("cannot write journal file " + path.string());
  // Client bytes need not be UTF-8: replace them as record() does rather than throw.
  for (const auto& entry : entries_) {
    mirror_ << nlohmann::json(entry).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  mirror_.flush();
}

std::uint64_t Journal::record(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  return record_locked(std::move(entry));
}

std::uint64_t Journal::record(JournalEntry entry, std::chrono::steady_clock::time_point started) {
  std::lock_guard lock(mutex_);
  entry.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return record_locked(std::move(entry));
}

std::uint64_t Journal::record_locked(JournalEntry entry) {
  entry.id = next_id_++;
  if (mirror_.is_open()) {
    // One line per request, flushed, so a killed server still leaves its evidence.
    mirror_ << nlohmann::json(entry).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    mirror_.flush();
  }
  entries_.push_back(std::move(entry));
  return entries_.back().id;
}

std::vector<JournalEntry> Journal::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

std::vector<JournalEntry> Journal::entries_since(std::uint64_t after_id) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntry> out;
  for (const auto& entry : entries_) {
    if (entry.id > after_id) out.push_back(entry);
  }
  return out;
}

std::size_t Journal::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void Journal::flush() {
  std::lock_guard lock(mutex_);
  if (mirror_.is_open()) mirror_.flush();
}

}  // namespace cldcert::mock
