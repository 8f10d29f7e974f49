"""A scenario's recorded requests over time, as one inline SVG (no script, prints as drawn).

Each journal entry (started_unix_ms, duration_ms, status, cloud, fault) is a bar on a time axis,
coloured by status class (2xx, 4xx, 420/429 rate limited, 5xx, dropped / no answer, other) and
patterned by cloud; a request a finding points at is coloured by that finding instead (a request
that leaked a secret is red even when Cloudinary answered 200). The integration's steps are shaded
bands with their boundaries marked, so a chunk sequence, retries and back-off after a 420, or
traffic after a logout show at a glance. Every label is SVG text (it prints), and labels are laid
out so none overlaps another; a request however short is at least MIN_BAR wide.

Up to ROWS_MAX requests get a row each (labelled with id, cloud and status, and its method and
path beside the bar); up to LANES_MAX
share lanes (a request takes the first lane free at its start); beyond that the requests are
counted per time slice and drawn as stacked columns, so 2000+ requests stay legible.
"""

from html import escape

ROWS_MAX = 60
LANES_MAX = 600
MAX_LANES = 24
SLICES = 150

WIDTH = 960
GUTTER = 190       # left: row labels
PLOT = WIDTH - GUTTER - 20
STEP_LINE = 12     # the step labels' line height above the axis (as many lines as they need)
MIN_BAR = 3.0
# Width of one character of the labels, a little over the fonts' real average (so estimates never
# let two labels touch): the steps' 10 px sans-serif, the rows' 9.5 px monospace.
STEP_CHAR = 6.2
ROW_CHAR = 5.8

CLASSES = [
    ("2xx", "#2e7d32", "2xx"),
    ("4xx", "#ef6c00", "4xx"),
    ("rate", "#7b1fa2", "420/429 rate limited"),
    ("5xx", "#6d4c41", "5xx"),
    ("dropped", "#212121", "dropped / no answer"),
    ("other", "#78909c", "other (1xx, 3xx)"),
]
COLOURS = {key: colour for key, colour, _ in CLASSES}
# A request a finding points at, by the finding's verdict (worst first).
FINDING_CLASSES = [
    ("fail", "#e00000", "evidence of a failure"),
    ("error", "#8e0000", "evidence of an error"),
    ("waived", "#1565c0", "evidence of a waived result"),
    ("warn", "#f9a825", "evidence of a warning"),
]
FINDING_COLOURS = {key: colour for key, colour, _ in FINDING_CLASSES}
# Patterns laid over the status colour, one per cloud in order of first use (the first is plain).
PATTERNS = [None, "hatch", "dots", "cross", "vlines", "hlines"]


def status_class(entry):
    """The colour class of a journal entry."""
    status = entry.get("status") or 0
    if entry.get("dropped") or status <= 0:
        return "dropped"
    if status in (420, 429):
        return "rate"
    if 200 <= status < 300:
        return "2xx"
    if 400 <= status < 500:
        return "4xx"
    if status >= 500:
        return "5xx"
    return "other"


