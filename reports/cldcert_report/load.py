"""Reads a report bundle: report.json (schema cldcert/report/v1) and journal/<scenario>.jsonl.

Everything in a bundle was redacted by cldcert when it was written; this module only reads it
and never adds anything to it. Problems a user can cause (no report.json, not JSON, another
schema, a field of the wrong type) raise BundleError with one line naming the file and problem.
"""

import json
import os

from . import REPORT_SCHEMA, layout


class BundleError(Exception):
    """A bundle the renderer cannot use; str() is one line for the user."""


NUMBER = (int, float)
_NAMES = {dict: "an object", list: "an array", str: "a string", bool: "true or false", NUMBER: "a number",
          int: "an integer"}


def _expect(value, kind, pointer, file):
    if not isinstance(value, kind) or (kind in (NUMBER, int) and isinstance(value, bool)):
        raise BundleError(f"{file}: {pointer or '/'}: expected {_NAMES.get(kind, kind)}, got {json.dumps(value)[:60]}")
    return value


def _fields(obj, pointer, file, required=(), **optional):
    """Checks obj is an object whose `required` keys are strings and whose other named keys,
    when present, have the given type (cldcert leaves a key out rather than write null)."""
    _expect(obj, dict, pointer, file)
    for key in required:
        _expect(obj.get(key), str, f"{pointer}/{key}", file)
    for key, kind in optional.items():
        if key in obj:
            _expect(obj[key], kind, f"{pointer}/{key}", file)
    return obj


def _each(obj, key, pointer, file):
    """(pointer, element) of the array obj[key] (absent: none)."""
    return [(f"{pointer}/{key}/{i}", v) for i, v in enumerate(_expect(obj.get(key, []), list, f"{pointer}/{key}", file))]


def _check_report(report, file):
    """Checks the shape of every field the writers read; others are free (schema v1 adds freely)."""
    _expect(report, dict, "", file)
    schema = report.get("schema")
    if schema != REPORT_SCHEMA:
        raise BundleError(f"{file}: /schema: expected \"{REPORT_SCHEMA}\", got {json.dumps(schema)}")
    _fields(report, "", file, verdict=str, started_at=str, duration_ms=NUMBER, run_id=str, only=list,
            integration=dict, cldcert=dict, submission_ready=dict)
    _fields(report.get("integration", {}), "/integration", file, name=str, type=str, version=str, platform=str,
            platform_version=str, environment=str, capabilities=list, manifest=str)
    _fields(report.get("cldcert", {}), "/cldcert", file, version=str)
    for at, scenario in _each(report, "scenarios", "", file):
        _fields(scenario, at, file, ["id"], title=str, verdict=str, reason=str, checklist=list, duration_ms=NUMBER,
                requests=int, journal=str)
        for step_at, step in _each(scenario, "steps", at, file):
            _fields(step, step_at, file, action=str, cloud=str, exit_code=int, duration_ms=NUMBER, log=str, error=str,
                    journal=dict)
            _fields(step.get("journal", {}), step_at + "/journal", file, after=int, through=int)
        for check_at, check in _each(scenario, "checks", at, file):
            _fields(check, check_at, file, ["id", "verdict"], level=str, item=str, message=str, expected=str, seen=str,
                    hint=str, near_miss=str)
            for ev_at, ev in _each(check, "evidence", check_at, file):
                _fields(ev, ev_at, file, kind=str, ref=str, detail=str)
    for at, line in _each(report, "checklist", "", file):
        _fields(line, at, file, ["item"], verdict=str, level=str, title=str, reason=str, scenarios=list, checks=list)
    for at, waiver in _each(report, "waivers", "", file):
        _expect(waiver, dict, at, file)
    if "submission_ready" in report:
        _fields(report["submission_ready"], "/submission_ready", file, ready=bool, obstacles=list)


def _journal_entry_ok(entry):
    """Whether a journal line has the shape the timeline and evidence read."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
        return False
    kinds = {"started_unix_ms": NUMBER, "duration_ms": NUMBER, "status": int, "cloud": str, "method": str,
             "path": str, "query": str, "headers": list, "fields": list, "fault": str}
    return all(entry.get(k) is None or isinstance(entry[k], t) for k, t in kinds.items())


class Bundle:
    """A bundle folder: its report (a dict) and, read on first use, each scenario's journal."""

    def __init__(self, directory, report):
        self.dir = directory
        self.report = report
        self.notes = []  # problems with evidence files: shown in the report, not fatal
        self._journals = {}

    def path(self, relative):
        """The bundle file at `relative`, or None when it would lie outside the bundle."""
        root = os.path.realpath(self.dir)
        full = os.path.realpath(os.path.join(root, relative))
        return full if full == root or full.startswith(root + os.sep) else None

    def journal(self, scenario):
        """The scenario's journal entries by id ({} when it has no journal file)."""
        sid = scenario["id"]
        if sid not in self._journals:
            self._journals[sid] = self._read_journal(scenario)
        return self._journals[sid]

    def _read_journal(self, scenario):
        relative = scenario.get("journal") or layout.journal(scenario["id"])
        file = self.path(relative) if isinstance(relative, str) else None
        entries = {}
        if file is None or not os.path.isfile(file):
            if scenario.get("verdict") not in ("not_applicable", None):
                self.notes.append(f"{relative}: missing, so scenario {scenario['id']} has no request timeline")
            return entries
        bad = 0
        with open(file, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    bad += 1
                    continue
                if _journal_entry_ok(entry):
                    entries[entry["id"]] = entry
                else:
                    bad += 1
        if bad:
            self.notes.append(f"{relative}: {bad} line(s) are not journal entries and were left out")
        return entries


def load_bundle(directory):
    """Reads BUNDLE_DIR/report.json; raises BundleError for anything a user can get wrong."""
    if not os.path.isdir(directory):
        raise BundleError(f"{directory}: no such bundle folder")
    file = os.path.join(directory, layout.REPORT_JSON)
    if not os.path.isfile(file):
        raise BundleError(f"{file}: missing (is {directory} a cldcert report bundle?)")
    try:
        with open(file, encoding="utf-8") as f:
            report = json.load(f)
    except UnicodeDecodeError as e:
        raise BundleError(f"{file}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise BundleError(f"{file}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except OSError as e:
        raise BundleError(f"{file}: cannot read it: {e.strerror}") from None
    _check_report(report, file)
    return Bundle(directory, report)
