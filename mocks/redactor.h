// The one place secrets are taken out of evidence: a Redactor, built once from a run's secrets,
// replaces every spelling of each with kRedacted in texts and JSON values; and the marker rule.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert::mock {

// What a secret becomes in everything a run keeps.
inline constexpr std::string_view kRedacted = "[REDACTED]";

// The marker rule: judged evidence (journal, step outputs, the bundle) has been through the run's
// Redactor, so kRedacted in it is a secret that leaked there. Its offset, or npos.
std::size_t redacted_secret_at(std::string_view text);

// Replaces each occurrence of each secret with kRedacted, wherever it is spelled: plain,
// percent-encoded (either hex case, '+' for space, doubly encoded), JSON/JS-escaped (\/, \",
// \uXXXX, \xHH), hex (any case), and standard or URL-safe base64 at all three byte alignments
// inside a larger encoded string. Escapes may mix within one occurrence. Overlapping or touching
// occurrences become one marker. Empty secrets are ignored; hex needs a secret of 4+ bytes, base64
// 7+ at every alignment (shorter ones would hit unrelated text). Invalid UTF-8 is kept as is.
//
// Building one computes every spelling and the search over them: build it once per run and pass
// it along. Copies share that work and are cheap.
class Redactor {
 public:
  Redactor();  // no secrets: redacts nothing
  // Implicit, so a list of secrets stands wherever a Redactor is asked for (evidence in tests).
  Redactor(std::vector<std::string> secrets);
  Redactor(std::initializer_list<std::string> secrets);

  // The secrets as given (for the leak scanner, and for combining runs' redactors).
  const std::vector<std::string>& secrets() const;

  std::string redact(std::string_view text) const;
  // Every string and object key of `value`, in place; numbers and other scalars are left alone.
  void redact(nlohmann::json& value) const;
  // True when `text` spells a secret, or holds the marker one became (see redacted_secret_at).
  bool leaks_secret(std::string_view text) const;

 private:
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace cldcert::mock
