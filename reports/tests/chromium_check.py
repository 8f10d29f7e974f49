#!/usr/bin/env python3
"""report.html in a real browser: renders the mixed sample, opens it in headless Chromium
(--dump-dom), and checks the checklist table and a finding's text are in the rendered DOM; saves
a screenshot and a PDF print into --out. Fails, saying why, when Chromium cannot start.

Usage: chromium_check.py --out DIR [--chromium PATH]   (CTest: reports.chromium)
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import support  # noqa: E402

FINDING = "2 of 4 API request(s) lack the partner User-Agent"


def chromium(binary, profile, *args):
    # The flags that keep Chromium off the (closed) network and out of first-run work.
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        sys.exit(f"chromium_check: FAIL: cannot start Chromium: {binary} not found (Debian: apt-get install chromium)")
    except subprocess.TimeoutExpired:
        sys.exit(f"chromium_check: FAIL: Chromium did not finish within 120 s: {' '.join(command)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, help="where the bundle, screenshot and PDF go")
    parser.add_argument("--chromium", default="chromium")
    args = parser.parse_args()
    binary = shutil.which(args.chromium) or args.chromium
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    bundle = os.path.join(args.out, "mixed")
    shutil.copytree(os.path.join(support.SAMPLES, "mixed"), bundle)
    rendered = support.run_render(bundle, "--quiet")
    if rendered.returncode != 0:
        sys.exit(f"chromium_check: FAIL: render.py exited {rendered.returncode}: {rendered.stderr}")
    url = "file://" + os.path.abspath(os.path.join(bundle, "report.html"))
    problems = []
    with tempfile.TemporaryDirectory(prefix="cldcert-chromium-") as profile:
        dom = chromium(binary, profile, "--dump-dom", url)
        if dom.returncode != 0 or "<html" not in dom.stdout:
            sys.exit(f"chromium_check: FAIL: Chromium could not render {url} (exit {dom.returncode}):\n"
                     + dom.stderr[-3000:])
        with open(os.path.join(args.out, "dom.html"), "w", encoding="utf-8") as f:
            f.write(dom.stdout)
        for needle in ('<table class="checklist">', 'id="item-B1"', 'id="item-R19"', FINDING,
                       'class="banner not-ready"', 'id="waivers"', '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"'):
            if needle not in dom.stdout:
                problems.append(f"not in the rendered DOM: {needle}")
        screenshot = os.path.join(args.out, "report.png")
        shot = chromium(binary, profile, f"--screenshot={screenshot}", "--window-size=1280,2000", url)
        with open(screenshot, "rb") if os.path.exists(screenshot) else open(os.devnull, "rb") as f:
            head = f.read(8)
        if shot.returncode != 0 or head != b"\x89PNG\r\n\x1a\n" or os.path.getsize(screenshot) < 20000:
            problems.append(f"no usable screenshot at {screenshot} (exit {shot.returncode}): {shot.stderr[-1500:]}")
        pdf = os.path.join(args.out, "report.pdf")
        printed = chromium(binary, profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
        with open(pdf, "rb") if os.path.exists(pdf) else open(os.devnull, "rb") as f:
            head = f.read(5)
        if printed.returncode != 0 or head != b"%PDF-":
            problems.append(f"no PDF print at {pdf} (exit {printed.returncode}): {printed.stderr[-1500:]}")
    if problems:
        sys.exit("chromium_check: FAIL:\n  " + "\n  ".join(problems))
    print(f"chromium_check: ok: the checklist and the findings render; screenshot {screenshot}, PDF {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
