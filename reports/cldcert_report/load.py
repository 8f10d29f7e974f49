"""Reads a report bundle: report.json (schema cldcert/report/v1) and journal/<scenario>.jsonl.

Everything in a bundle was redacted by cldcert when it was written; this module only reads it
and never adds anything to it. Problems a user can cause (no report.json, not JSON, another
schema, a field of the wrong type) raise BundleError with one line naming the file and problem.
"""

import json
import os

from . import REPORT_SCHEMA


class BundleError(Exception):
    """A bundle the renderer cannot use; str() is one line for the user."""


def _expect(value, kind, pointer, file):
    if not isinstance(value, kind):
        names = {dict: "an object", list: "an array", str: "a string"}
        raise BundleError(f"{file}: {pointer or '/'}: expected {names.get(kind, kind.__name__)}")
    return value


def _check_report(report, file):
    """Checks the fields the writers rely on; other fields are optional (schema v1 adds freely)."""
    _expect(report, dict, "", file)
    schema = report.get("schema")
    if schema != REPORT_SCHEMA:
        raise BundleError(f"{file}: /schema: expected \"{REPORT_SCHEMA}\", got {json.dumps(schema)}")
    for key in ("integration", "cldcert"):
        if key in report:
            _expect(report[key], dict, "/" + key, file)
    for i, scenario in enumerate(_expect(report.get("scenarios", []), list, "/scenarios", file)):
        at = f"/scenarios/{i}"
        _expect(scenario, dict, at, file)
        _expect(scenario.get("id"), str, at + "/id", file)
        for part in ("steps", "checks"):
            for j, entry in enumerate(_expect(scenario.get(part, []), list, f"{at}/{part}", file)):
                _expect(entry, dict, f"{at}/{part}/{j}", file)
                if part == "checks":
                    _expect(entry.get("id"), str, f"{at}/checks/{j}/id", file)
                    _expect(entry.get("verdict"), str, f"{at}/checks/{j}/verdict", file)
                    for k, ev in enumerate(_expect(entry.get("evidence", []), list, f"{at}/checks/{j}/evidence", file)):
                        _expect(ev, dict, f"{at}/checks/{j}/evidence/{k}", file)
    for i, line in enumerate(_expect(report.get("checklist", []), list, "/checklist", file)):
        _expect(line, dict, f"/checklist/{i}", file)
        _expect(line.get("item"), str, f"/checklist/{i}/item", file)
    for i, waiver in enumerate(_expect(report.get("waivers", []), list, "/waivers", file)):
        _expect(waiver, dict, f"/waivers/{i}", file)
    if "submission_ready" in report:
        _expect(report["submission_ready"], dict, "/submission_ready", file)


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
        relative = scenario.get("journal") or f"journal/{scenario['id']}.jsonl"
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
                if isinstance(entry, dict) and isinstance(entry.get("id"), int):
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
    file = os.path.join(directory, "report.json")
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
