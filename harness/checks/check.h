// What a check is: a pure function from recorded evidence (journal, step results, manifest,
// the run's secrets) to a verdict with a message, evidence references and a fix hint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/network/egress_attempt.h"
#include "harness/network/tls_handshake.h"
#include "harness/step_expect.h"
#include "mocks/accounts.h"
#include "mocks/journal.h"
#include "mocks/redactor.h"

namespace cldcert {

struct Manifest;
class SecretRecord;

// kWaived: a failure a team accepted for now (--waivers); shown everywhere, it does not fail the run.
// kNotApplicable: the rule does not apply to what the manifest declares (a widget it does not offer);
// unlike kSkip (nothing to judge this time) it is a judgement, with its reason.
enum class Verdict { kPass, kFail, kWarn, kSkip, kError, kWaived, kNotApplicable };
std::string_view verdict_name(Verdict verdict);
std::optional<Verdict> verdict_from_name(std::string_view name);

// Where to look: a journal entry ("request", ref "journal:12"), a file ("file",
// "src/a.js:10:5"), a step ("step", "upload#2"), a screenshot.
struct Evidence {
  std::string kind;
  std::string ref;
  std::string detail;  // e.g. "POST /v1_1/demo/image/upload at 12:00:01.123"
};

// One asset in a mock cloud's store, as a check sees it (no bytes, only their digest).
struct StoredAsset {
  std::string cloud;
  std::string resource_type;
  std::string type;
  std::string public_id;
  std::uint64_t bytes = 0;
  std::string sha256;
};

// A named transformation defined in a cloud ("t_<name>" in URLs).
struct NamedTransformation {
  std::string cloud;
  std::string name;
  std::string definition;
};

// The clouds' state after a step: what R5 (sync), R8 (integrity) and R11 (named) are judged on.
struct StoreSnapshot {
  std::vector<StoredAsset> assets;
  std::vector<NamedTransformation> named_transformations;
  const StoredAsset* find(std::string_view cloud, std::string_view resource_type, std::string_view type,
                          std::string_view public_id) const;
  bool has_named(std::string_view cloud, std::string_view name) const;
};

// A generated fixture file as the run made it: checks compare stored bytes with it.
struct FixtureFacts {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  // SHA-256 of its first and of its last kDeliveryProbeBytes (delivery_probe.h; the whole file when
  // smaller): what a live run's ranged GETs of its delivery are compared with. "" in an older bundle.
  std::string head_sha256, tail_sha256;
};

// A secret the integration printed on stdout or stderr, found before the runner redacted the
// output (which would otherwise hide it): secret.logs judges these.
struct OutputLeak {
  std::string stream;  // stdout | stderr
  std::size_t line = 0, column = 0;
  std::string rule;         // the scanner's rule, e.g. "known-secret/cloudinary-url"
  std::string excerpt;      // the line with the secret as [REDACTED]
  std::string fingerprint;  // of the secret, never the secret
  std::size_t offset = 0;   // byte offset in the stream (the kept output may be only its tail)
};

// One integration step as it ran: the check's view of "what the integration did".
struct StepRecord {
  std::size_t index = 0;
  std::string action;  // a manifest action, or a harness step such as "cldcert.fault"
  std::string cloud;
  std::map<std::string, std::string> args;  // the scenario's args, placeholders resolved
  StepExpect expect;                        // the scenario's "expect" for this step
  int exit_code = -1;
  bool timed_out = false;
  int term_signal = 0;  // the signal that killed it (not cldcert's timeout), else 0
  std::string error;    // spawn failure, bad placeholder, …
  std::string skipped;  // why an optional step was left out (it did not run, and nothing is missing)
  // The index of the first step of its {"concurrently": […]} group, if any: the group's steps ran at
  // once, so each one's journal range holds the requests of all of them.
  std::optional<std::size_t> concurrent_group{};
  double duration_ms = 0;
  std::string stdout_text;  // secrets already redacted
  std::string stderr_text;
  nlohmann::json last_json;            // the action's last-line JSON object, or null
  std::uint64_t first_journal_id = 0;  // journal ids recorded while the step ran: (first, last]
  std::uint64_t last_journal_id = 0;
  StoreSnapshot store_after;             // the mock's clouds when the step ended
  std::vector<OutputLeak> output_leaks;  // secrets in the raw stdout/stderr (an integration step's)
  // Connections to other hosts the network front refused while the step ran; nullopt when nothing watched
  // the network (--network env): no attempt seen is then no evidence of none made.
  std::optional<std::vector<network::EgressAttempt>> egress{};
  // The probe the network front presented while the step ran (kNone when none, and always in env mode),
  // and the handshakes it saw: clients breaking one off, and every probe handshake. nullopt as for egress.
  network::TlsProbe tls_probe = network::TlsProbe::kNone;
  std::optional<std::vector<network::TlsHandshake>> tls{};
};

struct CheckInput {
  const Manifest& manifest;
  const std::vector<mock::JournalEntry>& journal;
  const std::vector<StepRecord>& steps;
  const mock::Accounts& accounts;
  mock::Redactor redactor;                            // built once from every secret the integration was given this run
  std::map<std::string, FixtureFacts> fixtures = {};  // by the path the steps were given
  // A live run's (and its verify's) record of what was checked with a secret (secret_record.h); null in a
  // mock run, whose checks use the secrets in `accounts`.
  SecretRecord* secret_record = nullptr;
};

struct CheckResult {
  std::string id;
  std::string level;  // required | recommended
  Verdict verdict = Verdict::kPass;
  std::string message;
  std::string expected;
  std::string seen;
  std::string hint;
  std::string near_miss;  // the closest thing that would have passed, when it helps
  std::vector<Evidence> evidence;
  double duration_ms = 0;  // how long judging took (run_check measures it; junit.xml shows it per check)
};

// "POST /v1_1/demo/image/upload" + time, for evidence details and messages.
std::string describe_request(const mock::JournalEntry& entry);
Evidence request_evidence(const mock::JournalEntry& entry);

// "upload#3": how findings name a step (action and 1-based position).
std::string step_ref(const StepRecord& step);
Evidence step_evidence(const StepRecord& step, const std::string& detail);

// A check with nothing to judge in this scenario, and why.
CheckResult skipped_check(std::string reason);
// A check whose rule does not apply to this integration (it declares no such feature), and why.
CheckResult not_applicable_check(std::string reason);

// A request seen during a step, with why it matters: "POST … at … during upload#3: <why>".
Evidence request_in_step(const mock::JournalEntry& entry, const StepRecord& step, const std::string& why);

// Collects what a check found into its result, the one way every check does it: the first finding
// is what `seen` shows (with the closest thing that would have passed, when it helps), each finding
// adds its evidence and counts as bad, and an ending words the verdict. The id and level are
// run_check's to fill.
class Findings {
 public:
  explicit Findings(std::string expected);

