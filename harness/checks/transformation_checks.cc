#include "harness/checks/transformation_checks.h"

#include <algorithm>
#include <set>

#include "harness/checks/printed_urls.h"
#include "mocks/transformation.h"

namespace cldcert {
namespace {

// Printed URLs on a Cloudinary host, parsed as far as they go: the URL around the transformation
// may parse while the transformation itself does not.
struct EmittedTransformation {
  PrintedUrl printed;
  std::string text;  // the URL's transformation part, as written
  std::variant<mock::Transformation, mock::TransformationError> parsed;
};

std::vector<EmittedTransformation> emitted(const std::vector<StepRecord>& steps) {
  std::vector<EmittedTransformation> out;
  for (auto& u : cloudinary_urls(steps)) {
    if (u.parsed.transformation_text.empty()) continue;
    auto parsed = mock::parse_transformation(u.parsed.transformation_text);
    out.push_back({std::move(u.printed), u.parsed.transformation_text, std::move(parsed)});
  }
  return out;
}

std::set<std::string> keys_of(const mock::TransformationComponent& c) {
  std::set<std::string> out;
  for (const auto& p : c.params) out.insert(p.key);
  return out;
}

}  // namespace

CheckResult check_transformation_valid(const CheckInput& input) {
  auto all = emitted(input.steps);
  if (all.empty()) return skipped_check("no printed delivery URL carried a transformation");
  Findings f("every transformation in a printed URL parses with Cloudinary's transformation grammar");
  for (const auto& t : all) {
    auto* error = std::get_if<mock::TransformationError>(&t.parsed);
    if (!error) continue;
    std::string why = "'" + t.text + "': " + error->message;
    f.add(step_ref(*t.printed.step) + " printed " + t.printed.url + " (" + why + ")", url_evidence(t.printed, why));
  }
  return f.conclude(
      all.size(), "transformation(s)", "all valid", "do not parse",
      "Build transformations with the SDK's transformation options (width: 300, crop: 'fill', …) rather "
      "than by hand; values take no units (w_300, not w_300px). Cloudinary answers an invalid one with 400.");
}

CheckResult check_transformation_chained(const CheckInput& input) {
  Findings f("each '/'-separated component the scenario asked for is its own component of the URL, in order");
  std::size_t total = 0;
  auto all = emitted(input.steps);
  for (const auto& step : input.steps) {
    std::string asked_text = step_arg(step, "transformation");
    if (step.action != "deliver" || asked_text.find('/') == std::string::npos) continue;
    auto asked = mock::parse_transformation(asked_text);
    if (!std::holds_alternative<mock::Transformation>(asked)) continue;
    const auto& wanted = std::get<mock::Transformation>(asked).components;
    for (const auto& t : all) {
      if (t.printed.step != &step) continue;
      // A transformation that does not parse is transformation.valid's finding.
      if (!std::holds_alternative<mock::Transformation>(t.parsed)) continue;
      ++total;
      const auto& got = std::get<mock::Transformation>(t.parsed).components;
      bool kept = got.size() >= wanted.size();
      for (std::size_t i = 0; kept && i < wanted.size(); ++i) {
        auto need = keys_of(wanted[i]), have = keys_of(got[i]);
        kept = std::includes(have.begin(), have.end(), need.begin(), need.end()) && have.size() == need.size();
      }
      if (kept) continue;
      std::string why = "asked for " + std::to_string(wanted.size()) + " chained components '" + asked_text +
                        "', the URL has " + std::to_string(got.size()) + ": '" + t.text + "'";
      if (f.add(step_ref(step) + " " + why, url_evidence(t.printed, why))) f.closest(asked_text + "/f_auto,q_auto");
    }
  }
  if (total == 0) return skipped_check("no deliver step asked for a chained transformation");
  return f.conclude(
      total, "chained transformation URL(s)", "each chain kept component by component", "lost the chain",
      "Pass a chain as an array of transformation objects (Node: transformation: [{crop: 'fill', width: 300}, "
      "{effect: 'sepia'}]) or keep the '/' between components: merging them into one component changes "
      "the order Cloudinary applies them in.");
}

CheckResult check_transformation_named(const CheckInput& input) {
  Findings f("every t_<name> in a printed URL is a named transformation of the step's cloud");
  std::size_t total = 0;
  for (const auto& t : emitted(input.steps)) {
    const auto* parsed = std::get_if<mock::Transformation>(&t.parsed);
    if (!parsed) continue;
    for (const auto& name : parsed->named()) {
      ++total;
      const StepRecord& step = *t.printed.step;
      if (step.store_after.has_named(step.cloud, name)) continue;
      std::string defined;
      for (const auto& n : step.store_after.named_transformations) {
        if (n.cloud == step.cloud) defined += (defined.empty() ? "t_" : ", t_") + n.name;
      }
      std::string why = "t_" + name + " is not a named transformation of cloud '" + step.cloud + "'" +
                        (defined.empty() ? " (it has none)" : " (it has " + defined + ")");
      if (f.add(step_ref(step) + " printed " + t.printed.url + ": " + why, url_evidence(t.printed, why)) &&
          !defined.empty()) {
        f.closest(defined.substr(0, defined.find(',')));
      }
    }
  }
  if (total == 0) return skipped_check("no printed URL used a named transformation");
  return f.conclude(
      total, "named transformation use(s)", "all defined in their cloud",
      "name a transformation the cloud does not have",
      "Use only named transformations that exist in the connected cloud (create them with the Admin API's "
      "create_transformation when the integration is set up, per cloud); an unknown t_<name> answers 400.");
}

CheckResult check_transformation_optimized(const CheckInput& input) {
  // A transformation that does not parse is transformation.valid's finding (R9), not this one's.
  std::vector<std::pair<CloudinaryUrl, mock::Transformation>> images;
  for (auto& u : cloudinary_urls(input.steps)) {
    if (u.parsed.resource_type != "image" || !delivering_step(*u.printed.step)) continue;
    auto t = mock::parse_transformation(u.parsed.transformation_text);
    if (auto* parsed = std::get_if<mock::Transformation>(&t)) images.emplace_back(std::move(u), std::move(*parsed));
  }
  if (images.empty()) return skipped_check("no image delivery URL was printed");
  Findings f("f_auto and q_auto in the transformation of every image delivery URL");
  for (const auto& [u, tr] : images) {
    std::vector<std::string> missing;
    if (!tr.has("f", "auto")) missing.push_back("f_auto");
    if (!tr.has("q", "auto")) missing.push_back("q_auto");
    if (missing.empty()) continue;
    std::string why = "no " + missing[0] + (missing.size() > 1 ? " and no " + missing[1] : "");
    if (f.add(step_ref(*u.printed.step) + " printed " + u.printed.url + " (" + why + ")",
              url_evidence(u.printed, why))) {
      const UrlParts parts = split_url(u.printed.url);
      f.closest(delivery_url_with(parts.scheme, parts.host, u.parsed, "f_auto,q_auto"));
    }
  }
  return f.conclude(
      images.size(), "image delivery URL(s)", "all with f_auto,q_auto", "lack f_auto,q_auto",
      "Add automatic format and quality by default (Node: cloudinary.url(id, {fetch_format: 'auto', quality: "
      "'auto'})), unless the user picked a format or quality.");
}

}  // namespace cldcert
