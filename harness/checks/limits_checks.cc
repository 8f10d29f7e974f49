#include "harness/checks/limits_checks.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "harness/checks/refusal.h"
#include "harness/manifest.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

// An upload step of a generated file, as the limits see it.
struct UploadedFile {
  const StepRecord* step = nullptr;
  const FixtureFacts* facts = nullptr;
  std::string extension;  // lower case, no dot
  std::string resource_type;
};

// Which side of a limit a file is on; nullopt when another limit decides it (an undeclared type is
// refused whatever its size, so the size limit does not judge it).
enum class Side { kWithin, kPast };
using SideOf = std::function<std::optional<Side>(const UploadedFile&)>;

bool type_accepted(const Limits& limits, const UploadedFile& file) {
  if (limits.file_types.empty()) return true;
  return std::any_of(limits.file_types.begin(), limits.file_types.end(), [&](const std::string& type) {
    return type == file.extension || (!file.resource_type.empty() && type == file.resource_type);
  });
}

bool size_accepted(const Limits& limits, const UploadedFile& file) {
  return !limits.max_upload_bytes || file.facts->size <= *limits.max_upload_bytes;
}

// The upload steps that ran with a file the run generated (its size and digest known).
std::vector<UploadedFile> uploaded_files(const CheckInput& input) {
  std::vector<UploadedFile> out;
  for (const auto& step : input.steps) {
    if (step.action != "upload" || !step.skipped.empty() || !step.error.empty()) continue;
    const std::string path = step_arg(step, "file");
    auto facts = input.fixtures.find(path);
    if (facts == input.fixtures.end()) continue;
    std::string extension = std::filesystem::path(path).extension().string();
    if (!extension.empty()) extension.erase(0, 1);
    out.push_back({&step, &facts->second, text::lower(extension), step_arg(step, "resource_type")});
  }
  return out;
}

std::string described(const UploadedFile& file) {
  return "a ." + file.extension + " file of " + std::to_string(file.facts->size) + " bytes";
}

// Within the limits: the upload succeeded, reached Cloudinary, and each file is in the cloud byte for byte.
void judge_within(Findings& f, const CheckInput& input, const StepRecord& step, const std::string& what,
                  const std::vector<const FixtureFacts*>& files) {
  if (step.exit_code != 0) {
    f.add(step, nullptr,
          "refused " + what + " within the declared limits (exit " + std::to_string(step.exit_code) +
              "; stderr: " + stderr_excerpt(step) + ")");
    return;
  }
  const auto requests = step_requests(step, input.journal);
  if (std::none_of(requests.begin(), requests.end(), [](const auto* e) { return is_api_request(*e); })) {
    f.add(step, nullptr, "exited 0 but sent " + what + " nowhere: no request reached Cloudinary");
    return;
  }
  const auto& assets = step.store_after.assets;
  std::vector<std::string> lost;
  for (const FixtureFacts* file : files) {
    const bool stored = std::any_of(assets.begin(), assets.end(), [&](const StoredAsset& a) {
      return a.cloud == step.cloud && a.sha256 == file->sha256;
    });
    if (!stored) lost.push_back(file->name);
  }
  if (lost.size() == 1 && files.size() == 1) {
    f.add(step, nullptr, "uploaded " + what + " but the cloud " + step.cloud + " holds no asset with its bytes");
    return;
  }
  if (!lost.empty()) {
    f.add(step, nullptr,
          "uploaded " + what + " but the cloud " + step.cloud + " holds " + std::to_string(files.size() - lost.size()) +
              " of them: lost " + text::join(lost, ", "));
    return;
  }
  f.also(step_evidence(step, what + " uploaded and stored byte for byte"));
}

void judge_within(Findings& f, const CheckInput& input, const UploadedFile& file) {
  judge_within(f, input, *file.step, described(file), {file.facts});
}

// Past a limit: refused to the user (non-zero exit, a message, no stack trace), nothing sent.
void judge_past(Findings& f, const CheckInput& input, const StepRecord& step, const std::string& what) {
  bool clean = true;
  for (const auto* e : step_requests(step, input.journal)) {
    if (!is_api_request(*e)) continue;
    f.add(step, e, "sent " + what + " past the declared limit to Cloudinary instead of refusing it");
    clean = false;
  }
  if (step.exit_code == 0) {
    f.add(step, nullptr, "exited 0 with " + what + " past the declared limit: the user was not refused");
    return;
  }
  auto problems = refusal_message_problems(step);
  // A user meets it in a status line or a notice: one line saying why.
  const std::string_view said = text::trim(step.stderr_text);
  if (problems.empty() && said.find('\n') != std::string_view::npos) {
    problems.push_back("said why in " + std::to_string(std::count(said.begin(), said.end(), '\n') + 1) +
                       " lines on stderr, not one");
  }
  for (const auto& problem : problems) {
    f.add(step, nullptr, "refused " + what + " but " + problem);
    clean = false;
  }
  if (clean) f.also(step_evidence(step, what + " refused before any request; stderr: " + stderr_excerpt(step)));
}

