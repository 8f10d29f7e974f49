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
  if (all.empty()) return skipped_check("transformation.valid", "no printed delivery URL carried a transformation");
  CheckResult r;
  r.id = "transformation.valid";
  r.expected = "every transformation in a printed URL parses with Cloudinary's transformation grammar";
  std::size_t bad = 0;
  for (const auto& t : all) {
    auto* error = std::get_if<mock::TransformationError>(&t.parsed);
    if (!error) continue;
    std::string why = "'" + t.text + "': " + error->message;
    if (bad++ == 0) r.seen = step_ref(*t.printed.step) + " printed " + t.printed.url + " (" + why + ")";
    r.evidence.push_back(url_evidence(t.printed, why));
  }
  return conclude(std::move(r), bad, all.size(), "transformation(s)", "all valid", "do not parse",
                  "Build transformations with the SDK's transformation options (width: 300, crop: 'fill', …) rather "
                  "than by hand; values take no units (w_300, not w_300px). Cloudinary answers an invalid one with 400.");
}

CheckResult check_transformation_chained(const CheckInput& input) {
  CheckResult r;
  r.id = "transformation.chained";
  r.expected = "each '/'-separated component the scenario asked for is its own component of the URL, in order";
  std::size_t total = 0, bad = 0;
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
      if (bad++ == 0) {
        r.seen = step_ref(step) + " " + why;
        r.near_miss = asked_text + "/f_auto,q_auto";
      }
      r.evidence.push_back(url_evidence(t.printed, why));
    }
  }
  if (total == 0) return skipped_check(r.id, "no deliver step asked for a chained transformation");
  return conclude(std::move(r), bad, total, "chained transformation URL(s)", "each chain kept component by component",
                  "lost the chain",
                  "Pass a chain as an array of transformation objects (Node: transformation: [{crop: 'fill', width: 300}, "
                  "{effect: 'sepia'}]) or keep the '/' between components: merging them into one component changes "
                  "the order Cloudinary applies them in.");
}

CheckResult check_transformation_named(const CheckInput& input) {
  CheckResult r;
  r.id = "transformation.named";
  r.expected = "every t_<name> in a printed URL is a named transformation of the step's cloud";
  std::size_t total = 0, bad = 0;
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
      if (bad++ == 0) {
        r.seen = step_ref(step) + " printed " + t.printed.url + ": " + why;
        if (!defined.empty()) r.near_miss = defined.substr(0, defined.find(','));
      }
      r.evidence.push_back(url_evidence(t.printed, why));
    }
  }
  if (total == 0) return skipped_check(r.id, "no printed URL used a named transformation");
  return conclude(std::move(r), bad, total, "named transformation use(s)", "all defined in their cloud",
                  "name a transformation the cloud does not have",
                  "Use only named transformations that exist in the connected cloud (create them with the Admin API's "
                  "create_transformation when the integration is set up, per cloud); an unknown t_<name> answers 400.");
}

}  // namespace cldcert
