#!/usr/bin/env python3
"""report.html in a real browser: renders the mixed sample, opens it in headless Chromium
(--dump-dom), and checks in the DOM Chromium built: the checklist table, the grouped finding (one
article for a check that failed the same way in two scenarios), every in-page link landing on an
element, the folded evidence with the offending value marked, and the widget finding's screenshot
decoded as an image; saves a screenshot and a PDF print into --out. Fails, saying why, when
Chromium cannot start.

Usage: chromium_check.py --out DIR [--chromium PATH]   (CTest: reports.chromium)
"""

import argparse
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import support  # noqa: E402

FINDING = "2 of 4 API request(s) lack the partner User-Agent"


class Dom(html.parser.HTMLParser):
    """What the checks need of the DOM Chromium dumped: ids, in-page links, articles and images."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.articles, self.images = set(), [], [], []
        self._article = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "article":
            self._article = {"id": attrs.get("id", ""), "text": "", "images": []}
            self.articles.append(self._article)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
            if self._article is not None:
                self._article["images"].append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag == "article":
            self._article = None

    def handle_data(self, data):
        if self._article is not None:
            self._article["text"] += data


def dom_problems(text):
    """What is wrong with the grouped findings, links and screenshots in the rendered DOM."""
    dom = Dom()
    dom.feed(text)
    problems = []
    ua = [a for a in dom.articles if "ua.format" in a["text"]]
    if len(ua) != 1:
        problems.append(f"ua.format failed the same way in two scenarios: {len(ua)} finding(s) instead of one")
    elif not all(s in ua[0]["text"] for s in ("upload-basics", "delivery", "3 request(s)")):
        problems.append("the grouped ua.format finding does not name both scenarios and its 3 requests")
    broken = sorted({link for link in dom.links if link not in dom.ids})
    if broken:
        problems.append(f"in-page links that land nowhere: {', '.join(broken)}")
    if "finding-T2-1" not in dom.links:
        problems.append("the checklist row of T2 does not link its finding")
    widget = [a for a in dom.articles if "widget.media_library" in a["text"]]
    if not widget or not any(src.startswith("data:image/png;base64,") for src in widget[0]["images"]):
        problems.append("the widget finding shows no screenshot")
    if text.count('<details class="occurrence">') < 5:
        problems.append("evidence is not folded in <details>")
    if "<mark>CloudinaryNodeJS/2.11.0 &lt;node&gt;</mark>" not in text:
        problems.append("the offending User-Agent is not marked")
    return problems


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
                       'class="banner fails"', 'id="waivers"', '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"'):
            if needle not in dom.stdout:
                problems.append(f"not in the rendered DOM: {needle}")
        problems += dom_problems(dom.stdout)
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
    print(f"chromium_check: ok: the checklist, grouped findings, links and screenshots render; "
          f"screenshot {screenshot}, PDF {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