def _fmt_ms(ms):
    if ms < 1000:
        return f"{ms:g} ms"
    seconds = ms / 1000
    return f"{seconds:g} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _nice_step(span):
    raw = span / 8
    magnitude = 10 ** (len(str(int(max(raw, 1)))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _pattern_defs(pattern_ids):
    shapes = {
        "hatch": '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.6"/>',
        "dots": '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
        "cross": '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#fff" stroke-width="1.1"/>',
        "vlines": '<path d="M3,0 L3,6" stroke="#fff" stroke-width="1.6"/>',
        "hlines": '<path d="M0,3 L6,3" stroke="#fff" stroke-width="1.6"/>',
    }
    return "".join(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{shapes[name]}</pattern>'
                   for name, pid in pattern_ids.items() if name in shapes)


def summary(entries):
    """[(class key, label, colour, count)] of the classes present, in legend order."""
    counts = {}
    for e in entries:
        counts[status_class(e)] = counts.get(status_class(e), 0) + 1
    return [(key, label, colour, counts[key]) for key, colour, label in CLASSES if key in counts]


def _step_label_lines(bands, x):
    """The line each step label goes on, and how many lines there are. No label touches another on
    its line. A label hangs from its step's boundary line, which runs down from it to the axis: the
    first line where no boundary crosses a label is taken, when there is one."""
    placed = []  # (line, left, right, boundary x)
    lines = []
    for label, start, _stop, has_requests in bands:
        text = label[:28] + ("" if has_requests else " (no request)")
        x0 = x(start)
        width = len(text) * STEP_CHAR + 6
        left, right = (x0 - width, x0) if x0 > GUTTER + PLOT - width else (x0, x0 + width)
        def clear(line, strict):
            return not any((p_line == line and p_left < right and left < p_right)
                           or (strict and p_line < line and left < p_x < right)
                           or (strict and p_line > line and p_left < x0 < p_right)
                           for p_line, p_left, p_right, p_x in placed)

        candidates = range(len(placed) + 1)
        line = next((n for n in candidates if clear(n, True)), None)
        if line is None:
            line = next(n for n in candidates if clear(n, False))
        placed.append((line, left, right, x0))
        lines.append((line, text, "end" if right == x0 else "start"))
    return lines, max((line for line, _, _ in lines), default=0) + 1


def _path_label(e, x0, w):
    """A row's method and path beside its bar, cut to the room there: (x, anchor, text) or None."""
    text = f"{e.get('method', '')} {e.get('path', '')}".strip()
    right_room = WIDTH - (x0 + w) - 6
    left_room = x0 - GUTTER - 6
    room, x, anchor = (right_room, x0 + w + 4, "start") if right_room >= left_room else (left_room, x0 - 4, "end")
    fits = int(room / ROW_CHAR)
    if fits < 4 or not text:
        return None
    return x, anchor, text if len(text) <= fits else text[:fits - 1] + "…"


def timeline_svg(entries, steps, uid, marked=None):
    """The SVG for one scenario: `entries` its journal entries, `steps` report.json's steps,
    `uid` a prefix unique in the page for the pattern ids, `marked` {journal id: verdict} of the
    requests findings point at. "" when there are no entries."""
    marked = marked or {}
    entries = sorted((e for e in entries if isinstance(e.get("started_unix_ms"), (int, float))),
                     key=lambda e: (e["started_unix_ms"], e.get("id", 0)))
    if not entries:
        return ""
    t0 = entries[0]["started_unix_ms"]
    end = max(e["started_unix_ms"] + max(0.0, float(e.get("duration_ms") or 0)) for e in entries)
    span = max(end - t0, 1.0)

    def x(t):
        return GUTTER + (t - t0) / span * PLOT

    clouds = []
    for e in entries:
        if e.get("cloud", "") not in clouds:
            clouds.append(e.get("cloud", ""))
    pattern_of = {c: PATTERNS[i % len(PATTERNS)] for i, c in enumerate(clouds)}
    pattern_ids = {name: f"{uid}-{name}" for name in PATTERNS if name}

    n = len(entries)
    mode = "rows" if n <= ROWS_MAX else "lanes" if n <= LANES_MAX else "slices"
    parts = []

    # Step bands and boundaries; their labels take as many lines above the axis as they need.
    bands = []
    for i, st in enumerate(steps, 1):
        window = st.get("journal") or {}
        after, through = window.get("after", 0), window.get("through", 0)
        mine = [e for e in entries if after < e.get("id", 0) <= through]
        label = f"{i}·{st.get('action', '?')}"
        if mine:
            start = min(e["started_unix_ms"] for e in mine)
            stop = max(e["started_unix_ms"] + float(e.get("duration_ms") or 0) for e in mine)
            bands.append((label, start, stop, True))
        else:
            # No request: mark where it fell, between the requests before and after it.
            before = [e for e in entries if e.get("id", 0) <= after]
            later = [e for e in entries if e.get("id", 0) > through]
            if before and later:
                at = (max(e["started_unix_ms"] + float(e.get("duration_ms") or 0) for e in before)
                      + min(e["started_unix_ms"] for e in later)) / 2
                bands.append((label, at, at, False))
    label_lines, line_count = _step_label_lines(bands, x)
    body_top = 10 + line_count * STEP_LINE + 6

    # Bars: where each request sits vertically.
    if mode == "rows":
        row_h, bar_h = 14, 10
        placement = [(e, i) for i, e in enumerate(entries)]
        rows = n
    elif mode == "lanes":
        row_h, bar_h = 11, 8
        lane_end = []
        placement = []
        for e in entries:
            start, stop = e["started_unix_ms"], e["started_unix_ms"] + float(e.get("duration_ms") or 0)
            lane = next((i for i, t in enumerate(lane_end) if t <= start), None)
            if lane is None:
                if len(lane_end) < MAX_LANES:
                    lane_end.append(stop)
                    lane = len(lane_end) - 1
                else:  # all lanes busy: the one free soonest (bars may overlap there)
                    lane = min(range(len(lane_end)), key=lambda i: lane_end[i])
            lane_end[lane] = max(lane_end[lane], stop)
            placement.append((e, lane))
        rows = len(lane_end)
    else:
        row_h, bar_h, rows, placement = 0, 0, 0, []
    body_h = rows * row_h if mode != "slices" else 140
    height = body_top + body_h + 28
    axis_y = body_top + body_h + 4

    for k, ((label, start, stop, has_requests), (line, text, anchor)) in enumerate(zip(bands, label_lines)):
        x0, x1 = x(start), x(stop)
        label_y = 12 + line * STEP_LINE
        if has_requests:
            if k % 2 == 0:
                parts.append(f'<rect class="band" x="{x0:.1f}" y="{body_top - 4}" width="{max(x1 - x0, 1):.1f}" '
                             f'height="{body_h + 8}" fill="#eef3f9"/>')
            parts.append(f'<line x1="{x0:.1f}" y1="{label_y + 2}" x2="{x0:.1f}" y2="{axis_y}" stroke="#5c6b7a" '
                         f'stroke-width="1"/>')
        else:
            parts.append(f'<line x1="{x0:.1f}" y1="{label_y + 2}" x2="{x0:.1f}" y2="{axis_y}" stroke="#5c6b7a" '
                         f'stroke-width="1" stroke-dasharray="3,3"/>')
        parts.append(f'<text class="step" x="{x0 + (2 if anchor == "start" else -2):.1f}" y="{label_y}" '
                     f'text-anchor="{anchor}">{escape(text)}</text>')

    # Requests.
    if mode in ("rows", "lanes"):
        for e, slot in placement:
            y = body_top + slot * row_h + (row_h - bar_h) / 2
            x0 = x(e["started_unix_ms"])
            w = max(MIN_BAR, float(e.get("duration_ms") or 0) / span * PLOT)
            klass = status_class(e)
            finding = marked.get(e.get("id"))
            fill = FINDING_COLOURS.get(finding, COLOURS[klass])
            tip = (f"#{e.get('id')} {e.get('method', '')} {e.get('path', '')} → "
                   f"{e.get('status') or 'no answer'} in {_fmt_ms(round(float(e.get('duration_ms') or 0), 1))}"
                   f"{' · cloud ' + e['cloud'] if e.get('cloud') else ''}"
                   f"{' · fault ' + e['fault'] if e.get('fault') else ''}"
                   f"{' · evidence of a finding (' + finding + ')' if finding else ''}")
            # A thin white edge keeps back-to-back requests (chunks) apart; a fault's is black.
            stroke = ' stroke="#000" stroke-width="1.2"' if e.get("fault") else ' stroke="#fff" stroke-width="0.5"'
            parts.append(f'<g class="req {klass}{" finding-" + finding if finding else ""}"><title>{escape(tip)}</title>'
                         f'<rect x="{x0:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{fill}"{stroke}/>')
            pattern = pattern_of[e.get("cloud", "")]
            if pattern:
                parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" '
                             f'fill="url(#{pattern_ids[pattern]})"/>')
            parts.append("</g>")
            if mode == "rows":
                cloud = e.get("cloud") or "-"
                cloud = cloud if len(cloud) <= 18 else "…" + cloud[-17:]  # cloud names differ at the end
                label = f"#{e.get('id')} {cloud} {e.get('method', '')} {e.get('status') or '×'}"
                parts.append(f'<text class="row" x="{GUTTER - 6}" y="{y + bar_h - 1:.1f}" '
                             f'text-anchor="end">{escape(label)}</text>')
                beside = _path_label(e, x0, w)
                if beside:
                    parts.append(f'<text class="path" x="{beside[0]:.1f}" y="{y + bar_h - 1:.1f}" '
                                 f'text-anchor="{beside[1]}">{escape(beside[2])}</text>')
    else:
        width = PLOT / SLICES
        buckets = [dict() for _ in range(SLICES)]
        for e in entries:
            i = min(SLICES - 1, int((e["started_unix_ms"] - t0) / span * SLICES))
            k = status_class(e)
            buckets[i][k] = buckets[i].get(k, 0) + 1
        peak = max(sum(b.values()) for b in buckets)
        for i, b in enumerate(buckets):
            y = body_top + body_h
            for key, colour, label in CLASSES:
                count = b.get(key, 0)
                if not count:
                    continue
                h = max(1.0, count / peak * body_h)
                y -= h
                parts.append(f'<rect class="slice {key}" x="{GUTTER + i * width:.2f}" y="{y:.2f}" '
                             f'width="{max(width - 0.6, 0.8):.2f}" height="{h:.2f}" fill="{colour}">'
                             f'<title>{count} × {escape(label)} from {_fmt_ms(round(i * span / SLICES))}</title></rect>')
        parts.append(f'<text class="row" x="{GUTTER - 6}" y="{body_top + 10}" text-anchor="end">{peak} requests</text>')
        parts.append(f'<text class="row" x="{GUTTER - 6}" y="{body_top + body_h}" text-anchor="end">0</text>')
        parts.append(f'<text class="row" x="{GUTTER - 6}" y="{body_top + body_h / 2}" text-anchor="end">'
                     f'per {_fmt_ms(round(span / SLICES, 1))}</text>')

    # Time axis.
    step = _nice_step(span)
    parts.append(f'<line x1="{GUTTER}" y1="{axis_y}" x2="{GUTTER + PLOT}" y2="{axis_y}" stroke="#333"/>')
    t = 0.0
    while t <= span + 1e-9:
        tx = x(t0 + t)
        parts.append(f'<line x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 4}" stroke="#333"/>'
                     f'<text class="tick" x="{tx:.1f}" y="{axis_y + 15}" text-anchor="middle">{_fmt_ms(t)}</text>')
        t += step

    how = {"rows": "one row per request",
           "lanes": f"{n} requests in {rows} lane(s)",
           "slices": f"{n} requests counted per {_fmt_ms(round(span / SLICES, 1))} slice"}[mode]
    title = f"Requests over {_fmt_ms(round(span, 1))}: {how}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="10">'
            f'<title>{escape(title)}</title><defs>{_pattern_defs(pattern_ids)}</defs>'
            + "".join(parts) + "</svg>")


