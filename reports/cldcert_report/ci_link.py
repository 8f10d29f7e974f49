"""Where a CI run keeps the bundle as an artifact, so report.md (a step summary or a pull-request
comment) can link the evidence it only summarises.

GitHub Actions lists a run's artifacts on the run's page:
https://docs.github.com/en/actions/learn-github-actions/variables#default-environment-variables
(GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID). GitLab CI browses a job's artifacts under
the job's page: https://docs.gitlab.com/ee/ci/variables/predefined_variables.html (CI_JOB_URL) and
https://docs.gitlab.com/ee/ci/jobs/job_artifacts.html#browse-the-contents-of-the-artifacts-archive.
"""

import re
from urllib.parse import quote

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+")


def _url(text):
    """A URL fit for a Markdown link (parentheses and spaces escaped), or None when text is none."""
    if not text or not _SAFE_URL.fullmatch(text):
        return None
    return quote(text, safe=":/?#[]@!$&'*+,;=%-._~")


def bundle_link(environ):
    """{"url", "label"} of the CI page holding the bundle, or None outside a CI this knows."""
    server, repository, run = (environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if server and repository and run.isdigit():
        url = _url(f"{server.rstrip('/')}/{repository}/actions/runs/{run}#artifacts")
        if url:
            return {"url": url, "label": f"artifacts of GitHub Actions run {run}"}
    url = _url(environ.get("CI_JOB_URL", "").rstrip("/") + "/artifacts/browse" if environ.get("CI_JOB_URL") else "")
    if url:
        return {"url": url, "label": "artifacts of the GitLab CI job"}
    return None
