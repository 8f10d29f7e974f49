"""Gathers what both writers show into one dict: header, readiness, waivers, checklist,
findings and per-scenario timelines. The templates only lay it out."""

import shlex

from .ci_link import bundle_link
from .checklist import banner, checklist_rows, readiness, scenario_errored, verdict_counts, verdict_info, waived_checks
from .findings import count_findings, findings, request_findings
from .timeline import legend, summary, timeline_svg


def expected_exit(step):
    """What the scenario let the step answer besides success, in words; "" for plain success.

    Reports of cldcert 0.2 say "expected_failure": true where later ones say "expect": "refusal".
    """
    expect = step.get("expect", "refusal" if step.get("expected_failure") else "success")
    if expect == "refusal":
        return "a refusal expected"
    if expect == "success_or_refusal":
        return "success or a refusal expected"
    if isinstance(expect, dict) and isinstance(expect.get("exit_codes"), list):
        codes = [str(c) for c in expect["exit_codes"]]
        return "exit " + (" or ".join([", ".join(codes[:-1]), codes[-1]]) if len(codes) > 1 else "".join(codes)) + " expected"
    return ""

def _together(steps, step):
    """The other steps run at once with `step` ("#7, #8"), or ""."""
    group = step.get("concurrent_group")
    if group is None:
        return ""
    return ", ".join(f"#{i}" for i, other in enumerate(steps, 1)
                     if other is not step and other.get("concurrent_group") == group)


def format_time(iso):
    """'2026-11-30T22:14:11.123Z' → '2026-11-30 22:14:11 UTC' (anything else as it is)."""
    if isinstance(iso, str) and len(iso) >= 19 and iso[10] == "T":
        return iso[:10] + " " + iso[11:19] + (" UTC" if iso.endswith("Z") else "")
    return str(iso or "")


def format_duration(ms):
    if not isinstance(ms, (int, float)):
        return ""
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def _scenario(bundle, index, s, groups):
    applicable = s.get("verdict") != "not_applicable"
    entries = list(bundle.journal(s).values()) if applicable else []
    uid = f"tl{index}"
    checks = s.get("checks", [])
    return {
        "id": s["id"],
        "title": s.get("title", ""),
        "verdict": s.get("verdict", ""),
        "label": verdict_info(s.get("verdict", "")).get("label"),
        "mark": verdict_info(s.get("verdict", "")).get("mark"),
        "reason": s.get("reason", ""),
        "errored": scenario_errored(s),
        "checklist": s.get("checklist", []),
        "duration": format_duration(s.get("duration_ms")) if applicable else "",
        "requests": len(entries) if entries else s.get("requests", 0),
        "journal": s.get("journal", ""),
        "steps": [{"n": i, "action": st.get("action", ""), "cloud": st.get("cloud", ""),
                   "exit_code": st.get("exit_code"), "duration": format_duration(st.get("duration_ms")),
                   "log": st.get("log", ""), "error": st.get("error", ""), "timed_out": st.get("timed_out", False),
                   "expect": expected_exit(st), "skipped": st.get("skipped", ""),
                   "together": _together(s.get("steps", []), st),
                   "window": st.get("journal") or {}}
                  for i, st in enumerate(s.get("steps", []), 1)],
        "check_counts": verdict_counts([{"verdict": c.get("verdict", "")} for c in checks]),
        "svg": timeline_svg(entries, s.get("steps", []), uid, request_findings(groups, s["id"])),
        "legend": legend(entries, uid, request_findings(groups, s["id"])),
        "summary": summary(entries),
    }


def live_run(report):
    """A live run's clouds (names only), what it sent and what it left behind, its tag; None for a mock run."""
    live = report.get("live")
    if report.get("mode") != "live" or not isinstance(live, dict):
        return None
    as_list = lambda v: [str(x) for x in v] if isinstance(v, list) else []
    number = lambda v: v if isinstance(v, int) else 0
    return {"clouds": as_list(live.get("clouds")), "requests": number(live.get("requests")),
            "bytes_sent": number(live.get("bytes_sent")), "bytes_received": number(live.get("bytes_received")),
            "left_behind": as_list(live.get("left_behind")),
            "tag": live.get("tag") if isinstance(live.get("tag"), str) else "",
            "fidelity": fidelity(live.get("fidelity"))}


