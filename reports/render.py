#!/usr/bin/env python3
"""Renders a cldcert report bundle: BUNDLE_DIR/report.json (+ journal/) → report.html, report.md.

Usage: render.py BUNDLE_DIR [--html FILE] [--md FILE] [--quiet]

Exit codes: 0 rendered; 2 the bundle is not usable (one line on stderr names the file and
problem); 3 Jinja2 is missing (install python3-jinja2); 1 anything else (one line too;
CLDCERT_RENDER_DEBUG=1 shows the Python traceback).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

EXIT_BAD_BUNDLE = 2
EXIT_MISSING_DEPENDENCY = 3


def main(argv=None):
    parser = argparse.ArgumentParser(prog="render.py", description="Render report.html and report.md from a cldcert report bundle.")
    parser.add_argument("bundle", metavar="BUNDLE_DIR", help="the folder holding report.json")
    parser.add_argument("--html", help="where to write the HTML (default BUNDLE_DIR/report.html)")
    parser.add_argument("--md", help="where to write the Markdown (default BUNDLE_DIR/report.md)")
    parser.add_argument("--quiet", action="store_true", help="print nothing when all went well")
    args = parser.parse_args(argv)
    try:
        import jinja2  # noqa: F401  (checked first: the one dependency)
    except ImportError:
        print(f"render.py: Jinja2 is not installed for {sys.executable} (Debian: apt-get install python3-jinja2)",
              file=sys.stderr)
        return EXIT_MISSING_DEPENDENCY
    from cldcert_report import layout
    from cldcert_report.load import BundleError, load_bundle
    from cldcert_report.model import build_model
    from cldcert_report.render_html import render_html
    from cldcert_report.render_md import render_md
    from cldcert_report.templates import write_text

    try:
        bundle = load_bundle(args.bundle)
        model = build_model(bundle)
        html_path = args.html or os.path.join(args.bundle, layout.REPORT_HTML)
        md_path = args.md or os.path.join(args.bundle, layout.REPORT_MD)
        write_text(html_path, render_html(model))
        write_text(md_path, render_md(model))
    except BundleError as e:
        print(f"render.py: {e}", file=sys.stderr)
        return EXIT_BAD_BUNDLE
    except OSError as e:
        print(f"render.py: cannot write {e.filename}: {e.strerror}", file=sys.stderr)
        return EXIT_BAD_BUNDLE
    except Exception as e:  # a field shaped in a way the checks in load.py did not foresee
        if os.environ.get("CLDCERT_RENDER_DEBUG"):
            raise
        print(f"render.py: {os.path.join(args.bundle, layout.REPORT_JSON)}: cannot render it: {type(e).__name__}: {e} "
              "(a field of an unexpected type? CLDCERT_RENDER_DEBUG=1 shows where)", file=sys.stderr)
        return 1
    for note in model["notes"]:
        print(f"render.py: note: {note}", file=sys.stderr)
    if not args.quiet:
        print(f"report: {os.path.abspath(html_path)} (and report.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
