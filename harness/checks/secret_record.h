// What a check verified with a secret the bundle may not hold (a live cloud's api_secret): the run
// answers each question from the secret and records it; `cldcert verify` answers it back from that record.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"

namespace cldcert {

struct CheckInput;

// One question a check asked of a cloud's secret, and the answer. kind: "url_signature" (the s--…--
// component of a delivery URL over its signed text, the cloud's algorithm) or "media_library_sso"
// (sha256 of the SSO text + secret). No secret in it: the cloud is named, the texts are public.
struct SecretFact {
  std::string check;  // the check that asked (catalog id)
  std::string kind;
  std::string cloud;
  std::string text;
  std::string signature;
  bool valid = false;
  std::string by = "secret";  // who answered: "secret" (computed with it) or "cdn" (the CDN's answer, below)
  int cdn_status = 0;         // what the CDN answered to the URL, when it was asked (0: not asked)
  bool operator==(const SecretFact&) const = default;
};

// A live run's HEAD of a signed delivery URL on the CDN, before the scenario's assets are deleted. A 2xx
// proves the signature: the CDN served what only a valid one opens. A refusal proves nothing about it (a
// private asset's original is refused whatever its signature; the asset may be gone), so the secret answers
// then, and the record keeps the CDN's status beside that answer.
struct CdnAnswer {
  std::string cloud;      // the URL's cloud
  std::string text;       // what the signature covers (mock::DeliveryUrl::signed_text)
  std::string signature;  // the s--…-- component
  int status = 0;         // the CDN's status; 0 when no answer came
  bool operator==(const CdnAnswer&) const = default;
};

nlohmann::json secret_facts_to_json(const std::vector<SecretFact>& facts);
// Throws nlohmann::json::exception (naming the field) on a malformed record.
std::vector<SecretFact> secret_facts_from_json(const nlohmann::json& json);

// A scenario's record. Recording (a live run): answers from the CDN or the cloud's secret and keeps each answer.
// Replaying (`cldcert verify` of a live bundle): answers only from the facts given; a question they do
// not answer is no (and named by unanswered()): the evidence is not what the run judged.
class SecretRecord {
 public:
  // Recording: a URL signature the CDN judged (CdnAnswer) is answered from the CDN, the rest from the secret.
  static SecretRecord recording(std::vector<CdnAnswer> cdn = {});
  static SecretRecord replaying(std::vector<SecretFact> facts);

  // The check about to be judged (judge_scenario says so): what the facts are filed under.
  void judging(std::string check_id) { check_ = std::move(check_id); }

  bool answer(std::string_view kind, const mock::Cloud& cloud, std::string_view text, std::string_view signature);

  const std::vector<SecretFact>& facts() const { return facts_; }             // recording: what was asked, in order
  const std::set<std::string>& answered_checks() const { return answered_; }  // replaying: checks given an answer
  const std::vector<std::string>& unanswered() const { return unanswered_; }  // replaying: one line each
  // Replaying: the facts no check asked for, one line each. The same checks on the same evidence ask the
  // same questions, so an answer nobody asked for is a record or evidence that is not the run's.
  std::vector<std::string> unasked() const;

 private:
  explicit SecretRecord(bool replay) : replay_(replay) {}
  bool replay_;
  std::string check_;
  std::vector<SecretFact> facts_;
  std::vector<CdnAnswer> cdn_;  // recording
  std::vector<bool> asked_;     // replaying: per fact
  std::set<std::string> answered_;
  std::vector<std::string> unanswered_;
};

// What a check calls: the run's record when the input has one, else the secret itself (a mock run,
// whose secrets `cldcert verify` regenerates from the seed).
bool url_signature_valid(const CheckInput& input, const mock::Cloud& cloud, std::string_view signed_text,
                         std::string_view signature);
bool media_library_sso_valid(const CheckInput& input, const mock::Cloud& cloud, std::string_view signed_text,
                             std::string_view signature);

}  // namespace cldcert
