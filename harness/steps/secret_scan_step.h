// The secret-leak evidence of a run: cldcert.scan_secrets scans what the manifest declares (source,
// git history, artifacts, logs) with the run's secrets; OutputLeakScan scans a step's raw output.
#pragma once

#include <string_view>
#include <vector>

#include "harness/harness_steps.h"
#include "harness/process_runner.h"
#include "harness/scan/stream_scanner.h"

namespace cldcert {

// cldcert.scan_secrets: where = source | history | artifacts | logs →
// {"where", "scanned": [paths], "missing": [paths], "findings": [finding JSON], "warnings": [...],
//  "unread": ["path: why", …] (what could not be read: the checks then cannot pass)}.
// Paths are shown as the manifest wrote them ({workdir}/dist/…, src/…); a declared path that does
// not exist is listed under "missing", not an error (logs in particular may never be written).
HarnessStepResult scan_secrets(const HarnessStepArgs& args, const HarnessStepContext& context);

// The leaks in a step's whole stdout and stderr, scanned as run_process reads them (feed it from
// ProcessSpec::on_output): the record keeps only the output's tail, the scan sees every byte.
class OutputLeakScan {
 public:
  explicit OutputLeakScan(const std::vector<std::string>& secrets);
  void feed(OutputStream stream, std::string_view piece);
  // stdout's leaks, then stderr's.
  std::vector<OutputLeak> finish();

 private:
  scan::StreamScanner stdout_, stderr_;
};

}  // namespace cldcert
