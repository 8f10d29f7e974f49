#include "harness/checks/sync_checks.h"

#include "mocks/bounded_json.h"

namespace cldcert {

CheckResult check_sync_delete(const CheckInput& input) {
  Findings f("after each delete step the asset is gone from the cloud, for every delivery type");
  std::size_t total = 0;
  const StoreSnapshot* before = nullptr;
  for (const auto& step : input.steps) {
    const StoreSnapshot* previous = before;
    before = &step.store_after;
    if (step.action != "delete" || !previous) continue;
    std::string public_id = step_arg(step, "public_id");
    std::string type = step_arg(step, "type").empty() ? "upload" : step_arg(step, "type");
    std::string resource_type = step_arg(step, "resource_type").empty() ? "image" : step_arg(step, "resource_type");
    // Only an asset that existed can be judged: deleting what was never there is not a sync.
    if (public_id.empty() || !previous->find(step.cloud, resource_type, type, public_id)) continue;
    ++total;
    if (!step.store_after.find(step.cloud, resource_type, type, public_id)) continue;
    std::string answered;
    const mock::JournalEntry* destroy = nullptr;
    for (const auto* e : step_requests(step, input.journal)) {
      if (e->action == "destroy" || e->action == "delete_resources") destroy = e;
    }
    if (destroy) {
      auto body = mock::parse_json_text(destroy->response_body).doc;
      answered =
          " (" + destroy->method + " " + destroy->path + " for type '" +
          form_field(*destroy, "type").value_or("upload") + "' answered " +
          (body.is_object() && body.contains("result") ? body["result"].dump() : std::to_string(destroy->status)) + ")";
    }
    std::string why = "left the " + type + " " + resource_type + " '" + public_id + "' in cloud '" + step.cloud + "'" +
                      (destroy ? answered : " (no destroy request was sent)");
    if (step.exit_code == 0) why += ", yet exited 0";
    if (f.add(step, destroy, why)) {
      f.closest("POST /v1_1/" + step.cloud + "/" + resource_type + "/destroy with public_id=" + public_id +
                "&type=" + type);
    }
  }
  if (total == 0) return skipped_check("no delete step removed an asset that existed");
  return f.conclude(
      total, "delete(s)", "each removed the asset from the cloud", "left the asset in the cloud",
      "Destroy with the asset's own type and resource_type (Node: cloudinary.uploader.destroy(id, {type, "
      "resource_type})); without them Cloudinary looks for an 'upload' image, answers \"not found\" and the "
      "private or authenticated original stays orphaned.");
}

}  // namespace cldcert
