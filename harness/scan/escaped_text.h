// Text with its string escapes and HTML entities undone (\uXXXX, \xXX, \NNN, &#NN;, &amp;…), each
// decoded byte mapped back to where it was spelled, so a secret escaped in part or whole is found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::scan {

// The most source bytes one escape takes per byte it stands for (&#1114111; for a 4-byte
// character is less; &lowbar; is 8, &#0000065; is 10).
inline constexpr std::size_t kMaxEscapeBytesPerByte = 10;

struct Escape {
  std::size_t length = 0;  // source bytes; 0 when text[pos] starts no escape
  char32_t code_point = 0;
  bool short_form = false;  // \n, \", \/, \\…: too common to be worth decoding on their own
  bool byte = false;        // \xXX and \NNN stand for a byte (C, PHP, Python, Ruby), not a character
};

// The escape that starts at text[pos]: JS/JSON/C/Python \uXXXX (a surrogate pair as one),
// \u{X…}, \xXX, \NNN (octal, up to 0377), one-letter escapes, and HTML &#NN;, &#xNN; and the
// named entities of ASCII characters (&amp;, &lowbar;…) and &nbsp;.
Escape escape_at(std::string_view text, std::size_t pos);

struct DecodedWindow {
  std::string text;                 // the window with every escape undone (code points as UTF-8)
  std::vector<std::uint32_t> from;  // from[i]: offset in the window where text[i]'s spelling starts
  std::size_t offset = 0;           // of the window in the source
  std::size_t source_size = 0;      // bytes of source the window covers

  // The source span [begin, end) that spelled text[first, last).
  std::pair<std::size_t, std::size_t> source_span(std::size_t first, std::size_t last) const {
    return {offset + from[first], offset + (last < from.size() ? from[last] : source_size)};
  }
};

// Calls on_window for each stretch of `text` within `reach` bytes of an escape other than a
// one-letter one, decoded; none when the text holds no such escape (most files), so the cost of a
// clean text is one memchr pass for '\' and one for '&'. Windows hold at most a few MiB and overlap
// by `reach` where a long run of escapes is cut.
void for_each_decoded_window(std::string_view text, std::size_t reach,
                             const std::function<void(const DecodedWindow&)>& on_window);

}  // namespace cldcert::scan
