#include "harness/checks/secret_record.h"

#include "harness/checks/check.h"
#include "mocks/digest.h"
#include "mocks/url_signature.h"

namespace cldcert {
namespace {

constexpr std::string_view kUrlSignature = "url_signature";
constexpr std::string_view kMediaLibrarySso = "media_library_sso";

// The question answered from the secret itself.
bool from_the_secret(std::string_view kind, const mock::Cloud& cloud, std::string_view text,
                     std::string_view signature) {
  if (kind == kUrlSignature)
    return mock::verify_url_signature(signature, text, cloud.api_secret, cloud.signature_algorithm);
  return mock::sha256_hex(std::string(text) + cloud.api_secret) == signature;
}

bool ask(const CheckInput& input, std::string_view kind, const mock::Cloud& cloud, std::string_view text,
         std::string_view signature) {
  if (input.secret_record != nullptr) return input.secret_record->answer(kind, cloud, text, signature);
  return from_the_secret(kind, cloud, text, signature);
}

}  // namespace

nlohmann::json secret_facts_to_json(const std::vector<SecretFact>& facts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : facts) {
    out.push_back({{"check", f.check},
                   {"kind", f.kind},
                   {"cloud", f.cloud},
                   {"text", f.text},
                   {"signature", f.signature},
                   {"valid", f.valid},
                   {"by", f.by}});
    if (f.cdn_status != 0) out.back()["cdn_status"] = f.cdn_status;
  }
  return out;
}

std::vector<SecretFact> secret_facts_from_json(const nlohmann::json& json) {
  std::vector<SecretFact> out;
  for (const auto& f : json) {
    out.push_back({f.at("check").get<std::string>(), f.at("kind").get<std::string>(), f.at("cloud").get<std::string>(),
                   f.at("text").get<std::string>(), f.at("signature").get<std::string>(), f.at("valid").get<bool>(),
                   f.contains("by") ? f.at("by").get<std::string>() : "secret",
                   f.contains("cdn_status") ? f.at("cdn_status").get<int>() : 0});
  }
  return out;
}

SecretRecord SecretRecord::recording(std::vector<CdnAnswer> cdn) {
  SecretRecord record(false);
  record.cdn_ = std::move(cdn);
  return record;
}

SecretRecord SecretRecord::replaying(std::vector<SecretFact> facts) {
  SecretRecord record(true);
  record.facts_ = std::move(facts);
  record.asked_.assign(record.facts_.size(), false);
  return record;
}

bool SecretRecord::answer(std::string_view kind, const mock::Cloud& cloud, std::string_view text,
                          std::string_view signature) {
  if (!replay_) {
    SecretFact fact{check_, std::string(kind), cloud.cloud_name, std::string(text), std::string(signature)};
    const CdnAnswer* cdn = nullptr;
    for (const auto& c : cdn_) {
      if (kind == kUrlSignature && c.cloud == cloud.cloud_name && c.text == text && c.signature == signature) cdn = &c;
    }
    if (cdn != nullptr) fact.cdn_status = cdn->status;
    if (cdn != nullptr && cdn->status >= 200 && cdn->status < 300) {
      fact.by = "cdn";
      fact.valid = true;
    } else {
      fact.valid = from_the_secret(kind, cloud, text, signature);
    }
    facts_.push_back(fact);
    return fact.valid;
  }
  // A question asked twice was recorded twice: every copy is asked; the first answers.
  const SecretFact* first = nullptr;
  for (std::size_t i = 0; i < facts_.size(); ++i) {
    const SecretFact& f = facts_[i];
    if (f.check == check_ && f.kind == kind && f.cloud == cloud.cloud_name && f.text == text &&
        f.signature == signature) {
      asked_[i] = true;
      if (first == nullptr) first = &f;
    }
  }
  if (first != nullptr) {
    answered_.insert(check_);
    return first->valid;
  }
  unanswered_.push_back(check_ + " asks whether signature '" + std::string(signature) + "' signs '" +
                        std::string(text) + "' with the secret of cloud '" + cloud.cloud_name + "' (" +
                        std::string(kind) + "), which the run's record does not answer");
  return false;
}

std::vector<std::string> SecretRecord::unasked() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < facts_.size(); ++i) {
    if (asked_[i]) continue;
    const SecretFact& f = facts_[i];
    out.push_back("verified_with_secrets/" + std::to_string(i) + ": answers " + f.check + "'s question whether '" +
                  f.signature + "' signs '" + f.text + "' for cloud '" + f.cloud + "', which no check asked");
  }
  return out;
}

bool url_signature_valid(const CheckInput& input, const mock::Cloud& cloud, std::string_view signed_text,
                         std::string_view signature) {
  return ask(input, kUrlSignature, cloud, signed_text, signature);
}

bool media_library_sso_valid(const CheckInput& input, const mock::Cloud& cloud, std::string_view signed_text,
                             std::string_view signature) {
  return ask(input, kMediaLibrarySso, cloud, signed_text, signature);
}

}  // namespace cldcert
