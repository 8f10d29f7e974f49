#!/usr/bin/env bash
# The Action's run step (action.yml): ci/run.sh with the Action's inputs, then where the bundle is and
# cldcert's exit code as step outputs. It exits 0 whatever the verdict, so the upload steps run; the
# Action's last step gives the exit code back. cldcert itself writes the job summary and annotations
# (GITHUB_ACTIONS=true).
set -euo pipefail
out=$(realpath -m "${CLDCERT_OUT:-${GITHUB_WORKSPACE:-$PWD}/cldcert-report}")
status=0
CLDCERT_OUT=$out "$(dirname "$0")/../run.sh" || status=$?
{
  echo "exit-code=$status"
  echo "bundle=$out"
  if [ -f "$out/results.sarif" ]; then echo "sarif=$out/results.sarif"; fi
  if [ -f "$out/report.md" ]; then echo "report-md=$out/report.md"; fi
} >> "${GITHUB_OUTPUT:?set by GitHub}"
