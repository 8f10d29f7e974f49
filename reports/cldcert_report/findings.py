"""Findings: the results a partner has to act on, grouped by checklist item, with evidence.

A finding is a check whose verdict is error, fail, waived or warn, or a scenario that errored.
Each evidence reference is resolved against the bundle: a request (ref "journal:N") to its
request line, headers and form fields from journal/<scenario>.jsonl (redacted when cldcert
wrote them; shown as they are), a file to file:line, a step to its log in logs/, a screenshot
to the image itself (a data: URI, so report.html stays one file).
"""

import base64
import os
import re

from . import layout
from .checklist import FINDING_VERDICTS, checklist_items, scenario_errored, verdict_info

# A finding lists this many evidence items in full; the rest are counted.
MAX_EVIDENCE = 8
# Form field values and header values longer than this are cut (the journal has them whole).
MAX_VALUE = 300
MAX_SCREENSHOT_BYTES = 4 << 20
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def _cut(text, limit=MAX_VALUE):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _request(bundle, scenario, ev):
    out = {"kind": "request", "ref": ev.get("ref", ""), "detail": ev.get("detail", "")}
    match = re.fullmatch(r"journal:(\d+)", out["ref"])
    entry = bundle.journal(scenario).get(int(match.group(1))) if match else None
    if entry is None:
        out["missing"] = f"not in {scenario.get('journal') or 'the journal'}"
        return out
    query = entry.get("query") or ""
    out.update({
        "journal": scenario.get("journal", ""),
        "request_line": f"{entry.get('method', '?')} {entry.get('path', '')}{'?' + query if query else ''}",
        "headers": [(h[0], _cut(h[1])) for h in entry.get("headers", [])
                    if isinstance(h, list) and len(h) == 2 and isinstance(h[0], str)],
        "fields": [(f.get("name", ""), f"<file {f.get('filename') or ''} {f.get('size', 0)} bytes>" if f.get("is_file")
                    else _cut(f.get("value", ""))) for f in entry.get("fields", []) if isinstance(f, dict)],
        "status": entry.get("status", 0),
        "cloud": entry.get("cloud", ""),
        "started_at": entry.get("started_at", ""),
        "fault": entry.get("fault", ""),
    })
    return out


def _step(bundle, scenario, ev):
    out = {"kind": "step", "ref": ev.get("ref", ""), "detail": ev.get("detail", "")}
    match = re.fullmatch(r"(.+)#(\d+)", out["ref"])
    steps = scenario.get("steps", [])
    if match and 1 <= int(match.group(2)) <= len(steps):
        step = steps[int(match.group(2)) - 1]
        out["log"] = step.get("log") or layout.step_log(scenario["id"], match.group(2), match.group(1))
        out["exit_code"] = step.get("exit_code")
        file = bundle.path(out["log"])
        out["log_present"] = bool(file and os.path.isfile(file))
    return out


def _screenshot(bundle, ev):
    ref = ev.get("ref", "")
    out = {"kind": "screenshot", "ref": ref, "detail": ev.get("detail", "")}
    file = bundle.path(ref)
    kind = _IMAGE_TYPES.get(os.path.splitext(ref)[1].lower())
    if not file or not os.path.isfile(file):
        out["missing"] = "not in the bundle"
    elif not kind:
        out["missing"] = "not an image cldcert embeds (png, jpeg, webp)"
    elif os.path.getsize(file) > MAX_SCREENSHOT_BYTES:
        out["missing"] = f"larger than {MAX_SCREENSHOT_BYTES >> 20} MiB: open it from the bundle"
    else:
        with open(file, "rb") as f:
            out["data_uri"] = f"data:{kind};base64," + base64.b64encode(f.read()).decode("ascii")
    return out


def resolve_evidence(bundle, scenario, ev):
    """One evidence reference, made readable (see the module docstring)."""
    kind = ev.get("kind", "")
    if kind == "request":
        return _request(bundle, scenario, ev)
    if kind == "step":
        return _step(bundle, scenario, ev)
    if kind == "screenshot":
        return _screenshot(bundle, ev)
    # "file" refs are already file:line[:column]; anything newer is shown as it came.
    return {"kind": kind or "other", "ref": ev.get("ref", ""), "detail": ev.get("detail", "")}


def _failed_steps(scenario):
    return [{"kind": "step", "ref": f"{st.get('action', '?')}#{i}", "detail": st.get("error", "")}
            for i, st in enumerate(scenario.get("steps", []), 1)
            if st.get("error") or st.get("timed_out")]


def findings(bundle):
    """Findings grouped by item: [{"item", "title", "findings": [...]}] in checklist order.

    Scenario errors come first under item "run". Each finding carries its verdict's label,
    its texts and at most MAX_EVIDENCE resolved evidence items ("more": how many were left out).
    """
    report = bundle.report
    by_item = {}
    for scenario in report.get("scenarios", []):
        if scenario_errored(scenario):
            evidence = _failed_steps(scenario)
            by_item.setdefault("run", []).append({
                "verdict": "error", "check": "", "level": "required", "scenario": scenario["id"],
                "message": f"scenario {scenario['id']} errored: {scenario.get('reason', 'no reason given')}",
                "evidence": [resolve_evidence(bundle, scenario, e) for e in evidence[:MAX_EVIDENCE]],
                "more": max(0, len(evidence) - MAX_EVIDENCE)})
        for check in scenario.get("checks", []):
            if check.get("verdict") not in FINDING_VERDICTS:
                continue
            evidence = check.get("evidence", [])
            finding = {"verdict": check["verdict"], "check": check["id"], "level": check.get("level", ""),
                       "scenario": scenario["id"], "message": check.get("message", "")}
            for key in ("expected", "seen", "near_miss", "hint", "waiver"):
                if check.get(key):
                    finding[key] = check[key]
            finding["evidence"] = [resolve_evidence(bundle, scenario, e) for e in evidence[:MAX_EVIDENCE]]
            finding["more"] = max(0, len(evidence) - MAX_EVIDENCE)
            by_item.setdefault(check.get("item") or "other", []).append(finding)
    titles = {i["id"]: i.get("title", "") for i in checklist_items(report)}
    titles.update({"run": "Scenarios that could not run to the end", "other": "Checks without a checklist item"})
    order = ["run"] + [i["id"] for i in checklist_items(report)] + sorted(set(by_item) - set(titles)) + ["other"]
    groups = []
    for item in order:
        if item in by_item:
            found = sorted(by_item.pop(item), key=lambda f: verdict_info(f["verdict"])["rank"])
            for f in found:
                f["label"] = verdict_info(f["verdict"])["label"]
                f["mark"] = verdict_info(f["verdict"])["mark"]
            groups.append({"item": item, "title": titles.get(item, ""), "findings": found})
    return groups


def count_findings(groups):
    """{verdict: count} over all findings."""
    counts = {}
    for g in groups:
        for f in g["findings"]:
            counts[f["verdict"]] = counts.get(f["verdict"], 0) + 1
    return counts
