"""Where a CI run keeps the bundle as an artifact, so report.md (a step summary or a pull-request
comment) can link the evidence it only summarises.

The run is report.json's provenance.ci, which cldcert records from the CI's variables when it runs
(harness/provenance.cc ci_run), so that report.md renders the same wherever and whenever it is
rendered again (`cldcert verify` compares it byte for byte). GitHub Actions lists a run's artifacts
on the run's page (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID:
https://docs.github.com/en/actions/managing-workflow-runs/downloading-workflow-artifacts); GitLab
browses a job's artifacts under the job's page (CI_JOB_URL/artifacts/browse:
https://docs.gitlab.com/ee/ci/jobs/job_artifacts.html#browse-the-contents-of-the-artifacts-archive).
"""

import re
from urllib.parse import quote

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+")


def _url(text):
    """A URL fit for a Markdown link (parentheses and spaces escaped), or None when text is none."""
    if not text or not _SAFE_URL.fullmatch(text):
        return None
    return quote(text, safe=":/?#[]@!$&'*+,;=%-._~")


def bundle_link(ci):
    """{"url", "label"} of the CI page holding the bundle, from provenance.ci; None without one."""
    if not isinstance(ci, dict):
        return None
    github, gitlab = ci.get("github"), ci.get("gitlab")
    if isinstance(github, dict):
        server, repository, run = (str(github.get(k) or "") for k in ("server_url", "repository", "run_id"))
        url = _url(f"{server.rstrip('/')}/{repository}/actions/runs/{run}#artifacts") if run.isdigit() else None
        if server and repository and url:
            return {"url": url, "label": f"artifacts of GitHub Actions run {run}"}
    if isinstance(gitlab, dict) and gitlab.get("job_url"):
        url = _url(str(gitlab["job_url"]).rstrip("/") + "/artifacts/browse")
        if url:
            return {"url": url, "label": "artifacts of the GitLab CI job"}
    return None
