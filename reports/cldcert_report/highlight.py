"""The offending value in a request dump: which parts of a request line, header or form field a
finding talks about, so report.html can mark them.

Checks say what they saw in words ("seen", the message, an evidence item's detail) and quote the
values they mean ('CloudinaryNodeJS/2.11.0', cloud 'acme-prod'). A part of the dump is offending
when it holds one of those quoted values, or when it is a header or field the words name
("lack the partner User-Agent"). Nothing is added to the evidence: a part is only marked.
"""

import re

# Shorter quoted words ('a', 'id') would mark half the dump.
MIN_NEEDLE = 4
_QUOTED = re.compile(r"'([^'\n]{%d,300})'|\"([^\"\n]{%d,300})\"" % (MIN_NEEDLE, MIN_NEEDLE))


def needles(*texts):
    """The values the texts quote, longest first (so a longer match wins where two overlap)."""
    found = set()
    for text in texts:
        for m in _QUOTED.finditer(str(text or "")):
            found.add(m.group(1) or m.group(2))
    return sorted(found, key=lambda n: (-len(n), n))


def named(name, *texts):
    """Whether the texts name a header or field (case-insensitive, as a whole word)."""
    if len(name) < MIN_NEEDLE:
        return False
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I)
    return any(pattern.search(str(t or "")) for t in texts)


def segments(text, values):
    """text as [(part, offending)], the parts holding one of `values` marked."""
    spans = []
    for value in values:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = text.find(value, end)
    out, at = [], 0
    for start, end in sorted(spans):
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out or [("", False)]


def request_dump(request_line, headers, fields, words):
    """A request as lines of [(part, offending)]: the request line, "name: value" per header, then
    "-- form fields" and "name=value" per field. `words` are the finding's texts (see the docstring)."""
    values = needles(*words)
    lines = [segments(request_line, values)]
    for name, value in headers:
        lines.append([(name, named(name, *words))] + [(": ", False)] + segments(value, values))
    if fields:
        lines.append([("-- form fields", False)])
        for name, value in fields:
            lines.append([(name, named(name, *words))] + [("=", False)] + segments(value, values))
    return lines


def offending(lines):
    """Whether any part of a dump is marked."""
    return any(marked for line in lines for _, marked in line)
