// A part of a scan's input that was not (fully) read, and why: a scan that has any is incomplete,
// so it must never read as clean (exit 2, a SARIF error notification, a failing check).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cldcert::scan {

struct Unread {
  std::string file;    // named like a Finding's file (relative to its PATH; archive members as a.zip!/b)
  std::string reason;  // "a FIFO, not read", "Permission denied", "more than … decompressed …"
};

inline std::string format_unread(const Unread& u) { return (u.file.empty() ? "." : u.file) + ": " + u.reason; }

// {"file", "rule": "not-read", "reason"}: listed with the findings so no reader of the list takes
// an incomplete scan for a clean one.
inline void to_json(nlohmann::json& out, const Unread& u) {
  out = {{"file", u.file}, {"rule", "not-read"}, {"reason", u.reason}};
}

}  // namespace cldcert::scan
