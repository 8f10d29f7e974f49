#!/usr/bin/env bash
# The GitLab template's script (ci/gitlab/cldcert.yml), installed by the package as
# /usr/share/cldcert/ci/gitlab/run.sh: ci/run.sh with the job's CLDCERT_* variables, the shard taken
# from `parallel: N` (CI_NODE_INDEX/CI_NODE_TOTAL) unless CLDCERT_SHARD names one, and the bundle in
# the project folder, where `artifacts:` can collect it. Its exit code is cldcert's.
set -euo pipefail
if [ -z "${CLDCERT_SHARD:-}" ] && [ -n "${CI_NODE_TOTAL:-}" ] && [ "${CI_NODE_TOTAL}" != 1 ]; then
  export CLDCERT_SHARD="${CI_NODE_INDEX:?GitLab sets it with CI_NODE_TOTAL}/${CI_NODE_TOTAL}"
fi
export CLDCERT_OUT="${CLDCERT_OUT:-${CI_PROJECT_DIR:?set by GitLab}/cldcert-report}"
exec "$(dirname "$0")/../run.sh"
