"""The checklist as the report shows it, and whether the run is submission-ready.

Items, titles, levels and sections come from scenarios/checklist.json (the file cldcert embeds
and report.json's "checklist" copies); each item's verdict, scenarios and checks come from
report.json. An item report.json does not mention is shown as "not checked yet".
"""

import json
import os

# Every verdict a check, scenario or checklist item can carry: its words, Markdown mark, rank
# (worst first, as cldcert ranks them: a failure shown by evidence before what could not be judged)
# and whether it counts as a finding.
VERDICTS = {
    "fail": {"label": "fail", "mark": "❌", "rank": 0},
    "error": {"label": "error", "mark": "⛔", "rank": 1},
    "waived": {"label": "waived", "mark": "🏳️", "rank": 2},
    "warn": {"label": "warning", "mark": "⚠️", "rank": 3},
    "not_checked": {"label": "not checked yet", "mark": "❔", "rank": 4},
    "skip": {"label": "skipped", "mark": "⏭️", "rank": 5},
    "pass": {"label": "pass", "mark": "✅", "rank": 6},
    "not_applicable": {"label": "not applicable", "mark": "➖", "rank": 7},
}
FINDING_VERDICTS = ("error", "fail", "waived", "warn")

_CHECKLIST_JSON = os.path.join(os.path.dirname(__file__), "..", "..", "scenarios", "checklist.json")


def scenario_errored(scenario):
    """Whether a scenario stopped at an error, whatever its verdict (a failure outranks it).

    Reports of cldcert 0.2 have no "errored": there an error was always the verdict.
    """
    return bool(scenario.get("errored", scenario.get("verdict") == "error" and scenario.get("reason")))


def verdict_info(verdict):
    """Label, mark and rank of a verdict; an unknown one is shown as it is, ranked as an error."""
    return VERDICTS.get(verdict, {"label": str(verdict), "mark": "?", "rank": 0})


def checklist_items(report):
    """The checklist's items in order: [{"id", "level", "section", "title"}].

    From scenarios/checklist.json beside this renderer, then any item only report.json lists;
    a renderer copied without the source tree uses the items report.json lists.
    """
    from_report = [{"id": line["item"], "level": line.get("level", ""), "section": "",
                    "title": line.get("title", "")} for line in report.get("checklist", [])]
    try:
        with open(_CHECKLIST_JSON, encoding="utf-8") as f:
            items = json.load(f)["items"]
    except (OSError, ValueError, KeyError):
        return from_report
    # An item a newer cldcert judged that this checklist.json does not know yet still shows.
    known = {i["id"] for i in items}
    return items + [i for i in from_report if i["id"] not in known]


def checklist_rows(report):
    """One row per checklist item with its verdict and what stands behind it."""
    verdicts = {line["item"]: line for line in report.get("checklist", [])}
    rows = []
    for item in checklist_items(report):
        line = verdicts.get(item["id"], {})
        verdict = line.get("verdict", "not_checked")
        reason = line.get("reason", "" if line else "report.json has no line for this item")
        rows.append({
            "id": item["id"],
            "level": line.get("level", item.get("level", "")),
            "section": item.get("section", ""),
            "title": line.get("title") or item.get("title", ""),
            "verdict": verdict,
            "label": verdict_info(verdict)["label"],
            "mark": verdict_info(verdict)["mark"],
            "scenarios": list(line.get("scenarios", [])),
            "checks": list(line.get("checks", [])),
            "reason": reason if verdict in ("not_applicable", "not_checked", "skip", "error") else "",
            # Both, so that neither hides the other: "<check> in <scenario>".
            "failed": list(line.get("failed", [])),
            "errored": list(line.get("errored", [])),
            "passed": item_checks(report, item["id"], ("pass",)),
            "skipped": item_checks(report, item["id"], ("skip",)) if verdict == "skip" else [],
        })
    return rows


def item_checks(report, item, verdicts):
    """[{"check", "scenario", "message"}] of the checks of one item whose verdict is in `verdicts`,
    in scenario order: what a passing item verified, why a skipped one judged nothing."""
    return [{"check": c.get("id", ""), "scenario": s.get("id", ""), "message": c.get("message", "")}
            for s in report.get("scenarios", []) for c in s.get("checks", [])
            if c.get("item") == item and c.get("verdict") in verdicts]


def verdict_counts(rows):
    """{verdict: count} over rows, worst first."""
    counts = {}
    for row in rows:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: verdict_info(kv[0])["rank"]))


def waived_checks(report):
    """[(scenario id, check)] of every check whose verdict is "waived"."""
    return [(s["id"], c) for s in report.get("scenarios", []) for c in s.get("checks", [])
            if c.get("verdict") == "waived"]


def banner(verdict, ready, obstacles):
    """The one verdict a reader cannot misread: (kind, headline, because), kind "ready", "passes"
    or "fails"; `because` is what keeps a passing run from being submission-ready ("" otherwise)."""
    if ready:
        return "ready", "submission-ready", ""
    if verdict in ("fail", "error"):
        return "fails", "fails", ""
    because = obstacles[0] if obstacles else "the run's verdict is " + str(verdict)
    if len(obstacles) > 1:
        because += f"; and {len(obstacles) - 1} more"
    return "passes", "passes but not submission-ready", because


def readiness(report):
    """(ready, obstacles): report.json's "submission_ready", never ready with waivers.

    A report from before submission_ready existed gets the same rules applied here, as far as
    its fields allow (see harness/run_report.cc submission_readiness).
    """
    given = report.get("submission_ready")
    if isinstance(given, dict) and isinstance(given.get("obstacles", []), list):
        obstacles = [str(o) for o in given.get("obstacles", [])]
        ready = bool(given.get("ready")) and not obstacles
    else:
        obstacles = []
        for s in report.get("scenarios", []):
            if s.get("skipped"):
                obstacles.append(f"scenario {s['id']} was not run: {s['skipped']}")
            if scenario_errored(s):
                obstacles.append(f"scenario {s['id']} errored: {s.get('reason', '')}".rstrip(": "))
            for c in s.get("checks", []):
                if c.get("verdict") == "fail" and c.get("level") == "required":
                    obstacles.append(f"required check {c['id']} failed in scenario {s['id']}")
                elif c.get("verdict") == "error":
                    obstacles.append(f"check {c['id']} errored in scenario {s['id']}")
        for kind, words in (("skip", "must items whose checks all skipped (nothing to judge)"),
                            ("not_checked", "must items not checked by this run")):
            ids = [r["id"] for r in checklist_rows(report) if r["level"] == "must" and r["verdict"] == kind]
            if ids:
                obstacles.append(f"{words}: {', '.join(ids)}")
        if report.get("verdict") not in ("pass", None) and not obstacles:
            obstacles.append(f"the run's verdict is {report.get('verdict')}")
        ready = not obstacles
    # Waivers may be added to report.json after cldcert wrote it: they always stand in the way.
    for sid, check in waived_checks(report):
        if not any(check["id"] in o and f"is waived in scenario {sid}" in o for o in obstacles):
            obstacles.append(f"check {check['id']} is waived in scenario {sid}")
    waivers = report.get("waivers") or []
    if waivers and not any("waiver(s)" in o for o in obstacles):
        obstacles.append(f"{len(waivers)} waiver(s): a waived result needs Cloudinary's review")
    return (ready and not obstacles), obstacles
