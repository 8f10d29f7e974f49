#include "mocks/upload_api.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>

#include "mocks/asset_json.h"
#include "mocks/data_uri.h"
#include "mocks/file_writer.h"
#include "mocks/form_reader.h"
#include "mocks/media_sniff.h"
#include "mocks/public_id_rules.h"
#include "mocks/upload_auth.h"
#include "mocks/upload_params.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

bool is_delivery_type(const std::string& type) {
  return type == "upload" || type == "private" || type == "authenticated";
}

// Writes a plain (non-chunked) upload to a blob file; past the size limit it only counts,
// so an oversized body is read to its end and discarded, never held.
class SpoolSink : public FileSink {
 public:
  SpoolSink(std::filesystem::path path, std::uint64_t limit)
      : path_(std::move(path)), writer_(path_, 0, true, true), limit_(limit) {}
  ~SpoolSink() override {
    if (!kept_) {
      try {
        writer_.close();
      } catch (...) {}
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
  }
  void write(const char* data, std::size_t size) override {
    received_ += size;
    if (received_ > limit_) return;
    writer_.write(data, size);
  }
  bool over_limit() const { return received_ > limit_; }
  std::uint64_t received() const { return received_; }
  FileWriter& writer() { return writer_; }
  const std::filesystem::path& path() const { return path_; }
  // The caller now owns the file.
  void keep() { kept_ = true; }

 private:
  std::filesystem::path path_;
  FileWriter writer_;
  std::uint64_t limit_;
  std::uint64_t received_ = 0;
  bool kept_ = false;
};

// The bytes of an upload once received: a stored file (spooled, assembled from chunks or
// decoded from a data URI) or a remote URL that Cloudinary would fetch.
struct ReceivedFile {
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::string sha256;
  std::string head;
  std::string filename;
  std::string remote_url;
};

class UploadExchange : public Exchange {
 public:
  UploadExchange(MockState& state, const Cloud& cloud, const HttpRequestHead& head, std::string resource_type,
                 std::string action, JournalEntry& entry)
      : state_(state),
        cloud_(cloud),
        head_(head),
        resource_type_(std::move(resource_type)),
        action_(std::move(action)),
        entry_(entry),
        reader_(header_value(head.headers, "Content-Type"),
                [this](const FormFile& file) -> FileSink& { return open_sink(file); }) {
    entry_.body_content_type = std::string(header_value(head.headers, "Content-Type"));
    std::string_view range_header = header_value(head.headers, "Content-Range");
    upload_id_ = std::string(header_value(head.headers, "X-Unique-Upload-Id"));
    if (action_ == "upload" && !range_header.empty()) {
      std::string error;
      range_ = parse_content_range(range_header, &error);
      if (!range_) early_error_ = cloudinary_error(400, error);
      if (range_) {
        // Refused before any byte is written: an offset is a file size the mock would allocate.
        std::uint64_t size = std::max<std::uint64_t>(range_->end + 1, range_->total > 0 ? range_->total : 0);
        if (size > state_.options.max_chunked_upload_bytes) {
          early_error_ = file_too_large(size, state_.options.max_chunked_upload_bytes);
          range_.reset();
        }
      }
      if (upload_id_.empty() && range_) {
        // A Content-Range alone describes a single-chunk upload; give it a private session.
        upload_id_ = "cldcert-single-" + state_.ids.hex(16);
      }
    }
  }

  ~UploadExchange() override {
    if (chunk_) state_.chunks.finish_chunk(std::move(chunk_), false, "");
  }

  void on_body(const char* data, std::size_t size) override {
    entry_.body_size += size;
    reader_.feed(data, size);
  }

