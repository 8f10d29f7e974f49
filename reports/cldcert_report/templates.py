"""The Jinja2 environment over reports/templates/, shared by both writers."""

import os

import jinja2

TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "templates")


def environment(html):
    """An environment that escapes for HTML (report.html) or not at all (report.md)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        trim_blocks=not html,
        lstrip_blocks=not html,
        keep_trailing_newline=True,
        undefined=jinja2.Undefined,
    )


def write_text(path, text):
    """Writes path through a temporary file, so a reader never sees half a report."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)
