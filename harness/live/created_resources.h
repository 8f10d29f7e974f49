// What a live run created in its clouds, learned from each journaled answer as it is recorded (an
// upload's asset, an upload preset, a named transformation), so the run can delete it all at the end,
// or when it is interrupted.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "mocks/journal.h"

namespace cldcert::live {

struct CreatedResource {
  enum class Kind { kAsset, kUploadPreset, kNamedTransformation };
  Kind kind = Kind::kAsset;
  std::string cloud;
  std::string resource_type;  // assets: image | video | raw
  std::string type;           // assets: upload | private | authenticated | …
  std::string name;           // the asset's public_id, the preset's or the transformation's name
  bool operator==(const CreatedResource&) const = default;
  auto operator<=>(const CreatedResource&) const = default;
};

// "image/upload 'sample' in cloud demo", "upload preset 'p' in cloud demo", …: for the report.
std::string describe(const CreatedResource& resource);

// What one answered request created: nothing unless it succeeded (2xx) in a known cloud.
std::vector<CreatedResource> created_by(const mock::JournalEntry& entry);

// Thread-safe: scenarios' servers record into it while the interrupt path may take everything.
class CreatedResources {
 public:
  void observe(const mock::JournalEntry& entry);
  // What the harness itself created (a named transformation a scenario stages).
  void add(CreatedResource resource);
  // Everything recorded since the last take, in the order it was created (duplicates dropped).
  std::vector<CreatedResource> take();
  // Called (outside the lock, on the recording thread) with each resource as it is first learned, and with
  // a renamed asset under its new name: the run's ledger and tagger. Set before the first observe.
  void on_learned(std::function<void(const CreatedResource&)> listener) { listener_ = std::move(listener); }

 private:
  std::function<void(const CreatedResource&)> listener_;
  std::mutex mutex_;
  std::vector<CreatedResource> resources_;
};

}  // namespace cldcert::live
