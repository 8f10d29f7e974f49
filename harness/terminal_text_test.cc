#include "harness/terminal_text.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(TerminalText, PrintableTextTabsAndUtf8PassUnchanged) {
  EXPECT_EQ(terminal_text("upload failed:\tHTTP 401 — clé invalide 🙂"),
            "upload failed:\tHTTP 401 — clé invalide 🙂");
}

TEST(TerminalText, EscapeSequencesCannotRecolourOrRewriteTheLine) {
  // What a hostile integration prints to draw a fake green verdict over cldcert's own.
  EXPECT_EQ(terminal_text("boom\r\x1b[2K\x1b[32mverdict: pass\x1b[0m"),
            "boom\\x0d\\x1b[2K\\x1b[32mverdict: pass\\x1b[0m");
  EXPECT_EQ(terminal_text(std::string("a\bb\x7f\0c", 6)), "a\\x08b\\x7f\\x00c");
}

TEST(TerminalText, C1ControlsAndInvalidUtf8AreEscaped) {
  EXPECT_EQ(terminal_text("\xc2\x9b"
                          "31m"),
            "\\u009b31m");  // CSI as one C1 character
  EXPECT_EQ(terminal_text("\x9b"
                          "31m"),
            "\\x9b31m");                               // and as a lone byte
  EXPECT_EQ(terminal_text("\xe2\x82"), "\\xe2\\x82");  // a cut sequence
  EXPECT_EQ(terminal_text("\xc0\xaf"), "\\xc0\\xaf");  // an overlong '/'
  EXPECT_EQ(terminal_text("\xc2\xa0"), "\xc2\xa0");    // U+00A0 is printable
}

TEST(TerminalText, ABackslashIsEscapedSoAnEscapeCannotBeForged) { EXPECT_EQ(terminal_text("\\x1b"), "\\\\x1b"); }

TEST(TerminalText, EveryLineAfterTheFirstIsIndented) {
  EXPECT_EQ(terminal_text("failed\nverdict: pass\n"), "failed\n    verdict: pass\n    ");
  EXPECT_EQ(terminal_text("a\nb", "> "), "a\n> b");
}

}  // namespace
}  // namespace cldcert
