"""Plots with Arabic labels that read correctly.

matplotlib from 3.11 lays text out with libraqm (HarfBuzz shaping, the Unicode
bidi algorithm): given Arabic in logical order it joins the letters and draws
them right to left by itself. Older matplotlib, or a build without libraqm,
draws characters one by one, left to right, in their isolated forms. Which of
the two the installed renderer does is found once, by drawing a word both ways
(:func:`renderer_shapes_arabic`); :func:`shape` then passes the text through
unchanged, or joins the letters (``arabic_reshaper``) and puts them in display
order (``python_bidi``) itself (:func:`reshape_for_display`). Doing both would
shape twice and draw every label backwards. Figures are built with
``matplotlib.figure.Figure`` (no pyplot state), so they can be made anywhere
and shown in a notebook, saved, or embedded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import regex

__all__ = [
    "shape",
    "reshape_for_display",
    "renderer_shapes_arabic",
    "render_png",
    "f1_chart",
    "daily_chart",
    "kept_chart",
    "bar_chart",
    "agreement_chart",
    "length_histogram",
    "zipf_plot",
    "heaps_plot",
    "confusion_heatmap",
    "source_bar_chart",
]

_ARABIC = regex.compile(r"\p{Arabic}")


#: Bar labels longer than this are cut (with …) so that the bars keep their room.
MAX_LABEL = 40


#: Colours for series told apart by colour alone, safe for colour-blind readers (Okabe and Ito 2008).
SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")


#: What an all-zero bar chart says in its middle.
NOTHING_YET = "none yet"


@functools.cache
def _reshaper():  # noqa: ANN202 - arabic_reshaper's configured reshaper
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    # Only the lam-alef ligatures, which Arabic script requires: the word ligatures
    # (الله -> U+FDF2, محمد ...) are missing from matplotlib's DejaVu Sans and would draw as boxes.
    ligatures = {name: name.startswith("ARABIC LIGATURE LAM WITH ALEF") for name, _ in LIGATURES}
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, **ligatures})


def reshape_for_display(text: str) -> str:
    """``text`` for a renderer that does not shape: Arabic letters joined and in visual (left-to-right) order."""
    if not _ARABIC.search(text):
        return text
    from bidi.algorithm import get_display

    return get_display(_reshaper().reshape(text))


#: A word whose four letters all change form when joined, so that shaped and unshaped drawings differ.
_PROBE = "عربي"


def _draw_text(text: str) -> bytes:
    """The RGBA pixels of ``text`` drawn alone on a small Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _figure(2.0, 0.6)
    canvas = FigureCanvasAgg(figure)
    figure.set_layout_engine(None)
    figure.text(0.05, 0.3, text, fontsize=14)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


@functools.cache
def renderer_shapes_arabic() -> bool:
    """Whether matplotlib's text renderer joins and orders Arabic itself (libraqm), found by drawing once.

    The probe word is drawn from its logical letters and from its joined
    presentation forms still in logical order. A shaping renderer draws both
    the same way (joined, right to left); one that draws characters as they
    come gives isolated letters for the first and a backwards word for the
    second.
    """
    return _draw_text(_PROBE) == _draw_text(_reshaper().reshape(_PROBE))


def shape(text: str) -> str:
    """``text`` ready for matplotlib: unchanged where the renderer shapes Arabic, else :func:`reshape_for_display`."""
    if not _ARABIC.search(text) or renderer_shapes_arabic():
        return text
    return reshape_for_display(text)


