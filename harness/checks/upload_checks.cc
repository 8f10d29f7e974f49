#include "harness/checks/upload_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/checks/srcset.h"
#include "harness/delivery_probe.h"
#include "mocks/bounded_json.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

bool is_upload(const mock::JournalEntry& e) { return e.api == "upload" && e.action == "upload"; }

std::vector<const mock::JournalEntry*> uploads_of(const StepRecord& step, const CheckInput& input) {
  std::vector<const mock::JournalEntry*> out;
  for (const auto* e : step_requests(step, input.journal)) {
    if (is_upload(*e)) out.push_back(e);
  }
  return out;
}

// The fixture a step uploaded, when its file argument is one the run generated.
const FixtureFacts* uploaded_fixture(const StepRecord& step, const CheckInput& input) {
  auto it = input.fixtures.find(step_arg(step, "file"));
  return it == input.fixtures.end() ? nullptr : &it->second;
}

// The bytes a.. b of a delivery, as messages name them.
std::string range_text(std::uint64_t first, std::uint64_t last) {
  return "bytes=" + std::to_string(first) + "-" + std::to_string(last);
}

// The fixture's digest of `range` (delivery_probe.h: its head, its tail, or the whole file when the probe
// is one range), "" when the facts hold none (an older bundle).
std::string probe_digest(const mock::ByteRange& range, const FixtureFacts& fixture) {
  if (range.first == 0 && range.last + 1 == fixture.size) return fixture.sha256;
  return range.first == 0 ? fixture.head_sha256 : fixture.tail_sha256;
}

struct ProbeVerdict {
  std::vector<std::string> problems;    // what differed: a failure
  std::vector<std::string> unverified;  // ranges the CDN answered whole (Range ignored): a warning
};

// A live run's delivery, probed from the CDN (steps/mock_steps.cc probe_live_delivery): its HEAD's status
// and size, then each range against the same bytes of the fixture.
ProbeVerdict judge_probe(const nlohmann::json& got, const std::string& url, const FixtureFacts& fixture) {
  ProbeVerdict v;
  const int status = got.value("status", 0);
  if (status != 200) {
    v.problems.push_back("HEAD " + url + " answered " + std::to_string(status));
    return v;
  }
  const auto bytes = got.find("bytes");
  if (bytes == got.end() || !bytes->is_number_unsigned()) {
    v.problems.push_back("HEAD " + url + " answered 200 without a Content-Length");
    return v;
  }
  if (bytes->get<std::uint64_t>() != fixture.size) {
    v.problems.push_back("HEAD " + url + " says " + std::to_string(bytes->get<std::uint64_t>()) + " bytes, " +
                         fixture.name + " has " + std::to_string(fixture.size));
    return v;
  }
  const std::vector<mock::ByteRange> expected = delivery_probe_ranges(fixture.size);
  const nlohmann::json ranges = got.value("ranges", nlohmann::json::array());
  if (!ranges.is_array() || ranges.size() != expected.size()) {
    v.problems.push_back("the evidence of " + url + " holds " + std::to_string(ranges.is_array() ? ranges.size() : 0) +
                         " range(s), not the " + std::to_string(expected.size()) + " probed");
    return v;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const mock::ByteRange& range = expected[i];
    const nlohmann::json& one = ranges[i];
    const std::string asked = "GET " + url + " (Range: " + range_text(range.first, range.last) + ")";
    if (!one.is_object() || one.value("first", std::uint64_t{1}) != range.first ||
        one.value("last", std::uint64_t{0}) != range.last) {
      v.problems.push_back("the evidence of " + url + " does not hold the range " +
                           range_text(range.first, range.last));
      continue;
    }
    const int answered = one.value("status", 0);
    const std::string sha = one.value("sha256", "");
    const std::string want = probe_digest(range, fixture);
    if (sha.empty() && answered == 200) {
      v.unverified.push_back(asked + " answered 200: the CDN ignored the Range, so those bytes were not verified");
    } else if (sha.empty() || (answered != 206 && answered != 200)) {
      v.problems.push_back(asked + " answered " + std::to_string(answered));
    } else if (want.empty()) {
      v.problems.push_back("the run kept no digest of " + fixture.name + "'s " + range_text(range.first, range.last) +
                           " to compare " + asked + " with");
    } else if (sha != want) {
      v.problems.push_back(asked + " returned " + std::to_string(one.value("bytes", std::uint64_t{0})) +
                           " bytes with SHA-256 " + sha.substr(0, 16) + "…, the same bytes of " + fixture.name +
                           " have " + want.substr(0, 16) + "…");
    }
  }
  return v;
}

