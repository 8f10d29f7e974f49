// Text from outside cldcert (an integration's output and messages, file names, a bundle's fields)
// made safe to print on a terminal: control characters shown escaped, so none can move the cursor,
// recolour or erase what cldcert printed, nor draw a line that looks like cldcert's own.
#pragma once

#include <string>
#include <string_view>

namespace cldcert {

// `text` with every C0 control but '\t' and '\n', DEL, every C1 control (U+0080–U+009F) and every
// byte that is not part of valid UTF-8 written as \xNN (C1 as \u0080–\u009f), and a backslash as
// "\\" so an escape cannot be forged. Each '\n' is followed by `indent`, so a line the text starts
// never begins at the terminal's first column where cldcert's own lines (e.g. "verdict:") do.
std::string terminal_text(std::string_view text, std::string_view indent = "    ");

}  // namespace cldcert