def render_png(figure, dpi: int = 100) -> bytes:  # noqa: ANN001 - matplotlib Figure
    """``figure`` as PNG bytes (to save, embed or compare)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _figure(width: float = 7.0, height: float = 4.0):  # noqa: ANN202 - matplotlib Figure
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _pairs(data: Mapping[str, float] | Iterable[Sequence[Any]]) -> list[tuple[str, float]]:
    items = data.items() if isinstance(data, Mapping) else data
    return [(str(k), float(v)) for k, v, *_ in items]


def bar_chart(
    data: Mapping[str, float] | Iterable[Sequence[Any]],
    *,
    title: str = "",
    xlabel: str = "count",
    top: int = 20,
    color: str = "#1e88e5",
):  # noqa: ANN201 - matplotlib Figure
    """Horizontal bars, largest on top: a counter, a dict, or ``[label, value]`` rows (as the stats report gives).

    Labels and title are shaped (:func:`shape`); the order given is kept, cut to ``top``.
    """
    rows = _pairs(data)
    if isinstance(data, Mapping):
        rows.sort(key=lambda kv: (-kv[1], kv[0]))
    rows = rows[:top]
    figure = _figure(7.0, max(2.0, 0.32 * len(rows) + 1.0))
    ax = figure.subplots()
    labels = [shape(label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…") for label, _ in rows]
    values = [value for _, value in rows]
    ax.barh(range(len(rows)), values, color=color)
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(shape(xlabel))
    ax.set_title(shape(title))
    _count_axis(ax.xaxis, values)
    _say_when_empty(ax, values)
    return figure


def agreement_chart(rows: Sequence[Mapping[str, Any]], *, top: int = 10, title: str = "Lowest agreement per document"):  # noqa: ANN201
    """The documents of :func:`khabar.progress.shared_agreement`'s ``by_document`` (worst first) as bars of their
    lowest figure (alpha or kappa), on an axis from at most 0 to 1 so that a short bar is a low figure.

    A document with no computable figure (``worst`` is None: too little was labelled to measure) gets no bar, as a
    bar at 0 would read as the worst agreement there is; the title says how many were left out.
    """
    measured = [row for row in rows if row.get("worst") is not None]
    shown = measured[:top]
    left_out = len(rows) - len(measured)
    note = f"\n{left_out} shared document(s) with no computable figure left out" if left_out else ""
    figure = bar_chart([[row["id"], float(row["worst"])] for row in shown], title=title + note,
                       xlabel="lowest alpha or kappa (1: the same labels)",
                       top=top)
    lowest = min((float(row["worst"]) for row in shown), default=0.0)
    figure.axes[0].set_xlim(min(0.0, lowest - 0.05), 1.0)
    return figure


def _count_axis(axis: Any, values: Sequence[float]) -> None:
    """Counts on ``axis``: whole-number ticks when every value is whole, written 1.5 M or 1,500 rather than 1.5 and a 1e6 apart."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if not all(float(v).is_integer() for v in values):
        return
    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    peak = max((abs(float(v)) for v in values), default=0.0)
    scale, unit = (1e6, " M") if peak >= 1e6 else (1e3, " k") if peak >= 1e5 else (1.0, "")

    def count(value: float, _position: int) -> str:
        if scale == 1.0 or not value:
            return f"{value:,.0f}"
        return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + unit

    axis.set_major_formatter(FuncFormatter(count))


def _say_when_empty(ax: Any, values: Sequence[float]) -> None:
    """Bars that are all zero (a campaign nobody has worked on yet): say so, instead of an axis from -0.04 to 0.04."""
    if any(value > 0 for value in values):
        return
    ax.set_xlim(0, 1)
    ax.set_xticks([0])
    ax.text(0.5, 0.5, NOTHING_YET, transform=ax.transAxes, ha="center", va="center", color="#757575")


def source_bar_chart(  # noqa: ANN201
    by_group: Mapping[str, Mapping[str, Any]],
    key: str = "articles",
    *,
    title: str = "",
    xlabel: str = "",
    missing: str = "no value",
    value_format: str | None = None,
):
    """One bar per source (or month) of a stats report's ``by_source``/``by_month``, for the field ``key``.

    A row whose ``key`` is ``None`` (``types_per_1000_tokens`` of a source shorter than 1,000 tokens) gets no bar,
    since a bar at 0 would read as a measured 0; the title says how many were left out and why (``missing``).
    ``value_format`` (``"{:.0f}"``) writes each bar's value at its end, for figures whose bars differ by less
    than the eye can tell apart on an axis from 0.
    """
    values = {name: row[key] for name, row in by_group.items() if row.get(key) is not None}
    left_out = len(by_group) - len(values)
    label = xlabel or key.replace("_", " ")
    note = f"\n{left_out} of {len(by_group)} left out: {missing}" if left_out else ""
    if all(_MONTH.fullmatch(name) or name == "unknown" for name in by_group):  # by_month: in time order, unknown last
        values = [(name, values[name]) for name in sorted(values, key=lambda n: (n == "unknown", n))]
    figure = bar_chart(values, title=(title or label) + note, xlabel=label, top=len(by_group))
    if value_format is not None:
        ax = figure.axes[0]
        ax.bar_label(ax.containers[0], labels=[value_format.format(p.get_width()) for p in ax.patches], padding=3,
                     fontsize=8)
        ax.margins(x=0.08)  # room for the label of the longest bar
    return figure