  // Counts by thing judged (a widget call) rather than by finding: the findings added after judge()
  // and before the next one are problems of one thing, listed in the message when there are several.
  void judge();
  // A finding: `seen` shows in the result when it is the first; `problem` (default `seen`) is how it
  // reads in the list of a thing's problems. True for the first, so a near miss is computed only then.
  bool add(const std::string& seen, Evidence evidence, const std::string& problem = "");
  // A finding shown by several pieces of evidence (every attempt of a retried request), or by none
  // (a repeat of one already shown).
  bool add(const std::string& seen, std::vector<Evidence> evidence);
  // A step's finding: seen as "<step> <why>", the request as evidence when there is one, else the step.
  bool add(const StepRecord& step, const mock::JournalEntry* entry, const std::string& why);
  // Evidence that is no finding of its own: more of the last finding, or what a pass is based on.
  void also(Evidence evidence);
  // Only warns (an option the widget does not document): shown when nothing failed.
  void warn(const std::string& why, Evidence evidence);
  void closest(std::string near_miss);
  // What was seen, where it is not the first finding's own words (a summary, or a pass's value).
  void saw(std::string seen);

  std::size_t bad() const { return bad_; }
  std::size_t judged() const { return judged_; }
  const std::string& seen() const { return r_.seen; }

  // Endings. A pass reads "<total> <noun>, <pass>", a failure "<bad> of <total> <noun> <fail>: <seen>"
  // with the hint; with only warnings, "<total> <noun> <pass>, but <first warning>" with `warn_hint`.
  CheckResult conclude(std::size_t total, const std::string& noun, const std::string& pass, const std::string& fail,
                       std::string hint, std::string warn_hint = "");
  CheckResult pass(std::string message);
  CheckResult fail(std::string message, std::string hint);
  // The check could not judge (its input is incomplete): never a pass.
  CheckResult error(std::string message, std::string hint);

 private:
  bool count(const std::string& seen, const std::string& problem);
  CheckResult finish(Verdict verdict, std::string message, std::string hint);

  CheckResult r_;
  std::size_t bad_ = 0, judged_ = 0;
  bool by_thing_ = false, thing_bad_ = false;
  std::vector<std::string> problems_, warnings_;
};

// A text form field the request sent (first occurrence), or nullopt.
std::optional<std::string> form_field(const mock::JournalEntry& entry, std::string_view name);

// The step's argument, or "" when the scenario gave none.
std::string step_arg(const StepRecord& step, const std::string& name);

// Journal entries recorded while `step` ran.
std::vector<const mock::JournalEntry*> step_requests(const StepRecord& step,
                                                     const std::vector<mock::JournalEntry>& journal);

// Requests the integration itself sent to Cloudinary's APIs (not delivery, not the mock's control API).
bool is_api_request(const mock::JournalEntry& entry);

}  // namespace cldcert