void judge_past(Findings& f, const CheckInput& input, const UploadedFile& file) {
  judge_past(f, input, *file.step, described(file));
}

// The side of `limit` a file is on, or none when another limit refuses it whatever this one says.
std::optional<Side> side(bool other_limit_accepts, bool this_limit_accepts) {
  if (!other_limit_accepts) return std::nullopt;
  return this_limit_accepts ? Side::kWithin : Side::kPast;
}

// The ending every limit check shares: how many `things` were judged on each side of the limit.
CheckResult conclude_limit(Findings& f, const std::string& things, const std::string& limit, std::size_t within,
                           std::size_t past, const std::string& pass, const std::string& hint,
                           const std::string& within_word = "within") {
  if (within + past == 0) return skipped_check("no " + things + " in this scenario exercised limits." + limit);
  return f.conclude(within + past,
                    things + "(s) at limits." + limit + " (" + std::to_string(within) + " " + within_word + ", " +
                        std::to_string(past) + " past)",
                    pass, "broke the declared limit", hint);
}

CheckResult judge_limit(const CheckInput& input, const std::string& limit, bool declared, const SideOf& side_of,
                        const std::string& hint) {
  if (!declared) return not_applicable_check("the manifest declares no limits." + limit);
  Findings f("at limits." + limit +
             " the upload works and the file is stored; past it the user is refused (non-zero "
             "exit, one line on stderr, no stack trace) and nothing is sent to Cloudinary");
  std::size_t within = 0, past = 0;
  for (const auto& file : uploaded_files(input)) {
    auto at = side_of(file);
    if (!at) continue;
    f.judge();
    if (*at == Side::kWithin) {
      ++within;
      judge_within(f, input, file);
    } else {
      ++past;
      judge_past(f, input, file);
    }
  }
  return conclude_limit(f, "upload", limit, within, past,
                        "each stored when within it and refused without a request when past it", hint);
}

// A batch upload step ("folder": several files chosen at once) and its files as the run made them,
// in batch order.
struct UploadedBatch {
  const StepRecord* step = nullptr;
  std::vector<const FixtureFacts*> files;
  std::string extension;  // of its files, lower case, no dot
};

std::vector<UploadedBatch> uploaded_batches(const CheckInput& input) {
  std::vector<UploadedBatch> out;
  for (const auto& step : input.steps) {
    if (step.action != "upload" || !step.skipped.empty() || !step.error.empty()) continue;
    const std::string folder = step_arg(step, "folder");
    if (folder.empty()) continue;
    UploadedBatch batch{&step, {}, ""};
    for (const auto& [path, facts] : input.fixtures) {
      if (!path.starts_with(folder + "/")) continue;
      batch.files.push_back(&facts);
      const std::string extension = std::filesystem::path(path).extension().string();
      batch.extension = text::lower(extension.empty() ? extension : extension.substr(1));
    }
    if (!batch.files.empty()) out.push_back(std::move(batch));
  }
  return out;
}

std::string described(const UploadedBatch& batch) {
  return "a batch of " + std::to_string(batch.files.size()) + " ." + batch.extension + " files";
}

// A batch of a type the integration refuses is the type limit's to judge, not the batch limits'.
bool batch_type_accepted(const Limits& limits, const UploadedBatch& batch) {
  UploadedFile file;
  file.extension = batch.extension;
  file.resource_type = step_arg(*batch.step, "resource_type");
  return type_accepted(limits, file);
}

// A request counts as in flight from its start until 2 ms before the mock ended it: a client that
// starts the next upload as the answer to the last one arrives is not two at once (the journal's
// start times are whole milliseconds).
constexpr double kInFlightSlackMs = 2;

// The most upload requests the mock was answering at once during the step, and those requests.
std::vector<const mock::JournalEntry*> most_in_flight(const StepRecord& step,
                                                      const std::vector<mock::JournalEntry>& journal) {
  std::vector<const mock::JournalEntry*> uploads;
  for (const auto* e : step_requests(step, journal)) {
    if (is_api_request(*e) && e->api == "upload") uploads.push_back(e);
  }
  auto start = [](const mock::JournalEntry* e) { return static_cast<double>(e->started_unix_ms); };
  auto end = [&](const mock::JournalEntry* e) { return start(e) + std::max(0.0, e->duration_ms - kInFlightSlackMs); };
  std::vector<const mock::JournalEntry*> most;
  for (const auto* at : uploads) {
    std::vector<const mock::JournalEntry*> now;
    for (const auto* e : uploads) {
      if (start(e) <= start(at) && start(at) < end(e)) now.push_back(e);
    }
    if (now.size() > most.size()) most = now;
  }
  return most;
}