std::string widths_text(const std::vector<int>& widths) {
  std::string out;
  for (int w : widths) out += (out.empty() ? "" : ", ") + std::to_string(w);
  return "[" + out + "]";
}

}  // namespace

CheckResult check_upload_media_types(const CheckInput& input) {
  Findings f("each upload sent to /v1_1/<cloud>/<resource type the scenario asked for>/upload");
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    std::string wanted = step_arg(step, "resource_type");
    if (step.action != "upload" || wanted.empty() || wanted == "auto") continue;
    ++total;
    auto uploads = uploads_of(step, input);
    std::string why;
    const mock::JournalEntry* wrong = nullptr;
    for (const auto* e : uploads) {
      if (e->resource_type != wanted) {
        wrong = e;
        break;
      }
    }
    if (uploads.empty()) {
      if (step.exit_code != 0) continue;  // refused or failed: the step's own error says why
      why = "asked to upload a " + wanted + " file, no upload request was sent";
    } else if (wrong) {
      why = "asked to upload a " + wanted + " file, sent it to " + wrong->path + " as resource type '" +
            wrong->resource_type + "'";
    } else {
      continue;
    }
    if (f.add(step, wrong, why) && wrong) f.closest("POST /v1_1/" + wrong->cloud + "/" + wanted + "/upload");
  }
  if (total == 0) return skipped_check("no upload step named a resource type");
  return f.conclude(
      total, "upload step(s)", "each sent to its resource type's endpoint", "went to the wrong resource type",
      "Pass resource_type ('image', 'video' or 'raw') to the SDK's upload call for what the user uploads; "
      "a video stored as raw gets no video transformations, streaming or thumbnails.");
}

CheckResult check_upload_presets(const CheckInput& input) {
  Findings f(
      "uploads naming a preset carry upload_preset; unsigned ones use an existing unsigned preset, signed "
      "ones a valid signature");
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    if (step.action != "upload") continue;
    auto uploads = uploads_of(step, input);
    // Signatures and presets are verified by the mock; its verdict is in the journal. A read-only
    // key's "forbidden" is about permissions (B5), not about how the upload was signed.
    for (const auto* e : uploads) {
      if (e->auth.method != "signature" && e->auth.method != "unsigned_preset") continue;
      ++total;
      if (e->auth.outcome != "ok" && e->auth.outcome != "forbidden") {
        f.add(step, e, "the mock refused the " + e->auth.method + " upload: " + e->auth.outcome);
      }
    }
    const std::string preset = step_arg(step, "upload_preset");
    if (preset.empty()) continue;
    ++total;
    const bool unsigned_asked = step_arg(step, "signing") == "unsigned";
    if (uploads.empty()) {
      if (step.exit_code == 0) f.add(step, nullptr, "asked to upload with preset '" + preset + "', sent no upload");
      continue;
    }
    for (const auto* e : uploads) {
      auto sent = form_field(*e, "upload_preset");
      std::string why;
      if (!sent) {
        why = "asked to upload with preset '" + preset + "', sent no upload_preset";
      } else if (*sent != preset) {
        why = "asked to upload with preset '" + preset + "', sent upload_preset '" + *sent + "'";
      } else if (unsigned_asked != (e->auth.method == "unsigned_preset")) {
        why = "asked for a" + std::string(unsigned_asked ? "n unsigned" : " signed") + " upload with preset '" +
              preset + "', sent a " + (e->auth.method == "unsigned_preset" ? "unsigned" : e->auth.method) + " upload";
      } else {
        continue;
      }
      f.add(step, e, why);
      break;
    }
  }
  if (total == 0) return skipped_check("no upload used a preset or a signature");
  return f.conclude(total, "preset or signed upload(s)", "all carried the preset and valid credentials",
                    "did not use the preset correctly",
                    "Send upload_preset with every upload the user configured a preset for; unsigned uploads need an "
                    "existing preset marked unsigned, signed ones a server-side signature (never the secret itself).");
}

