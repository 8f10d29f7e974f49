// Puts a live run's tag on each asset the run learns it created, with the Upload API's signed tags call
// (command=add: the integration's own tags stay), on a worker thread of its own: the integration's answer
// never waits for it. The clean-up waits for it (wait_idle) before deleting.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/live/created_resources.h"
#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

// Public ids per tags call (Cloudinary's limit is 1000).
inline constexpr std::size_t kTagBatch = 100;

class AssetTagger {
 public:
  // `now`: Unix seconds for the signature's timestamp (tests pin it to the upstream's clock).
  AssetTagger(const UpstreamForwarder& upstream, const mock::Accounts& accounts, std::string tag,
              std::function<std::int64_t()> now);
  ~AssetTagger();
  AssetTagger(const AssetTagger&) = delete;
  AssetTagger& operator=(const AssetTagger&) = delete;

  const std::string& tag() const { return tag_; }
  // Queues an asset (anything else is ignored: presets and named transformations cannot be tagged).
  void tag(const CreatedResource& resource);
  // Returns once everything queued so far has been sent and answered.
  void wait_idle();
  // What could not be tagged ("image/upload 'x' in cloud c: 401 …"): the ledger still lists it.
  std::vector<std::string> problems() const;

 private:
  void work();
  void send(const std::vector<CreatedResource>& batch);

  const UpstreamForwarder& upstream_;
  const mock::Accounts& accounts_;
  std::string tag_;
  std::function<std::int64_t()> now_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<CreatedResource> queue_;
  bool busy_ = false, stopping_ = false;
  std::vector<std::string> problems_;
  std::thread worker_;
};

}  // namespace cldcert::live
