"""Where the renderer finds things in a report bundle: the paths harness/bundle.h spells for cldcert.

The one place the Python side names a bundle file. harness/bundle_test.cc reads every NAME = "…"
line of this file and fails when one differs from harness/bundle.h, so the two cannot drift.
"""

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REPORT_MD = "report.md"
# A scenario's journal, when report.json does not name it.
JOURNAL = "journal/{scenario}.jsonl"
# A step's log, when report.json does not name it; {step} counts from 1.
STEP_LOG = "logs/{scenario}/{step}-{action}.log"
# The screenshots cldcert.browse took in a scenario.
SCREENSHOTS = "screenshots/{scenario}"


def journal(scenario_id):
    """journal/<scenario>.jsonl."""
    return JOURNAL.format(scenario=scenario_id)


def screenshots(scenario_id):
    """screenshots/<scenario>."""
    return SCREENSHOTS.format(scenario=scenario_id)


def step_log(scenario_id, step, action):
    """logs/<scenario>/<step>-<action>.log, `step` counting from 1."""
    return STEP_LOG.format(scenario=scenario_id, step=step, action=action)
