#include "harness/checks/limits_checks.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
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

// Within the limits: the upload succeeded, reached Cloudinary, and the file is in the cloud byte for byte.
void judge_within(Findings& f, const CheckInput& input, const UploadedFile& file) {
  const StepRecord& step = *file.step;
  const std::string what = described(file);
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
  const bool stored = std::any_of(assets.begin(), assets.end(), [&](const StoredAsset& a) {
    return a.cloud == step.cloud && a.sha256 == file.facts->sha256;
  });
  if (!stored) {
    f.add(step, nullptr, "uploaded " + what + " but the cloud " + step.cloud + " holds no asset with its bytes");
    return;
  }
  f.also(step_evidence(step, what + " uploaded and stored byte for byte"));
}

// Past a limit: refused to the user (non-zero exit, a message, no stack trace), nothing sent.
void judge_past(Findings& f, const CheckInput& input, const UploadedFile& file) {
  const StepRecord& step = *file.step;
  const std::string what = described(file);
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

// The side of `limit` a file is on, or none when another limit refuses it whatever this one says.
std::optional<Side> side(bool other_limit_accepts, bool this_limit_accepts) {
  if (!other_limit_accepts) return std::nullopt;
  return this_limit_accepts ? Side::kWithin : Side::kPast;
}

CheckResult judge_limit(const CheckInput& input, const std::string& limit, bool declared, const SideOf& side_of,
                        const std::string& hint) {
  if (!declared) return skipped_check("the manifest declares no limits." + limit);
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
  if (within + past == 0) return skipped_check("no upload in this scenario exercised limits." + limit);
  const std::string sides = std::to_string(within) + " within, " + std::to_string(past) + " past";
  return f.conclude(within + past, "upload(s) at limits." + limit + " (" + sides + ")",
                    "each stored when within it and refused without a request when past it", "broke the declared limit",
                    hint);
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

}  // namespace cldcert
