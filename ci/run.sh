#!/usr/bin/env bash
# Runs `cldcert run` as the CI recipes configure it, for every CI system (ci/github/run.sh,
# ci/gitlab/run.sh); installed by the package as /usr/share/cldcert/ci/run.sh. Its exit code is cldcert's.
#
#   CLDCERT_INTEGRATION   the integration's folder or cldcert.json (default: .)
#   CLDCERT_OUT           the bundle folder (default: cldcert-report)
#   CLDCERT_SKIP_LARGE    true: leave out the 1.1 GiB upload (the bundle is then not submission-ready)
#   CLDCERT_SHARD         K/N: this job's share of the scenarios (cldcert merge combines the bundles)
#   CLDCERT_SEED          the mock clouds' seed; give every shard of a run the same one (default: 1)
#   CLDCERT_WAIVERS       a waivers file (docs/ci.md)
#   CLDCERT_ONLY          comma-separated scenario ids
#   CLDCERT_LIVE_ACCOUNTS_JSON  the live accounts file's content, from a CI secret: written to a
#                         private file named by CLDCERT_LIVE_ACCOUNTS (a live run), removed at the end;
#                         refused by a cldcert without `run --live`
#   CLDCERT_BIN           the cldcert to run (default: cldcert on PATH)
set -euo pipefail

cldcert=${CLDCERT_BIN:-cldcert}
args=(run --integration "${CLDCERT_INTEGRATION:-.}" --out "${CLDCERT_OUT:-cldcert-report}" --seed "${CLDCERT_SEED:-1}")
case "${CLDCERT_SKIP_LARGE:-false}" in
  true) args+=(--skip-large) ;;
  false | "") ;;
  *) echo "cldcert CI: CLDCERT_SKIP_LARGE must be true or false, not '${CLDCERT_SKIP_LARGE}'" >&2; exit 2 ;;
esac
[ -n "${CLDCERT_SHARD:-}" ] && args+=(--shard "$CLDCERT_SHARD")
[ -n "${CLDCERT_WAIVERS:-}" ] && args+=(--waivers "$CLDCERT_WAIVERS")
[ -n "${CLDCERT_ONLY:-}" ] && args+=(--only "$CLDCERT_ONLY")

if [ -n "${CLDCERT_LIVE_ACCOUNTS_JSON:-}" ]; then
  if ! "$cldcert" run --help | grep -q -- '--live'; then
    echo "cldcert CI: live accounts were given, but $("$cldcert" --version) has no live mode (run --live); remove them" >&2
    exit 2
  fi
  accounts_dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cldcert-live-XXXXXX")
  trap 'rm -rf "$accounts_dir"' EXIT
  (umask 077 && printf '%s' "$CLDCERT_LIVE_ACCOUNTS_JSON" > "$accounts_dir/accounts.json")
  export CLDCERT_LIVE_ACCOUNTS="$accounts_dir/accounts.json"
fi
unset CLDCERT_LIVE_ACCOUNTS_JSON  # the integration's actions never see the secret's text

status=0
"$cldcert" "${args[@]}" || status=$?
exit "$status"