_MONTH = regex.compile(r"\d{4}-\d{2}")


def length_histogram(article_length: Mapping[str, Any], *, title: str = "Article length"):  # noqa: ANN201
    """The stats report's ``article_length`` histogram: articles per length bin (tokens)."""
    bins = article_length["histogram"]
    figure = _figure()
    ax = figure.subplots()
    labels = [f"{b['from']}–{b['to']}" if b["to"] is not None else f"{b['from']}+" for b in bins]
    ax.bar(range(len(bins)), [b["articles"] for b in bins], color="#43a047")
    ax.set_xticks(range(len(bins)), labels, rotation=45, ha="right")
    ax.set_xlabel("tokens per article (bins widen to the right: compare heights with care)")
    ax.set_ylabel("articles in bin")
    _count_axis(ax.yaxis, [b["articles"] for b in bins])
    ax.set_title(shape(title))
    return figure


def zipf_plot(frequencies: Iterable[int], fit: Mapping[str, Any] | None = None, *, title: str = "Zipf"):  # noqa: ANN201
    """Rank against frequency on log-log axes, with the fitted line ``C · r^-s`` when ``fit`` is given."""
    import numpy as np

    freqs = np.sort(np.fromiter(frequencies, dtype=np.float64))[::-1]
    ranks = np.arange(1, len(freqs) + 1)
    line = None
    if fit:
        line = (fit["constant"] * ranks ** (-fit["exponent"]), f"fit: s = {fit['exponent']:.3f}, R² = {fit['r2']:.3f}")
    return _log_log(ranks, freqs, ".", 2, "types", line, xlabel="rank", ylabel="frequency", title=title)


def heaps_plot(heaps: Mapping[str, Any], *, title: str = "Heaps"):  # noqa: ANN201
    """The stats report's ``heaps`` curve (expected types against tokens) and its fitted ``K · n^β``."""
    import numpy as np

    curve = np.array(heaps["curve"], dtype=np.float64)
    line = (heaps["k"] * curve[:, 0] ** heaps["beta"], f"fit: K = {heaps['k']:.3g}, β = {heaps['beta']:.3f}")
    return _log_log(curve[:, 0], curve[:, 1], "o", 3, "E[types] in n tokens", line,
                    xlabel="tokens", ylabel="types", title=title)


def _log_log(x: Any, y: Any, marker: str, size: int, label: str, fit: tuple[Any, str] | None, *,
             xlabel: str, ylabel: str, title: str):  # noqa: ANN202
    """Points on log-log axes, and a fitted line (its values at ``x`` and its label) over them."""
    figure = _figure()
    ax = figure.subplots()
    ax.loglog(x, y, marker, markersize=size, color="#1e88e5", label=label)
    if fit is not None:
        ax.loglog(x, fit[0], "-", color="#e53935", label=fit[1])
        ax.legend()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(shape(title))
    return figure