  HttpResponse finish() override {
    ParsedForm form = reader_.finish();
    record_fields(form);
    if (early_error_) return abandon(std::move(*early_error_));
    if (!form.error.empty()) return abandon(cloudinary_error(400, form.error));

    UploadAuthResult auth =
        authenticate_upload(cloud_, form.params, head_.headers, state_.store, state_.now_unix(), action_ == "upload");
    entry_.auth = auth.record;
    if (auth.refusal) return abandon(std::move(*auth.refusal));
    if (!auth.may_write) {
      entry_.auth.outcome = "forbidden";
      return abandon(cloudinary_error(403, "Permission denied: the API key " + cloud_.api_key + " has the role " +
                                               std::string(role_name(cloud_.role)) + ", which cannot " + action_));
    }
    if (action_ == "upload") return upload(form);
    if (resource_type_ == "auto") return cloudinary_error(400, "Invalid resource_type auto for " + action_);
    if (action_ == "destroy") return destroy(form.params);
    if (action_ == "tags") return tags(form.params);
    if (action_ == "explicit") return explicit_(form.params);
    return rename(form.params);
  }

 private:
  FileSink& open_sink(const FormFile& file) {
    if (range_ && !early_error_) {
      chunk_ = state_.chunks.begin_chunk(cloud_.cloud_name, upload_id_, *range_);
      return *chunk_;
    }
    spool_.emplace(state_.store.new_blob_path(), state_.options.max_plain_upload_bytes);
    (void)file;
    return *spool_;
  }

  static HttpResponse file_too_large(std::uint64_t size, std::uint64_t maximum) {
    return cloudinary_error(413, "File size too large. Got " + std::to_string(size) + ". Maximum is " +
                                     std::to_string(maximum) +
                                     ". Upgrade your plan to enjoy higher limits "
                                     "https://www.cloudinary.com/pricing/upgrades/file-limit");
  }

  HttpResponse abandon(HttpResponse response) {
    if (chunk_) state_.chunks.finish_chunk(std::move(chunk_), false, "");
    return response;
  }

  void record_fields(const ParsedForm& form) {
    for (const auto& [name, value] : form.params) {
      JournalField field;
      field.name = name;
      field.size = value.size();
      if (looks_like_data_uri(value) || value.size() > kMaxRecordedValue) {
        // Inline file content is evidence by size and hash, like a file part.
        field.value = value.substr(0, std::min<std::size_t>(value.find(','), 64)) + ",…";
        field.truncated = true;
        field.sha256 = sha256_hex(value);
      } else {
        field.value = value;
      }
      entry_.fields.push_back(std::move(field));
    }
    if (form.file) {
      JournalField field;
      field.name = "file";
      field.is_file = true;
      field.filename = form.file->filename.value_or("");
      field.content_type = form.file->content_type;
      field.size = form.file->size;
      entry_.fields.push_back(std::move(field));
    }
  }

  // The upload's bytes, from whichever form the client chose; nullopt with `error` set otherwise.
  std::optional<ReceivedFile> receive_file(const ParsedForm& form, HttpResponse& error) {
    ReceivedFile received;
    if (form.file && spool_) {
      received.filename = form.file->filename.value_or("");
      if (spool_->over_limit()) {
        error = file_too_large(spool_->received(), state_.options.max_plain_upload_bytes);
        return std::nullopt;
      }
      spool_->writer().close();
      const std::string& head = spool_->writer().head();
      if (!form.file->filename && looks_like_remote_url(head) && head.size() < 8192) {
        received.remote_url = head;
        return received;
      }
      if (!form.file->filename && looks_like_data_uri(head)) {
        return decode_data_uri_into_blob(spool_->path(), {}, error);
      }
      received.path = spool_->path();
      received.size = spool_->writer().bytes_written();
      received.sha256 = spool_->writer().sha256_hex();
      received.head = head;
      spool_->keep();
      entry_.fields.back().sha256 = received.sha256;
      return received;
    }
    auto text = form_value(form.params, "file");
    if (!text || text->empty()) {
      error = cloudinary_error(400, "Missing required parameter - file");
      return std::nullopt;
    }
    if (looks_like_remote_url(*text)) {
      received.remote_url = *text;
      return received;
    }
    if (looks_like_data_uri(*text)) return decode_data_uri_into_blob({}, *text, error);
    error = cloudinary_error(400, "Invalid file parameter: expected a file, a data URI or a remote URL");
    return std::nullopt;
  }

