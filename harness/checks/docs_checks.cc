#include "harness/checks/docs_checks.h"

#include "harness/checks/doc_sections.h"
#include "harness/manifest.h"
#include "harness/semver.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

using nlohmann::json;

constexpr std::string_view kNoDocsStep = "no cldcert.read_docs step recorded the integration's documents";

struct Document {
  const StepRecord* step = nullptr;
  std::string path;
  bool missing = true;
  std::string text;
};

const StepRecord* docs_step(const CheckInput& input) {
  const StepRecord* found = nullptr;
  for (const auto& step : input.steps) {
    if (step.action == "cldcert.read_docs" && step.last_json.is_object()) found = &step;
  }
  return found;
}

Document document(const StepRecord& step, const std::string& role) {
  Document d;
  d.step = &step;
  for (const auto& doc : step.last_json.value("documents", json::array())) {
    if (!doc.is_object() || doc.value("role", "") != role) continue;
    d.path = doc.value("path", "");
    d.missing = doc.value("missing", false);
    d.text = doc.value("text", "");
  }
  return d;
}

std::string quoted_headings(const std::vector<DocHeading>& headings, std::size_t max = 12) {
  std::vector<std::string> shown;
  for (const auto& h : headings) {
    if (shown.size() == max) {
      shown.push_back("…");
      break;
    }
    shown.push_back("\"" + h.text + "\"");
  }
  return shown.empty() ? "none" : text::join(shown, ", ");
}

// A document check's failure reads as what was seen.
CheckResult fail(Findings& f, std::string seen, std::string hint) {
  f.saw(seen);
  return f.fail(std::move(seen), std::move(hint));
}

// The README's headings about each topic; nullopt (with `ending` the check's result) when there is no README.
struct ReadmeSections {
  Document readme;
  std::vector<DocHeading> headings;
};

std::optional<ReadmeSections> readme_sections(const CheckInput& input, Findings& f, CheckResult& ending) {
  const StepRecord* step = docs_step(input);
  if (!step) {
    ending = skipped_check(std::string(kNoDocsStep));
    return std::nullopt;
  }
  ReadmeSections out{document(*step, "readme"), {}};
  if (out.readme.missing) {
    f.also(step_evidence(*step, out.readme.path + " is missing"));
    ending = fail(f, "no README (" + out.readme.path + ") in the integration's folder",
                  "Add a README.md (or name your README in the manifest's docs.readme).");
    return std::nullopt;
  }
  out.headings = markdown_headings(out.readme.text);
  return out;
}

std::vector<const DocHeading*> about(const std::vector<DocHeading>& headings, const std::string& topic) {
  std::vector<const DocHeading*> out;
  for (const auto& h : headings) {
    if (heading_is_about(h.text, topic)) out.push_back(&h);
  }
  return out;
}

Evidence heading_evidence(const std::string& path, const DocHeading& h) {
  return Evidence{"file", path + ":" + std::to_string(h.line),
                  std::string(static_cast<std::size_t>(h.level), '#') + " " + h.text};
}

// Section checks: each topic needs at least one heading about it.
CheckResult judge_sections(const CheckInput& input, Findings f, const std::vector<std::string>& topics,
                           const std::string& hint) {
  CheckResult ending;
  auto sections = readme_sections(input, f, ending);
  if (!sections) return ending;
  std::vector<std::string> found, missing;
  for (const auto& topic : topics) {
    auto matches = about(sections->headings, topic);
    if (matches.empty()) {
      missing.push_back(topic);
      continue;
    }
    found.push_back(topic + " (\"" + matches.front()->text + "\")");
    for (const auto* h : matches) f.also(heading_evidence(sections->readme.path, *h));
  }
  const std::string& path = sections->readme.path;
  if (missing.empty()) return f.pass(path + " has sections on " + text::join(found, ", "));
  return fail(f,
              path + " has no section on " + text::join(missing, ", ") +
                  (found.empty() ? "" : "; found " + text::join(found, ", ")) +
                  "; headings seen: " + quoted_headings(sections->headings),
              hint);
}

bool looks_like_contact_url(const std::string& url) {
  for (const char* part : {"/issues", "/discussions", "support", "contact", "help", "/bugs", "mailto:"}) {
    if (url.find(part) != std::string::npos) return true;
  }
  return false;
}

// Whether `heading` in a changelog names release `version`: "[1.2.0]", "1.2.0 - 2026-01-01", "v1.2.0",
// not "1.2.0-beta" nor "11.2.0".
bool names_version(const std::string& heading, const std::string& version) {
  for (auto at = heading.find(version); at != std::string::npos; at = heading.find(version, at + 1)) {
    std::size_t end = at + version.size();
    bool before_ok = at == 0 || std::string_view(" [(\t").find(heading[at - 1]) != std::string_view::npos ||
                     ((heading[at - 1] == 'v' || heading[at - 1] == 'V') &&
                      (at == 1 || std::string_view(" [(\t").find(heading[at - 2]) != std::string_view::npos));
    bool after_ok = end == heading.size() || std::string_view(" ])\t:,").find(heading[end]) != std::string_view::npos;
    if (before_ok && after_ok) return true;
  }
  return false;
}

}  // namespace

CheckResult check_docs_install(const CheckInput& input) {
  return judge_sections(input, Findings("README sections on installation, update, uninstall and usage"),
                        {"install", "update", "uninstall", "usage"},
                        "Give each its own heading (e.g. \"## Installation\", \"## Update\", \"## Uninstall\", "
                        "\"## Usage\") with the exact commands: reviewers and users look for them by name.");
}

CheckResult check_docs_known_issues(const CheckInput& input) {
  return judge_sections(input, Findings("a README section on known issues and limitations"), {"known_issues"},
                        "Add a \"## Known issues and limitations\" section: what does not work yet, limits, caveats "
                        "(\"None known\" is an answer too).");
}

