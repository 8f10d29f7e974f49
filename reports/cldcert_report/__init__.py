"""Turns a cldcert report bundle (report.json + journal/) into report.html and report.md.

Modules, in the order data flows through them:
  layout      where each file of the bundle is (harness/bundle.h's names)
  load        reads and checks report.json and the journals (BundleError for a bad bundle)
  checklist   the checklist items with their verdicts, and whether the run is submission-ready
  findings    the failing/warning results grouped by checklist item, with their evidence resolved
  timeline    one inline SVG per scenario: its recorded requests over time
  model       everything above gathered into one dict that both writers read
  render_html report.html (Jinja2, self-contained)
  render_md   report.md (Jinja2, short, size-capped)
"""

REPORT_SCHEMA = "cldcert/report/v1"
