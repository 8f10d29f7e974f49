#include "harness/live/live_cleanup.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "harness/live/admin_client.h"
#include "mocks/percent_encode.h"

namespace cldcert::live {
namespace {

using Kind = CreatedResource::Kind;

// What could not be deleted: the lines for the report, the resources for the ledger.
struct Left {
  std::vector<std::string> lines;
  std::vector<CreatedResource> resources;
  void add(const CreatedResource& r, const std::string& why) {
    lines.push_back(describe(r) + ": " + why);
    resources.push_back(r);
  }
};

void delete_assets(const AdminClient& admin, const std::vector<const CreatedResource*>& batch, Left& left) {
  const CreatedResource& first = *batch.front();
  std::string query;
  for (const auto* r : batch)
    query += (query.empty() ? "" : "&") + std::string("public_ids%5B%5D=") + mock::percent_encode(r->name);
  AdminAnswer answer = admin.call(
      "DELETE", "resources/" + mock::percent_encode(first.resource_type) + "/" + mock::percent_encode(first.type),
      query);
  const bool listed = answer.status == 200 && answer.body.is_object() && answer.body.contains("deleted") &&
                      answer.body["deleted"].is_object();
  for (const auto* r : batch) {
    if (!listed) {
      left.add(*r, "the delete call got " + answer.message());
      continue;
    }
    const auto& deleted = answer.body["deleted"];
    const std::string outcome =
        deleted.contains(r->name) && deleted[r->name].is_string() ? deleted[r->name].get<std::string>() : "";
    if (outcome != "deleted" && outcome != "not_found")
      left.add(*r, "the delete call answered '" + (outcome.empty() ? "nothing" : outcome) + "' for it");
  }
}

void delete_named(const AdminClient& admin, const CreatedResource& r, Left& left) {
  const std::string route =
      (r.kind == Kind::kUploadPreset ? "upload_presets/" : "transformations/") + mock::percent_encode(r.name);
  AdminAnswer answer = admin.call("DELETE", route);
  if (answer.status != 200 && answer.status != 404) left.add(r, "the delete call got " + answer.message());
}

}  // namespace

std::vector<std::string> delete_created(const UpstreamForwarder& upstream, const mock::Accounts& accounts,
                                        const std::vector<CreatedResource>& resources,
                                        std::vector<CreatedResource>* not_deleted) {
  Left left;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const CreatedResource*>> assets;
  for (const auto& r : resources) {
    const mock::Cloud* cloud = accounts.find_cloud(r.cloud);
    if (cloud == nullptr) {
      left.add(r, "the accounts file has no credentials for that cloud");
      continue;
    }
    if (r.kind == Kind::kAsset) {
      assets[{r.cloud, r.resource_type, r.type}].push_back(&r);
    } else {
      delete_named(AdminClient(upstream, *cloud), r, left);
    }
  }
  for (const auto& [key, list] : assets) {
    AdminClient admin(upstream, *accounts.find_cloud(std::get<0>(key)));
    for (std::size_t i = 0; i < list.size(); i += kDeleteBatch) {
      std::vector<const CreatedResource*> batch(list.begin() + i,
                                                list.begin() + std::min(list.size(), i + kDeleteBatch));
      delete_assets(admin, batch, left);
    }
  }
  if (not_deleted != nullptr) *not_deleted = std::move(left.resources);
  return std::move(left.lines);
}

}  // namespace cldcert::live