CheckResult check_upload_breakpoints(const CheckInput& input) {
  Findings f("responsive_breakpoints requested, and the printed srcset uses exactly the widths Cloudinary computed");
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    std::string asked = step_arg(step, "breakpoints");
    if (step.action != "upload" || asked.empty() || asked == "none" || step.exit_code != 0) continue;
    ++total;
    const mock::JournalEntry* upload = nullptr;
    for (const auto* e : uploads_of(step, input)) {
      if (e->status == 200) upload = e;
    }
    std::string why;
    std::vector<int> computed, printed;
    bool urls_match = true;
    if (!upload || !form_field(*upload, "responsive_breakpoints")) {
      why = "asked for responsive breakpoints, the upload did not request responsive_breakpoints";
    } else {
      auto body = mock::parse_json_text(upload->response_body).doc;
      if (body.is_object() && body.contains("responsive_breakpoints") && body["responsive_breakpoints"].is_array()) {
        for (const auto& set : body["responsive_breakpoints"]) {
          for (const auto& b : set.value("breakpoints", nlohmann::json::array()))
            computed.push_back(b.value("width", 0));
        }
      }
      std::vector<std::string> srcsets;
      if (step.last_json.is_object()) {
        for (const auto& [key, value] : step.last_json.items()) {
          if (value.is_string() && value.get<std::string>().find(" ") != std::string::npos &&
              value.get<std::string>().starts_with("http")) {
            srcsets.push_back(value.get<std::string>());
          }
        }
      }
      if (srcsets.empty()) {
        why = "printed no srcset (a string of \"URL <width>w\" candidates)";
      } else {
        for (const auto& c : srcset_candidates(srcsets.front())) {
          if (!c.width) continue;
          printed.push_back(*c.width);
          if (c.url.find("w_" + std::to_string(*c.width)) == std::string::npos) urls_match = false;
        }
        auto a = computed, b = printed;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a != b) {
          why = "printed srcset widths " + widths_text(printed) + ", Cloudinary computed " + widths_text(computed);
        } else if (!urls_match) {
          why = "a srcset candidate's URL does not scale to the width it declares";
        } else {
          continue;
        }
      }
    }
    if (f.add(step, upload, why) && !computed.empty()) f.closest("a srcset with the widths " + widths_text(computed));
  }
  if (total == 0) return skipped_check("no upload step asked for responsive breakpoints");
  return f.conclude(total, "upload(s) with breakpoints", "srcset matches Cloudinary's breakpoints",
                    "did not use Cloudinary's breakpoints",
                    "Build srcset from the upload response's responsive_breakpoints[].breakpoints[].width (one "
                    "c_scale,w_<width> URL per breakpoint) instead of fixed widths.");
}

CheckResult check_upload_chunked(const CheckInput& input) {
  Findings f(
      "files over 100 MB sent in chunks of 5–100 MB (the last may be smaller), contiguous from byte 0 "
      "to the end, under one X-Unique-Upload-Id");
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    const FixtureFacts* fixture = uploaded_fixture(step, input);
    if (step.action != "upload" || !fixture || fixture->size <= kLargeFileBytes) continue;
    ++total;
    auto uploads = uploads_of(step, input);
    std::string why;
    const mock::JournalEntry* at = nullptr;
    std::set<std::string> ids;
    std::map<std::uint64_t, const mock::JournalEntry*> by_start;  // a retried chunk counts once
    for (const auto* e : uploads) {
      if (!e->chunk) {
        at = e;
        why = "sent the " + text::mebibytes(fixture->size) + " file " + fixture->name + " in one request of " +
              text::mebibytes(e->body_size) + " (answered " + std::to_string(e->status) + ")";
        break;
      }
      ids.insert(e->chunk->upload_id);
      by_start[e->chunk->start] = e;
    }
    if (why.empty() && uploads.empty()) {
      why = "sent no upload request for the " + text::mebibytes(fixture->size) + " file " + fixture->name;
    }
    if (why.empty() && ids.size() > 1) {
      at = uploads.front();
      why = "used " + std::to_string(ids.size()) + " X-Unique-Upload-Id values for one file";
    }
    if (why.empty()) {
      std::uint64_t next = 0;
      for (const auto& [start, e] : by_start) {
        const auto& c = *e->chunk;
        std::uint64_t size = c.end - c.start + 1;
        bool last = c.end + 1 == fixture->size;
        if (start != next) {
          at = e;
          why = "chunk bytes " + std::to_string(c.start) + "-" + std::to_string(c.end) + " does not follow byte " +
                std::to_string(next) + (start > next ? " (a gap)" : " (an overlap)");
        } else if (size > kLargeFileBytes || (!last && size < kMinChunkBytes)) {
          at = e;
          why = "chunk bytes " + std::to_string(c.start) + "-" + std::to_string(c.end) + " is " +
                text::mebibytes(size) + ", outside 5–100 MB";
        }
        if (!why.empty()) break;
        next = c.end + 1;
      }
      if (why.empty() && next != fixture->size) {
        why = "the chunks end at byte " + std::to_string(next) + " of " + std::to_string(fixture->size);
      }
    }
    if (why.empty()) continue;
    if (f.add(step, at, why)) {
      f.closest("Content-Range: bytes 0-19999999/-1, bytes 20000000-39999999/-1, … under one X-Unique-Upload-Id");
    }
  }
  if (total == 0) return skipped_check("no upload of a file over 100 MB in this scenario");
  return f.conclude(
      total, "large upload(s)", "each chunked correctly", "were not chunked correctly",
      "Upload files over 100 MB with the SDK's chunked upload (Node: cloudinary.uploader.upload_large(file, "
      "{chunk_size: 20000000})), which sends contiguous Content-Range chunks under one upload id.");
}

