"""Writes report.html: one self-contained page (inline CSS and SVG, screenshots as data: URIs,
no script, no external file) that reads on screen, offline, in an e-mail and printed to PDF."""

from .templates import environment


def render_html(model):
    """report.html's text for a model from model.build_model."""
    return environment(html=True).get_template("report.html.j2").render(**model)
