#!/usr/bin/env bash
# The Action's install step (action.yml): the cldcert .deb of the release the Action pins
# (CLDCERT_VERSION), or the one at CLDCERT_DEB_URL, installed with apt-get so its Depends: come from
# the job's Debian bookworm archive. Nothing to do when that version is installed already (a runner
# or image that had it), so every shard of a matrix reuses one package.
set -euo pipefail
version=${CLDCERT_VERSION:?the Action pins a cldcert version}
if command -v cldcert >/dev/null 2>&1 && [[ "$(cldcert --version)" == "cldcert $version "* ]]; then
  echo "cldcert $version is installed already: $(command -v cldcert)"
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
apt_install() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; }
"${as_root[@]}" apt-get update -qq
command -v curl >/dev/null 2>&1 || apt_install ca-certificates curl  # debian:bookworm-slim has no curl

# The Action's own repository: GITHUB_ACTION_REPOSITORY, which composite actions may leave empty, else
# the folder GitHub checked the Action out to (…/_actions/<owner>/<repo>/<tag>).
repository=${GITHUB_ACTION_REPOSITORY:-}
if [ -z "$repository" ] && [[ "${GITHUB_ACTION_PATH:-}" == */_actions/*/*/* ]]; then
  repository=${GITHUB_ACTION_PATH#*/_actions/}
  repository=${repository%/*}
fi
if [ -z "${CLDCERT_DEB_URL:-}" ] && [ -z "$repository" ]; then
  echo "cldcert: cannot tell which repository this Action comes from; give the .deb's URL as deb-url" >&2
  exit 2
fi
url=${CLDCERT_DEB_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/v$version/cldcert_${version}_amd64.deb}
deb="${RUNNER_TEMP:?set by GitHub}/cldcert_${version}_amd64.deb"
curl -fsSL --retry 3 -o "$deb" "$url"
apt_install "$deb"
cldcert --version