// How a list step's output and requests compare with limits.max_listed, the cloud holding `held`
// assets of the listed resource type.
void judge_listing(Findings& f, const CheckInput& input, const StepRecord& step, std::uint64_t max_listed,
                   std::uint64_t held, const std::string& resource_type) {
  const std::string what = "the cloud holding " + std::to_string(held) + " " + resource_type + " assets";
  if (step.exit_code != 0) {
    f.add(step, nullptr,
          "failed to list " + what + " (exit " + std::to_string(step.exit_code) + "; stderr: " + stderr_excerpt(step) +
              ")");
    return;
  }
  bool clean = true;
  for (const auto* e : step_requests(step, input.journal)) {
    if (!is_api_request(*e) || e->api != "admin" || e->action != "resources.list") continue;
    // Cloudinary returns 10 when max_results is not given, and at most 500
    // (https://cloudinary.com/documentation/admin_api#get_resources, "max_results").
    std::uint64_t asked = 10;
    std::string written = "no max_results, so Cloudinary's default 10";
    auto read = [&](const std::string& value) {
      written = "max_results=" + value;
      const bool number =
          !value.empty() && value.size() < 10 && value.find_first_not_of("0123456789") == std::string::npos;
      asked = number ? std::stoull(value) : UINT64_MAX;
    };
    for (const auto& [name, value] : e->query_params) {
      if (name == "max_results") read(value);
    }
    if (auto field = form_field(*e, "max_results")) read(*field);
    if (asked <= max_listed) continue;
    f.add(
        step, e,
        "asked Cloudinary for more assets than limits.max_listed " + std::to_string(max_listed) + " (" + written + ")");
    clean = false;
  }
  const nlohmann::json& assets =
      step.last_json.is_object() ? step.last_json.value("assets", nlohmann::json()) : nlohmann::json();
  if (!assets.is_array()) {
    f.add(step, nullptr, "printed no \"assets\" list for " + what);
    return;
  }
  std::set<std::string> shown;
  std::vector<std::string> unknown;
  for (const auto& asset : assets) {
    const bool named = asset.is_object() && asset.contains("public_id") && asset["public_id"].is_string();
    const std::string id = named ? asset["public_id"].get<std::string>() : "";
    const auto& stored = step.store_after.assets;
    if (std::none_of(stored.begin(), stored.end(), [&](const StoredAsset& a) {
          return a.cloud == step.cloud && a.resource_type == resource_type && a.public_id == id;
        }))
      unknown.push_back(id.empty() ? asset.dump() : id);
    shown.insert(id);
  }
  const std::uint64_t expected = std::min(held, max_listed);
  if (assets.size() > max_listed) {
    f.add(step, nullptr,
          "showed " + std::to_string(assets.size()) + " assets of " + what + ", past limits.max_listed " +
              std::to_string(max_listed));
    clean = false;
  } else if (shown.size() < expected) {
    f.add(step, nullptr,
          "showed " + std::to_string(shown.size()) + " different assets of " + what + ", not " +
              std::to_string(expected) + " (limits.max_listed " + std::to_string(max_listed) + ")");
    clean = false;
  }
  if (!unknown.empty()) {
    f.add(step, nullptr, "showed assets the cloud does not hold: " + text::join(unknown, ", "));
    clean = false;
  }
  if (clean) f.also(step_evidence(step, "showed " + std::to_string(assets.size()) + " assets of " + what));
}

}  // namespace

CheckResult check_limits_upload_size(const CheckInput& input) {
  const Limits& limits = input.manifest.limits;
  return judge_limit(
      input, "max_upload_bytes", limits.max_upload_bytes.has_value(),
      [&](const UploadedFile& file) { return side(type_accepted(limits, file), size_accepted(limits, file)); },
      "Check the file's size before the upload starts and refuse a larger one with a message that names the limit "
      "(exit non-zero, nothing sent); accept a file of exactly the declared size. If the limit is not yours, correct "
      "limits.max_upload_bytes in cldcert.json.");
}

CheckResult check_limits_file_types(const CheckInput& input) {
  const Limits& limits = input.manifest.limits;
  return judge_limit(
      input, "file_types", !limits.file_types.empty(),
      [&](const UploadedFile& file) { return side(size_accepted(limits, file), type_accepted(limits, file)); },
      "Check the file's extension (or resource type) against the accepted types before the upload starts and refuse "
      "another with a message naming the accepted ones (exit non-zero, nothing sent). If the list is not yours, "
      "correct limits.file_types in cldcert.json.");
}

