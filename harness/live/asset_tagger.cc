#include "harness/live/asset_tagger.h"

#include <pthread.h>
#include <signal.h>

#include <map>
#include <tuple>

#include "harness/live/admin_client.h"
#include "mocks/bounded_json.h"
#include "mocks/percent_encode.h"
#include "mocks/upload_signature.h"

namespace cldcert::live {

AssetTagger::AssetTagger(const UpstreamForwarder& upstream, const mock::Accounts& accounts, std::string tag,
                         std::function<std::int64_t()> now)
    : upstream_(upstream), accounts_(accounts), tag_(std::move(tag)), now_(std::move(now)) {
  worker_ = std::thread([this] {
    // Made before `cldcert run` blocks SIGINT and SIGTERM for its signal thread: without this, a Ctrl-C
    // could land here and end cldcert at once, its clean-up not run.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    work();
  });
}

AssetTagger::~AssetTagger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void AssetTagger::tag(const CreatedResource& resource) {
  if (resource.kind != CreatedResource::Kind::kAsset) return;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(resource);
  }
  changed_.notify_all();
}

void AssetTagger::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

std::vector<std::string> AssetTagger::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

void AssetTagger::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    // What arrived meanwhile, one call per cloud, resource type and delivery type.
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<CreatedResource>> batches;
    while (!queue_.empty()) {
      CreatedResource r = std::move(queue_.front());
      queue_.pop_front();
      batches[{r.cloud, r.resource_type, r.type}].push_back(std::move(r));
    }
    busy_ = true;
    lock.unlock();
    for (const auto& [key, list] : batches) {
      for (std::size_t i = 0; i < list.size(); i += kTagBatch)
        send({list.begin() + i, list.begin() + std::min(list.size(), i + kTagBatch)});
    }
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

void AssetTagger::send(const std::vector<CreatedResource>& batch) {
  const CreatedResource& first = batch.front();
  auto problem = [&](const std::string& why) {
    std::lock_guard lock(mutex_);
    for (const auto& r : batch) problems_.push_back(describe(r) + ": not tagged " + tag_ + ": " + why);
  };
  const mock::Cloud* cloud = accounts_.find_cloud(first.cloud);
  if (cloud == nullptr) return problem("the accounts file has no credentials for that cloud");
  // What the SDKs' add_tag sends, signed as an upload is.
  mock::FormParams params{{"command", "add"}, {"tag", tag_}, {"type", first.type}};
  for (const auto& r : batch) params.emplace_back("public_ids[]", r.name);
  params.emplace_back("timestamp", std::to_string(now_()));
  params.emplace_back("signature", mock::sign_params(params, cloud->api_secret, cloud->signature_algorithm, 2));
  params.emplace_back("api_key", cloud->api_key);
  std::string form;
  for (const auto& [k, v] : params)
    form += (form.empty() ? "" : "&") + mock::percent_encode(k) + "=" + mock::percent_encode(v);
  const std::string target =
      "/v1_1/" + mock::percent_encode(cloud->cloud_name) + "/" + mock::percent_encode(first.resource_type) + "/tags";
  mock::HttpResponse response = upstream_.call(upstream_head("POST", target,
                                                             {{"User-Agent", kLiveUserAgent},
                                                              {"Accept", "application/json"},
                                                              {"Content-Type", "application/x-www-form-urlencoded"},
                                                              {"Content-Length", std::to_string(form.size())}}),
                                               form);
  if (response.status != 200) {
    AdminAnswer answer{response.status, mock::parse_json_text(response.body).doc};
    problem("the tags call got " + answer.message());
  }
}

}  // namespace cldcert::live