def legend(entries, uid, marked=None):
    """[(kind, label, swatch svg)] for the status classes, findings and clouds present."""
    out = []
    for key, label, colour, count in summary(entries):
        out.append(("status", f"{label}: {count}",
                    f'<svg width="14" height="10"><rect width="14" height="10" fill="{colour}"/></svg>'))
    ids = {e.get("id") for e in entries}
    shown = [v for k, v in (marked or {}).items() if k in ids]
    if len(entries) <= LANES_MAX:  # counted per time slice, requests are drawn by status alone
        for key, colour, label in FINDING_CLASSES:
            if key in shown:
                out.append(("finding", f"{label}: {shown.count(key)}",
                            f'<svg width="14" height="10"><rect width="14" height="10" fill="{colour}"/></svg>'))
    clouds = []
    for e in entries:
        if e.get("cloud", "") not in clouds:
            clouds.append(e.get("cloud", ""))
    if len(entries) > LANES_MAX:
        clouds = []  # counted per time slice: clouds are not drawn
    for i, cloud in enumerate(clouds):
        pattern = PATTERNS[i % len(PATTERNS)]
        fill = f'<rect width="14" height="10" fill="url(#{uid}-{pattern})"/>' if pattern else ""
        out.append(("cloud", f"cloud {cloud or '(none)'}",
                    f'<svg width="14" height="10"><rect width="14" height="10" fill="#78909c"/>{fill}</svg>'))
    if any(e.get("fault") for e in entries):
        out.append(("fault", "answer set by an injected fault (outlined)",
                    '<svg width="14" height="10"><rect x="1" y="1" width="12" height="8" fill="#fff" '
                    'stroke="#000" stroke-width="1.2"/></svg>'))
    return out