def fidelity(summary):
    """A live run's shadow fidelity: answers compared, how many differed, the most frequent differences."""
    if not isinstance(summary, dict):
        return None
    number = lambda v: v if isinstance(v, int) else 0
    top = [g for g in summary.get("top", []) if isinstance(g, dict) and isinstance(g.get("text"), str)]
    return {"compared": number(summary.get("compared")), "differing": number(summary.get("differing")),
            "distinct": number(summary.get("distinct")),
            "top": [{"text": g["text"], "answers": number(g.get("answers"))} for g in top]}


def provenance(report):
    """What report.json says of where the run happened, as lines for a reader; None for older bundles."""
    p = report.get("provenance")
    if not isinstance(p, dict):
        return None
    source = p.get("integration_source") or {}
    if source.get("commit"):
        state = {True: " with local changes", False: ""}.get(source.get("dirty"), " (changes unknown)")
        source_text = f"git commit {source['commit']}{state}"
    else:
        source_text = source.get("reason") or "unknown"
    machine = p.get("machine") or {}
    cldcert = p.get("cldcert") or {}
    command = p.get("command") or []
    return {
        "command": shlex.join(str(a) for a in command) if isinstance(command, list) else str(command),
        "source": source_text,
        "cldcert": f"{cldcert.get('version', '')} (commit {cldcert.get('commit', 'unknown')})",
        "machine": f"{machine.get('os', '')} {machine.get('arch', '')}, {machine.get('cpus', '?')} CPU(s)".strip(),
    }


def build_model(bundle, generator="cldcert_report"):
    """The view of one bundle (see the module docstring)."""
    report = bundle.report
    integration = report.get("integration", {})
    rows = checklist_rows(report)
    ready, obstacles = readiness(report)
    groups = findings(bundle)
    stopped = [f for g in groups if g["item"] == "run" for f in g["findings"]]
    for row in rows:
        row["findings"] = [f for g in groups if g["item"] == row["id"] for f in g["findings"]]
        # An item left unjudged by a scenario that stopped at an error links to why it stopped.
        row["findings"] += [f for f in stopped if row["verdict"] == "error" and set(f["scenarios"]) & set(row["scenarios"])]
    scenarios = [_scenario(bundle, i, s, groups) for i, s in enumerate(report.get("scenarios", []))]
    verdict = report.get("verdict", "unknown")
    banner_kind, banner_headline, banner_because = banner(verdict, ready, obstacles)
    return {
        "generator": generator,
        "integration": {
            "name": integration.get("name", "(unnamed integration)"),
            "type": integration.get("type", ""),
            "version": integration.get("version", ""),
            "platform": integration.get("platform", ""),
            "platform_version": integration.get("platform_version", ""),
            "environment": integration.get("environment", ""),
            "capabilities": integration.get("capabilities", []),
            "manifest": integration.get("manifest", ""),
        },
        "cldcert_version": (report.get("cldcert") or {}).get("version", ""),
        "seed": report.get("seed", ""),
        "run_id": report.get("run_id", ""),
        "provenance": provenance(report),
        "live": live_run(report),
        "bundle_link": bundle_link((report.get("provenance") or {}).get("ci") if isinstance(report.get("provenance"), dict) else None),
        "only": report.get("only") or [],
        "date": format_time(report.get("started_at", "")),
        "duration": format_duration(report.get("duration_ms")),
        "verdict": verdict,
        "verdict_label": verdict_info(verdict)["label"].upper(),
        "verdict_mark": verdict_info(verdict)["mark"],
        "ready": ready,
        "obstacles": obstacles,
        "banner": {"kind": banner_kind, "headline": banner_headline, "because": banner_because,
                   "text": banner_headline + (f" (because {banner_because})" if banner_because else "")},
        "waivers": report.get("waivers") or [],
        "waived_checks": [{"scenario": sid, "check": c["id"], "item": c.get("item", ""),
                           "message": c.get("message", ""), "waiver": c.get("waiver")}
                          for sid, c in waived_checks(report)],
        "checklist": rows,
        "checklist_counts": verdict_counts(rows),
        "findings": groups,
        "finding_counts": count_findings(groups),
        "scenarios": scenarios,
        "notes": list(bundle.notes),
        "verdict_info": verdict_info,
    }
