"""Shared by the renderer's tests: sample bundles, a generated huge run, rendering into a
scratch copy, normalising what may change between runs, and golden-file comparison.

Golden files live in golden/ as <sample>.html / <sample>.md, normalised. To approve new output:
CLDCERT_UPDATE_GOLDEN=1 python3 -m unittest discover -s reports/tests -t reports
or: python3 reports/tests/test_golden.py --update-golden
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.dirname(HERE)
SAMPLES = os.path.join(HERE, "samples")
GOLDEN = os.path.join(HERE, "golden")
RENDER = os.path.join(REPORTS, "render.py")
if REPORTS not in sys.path:
    sys.path.insert(0, REPORTS)


def update_golden():
    return os.environ.get("CLDCERT_UPDATE_GOLDEN", "") not in ("", "0")


def output_dir(name):
    """A folder for a test's output: $CLDCERT_TEST_OUTPUT/<name> (CTest sets it under build/),
    else a fresh temporary folder."""
    base = os.environ.get("CLDCERT_TEST_OUTPUT")
    if not base:
        return tempfile.mkdtemp(prefix=f"cldcert-{name}-")
    path = os.path.join(base, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def copy_sample(name, into):
    """A scratch copy of samples/<name> (the renderer writes into its bundle)."""
    target = os.path.join(tempfile.mkdtemp(prefix="sample-", dir=into), name)
    shutil.copytree(os.path.join(SAMPLES, name), target)
    return target


def run_render(bundle, *extra):
    """render.py run as cldcert runs it: a separate interpreter (this one), captured output."""
    return subprocess.run([sys.executable, RENDER, bundle, *extra], capture_output=True, text=True, timeout=120)


_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z| UTC)?")
_DURATION = re.compile(r"\b\d+(\.\d+)? ?(ms|s|min)\b")
_VERSION = re.compile(r"(cldcert:? (version )?)\d+\.\d+\.\d+\S*")
_RUN_ID = re.compile(r"run-[0-9a-f]{12}")


def normalise(text, bundle=None):
    """Times, durations, cldcert versions, run ids and the bundle's path as placeholders; the
    inlined style sheet as its file's name (it is templates/report.css, checked on its own)."""
    text = re.sub(r"<style>.*?</style>", "<style>(templates/report.css)</style>", text, count=1, flags=re.S)
    if bundle:
        text = text.replace(os.path.abspath(bundle), "<BUNDLE>")
    text = _TIME.sub("<TIME>", text)
    text = _DURATION.sub("<DURATION>", text)
    text = _VERSION.sub(lambda m: m.group(1) + "<VERSION>", text)
    return _RUN_ID.sub("run-<ID>", text)


def check_golden(test, name, text):
    """Compares normalised text with golden/<name>; rewrites it instead when updating."""
    path = os.path.join(GOLDEN, name)
    if update_golden():
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        return
    if not os.path.exists(path):
        test.fail(f"no golden file {path}: run with CLDCERT_UPDATE_GOLDEN=1 to create it, then review it")
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    if text != expected:
        import difflib
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                 f"golden/{name}", "rendered", n=2))[:80])
        test.fail(f"{name} differs from its golden file (CLDCERT_UPDATE_GOLDEN=1 approves the new output):\n{diff}")


def make_huge_bundle(into, requests=2400, failing=150, warnings=90):
    """A generated run: one scenario with `requests` journal entries (chunked uploads, 420s,
    5xx, dropped) and `failing` failed plus `warnings` warning checks, all deterministic."""
    bundle = os.path.join(into, "huge")
    os.makedirs(os.path.join(bundle, "journal"))
    t0 = 1764540000000
    lines = []
    for i in range(1, requests + 1):
        status = 420 if i % 97 == 0 else 503 if i % 211 == 0 else 0 if i % 401 == 0 else 200
        lines.append(json.dumps({
            "id": i, "started_at": "", "started_unix_ms": t0 + i * 37 + (i % 7) * 3, "duration_ms": 20 + (i % 13) * 9,
            "method": "POST", "path": f"/v1_1/huge-cloud-{i % 3}/video/upload", "query": "", "headers": [
                ["User-Agent", "CloudinaryHuge/1.0.0 (Huge 1.0) CloudinaryNodeJS/2.11.0"],
                ["Content-Range", f"bytes {(i - 1) * 6000000}-{i * 6000000 - 1}/14400000000"]],
            "cloud": f"huge-cloud-{i % 3}", "fields": [], "status": status, "fault": ""}))
    with open(os.path.join(bundle, "journal", "bulk.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    checks = []
    for k in range(failing):
        checks.append({"id": f"bulk.rule_{k:03d}", "item": "R8", "level": "required", "verdict": "fail",
                       "message": f"chunk {k} of the upload was sent {k % 5 + 2} times without waiting",
                       "expected": "one request per chunk, back-off after 420", "seen": f"{k % 5 + 2} requests",
                       "hint": "Honour X-FeatureRateLimit-Reset before retrying",
                       "evidence": [{"kind": "request", "ref": f"journal:{k * 11 % requests + 1}", "detail": ""}
                                    for _ in range(12)]})
    for k in range(warnings):
        checks.append({"id": f"bulk.advice_{k:03d}", "item": "P6", "level": "recommended", "verdict": "warn",
                       "message": f"delivery URL {k} has no f_auto", "evidence": []})
    steps = [{"index": s, "action": f"upload-part-{s + 1}", "cloud": "huge-cloud-0", "exit_code": 0,
              "duration_ms": 1000.0, "journal": {"after": s * requests // 4, "through": (s + 1) * requests // 4},
              "log": f"logs/bulk/{s + 1}-upload-part-{s + 1}.log"} for s in range(4)]
    report = {
        "schema": "cldcert/report/v1", "cldcert": {"version": "0.1.0"}, "seed": 9, "run_id": "run-aaaaaaaaaaaa",
        "started_at": datetime.datetime.fromtimestamp(t0 / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "duration_ms": requests * 37.0, "integration": {
            "type": "huge_plugin", "name": "Huge", "version": "1.0.0", "platform": "Huge", "platform_version": "1.0"},
        "verdict": "fail",
        "scenarios": [{"id": "bulk", "title": "A very large run", "checklist": ["R8", "P6"], "verdict": "fail",
                       "duration_ms": requests * 37.0, "steps": steps, "checks": checks, "requests": requests,
                       "journal": "journal/bulk.jsonl"}],
        "checklist": [{"item": "R8", "level": "must", "title": "Upload and delivery of files over 1 GB", "verdict": "fail",
                       "scenarios": ["bulk"], "checks": [c["id"] for c in checks if c["item"] == "R8"]},
                      {"item": "P6", "level": "rec", "title": "Default optimisation transformations", "verdict": "warn",
                       "scenarios": ["bulk"], "checks": [c["id"] for c in checks if c["item"] == "P6"]}],
    }
    with open(os.path.join(bundle, "report.json"), "w") as f:
        json.dump(report, f)
    return bundle
