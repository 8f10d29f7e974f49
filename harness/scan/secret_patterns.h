// Unknown Cloudinary secrets recognised by shape: cloudinary://KEY:SECRET@CLOUD URLs, a 15-digit
// key with a 27-character secret near the word "cloudinary", and api_secret-style assignments.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "harness/scan/leak_match.h"
#include "mocks/multi_needle_search.h"

namespace cldcert::scan {

// Rule ids.
inline constexpr std::string_view kRuleCloudinaryUrl = "cloudinary-url";
inline constexpr std::string_view kRuleKeySecretPair = "cloudinary-key-secret-pair";
inline constexpr std::string_view kRuleSecretAssignment = "secret-assignment";

// How far from the word "cloudinary" a key and secret may sit to be read as a pair.
inline constexpr std::size_t kPairWindow = 200;

class SecretPatterns {
 public:
  // Adds the anchors ("cloudinary", "secret", either case) the patterns are validated around.
  void add_needles(mock::MultiNeedleSearch& search);
  bool owns(std::size_t needle_id) const { return needle_id == cloudinary_id_ || needle_id == secret_id_; }

  // What the patterns remember while one buffer is scanned; a fresh one per buffer.
  struct BufferState {
    struct Candidate {
      std::size_t begin = 0;
      bool reported = false;
    };
    std::size_t tokenised_to = 0;
    std::vector<std::size_t> keys;   // 15-digit keys, by position
    std::vector<Candidate> secrets;  // 27-character random-looking tokens, by position
  };

  // Appends the leaks around an anchor hit at text[begin] (none when it is only the word).
  // Hits must come in increasing position.
  void on_needle(std::string_view text, std::size_t needle_id, std::size_t begin, BufferState& state,
                 std::vector<LeakMatch>& out) const;

 private:
  void match_pair(std::string_view text, std::size_t begin, BufferState& state, std::vector<LeakMatch>& out) const;

  std::size_t cloudinary_id_ = static_cast<std::size_t>(-1);
  std::size_t secret_id_ = static_cast<std::size_t>(-1);
};

}  // namespace cldcert::scan