def learning_curve_chart(points: Sequence[Any], names: Sequence[str] = ("content F1@0.3", "attribution F1"), *,
                         baselines: Mapping[str, float] | None = None,
                         title: str = "What more gold buys: the quote model's learning curve"):  # noqa: ANN201
    """:func:`khabar.evaluate.crossval.learning_curve` points: each figure against training articles, with its
    95% interval as error bars; ``baselines`` (name -> value, e.g. the rules') as dashed lines of the same colour."""
    figure = _figure()
    ax = figure.subplots()
    colours = ("#1e88e5", "#e53935", "#43a047", "#fb8c00")
    x = [point.articles for point in points]
    for colour, name in zip(colours, names):
        # A figure with nothing to score (value None) is a gap in its line.
        values = [point.figures[name] for point in points]
        scored = [v.value is not None for v in values]
        ax.errorbar(x, [v.value if ok else float("nan") for v, ok in zip(values, scored)],
                    yerr=[[v.value - v.low if ok and v.low is not None else 0.0 for v, ok in zip(values, scored)],
                          [v.high - v.value if ok and v.high is not None else 0.0 for v, ok in zip(values, scored)]],
                    marker="o", capsize=3, color=colour, label=name)
        if baselines and name in baselines:
            ax.axhline(baselines[name], linestyle="--", color=colour, linewidth=1, label=f"{name}, the rules")
    ax.set_xticks(x)  # the sizes measured, not 5, 10, 15 ...
    ax.set_xlabel("training articles")
    ax.set_ylabel("F1")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(shape(title))
    return figure


#: Row and column of a confusion heat map for entities without an overlapping partner.
NONE = "(none)"


def confusion_heatmap(matrix: Mapping[str, Mapping[str, int]], *, title: str = "Entity type confusion",
                      missed: Mapping[str, int] | None = None, spurious: Mapping[str, int] | None = None):  # noqa: ANN201
    """A ``gold label -> predicted label -> count`` table as a heat map with the counts written in.

    The matrix (:func:`khabar.evaluate.entities.confusion`) pairs only entities whose spans overlap.
    ``missed`` (gold label -> gold entities without a prediction) and ``spurious`` (predicted label
    -> predictions without a gold entity) add a ``(none)`` column and row; without them the axes say
    that unpaired entities are not shown.
    """
    import numpy as np

    from ..gold.model import ENTITY_LABELS

    # One order for rows and columns (the standard labels first), so that agreement lies on the diagonal.
    seen = set(matrix) | {c for row in matrix.values() for c in row} | set(missed or {}) | set(spurious or {})
    order = [label for label in ENTITY_LABELS if label in seen] + sorted(seen - set(ENTITY_LABELS))
    rows, columns = order, order
    values = np.array([[matrix.get(r, {}).get(c, 0) for c in columns] for r in rows], dtype=np.float64)
    unpaired = missed is not None or spurious is not None
    if unpaired:
        missed_column = [[float((missed or {}).get(r, 0))] for r in rows]
        spurious_row = [float((spurious or {}).get(c, 0)) for c in columns] + [0.0]
        values = np.vstack([np.hstack([values, missed_column]), spurious_row])
        rows, columns = rows + [NONE], columns + [NONE]
    figure = _figure(1.2 * len(columns) + 2, 0.8 * len(rows) + 1.5)
    ax = figure.subplots()
    ax.imshow(values, cmap="Blues")
    ax.set_xticks(range(len(columns)), [shape(c) for c in columns], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [shape(r) for r in rows])
    ax.set_xlabel("predicted" if unpaired else "predicted (spans overlapping a gold entity;\nmissed and spurious entities not shown)")
    ax.set_ylabel("gold")
    peak = values.max() if values.size else 0
    for i in range(len(rows)):
        for j in range(len(columns)):
            if unpaired and i == len(rows) - 1 and j == len(columns) - 1:
                continue
            ax.text(j, i, f"{int(values[i, j])}", ha="center", va="center",
                    color="white" if peak and values[i, j] > peak / 2 else "black")
    ax.set_title(shape(title))
    return figure