CheckResult check_upload_integrity(const CheckInput& input) {
  Findings f(
      "the stored bytes of each uploaded large file have the fixture's SHA-256, and its delivery URL "
      "returns the same bytes");
  std::size_t total = 0;
  std::map<std::string, const FixtureFacts*> stored;  // public id → fixture it should hold
  for (const auto& step : input.steps) {
    const FixtureFacts* fixture = uploaded_fixture(step, input);
    if (step.action == "upload" && fixture && fixture->size > kLargeFileBytes) {
      const mock::JournalEntry* completed = nullptr;
      for (const auto* e : uploads_of(step, input)) {
        if (!e->asset_sha256.empty()) completed = e;
      }
      if (!completed && step.exit_code != 0) continue;  // never arrived: upload.chunked or the step's error says why
      ++total;
      if (!completed) {
        f.add(step, nullptr, "reported success, but no upload of " + fixture->name + " completed");
      } else if (completed->asset_sha256 != fixture->sha256) {
        f.add(step, completed,
              "stored " + fixture->name + " with SHA-256 " + completed->asset_sha256.substr(0, 16) +
                  "…, the file's is " + fixture->sha256.substr(0, 16) + "…");
      } else {
        stored[completed->public_id] = fixture;
      }
    }
    if (step.action == "cldcert.get" && step.last_json.is_object()) {
      std::string url = step.last_json.value("url", "");
      for (const auto& [public_id, expected] : stored) {
        if (url.find("/" + public_id) == std::string::npos) continue;
        ++total;
        if (step.last_json.contains("ranges")) {  // a live run's probe: the CDN's HEAD and ranges
          const ProbeVerdict probe = judge_probe(step.last_json, url, *expected);
          if (!probe.problems.empty()) f.add(step, nullptr, text::join(probe.problems, "; "));
          for (const auto& why : probe.unverified) f.warn(why, step_evidence(step, why));
          continue;
        }
        int status = step.last_json.value("status", 0);
        std::string sha = step.last_json.value("sha256", "");
        if (status != 200) {
          f.add(step, nullptr, "GET " + url + " answered " + std::to_string(status));
        } else if (sha != expected->sha256) {
          f.add(step, nullptr,
                "GET " + url + " returned " + std::to_string(step.last_json.value("bytes", 0ull)) +
                    " bytes that are not " + expected->name);
        }
      }
    }
  }
  if (total == 0) return skipped_check("no upload of a file over 100 MB completed in this scenario");
  return f.conclude(
      total, "large file(s) and deliveries", "stored and delivered byte for byte",
      "were not stored or delivered intact",
      "Stream the file to the chunked upload unchanged (no re-encoding, no transforms on the byte stream) "
      "and check the upload response's bytes/etag against the local file.",
      "A live run reads a delivery's first and last " + text::mebibytes(kDeliveryProbeBytes) +
          " with Range requests rather than all of it; where the CDN answered a Range with the whole body, those "
          "bytes stay unverified. Run the scenario without --live to compare the whole delivery.");
}

}  // namespace cldcert