  std::optional<ReceivedFile> decode_data_uri_into_blob(const std::filesystem::path& source, std::string_view text,
                                                        HttpResponse& error) {
    ReceivedFile received;
    received.path = state_.store.new_blob_path();
    FileWriter writer(received.path, 0, true, true);
    std::string media_type, message;
    bool ok;
    if (!source.empty()) {
      ok = decode_data_uri_file(source, writer, &media_type, &message);
    } else {
      DataUriDecoder decoder(writer);
      decoder.feed(text);
      ok = decoder.finish();
      media_type = decoder.media_type();
      message = decoder.error();
    }
    writer.close();
    if (!ok) {
      std::filesystem::remove(received.path);
      error = cloudinary_error(400, "Invalid data URI: " + message);
      return std::nullopt;
    }
    received.size = writer.bytes_written();
    received.sha256 = writer.sha256_hex();
    received.head = writer.head();
    std::size_t slash = media_type.find('/');
    if (slash != std::string::npos) received.filename = "file." + media_type.substr(slash + 1);
    return received;
  }

  HttpResponse upload(const ParsedForm& form) {
    std::string type = form_value(form.params, "type").value_or("upload");
    if (type.empty()) type = "upload";
    if (!is_delivery_type(type)) return abandon(cloudinary_error(400, "Invalid type parameter " + type));
    // https://cloudinary.com/documentation/image_upload_api_reference#upload_optional_parameters:
    // access_mode is "public" (the default) or "authenticated".
    std::string access_mode = form_value(form.params, "access_mode").value_or("public");
    if (access_mode != "public" && access_mode != "authenticated" && !access_mode.empty()) {
      return abandon(cloudinary_error(400, "Invalid access_mode parameter " + access_mode));
    }
    if (auto problem = public_id_problem(form_value(form.params, "public_id").value_or(""))) {
      return abandon(cloudinary_error(400, *problem));
    }
    // What choose_public_id puts in front of the id is held to the public id's rules too.
    std::vector<std::string> prefixes = {"folder", "public_id_prefix"};
    if (param_flag(form.params, "use_asset_folder_as_public_id_prefix", false)) prefixes.push_back("asset_folder");
    for (const std::string& field : prefixes) {
      std::string prefix = form_value(form.params, field).value_or("");
      while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();  // as choose_public_id trims it
      if (auto problem = public_id_problem(prefix, field)) return abandon(cloudinary_error(400, *problem));
    }

    std::optional<ReceivedFile> received;
    if (range_) {
      if (!chunk_) return abandon(cloudinary_error(400, "Missing required parameter - file"));
      std::string filename = form.file ? form.file->filename.value_or("") : "";
      std::string public_id = state_.chunks.session_public_id(cloud_.cloud_name, upload_id_);
      if (public_id.empty()) public_id = pick_public_id(form.params, filename, filename);
      auto outcome = state_.chunks.finish_chunk(std::move(chunk_), true, public_id);
      entry_.chunk = ChunkRecord{upload_id_, range_->start, range_->end, range_->total, 0, outcome.complete};
      if (form.file) entry_.chunk->received = form.file->size;
      if (!outcome.error.empty()) return cloudinary_error(400, outcome.error);
      entry_.public_id = outcome.public_id;
      if (!outcome.complete) {
        nlohmann::json partial{
            {"done", false}, {"bytes", outcome.received}, {"kind", "upload"}, {"public_id", outcome.public_id}};
        if (resource_type_ != "auto") partial["resource_type"] = resource_type_;
        return json_response(partial);
      }
      received = ReceivedFile{};
      received->path = state_.store.new_blob_path();
      std::filesystem::rename(outcome.file, received->path);
      received->size = outcome.size;
      received->sha256 = outcome.sha256;
      received->filename = filename;
      received->head = read_head(received->path);
      return store_upload(form.params, type, *received, outcome.public_id);
    }
    HttpResponse error;
    received = receive_file(form, error);
    if (!received) return error;
    return store_upload(form.params, type, *received, "");
  }