def f1_chart(rows: Sequence[Mapping[str, Any]], *, title: str = "F1 per extractor and measure"):  # noqa: ANN201
    """One bar per extractor and measure (:func:`khabar.evaluate.ranking.score_rows`), its 95 % interval as an error bar.

    Rows without an interval (no bootstrap) are drawn without one; rows with nothing to score (F1 ``None``)
    without a bar.
    """
    import numpy as np

    measures = list(dict.fromkeys(row["measure"] for row in rows))
    extractors = list(dict.fromkeys(row["extractor"] for row in rows))
    height = 0.8 / max(1, len(extractors))
    figure = _figure(7.0, max(2.0, 0.3 * len(rows) + 0.25 * len(measures) + 1.2))
    ax = figure.subplots()
    for k, extractor in enumerate(extractors):
        mine = {row["measure"]: row for row in rows if row["extractor"] == extractor}
        at = [i for i, measure in enumerate(measures) if measure in mine]
        got = [mine[measures[i]] for i in at]
        values = np.array([row["f1"] for row in got], dtype=np.float64)
        low = np.array([row["f1"] - row["f1_low"] if row.get("f1_low") is not None else 0.0 for row in got])
        high = np.array([row["f1_high"] - row["f1"] if row.get("f1_high") is not None else 0.0 for row in got])
        ax.barh(np.array(at) - 0.4 + height * (k + 0.5), values, height * 0.9, xerr=np.vstack([low, high]),
                color=SERIES[k % len(SERIES)], label=shape(extractor),
                error_kw={"ecolor": "#263238", "capsize": 3, "elinewidth": 1})
    ax.set_yticks(range(len(measures)), [shape(m) for m in measures])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1 (lines: 95 % bootstrap interval)")
    if len(extractors) > 1:
        ax.legend(title="extractor", loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(extractors), frameon=False)
    ax.set_title(shape(title), pad=40 if len(extractors) > 1 else 6)
    return figure


def daily_chart(per_day: Mapping[str, Mapping[str, int]], *, title: str = "Documents confirmed per day"):  # noqa: ANN201
    """``annotator -> day -> count`` (:func:`khabar.progress.confirmed_per_day`) as grouped bars, one group per day."""
    import numpy as np

    import datetime as dt

    seen = sorted({day for counts in per_day.values() for day in counts})
    try:  # every day from the first to the last, so that days without confirmations show as gaps
        first, last = dt.date.fromisoformat(seen[0]), dt.date.fromisoformat(seen[-1])
        days = [(first + dt.timedelta(n)).isoformat() for n in range((last - first).days + 1)]
    except (IndexError, ValueError):
        days = seen
    names = list(per_day)
    figure = _figure(min(12.0, max(5.0, 0.5 * len(days) * max(1, len(names)) + 2.0)), 3.5)
    ax = figure.subplots()
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        ax.bar(np.arange(len(days)) + i * width, [per_day[name].get(day, 0) for day in days], width,
               label=shape(name), color=SERIES[i % len(SERIES)])
    ax.set_xticks(np.arange(len(days)) + width * (len(names) - 1) / 2, days,
                  rotation=45 if len(days) > 6 else 0, ha="right" if len(days) > 6 else "center")
    ax.set_ylabel("documents")
    ax.set_xlabel("day confirmed")
    _count_axis(ax.yaxis, [v for counts in per_day.values() for v in counts.values()])
    if names:
        ax.legend()
    ax.set_title(shape(title))
    return figure


def kept_chart(kept: Mapping[str, Mapping[str, Mapping[str, int]]], *,
               title: str = "What annotators did with the pre-annotation"):  # noqa: ANN201
    """:func:`khabar.progress.preannotation_kept` as stacked bars: one per annotator and kind (entities, quotes)."""
    from ..progress import KEPT_KINDS

    # Okabe-Ito: green, orange and red of the same lightness are one colour to a red-green colour-blind reader.
    colours = {"unchanged": "#009e73", "edited": "#e69f00", "deleted": "#d55e00", "added": "#0072b2"}
    hatches = {"deleted": "//"}
    rows = [(f"{name}: {kind}", counts) for name, by_kind in kept.items() for kind, counts in by_kind.items()]
    figure = _figure(7.0, max(2.0, 0.45 * len(rows) + 1.2))
    ax = figure.subplots()
    left = [0.0] * len(rows)
    for status in KEPT_KINDS:
        values = [float(counts[status]) for _, counts in rows]
        ax.barh(range(len(rows)), values, left=left, color=colours[status], label=status,
                hatch=hatches.get(status), edgecolor="white", linewidth=0)
        left = [a + b for a, b in zip(left, values)]
    _say_when_empty(ax, left)
    _count_axis(ax.xaxis, left)
    ax.set_yticks(range(len(rows)), [shape(label) for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlabel("spans")
    ax.legend(ncols=len(KEPT_KINDS), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.set_title(shape(title), pad=24)
    return figure
