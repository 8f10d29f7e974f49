#!/usr/bin/env bash
# The Action's optional PR comment (input pr-comment): the bundle's report.md on the pull request
# that triggered the run, through the REST API with the job's GITHUB_TOKEN (which needs
# `pull-requests: write`). Cut to GitHub's 65536 characters with a note; no pull request, no comment.
set -euo pipefail
report=${1:?usage: comment.sh BUNDLE/report.md}
token=${GITHUB_TOKEN:?the Action passes github.token}
number=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1])).get("pull_request") or {}).get("number", ""))' \
  "${GITHUB_EVENT_PATH:?set by GitHub}")
if [ -z "$number" ]; then
  echo "cldcert: not a pull request event; no comment"
  exit 0
fi
body=$(python3 - "$report" "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID:-}" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
limit, note = 65536, "\n\n… cut here: the whole report is in the run's artifact (" + sys.argv[2] + ")\n"
if len(text) > limit:
    text = text[: limit - len(note)] + note
print(json.dumps({"body": text}))
PY
)
# The token goes in a header file, never on a command line other processes can read.
curl -fsS --retry 3 -o /dev/null -X POST -H @<(printf 'Authorization: Bearer %s\n' "$token") -H "Accept: application/vnd.github+json" \
  --data-binary @- "${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?}/issues/$number/comments" <<<"$body"
echo "cldcert: commented on pull request #$number"