CheckResult check_limits_listed(const CheckInput& input) {
  const auto& limit = input.manifest.limits.max_listed;
  if (!limit) return not_applicable_check("the manifest declares no limits.max_listed");
  Findings f("with more assets in the cloud than limits.max_listed " + std::to_string(*limit) +
             ", the list shows that many (asking Cloudinary for no more); with exactly that many, it shows them all");
  std::size_t at = 0, past = 0;
  for (const auto& step : input.steps) {
    if (step.action != "list" || !step.skipped.empty() || !step.error.empty()) continue;
    const std::string resource_type =
        step_arg(step, "resource_type").empty() ? "image" : step_arg(step, "resource_type");
    const auto& assets = step.store_after.assets;
    const auto held = static_cast<std::uint64_t>(std::count_if(assets.begin(), assets.end(), [&](const StoredAsset& a) {
      return a.cloud == step.cloud && a.resource_type == resource_type;
    }));
    if (held < *limit) continue;
    f.judge();
    ++(held == *limit ? at : past);
    judge_listing(f, input, step, *limit, held, resource_type);
  }
  return conclude_limit(f, "list", "max_listed", at, past, "each showing what the limit allows",
                        "Ask the Admin API for max_results of at most the page size you declare, show that many and "
                        "offer the next page (next_cursor) for the rest. If the page size is not yours, correct "
                        "limits.max_listed in cldcert.json.",
                        "at");
}

CheckResult check_limits_parallel_uploads(const CheckInput& input) {
  const Limits& limits = input.manifest.limits;
  if (!limits.max_parallel_uploads) return not_applicable_check("the manifest declares no limits.max_parallel_uploads");
  const std::uint64_t limit = *limits.max_parallel_uploads;
  Findings f("a batch of files is uploaded whole, never more than limits.max_parallel_uploads " +
             std::to_string(limit) + " at once (the rest wait their turn)");
  std::size_t within = 0, past = 0;
  for (const auto& batch : uploaded_batches(input)) {
    // A batch past the queue is the queue's to refuse.
    if (!batch_type_accepted(limits, batch) || (limits.queue_size && batch.files.size() > *limits.queue_size)) continue;
    f.judge();
    ++(batch.files.size() > limit ? past : within);
    const std::size_t before = f.bad();
    judge_within(f, input, *batch.step, described(batch), batch.files);
    if (f.bad() != before) continue;
    const auto most = most_in_flight(*batch.step, input.journal);
    if (most.size() <= limit) {
      f.also(step_evidence(*batch.step, "at most " + std::to_string(most.size()) + " upload(s) at once"));
      continue;
    }
    std::vector<Evidence> shown;
    for (const auto* e : most) shown.push_back(request_in_step(*e, *batch.step, "in flight at once"));
    f.add(step_ref(*batch.step) + " had " + std::to_string(most.size()) +
              " uploads in flight at once, past limits.max_parallel_uploads " + std::to_string(limit),
          std::move(shown));
  }
  return conclude_limit(f, "batch upload", "max_parallel_uploads", within, past,
                        "each stored whole, never more uploads at once than declared",
                        "Upload a batch through a pool of at most the declared number of uploads at once; start the "
                        "next file when one finishes. If the number is not yours, correct "
                        "limits.max_parallel_uploads in cldcert.json.");
}

CheckResult check_limits_queue_size(const CheckInput& input) {
  const Limits& limits = input.manifest.limits;
  if (!limits.queue_size) return not_applicable_check("the manifest declares no limits.queue_size");
  const std::uint64_t limit = *limits.queue_size;
  Findings f("a batch of limits.queue_size " + std::to_string(limit) +
             " files is uploaded and stored whole; a larger one is refused to the user (non-zero exit, one line on "
             "stderr, no stack trace) before any of it is sent");
  std::size_t within = 0, past = 0;
  for (const auto& batch : uploaded_batches(input)) {
    if (!batch_type_accepted(limits, batch)) continue;
    f.judge();
    if (batch.files.size() <= limit) {
      ++within;
      judge_within(f, input, *batch.step, described(batch), batch.files);
    } else {
      ++past;
      judge_past(f, input, *batch.step, described(batch));
    }
  }
  return conclude_limit(f, "batch upload", "queue_size", within, past,
                        "each stored whole when within it and refused without a request when past it",
                        "Count the files before queuing any and refuse a batch larger than the queue with a message "
                        "that names the limit (exit non-zero, nothing sent); accept a batch of exactly the declared "
                        "size. If the size is not yours, correct limits.queue_size in cldcert.json.");
}

}  // namespace cldcert
