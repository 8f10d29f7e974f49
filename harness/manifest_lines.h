// Where each action is written in a manifest's text (the line of its key under "actions"), so a
// SARIF result about what an action sent points at that action instead of the manifest's first line.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace cldcert {

// Action name → 1-based line of its key in the top-level "actions" object; empty when the text has
// none (the manifest was checked when loaded: here a text it cannot read gives no lines, not an error).
std::map<std::string, long> action_lines(std::string_view manifest_text);

}  // namespace cldcert