  std::string pick_public_id(const FormParams& params, const std::string& filename, const std::string& sniff_name) {
    std::string rt = resource_type_ == "auto" ? resource_type_for_extension(extension_of(sniff_name)) : resource_type_;
    std::string name = form_value(params, "filename").value_or(filename);
    return choose_public_id(params, name.empty() ? filename : name, rt, extension_of(filename), state_.ids);
  }

  static std::string read_head(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(FileWriter::kHeadSize, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
  }

  HttpResponse store_upload(const FormParams& params, const std::string& type, ReceivedFile& file,
                            std::string public_id) {
    std::string name_for_sniff = file.remote_url.empty() ? file.filename : file.remote_url;
    MediaInfo media = sniff_media(file.head, name_for_sniff);
    Asset asset;
    asset.resource_type = resource_type_ == "auto" ? media.resource_type : resource_type_;
    asset.type = type;
    if (auto mode = form_value(params, "access_mode"); mode && !mode->empty()) asset.access_mode = *mode;
    if (public_id.empty()) {
      std::string ext = asset.resource_type == "raw" ? extension_of(name_for_sniff) : "";
      std::string name = form_value(params, "filename").value_or(file.filename);
      public_id = choose_public_id(params, name.empty() ? file.filename : name, asset.resource_type, ext, state_.ids);
    }
    asset.public_id = public_id;
    if (asset.resource_type != "raw") {
      asset.format = form_value(params, "format").value_or(media.format);
      if (asset.resource_type == "image") {
        asset.width = media.width;
        asset.height = media.height;
      }
    }
    auto existing = state_.store.find(cloud_.cloud_name, asset.resource_type, type, public_id);
    if (existing && !param_flag(params, "overwrite", true)) {
      if (!file.path.empty()) std::filesystem::remove(file.path);
      nlohmann::json body = upload_response_json(cloud_, *existing);
      body["existing"] = true;
      entry_.public_id = existing->public_id;
      return json_response(body);
    }
    std::int64_t now_ms = state_.now_unix_ms();
    asset.version = now_ms / 1000;
    asset.version_id = state_.ids.hex(32);
    asset.asset_id = existing ? existing->asset_id : state_.ids.hex(32);
    asset.created_at = iso8601_utc(now_ms, false);
    asset.bytes = file.size;
    asset.sha256 = file.sha256;
    asset.etag = file.sha256.empty() ? state_.ids.hex(32) : file.sha256.substr(0, 32);
    asset.tags = param_tags(params);
    if (auto context = form_value(params, "context")) asset.context = parse_context(*context);
    asset.asset_folder = form_value(params, "asset_folder").value_or(form_value(params, "folder").value_or(""));
    std::string original = form_value(params, "filename").value_or(file.filename);
    if (!original.empty()) asset.original_filename = filename_stem(original);
    // display_name, else with use_filename_as_display_name the file's name, else the id's last
    // segment (https://cloudinary.com/documentation/image_upload_api_reference#upload_optional_parameters).
    std::size_t slash = public_id.rfind('/');
    asset.display_name = form_value(params, "display_name")
                             .value_or(param_flag(params, "use_filename_as_display_name", false) && !original.empty()
                                           ? asset.original_filename
                                           : public_id.substr(slash == std::string::npos ? 0 : slash + 1));
    asset.remote_url = file.remote_url;
    asset.file = file.path;

    nlohmann::json body = upload_response_json(cloud_, asset);
    if (auto refusal = add_derived_versions(params, asset, body)) {
      if (!file.path.empty()) std::filesystem::remove(file.path);
      return std::move(*refusal);
    }
    state_.store.put(cloud_.cloud_name, asset);
    entry_.asset_sha256 = asset.sha256;
    entry_.public_id = asset.public_id;
    entry_.resource_type = asset.resource_type;
    entry_.delivery_type = asset.type;
    entry_.remote_file_url = asset.remote_url;
    return json_response(body);
  }

  // Adds to an upload or explicit answer the eager and responsive_breakpoints entries the params
  // ask for; a 400 when responsive_breakpoints cannot be read.
  std::optional<HttpResponse> add_derived_versions(const FormParams& params, const Asset& asset, nlohmann::json& body) {
    if (auto eager = form_value(params, "eager"); eager && !eager->empty()) {
      body["eager"] = eager_json(cloud_, asset, *eager);
    }
    if (auto breakpoints = form_value(params, "responsive_breakpoints"); breakpoints && !breakpoints->empty()) {
      std::string error;
      auto json = breakpoints_json(cloud_, asset, *breakpoints, &error);
      if (!json) return cloudinary_error(400, error);
      body["responsive_breakpoints"] = *json;
    }
    return std::nullopt;
  }

  std::string type_param(const FormParams& params) {
    std::string type = form_value(params, "type").value_or("upload");
    return type.empty() ? "upload" : type;
  }

  struct NamedAsset {
    std::string public_id;
    std::string type;
  };
  // The asset a destroy or explicit call names, journaled; nullopt when public_id is missing.
  std::optional<NamedAsset> named_asset(const FormParams& params) {
    auto public_id = form_value(params, "public_id");
    if (!public_id || public_id->empty()) return std::nullopt;
    NamedAsset named{*public_id, type_param(params)};
    entry_.public_id = named.public_id;
    entry_.delivery_type = named.type;
    return named;
  }

  HttpResponse destroy(const FormParams& params) {
    auto named = named_asset(params);
    if (!named) return cloudinary_error(400, "Missing required parameter - public_id");
    bool gone = state_.store.erase(cloud_.cloud_name, resource_type_, named->type, named->public_id);
    return json_response({{"result", gone ? "ok" : "not found"}});
  }

  // add_tag / remove_tag / replace_tag / remove_all_tags: `command` applied to each named asset of this
  // resource type and delivery type; set_exclusive also takes the tag off every other asset of the type.
  // Answers the public ids it found; ids the cloud does not hold are left out, not refused.
  HttpResponse tags(const FormParams& params) {
    static const std::set<std::string> kCommands = {"add", "remove", "replace", "set_exclusive", "remove_all"};
    const std::string command = form_value(params, "command").value_or("");
    if (command.empty()) return cloudinary_error(400, "Missing required parameter - command");
    if (!kCommands.contains(command)) return cloudinary_error(400, "Invalid command " + command);
    const std::vector<std::string> named = param_tags({{"tags", form_value(params, "tag").value_or("")}});
    if (named.empty() && command != "remove_all") return cloudinary_error(400, "Missing required parameter - tag");
    const std::vector<std::string> ids = form_values(params, "public_ids");
    if (ids.empty()) return cloudinary_error(400, "Missing required parameter - public_ids");
    const std::string type = type_param(params);
    entry_.delivery_type = type;
    if (ids.size() == 1) entry_.public_id = ids.front();
    auto has = [](const std::vector<std::string>& tags, const std::string& tag) {
      return std::find(tags.begin(), tags.end(), tag) != tags.end();
    };
    if (command == "set_exclusive") {
      for (auto other : state_.store.list(cloud_.cloud_name)) {
        if (other.resource_type != resource_type_ || other.type != type || has(ids, other.public_id)) continue;
        const auto before = other.tags.size();
        std::erase_if(other.tags, [&](const std::string& t) { return has(named, t); });
        if (other.tags.size() != before) state_.store.put(cloud_.cloud_name, other);
      }
    }
    nlohmann::json found = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto& id : ids) {
      auto asset = state_.store.find(cloud_.cloud_name, resource_type_, type, id);
      if (!asset || !seen.insert(id).second) continue;
      if (command == "replace" || command == "remove_all") asset->tags.clear();
      if (command == "remove") std::erase_if(asset->tags, [&](const std::string& t) { return has(named, t); });
      if (command != "remove" && command != "remove_all") {
        for (const auto& t : named)
          if (!has(asset->tags, t)) asset->tags.push_back(t);
      }
      state_.store.put(cloud_.cloud_name, *asset);
      found.push_back(id);
    }
    return json_response({{"public_ids", found}});
  }

