"""Findings: the results a partner has to act on, grouped by checklist item and by root cause,
with evidence.

A finding is a check whose verdict is error, fail, waived or warn, or a scenario that errored.
One root cause is one finding however many scenarios show it: the same check with the same
verdict and the same expected/seen (or, for a check that gives neither, the same message) in
several scenarios is listed once, with the scenarios and requests it covers.
Each evidence reference is resolved against the bundle: a request (ref "journal:N") to its
request line, headers and form fields from journal/<scenario>.jsonl (redacted when cldcert
wrote them; shown as they are), a file to file:line, a step to its log in logs/, a screenshot
to the image itself (a data: URI, so report.html stays one file).
"""

import base64
import os
import re

from . import layout
from .highlight import offending, request_dump
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


def _request(bundle, scenario, ev, words=()):
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
    out["lines"] = request_dump(out["request_line"], out["headers"], out["fields"], (*words, out["detail"]))
    out["offending"] = offending(out["lines"])
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


def resolve_evidence(bundle, scenario, ev, words=()):
    """One evidence reference, made readable (see the module docstring). `words`: the finding's
    texts, which name the offending parts of a request (highlight.py)."""
    kind = ev.get("kind", "")
    if kind == "request":
        return _request(bundle, scenario, ev, words)
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


def _root_cause(check):
    """What makes two check results one finding (see the module docstring)."""
    if check.get("expected") or check.get("seen"):
        return (check["id"], check["verdict"], "", check.get("expected", ""), check.get("seen", ""))
    return (check["id"], check["verdict"], check.get("message", ""), "", "")


def _screenshots(bundle, scenario_id, check_id, shown):
    """The screenshots cldcert.browse kept for a scenario (screenshots/<scenario>/<nn>-<widget>.png),
    except those `shown` already as evidence: a widget finding shows the pages of its widget
    (widget.media_library_insert: the media_library pages), or all of them when none is its own."""
    folder = bundle.path(layout.screenshots(scenario_id))
    if not folder or not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if os.path.splitext(n)[1].lower() in _IMAGE_TYPES)
    rule = check_id.split(".", 1)[-1]
    own = [n for n in names if rule.startswith(re.sub(r"^\d+-", "", os.path.splitext(n)[0]))]
    names = own or names
    refs = [f"{layout.screenshots(scenario_id)}/{n}" for n in names]
    return [_screenshot(bundle, {"ref": r}) for r in refs if r not in shown]


def _occurrence(bundle, scenario, check, words):
    evidence = check.get("evidence", [])
    resolved = [resolve_evidence(bundle, scenario, e, words) for e in evidence[:MAX_EVIDENCE]]
    occurrence = {"scenario": scenario["id"], "message": check.get("message", ""), "evidence": resolved,
                  "more": max(0, len(evidence) - MAX_EVIDENCE),
                  "request_ids": [int(m.group(1)) for e in evidence if e.get("kind") == "request"
                                  for m in [re.fullmatch(r"journal:(\d+)", e.get("ref", ""))] if m]}
    if check["id"].startswith("widget."):
        occurrence["screenshots"] = _screenshots(bundle, scenario["id"], check["id"],
                                                 {e.get("ref") for e in evidence if e.get("kind") == "screenshot"})
    return occurrence


def findings(bundle):
    """Findings grouped by item: [{"item", "title", "findings": [...]}] in checklist order.

    Scenario errors come first under item "run". Each finding is one root cause: its verdict's
    label, its texts, "scenarios" it covers and "occurrences", one per scenario with that
    scenario's message and at most MAX_EVIDENCE resolved evidence items ("more": how many were
    left out); "evidence" is all of them in order, "anchor" the id report.html gives it.
    """
    report = bundle.report
    by_item = {}
    causes = {}
    for scenario in report.get("scenarios", []):
        if scenario_errored(scenario):
            evidence = _failed_steps(scenario)
            occurrence = {"scenario": scenario["id"], "message": "", "request_ids": [],
                          "evidence": [resolve_evidence(bundle, scenario, e) for e in evidence[:MAX_EVIDENCE]],
                          "more": max(0, len(evidence) - MAX_EVIDENCE)}
            by_item.setdefault("run", []).append({
                "verdict": "error", "check": "", "level": "required", "item": "run",
                "message": f"scenario {scenario['id']} errored: {scenario.get('reason', 'no reason given')}",
                "occurrences": [occurrence]})
        for check in scenario.get("checks", []):
            if check.get("verdict") not in FINDING_VERDICTS:
                continue
            words = (check.get("seen", ""), check.get("message", ""), check.get("expected", ""))
            occurrence = _occurrence(bundle, scenario, check, words)
            key = _root_cause(check)
            if key in causes:
                causes[key]["occurrences"].append(occurrence)
                continue
            item = check.get("item") or "other"
            finding = {"verdict": check["verdict"], "check": check["id"], "level": check.get("level", ""),
                       "item": item, "message": check.get("message", ""), "occurrences": [occurrence]}
            for key_name in ("expected", "seen", "near_miss", "hint", "waiver"):
                if check.get(key_name):
                    finding[key_name] = check[key_name]
            causes[key] = finding
            by_item.setdefault(item, []).append(finding)
    titles = {i["id"]: i.get("title", "") for i in checklist_items(report)}
    titles.update({"run": "Scenarios that could not run to the end", "other": "Checks without a checklist item"})
    order = ["run"] + [i["id"] for i in checklist_items(report)] + sorted(set(by_item) - set(titles)) + ["other"]
    groups = []
    for item in order:
        if item in by_item:
            found = sorted(by_item.pop(item), key=lambda f: verdict_info(f["verdict"])["rank"])
            for n, f in enumerate(found, 1):
                f["label"] = verdict_info(f["verdict"])["label"]
                f["mark"] = verdict_info(f["verdict"])["mark"]
                f["anchor"] = f"finding-{item}-{n}"
                f["scenarios"] = [o["scenario"] for o in f["occurrences"]]
                f["scenario"] = ", ".join(f["scenarios"])
                f["evidence"] = [e for o in f["occurrences"] for e in o["evidence"]]
                f["more"] = sum(o["more"] for o in f["occurrences"])
                f["requests"] = sum(len(o["request_ids"]) for o in f["occurrences"])
                f["same_message"] = len({o["message"] for o in f["occurrences"]}) == 1
            groups.append({"item": item, "title": titles.get(item, ""), "findings": found})
    return groups


def request_findings(groups, scenario_id):
    """{journal id: worst finding verdict} of the requests the findings of one scenario point at,
    so the timeline can colour a request by what was found in it, not only by its status."""
    marked = {}
    for g in groups:
        for f in g["findings"]:
            for o in f["occurrences"]:
                if o["scenario"] != scenario_id:
                    continue
                for n in o["request_ids"]:
                    if n not in marked or verdict_info(f["verdict"])["rank"] < verdict_info(marked[n])["rank"]:
                        marked[n] = f["verdict"]
    return marked


def count_findings(groups):
    """{verdict: count} over all findings (root causes)."""
    counts = {}
    for g in groups:
        for f in g["findings"]:
            counts[f["verdict"]] = counts.get(f["verdict"], 0) + 1
    return counts