CheckResult check_docs_contact(const CheckInput& input) {
  Findings f("a contact in the README: an e-mail address, a support page or an issue tracker link");
  CheckResult ending;
  auto sections = readme_sections(input, f, ending);
  if (!sections) return ending;
  const std::string& path = sections->readme.path;
  auto contact_sections = about(sections->headings, "contact");
  for (const auto* h : contact_sections) {
    auto addresses = email_addresses(h->body);
    auto links = urls(h->body);
    addresses.insert(addresses.end(), links.begin(), links.end());
    if (addresses.empty()) continue;
    f.also(heading_evidence(path, *h));
    return f.pass(path + " section \"" + h->text + "\" gives " + text::join(addresses, ", "));
  }
  // No contact section with an address: any e-mail address, or a link that is plainly a tracker or support page.
  std::vector<std::string> anywhere = email_addresses(sections->readme.text);
  for (const auto& url : urls(sections->readme.text)) {
    if (looks_like_contact_url(url)) anywhere.push_back(url);
  }
  if (!anywhere.empty())
    return f.pass(path + " gives " + text::join(anywhere, ", ") + " (outside a Support/Contact section)");
  std::string seen =
      contact_sections.empty()
          ? path + " has no Support/Contact section, no e-mail address and no issue tracker or support link"
          : path + " section \"" + contact_sections.front()->text +
                "\" names no e-mail address or URL, "
                "and there is none elsewhere";
  for (const auto* h : contact_sections) f.also(heading_evidence(path, *h));
  if (contact_sections.empty()) f.also(step_evidence(*sections->readme.step, path + " read"));
  return fail(f, seen,
              "Add a \"## Support\" section with where to ask: an issue tracker URL, a support page or an e-mail "
              "address.");
}

CheckResult check_docs_license(const CheckInput& input) {
  Findings f("a LICENSE file whose license licensecheck identifies (an SPDX id)");
  const StepRecord* step = docs_step(input);
  if (!step) return skipped_check(std::string(kNoDocsStep));
  Document license = document(*step, "license");
  const json identified = step->last_json.value("license", json());
  std::string spdx = identified.is_object() ? identified.value("spdx", "") : "";
  if (license.missing) {
    f.also(step_evidence(*step, "no LICENSE, LICENCE or COPYING file"));
    return fail(f, "no LICENSE file in the integration's folder",
                "Add a LICENSE file with the full text of an open-source license (e.g. MIT or Apache-2.0).");
  }
  f.also(Evidence{"file", license.path, identified.is_object() ? identified.value("output", "") : ""});
  if (spdx.empty()) {
    return fail(f, license.path + " is not a license licensecheck recognises",
                "Use the unmodified text of a standard license (https://spdx.org/licenses/) so tools can identify it.");
  }
  return f.pass(license.path + " is " + spdx + " (identified by licensecheck)");
}

CheckResult check_docs_contributing(const CheckInput& input) {
  Findings f("contribution guidelines (CONTRIBUTING)");
  const StepRecord* step = docs_step(input);
  if (!step) return skipped_check(std::string(kNoDocsStep));
  Document contributing = document(*step, "contributing");
  if (contributing.missing || contributing.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    f.also(step_evidence(*step, contributing.path + (contributing.missing ? " is missing" : " is empty")));
    return fail(
        f, "no contribution guidelines: " + contributing.path + (contributing.missing ? " is missing" : " is empty"),
        "Add a CONTRIBUTING.md: how to report a bug, build, test and send a change.");
  }
  f.also(Evidence{"file", contributing.path, ""});
  return f.pass(contributing.path + " present");
}

CheckResult check_docs_changelog(const CheckInput& input) {
  const std::string& version = input.manifest.integration_version;
  Findings f("a CHANGELOG entry (a heading) for version " + version);
  const StepRecord* step = docs_step(input);
  if (!step) return skipped_check(std::string(kNoDocsStep));
  Document changelog = document(*step, "changelog");
  if (changelog.missing) {
    f.also(step_evidence(*step, changelog.path + " is missing"));
    return fail(f, "no CHANGELOG in the integration's folder",
                "Add a CHANGELOG.md (https://keepachangelog.com) with an entry per release.");
  }
  auto headings = markdown_headings(changelog.text);
  std::vector<std::string> versions;
  for (const auto& h : headings) {
    if (names_version(h.text, version)) {
      f.also(heading_evidence(changelog.path, h));
      return f.pass(changelog.path + " has an entry for " + version + ": \"" + h.text + "\"");
    }
    if (!h.text.empty() && h.text.find_first_of("0123456789") != std::string::npos && versions.size() < 3) {
      versions.push_back("\"" + h.text + "\"");
      f.also(heading_evidence(changelog.path, h));
    }
  }
  if (!versions.empty()) f.closest("the entries there: " + text::join(versions, ", "));
  return fail(f,
              changelog.path + " has no entry for " + version +
                  (versions.empty() ? "" : " (latest entries: " + text::join(versions, ", ") + ")"),
              "Add a heading for the release, e.g. \"## [" + version + "] - YYYY-MM-DD\", listing what changed.");
}

CheckResult check_docs_version(const CheckInput& input) {
  const std::string& version = input.manifest.integration_version;
  Findings f("a SemVer 2.0.0 release version in the manifest");
  if (!is_semver(version)) {
    return fail(f, "the manifest's version \"" + version + "\" is not SemVer 2.0.0",
                "Number releases MAJOR.MINOR.PATCH (https://semver.org), e.g. 1.4.0.");
  }
  return f.pass(version + " is SemVer 2.0.0");
}

}  // namespace cldcert
