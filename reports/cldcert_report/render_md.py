"""Writes report.md: the verdict, the failures first (their evidence folded in <details>; warnings
listed briefly), what stands in the way of submission, the checklist table (folded) and, on CI, a
link to the bundle's artifact, in GitHub Markdown, for $GITHUB_STEP_SUMMARY or a PR comment. It
stays under MAX_BYTES however large the run: lists are cut with "… and N more"."""

import re

from .templates import environment

# GitHub refuses a comment over 65536 characters; bytes bound characters, with room to spare.
MAX_BYTES = 60 * 1024
# (failures shown in full, evidence items per failure, warnings listed, obstacles listed),
# tried in turn until the text fits.
BUDGETS = [(60, 4, 40, 20), (30, 2, 20, 12), (12, 1, 10, 8), (5, 1, 5, 5), (0, 0, 0, 3)]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def inline(text):
    """Plain text inside a Markdown line: one line, Markdown and HTML characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def cell(text):
    """Text inside a table cell (as inline; pipes are escaped there too)."""
    return inline(text)


def code(text, limit=400):
    """An inline code span holding text as it is (fenced with enough backticks)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_md(model, max_bytes=MAX_BYTES):
    """report.md's text for a model from model.build_model."""
    env = environment(html=False)
    env.filters.update(inline=inline, cell=cell, code=code)
    template = env.get_template("report.md.j2")
    failing = [(g["item"], f) for g in model["findings"] for f in g["findings"] if f["verdict"] != "warn"]
    warnings = [(g["item"], f) for g in model["findings"] for f in g["findings"] if f["verdict"] == "warn"]
    text = ""
    for shown, evidence, listed, obstacles in BUDGETS:
        text = template.render(
            **model, failing=failing[:shown], failing_total=len(failing), failing_more=len(failing) - len(failing[:shown]),
            evidence_max=evidence, warnings=warnings[:listed], warning_total=len(warnings),
            warnings_more=len(warnings) - len(warnings[:listed]), obstacles_max=obstacles)
        text = re.sub(r"\n{3,}", "\n\n", text)
        if len(text.encode("utf-8")) <= max_bytes:
            return text
    note = "\n\n… (cut here to stay under the size a step summary takes; see report.html)\n"
    return text.encode("utf-8")[: max_bytes - len(note.encode())].decode("utf-8", "ignore") + note