  HttpResponse explicit_(const FormParams& params) {
    auto named = named_asset(params);
    if (!named) return cloudinary_error(400, "Missing required parameter - public_id");
    auto asset = state_.store.find(cloud_.cloud_name, resource_type_, named->type, named->public_id);
    if (!asset) return cloudinary_error(404, "Resource not found - " + named->public_id);
    if (form_value(params, "tags")) asset->tags = param_tags(params);
    if (auto context = form_value(params, "context")) asset->context = parse_context(*context);
    state_.store.put(cloud_.cloud_name, *asset);
    nlohmann::json body = upload_response_json(cloud_, *asset);
    if (auto refusal = add_derived_versions(params, *asset, body)) return std::move(*refusal);
    return json_response(body);
  }

  HttpResponse rename(const FormParams& params) {
    auto from = form_value(params, "from_public_id");
    auto to = form_value(params, "to_public_id");
    if (!from || from->empty()) return cloudinary_error(400, "Missing required parameter - from_public_id");
    if (!to || to->empty()) return cloudinary_error(400, "Missing required parameter - to_public_id");
    if (auto problem = public_id_problem(*to, "to_public_id")) return cloudinary_error(400, *problem);
    std::string type = type_param(params);
    std::string to_type = form_value(params, "to_type").value_or(type);
    if (to_type.empty()) to_type = type;
    if (!is_delivery_type(to_type)) return cloudinary_error(400, "Invalid to_type parameter " + to_type);
    entry_.public_id = *from;
    entry_.delivery_type = type;
    auto asset = state_.store.find(cloud_.cloud_name, resource_type_, type, *from);
    if (!asset) return cloudinary_error(404, "Resource not found - " + *from);
    if (state_.store.find(cloud_.cloud_name, resource_type_, to_type, *to) && !param_flag(params, "overwrite", false)) {
      return cloudinary_error(400, "to_public_id " + *to + " already exists");
    }
    Asset moved = *asset;
    moved.public_id = *to;
    moved.type = to_type;
    std::size_t slash = to->rfind('/');
    moved.display_name = to->substr(slash == std::string::npos ? 0 : slash + 1);
    moved.version = state_.now_unix();
    if (!state_.store.rename(cloud_.cloud_name, resource_type_, type, *from, moved)) {
      return cloudinary_error(404, "Resource not found - " + *from);
    }
    return json_response(upload_response_json(cloud_, moved));
  }

  MockState& state_;
  const Cloud& cloud_;
  HttpRequestHead head_;
  std::string resource_type_;
  std::string action_;
  JournalEntry& entry_;
  std::optional<ContentRange> range_;
  std::string upload_id_;
  std::optional<HttpResponse> early_error_;
  std::unique_ptr<ChunkedUploads::ChunkWrite> chunk_;
  std::optional<SpoolSink> spool_;
  FormReader reader_;
};

}  // namespace

bool is_upload_api_action(const std::string& action) {
  return action == "upload" || action == "destroy" || action == "explicit" || action == "rename" || action == "tags";
}

bool is_upload_resource_type(std::string_view type) {
  return type == "image" || type == "video" || type == "raw" || type == "auto";
}

std::unique_ptr<Exchange> begin_upload_api(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                           const std::string& resource_type, const std::string& action,
                                           JournalEntry& entry) {
  return std::make_unique<UploadExchange>(state, cloud, head, resource_type, action, entry);
}

}  // namespace cldcert::mock
