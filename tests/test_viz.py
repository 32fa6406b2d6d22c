"""khabar.viz: documents as escaped right-to-left HTML with differences marked, and plots with shaped Arabic."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

from khabar.errors import InputError
from khabar.gold import read_documents
from khabar.gold.model import Document, Entity, Quote, Span
from khabar.stats import compute_stats
from khabar.viz import (
    bar_chart,
    confusion_heatmap,
    daily_chart,
    f1_chart,
    kept_chart,
    diff_entities,
    diff_quotes,
    heaps_plot,
    label_colours,
    length_histogram,
    render_annotators,
    render_comparison,
    render_document,
    render_png,
    renderer_shapes_arabic,
    reshape_for_display,
    shape,
    zipf_plot,
)


class _Reader(HTMLParser):
    """Collects the document text (leaving out tags, titles, legends, style) and the classes used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[set[str]] = []
        self.texts: list[str] = []  # one per k-doc block
        self.classes: list[set[str]] = []  # classes of every span inside the k-doc blocks, per block
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.elements: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        self.elements.append(tag)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if "k-doc" in classes:
            self.texts.append("")
            self.classes.append(set())
        elif self.texts and any("k-doc" in c for c in self.stack):
            self.classes[-1] |= classes
        self.stack.append(classes | {f"<{tag}>"})

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        inside_doc = any("k-doc" in c for c in self.stack)
        inside_tag = any("k-tag" in c for c in self.stack)
        if inside_doc and not inside_tag:
            self.texts[-1] += data


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


@pytest.fixture(scope="module")
def gold_docs(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


def test_document_text_survives_rendering_exactly(gold_docs) -> None:
    for doc in gold_docs:
        reader = _read(render_document(doc).data)
        assert reader.texts == [doc.text]


def test_entities_coloured_as_in_doccano_and_quotes_linked(gold_docs) -> None:
    doc = max(gold_docs, key=lambda d: len(d.quotes))
    html = render_document(doc, title="a title").data
    reader = _read(html)
    assert 'dir="rtl"' in html
    background = label_colours()["PERS"][0]
    assert background == "#e53935"  # the colour of annotation/labels.json
    assert f"background:{background}" in html
    assert {"k-ent", "k-content"} <= reader.classes[0]
    assert html.count('class="k-tag">PERS<') == sum(1 for e in doc.entities if e.label == "PERS")
    # Every link goes to an anchor in the same rendering; a quote's source links back to its content.
    assert reader.hrefs and all(h[1:] in reader.ids for h in reader.hrefs)
    sourced = next(n for n, q in enumerate(doc.quotes, start=1) if q.source is not None)
    assert any(h.endswith(f"-q{sourced}-source") for h in reader.hrefs)
    assert any(h.endswith(f"-q{sourced}-content") for h in reader.hrefs)


def test_html_in_the_text_is_escaped() -> None:
    text = 'قال <script>alert("x")</script> الرئيس & "نعم"'
    doc = Document("x<y", text, entities=[Entity(4, 12, "ORG")], quotes=[Quote(Span(0, 3), None, Span(0, 3), "direct")])
    html = render_document(doc).data
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "x&lt;y" in html
    reader = _read(html)
    assert reader.texts == [text]
    assert "script" not in reader.elements


def test_comparison_marks_missed_spurious_and_wrong_labels(gold_docs) -> None:
    gold = next(d for d in gold_docs if len(d.entities) >= 4 and len(d.quotes) >= 2)
    first, second, third = gold.entities[0], gold.entities[1], gold.entities[2]
    other_label = "MISC" if second.label != "MISC" else "LOC"
    shifted = Entity(third.start, third.end - 1, third.label) if len(third.span) > 1 else third
    spurious = next(
        Entity(s.start, s.end, "LOC")
        for s in (Span(*t) for t in _word_spans(gold.text))
        if not any(s.overlap(e.span) for e in gold.entities)
    )
    pred = dataclasses.replace(
        gold,
        entities=[Entity(second.start, second.end, other_label), shifted, *gold.entities[3:], spurious],
        quotes=gold.quotes[1:],
    )
    gold_status, pred_status = diff_entities(gold.entities, pred.entities)
    assert gold_status[0][0] == "k-missed"
    assert gold_status[1][0] == pred_status[0][0] == "k-wrong-label"
    if shifted != third:
        assert gold_status[2][0] == pred_status[1][0] == "k-boundary"
    assert pred_status[len(pred.entities) - 1][0] == "k-spurious"
    assert len(gold_status) == (3 if shifted != third else 2)
    quote_gold, quote_pred = diff_quotes(gold.quotes, pred.quotes)
    assert quote_gold == {0: ("k-missed", "missed")} and quote_pred == {}

    html = render_comparison(gold, pred).data
    reader = _read(html)
    assert reader.texts == [gold.text, gold.text]
    assert {"k-missed", "k-wrong-label"} <= reader.classes[0]
    assert {"k-spurious", "k-wrong-label"} <= reader.classes[1]
    assert "k-missed" not in reader.classes[1]
    assert ">gold<" in html and ">prediction<" in html


def test_identical_versions_show_no_difference(gold_docs) -> None:
    doc = gold_docs[0]
    reader = _read(render_comparison(doc, dataclasses.replace(doc), labels=("A", "B")).data)
    for classes in reader.classes:
        assert not classes & {"k-missed", "k-spurious", "k-wrong-label", "k-boundary"}


def test_two_annotators_side_by_side(gold_docs) -> None:
    doc = gold_docs[2]
    changed = dataclasses.replace(doc, entities=doc.entities[:-1])
    html = render_annotators({"amal": doc, "badr": changed}).data
    reader = _read(html)
    assert len(reader.texts) == 2 and ">amal<" in html and ">badr<" in html
    assert "k-missed" in reader.classes[0]
    with pytest.raises(InputError) as info:
        render_annotators({"amal": doc, "badr": dataclasses.replace(doc, text=doc.text + ".")})
    assert info.value.code == "E720"


def _word_spans(text: str) -> list[tuple[int, int]]:
    from khabar.text import token_spans

    return [(s, e) for s, e in token_spans(text) if e - s >= 3]


# --- plots ------------------------------------------------------------------------------------------


def test_reshaping_joins_letters_and_orders_them_for_display() -> None:
    word = "الأمم المتحدة"
    shaped = reshape_for_display(word)
    assert shaped != word
    assert any("\ufe70" <= c <= "\ufeff" for c in shaped)  # Arabic presentation forms B: joined letters
    # Read right to left and folded back to plain letters, the display string is the word.
    assert unicodedata.normalize("NFKC", shaped[::-1]).replace("\ufefb", "لا") == unicodedata.normalize("NFKC", word)
    assert reshape_for_display("Zipf 2015") == "Zipf 2015"
    assert shape("Zipf 2015") == "Zipf 2015"


def _png(figure) -> bytes:  # noqa: ANN001
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font is a UserWarning: fail on it
        return render_png(figure)


def _pixels(png: bytes):  # noqa: ANN202 - numpy array
    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(png), format="png")


def _plain_bar_chart(labels: list[str], values: list[float], title: str, xlabel: str):  # noqa: ANN202
    """The reference: the same bars drawn by matplotlib itself from the plain strings, nothing of khabar's in between."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, max(2.0, 0.32 * len(labels) + 1.0)), layout="constrained")
    ax = figure.subplots()
    ax.barh(range(len(labels)), values, color="#1e88e5")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return figure


def test_this_matplotlib_shapes_arabic_itself() -> None:
    import matplotlib
    from packaging.version import Version

    # The locked matplotlib (3.11, libraqm) shapes; were it older the reshaping path would be the one taken.
    assert renderer_shapes_arabic() is (Version(matplotlib.__version__) >= Version("3.11"))


def test_arabic_labels_are_drawn_as_matplotlib_draws_the_plain_strings() -> None:
    labels, values = ["السعودية", "الأمم المتحدة", "Makkah"], [30.0, 20.0, 5.0]
    drawn = _pixels(_png(bar_chart(list(zip(labels, values)), title="المدن", xlabel="مقالات")))
    if renderer_shapes_arabic():
        reference = _pixels(_png(_plain_bar_chart(labels, values, "المدن", "مقالات")))
    else:  # a renderer that does not shape reads the joined, visually ordered letters
        reference = _pixels(_png(_plain_bar_chart([reshape_for_display(s) for s in labels], values,
                                                  reshape_for_display("المدن"), reshape_for_display("مقالات"))))
    assert drawn.shape == reference.shape and (drawn == reference).all()
    if renderer_shapes_arabic():
        # Shaping a second time (what shape() used to do) draws every Arabic label backwards: other pixels.
        twice = _pixels(_png(_plain_bar_chart([reshape_for_display(s) for s in labels], values,
                                              reshape_for_display("المدن"), reshape_for_display("مقالات"))))
        assert drawn.shape == twice.shape and (drawn != twice).any(axis=-1).sum() > 100


def test_the_reshaping_path_is_taken_where_the_renderer_does_not_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.viz import plots

    monkeypatch.setattr(plots, "renderer_shapes_arabic", lambda: False)
    assert shape("الرياض") == reshape_for_display("الرياض") != "الرياض"
    figure = bar_chart([["الرياض", 3]])
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == [reshape_for_display("الرياض")]


def test_word_ligatures_the_font_lacks_are_not_used() -> None:
    shaped = reshape_for_display("عبد الله محمد")
    assert "\ufdf2" not in shaped  # ARABIC LIGATURE ALLAH: not in DejaVu Sans
    assert len(shaped) == len("عبد الله محمد")
    assert "\ufefb" in reshape_for_display("لا")  # lam-alef, which the script requires, is kept
    _png(bar_chart([["الله", 3], ["محمد", 2]]))  # no missing-glyph warning


def test_long_labels_are_cut() -> None:
    long = "فضيلة الدكتور عبد الله بن علي بصفر الأمين العام للهيئة العالمية لتحفيظ القرآن"
    figure = bar_chart([[long, 5]])
    (label,) = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    # Cut at the end of the text (drawn at the left, where right-to-left text ends).
    assert len(label) <= 40 and label == shape(long[:39] + "…")


def test_bar_chart_labels_are_shaped_and_drawn() -> None:
    rows = [["الرياض", 30], ["جدة", 20], ["Makkah", 5]]
    figure = bar_chart(rows, title="المدن", xlabel="مقالات")
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [shape("الرياض"), shape("جدة"), "Makkah"]
    assert ax.get_title() == shape("المدن")
    assert [p.get_width() for p in ax.patches] == [30, 20, 5]
    assert _png(figure).startswith(b"\x89PNG")


def test_report_plots_draw(dev_gold_path: Path) -> None:
    report = compute_stats(dev_gold_path, scheduler="synchronous")
    for figure in (
        length_histogram(report["article_length"]),
        heaps_plot(report["heaps"]),
        zipf_plot([100, 50, 33, 25, 20, 17, 14], {"constant": 100.0, "exponent": 1.0, "r2": 1.0}),
        confusion_heatmap({"PERS": {"PERS": 10, "ORG": 2}, "ORG": {"ORG": 7, "LOC": 1}}),
        bar_chart(report["entities"]["per_label"]),
    ):
        assert len(_png(figure)) > 1000
    heat = confusion_heatmap({"PERS": {"PERS": 10, "ORG": 2}, "ORG": {"ORG": 7, "LOC": 1}})
    # Rows and columns in one order (PERS, ORG, LOC): the agreements lie on the diagonal.
    assert [t.get_text() for t in heat.axes[0].get_yticklabels()] == ["PERS", "ORG", "LOC"]
    assert [t.get_text() for t in heat.axes[0].get_xticklabels()] == ["PERS", "ORG", "LOC"]
    assert [t.get_text() for t in heat.axes[0].texts] == ["10", "2", "0", "0", "7", "1", "0", "0", "0"]


def test_f1_chart_draws_the_intervals_as_error_bars() -> None:
    rows = [{"extractor": "crf", "measure": "entities strict", "f1": 0.6, "f1_low": 0.5, "f1_high": 0.72},
            {"extractor": "gazetteer", "measure": "entities strict", "f1": 0.3, "f1_low": None, "f1_high": None}]
    figure = f1_chart(rows)
    ax = figure.axes[0]
    assert [round(p.get_width(), 3) for p in ax.patches] == [0.6, 0.3]
    segments = [seg for c in ax.collections for seg in c.get_segments()]  # the error bars, one segment per bar
    assert [tuple(round(x, 3) for x in seg[:, 0]) for seg in segments] == [(0.5, 0.72), (0.3, 0.3)]
    assert len(_png(figure)) > 1000


def test_f1_chart_groups_the_extractors_of_one_measure_with_a_colour_each() -> None:
    rows = [{"extractor": e, "measure": m, "f1": f} for m, e, f in
            [("entities strict", "crf", 0.6), ("entities strict", "rules", 0.3), ("quotes", "crf", 0.8), ("quotes", "rules", 0.7)]]
    ax = f1_chart(rows).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["entities strict", "quotes"]  # one row per measure
    bars = sorted(ax.patches, key=lambda p: p.get_y())
    assert [round(p.get_width(), 3) for p in bars] == [0.6, 0.3, 0.8, 0.7]  # each measure's bars side by side
    assert bars[0].get_facecolor() == bars[2].get_facecolor() != bars[1].get_facecolor()  # a colour per extractor
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["crf", "rules"]


def test_daily_and_kept_charts_draw_their_counts() -> None:
    figure = daily_chart({"amal": {"2026-11-02": 2, "2026-11-03": 1}, "badr": {"2026-11-02": 4}})
    ax = figure.axes[0]
    assert [p.get_height() for p in ax.patches] == [2, 1, 4, 0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-11-02", "2026-11-03"]
    gap = daily_chart({"amal": {"2026-11-02": 2, "2026-11-05": 1}}).axes[0]  # days nobody confirmed show as gaps
    assert [t.get_text() for t in gap.get_xticklabels()] == ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]
    assert [p.get_height() for p in gap.patches] == [2, 0, 0, 1]
    kept = {"amal": {"entities": {"unchanged": 5, "edited": 2, "deleted": 1, "added": 3, "documents": 2}}}
    figure = kept_chart(kept)
    assert [p.get_width() for p in figure.axes[0].patches] == [5, 2, 1, 3]
    assert [p.get_x() for p in figure.axes[0].patches] == [0, 5, 7, 8]
    assert len(_png(figure)) > 1000


def test_charts_of_nothing_say_so_instead_of_a_negative_axis() -> None:
    """A campaign nobody has worked on yet: all bars zero gives an axis from 0 and a note, not -0.04 to 0.04."""
    from khabar.viz.plots import NOTHING_YET

    empty_kept = {"a1": {"entities": {"unchanged": 0, "edited": 0, "deleted": 0, "added": 0}}}
    for figure in (bar_chart({"annotator1": 0, "annotator2": 0}), kept_chart(empty_kept)):
        ax = figure.axes[0]
        assert ax.get_xlim() == (0.0, 1.0)
        assert [t.get_text() for t in ax.texts] == [NOTHING_YET]
    busy = bar_chart({"annotator1": 3, "annotator2": 0}).axes[0]
    assert len(busy.texts) == 0 and busy.get_xlim()[1] >= 3


def test_learning_curve_chart_draws_each_figure_with_its_interval_and_the_baseline() -> None:
    from khabar.evaluate.crossval import CurvePoint, Figure
    from khabar.viz import learning_curve_chart

    points = [CurvePoint(n, {"content F1@0.3": Figure(v, v - 0.1, v + 0.05), "attribution F1": Figure(v / 2, v / 2, v / 2)})
              for n, v in ((2, 0.4), (10, 0.8))]
    ax = learning_curve_chart(points, baselines={"content F1@0.3": 0.79}).axes[0]
    curves = [line for line in ax.lines if line.get_marker() == "o"]
    assert [list(line.get_ydata()) for line in curves] == [[0.4, 0.8], [0.2, 0.4]]
    assert [list(line.get_ydata()) for line in ax.lines if line.get_linestyle() == "--"] == [[0.79, 0.79]]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["content F1@0.3, the rules", "content F1@0.3", "attribution F1"]
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_xlabel() == "training articles"


def test_learning_curve_chart_leaves_a_gap_where_a_figure_had_nothing_to_score() -> None:
    from khabar.evaluate.crossval import CurvePoint, Figure
    from khabar.viz import learning_curve_chart

    figures = [Figure(0.4, 0.3, 0.5), Figure(None, None, None), Figure(0.8, 0.7, 0.85)]
    points = [CurvePoint(n, {"speaker accuracy": f}) for n, f in zip((2, 5, 10), figures)]
    ax = learning_curve_chart(points, names=("speaker accuracy",)).axes[0]
    (curve,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert [None if v != v else v for v in curve.get_ydata()] == [0.4, None, 0.8]
    assert len(_png(ax.figure)) > 1000


def test_the_confusion_heat_map_can_show_the_unpaired_entities_as_a_none_row_and_column() -> None:
    from khabar.evaluate import score
    from khabar.gold import Document, Entity
    from khabar.viz.plots import NONE, confusion_heatmap

    text = "زار محمد علي تونس وصفاقس أمس"
    gold = [Document("d", text, entities=[Entity(4, 12, "PERS"), Entity(13, 17, "LOC"), Entity(18, 24, "LOC")])]
    pred = [Document("d", text, entities=[Entity(4, 8, "PERS"), Entity(13, 17, "ORG"), Entity(25, 28, "MISC")])]
    scored = score(gold, pred, task="entities")
    assert scored.confusion() == {"PERS": {"PERS": 1}, "LOC": {"ORG": 1}}
    missed, spurious = scored.unpaired()
    assert (missed, spurious) == ({"LOC": 1}, {"MISC": 1})  # وصفاقس found by nothing; أمس overlaps no gold entity
    ax = confusion_heatmap(scored.confusion(), missed=missed, spurious=spurious).axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert rows[-1] == columns[-1] == NONE
    counts = {(int(round(t.get_position()[1])), int(round(t.get_position()[0]))): t.get_text() for t in ax.texts}
    assert counts[(rows.index("LOC"), columns.index(NONE))] == "1"
    assert counts[(rows.index(NONE), columns.index("MISC"))] == "1"
    assert (len(rows) - 1, len(columns) - 1) not in counts  # nothing against nothing: no number
    plain = confusion_heatmap(scored.confusion()).axes[0]
    assert NONE not in [t.get_text() for t in plain.get_yticklabels()]
    assert "not shown" in plain.get_xlabel()


def test_months_are_drawn_in_time_order_with_unknown_last() -> None:
    from khabar.viz.plots import source_bar_chart

    by_month = {"2015-08": {"articles": 900}, "unknown": {"articles": 2}, "2015-07": {"articles": 1200}}
    ax = source_bar_chart(by_month).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2015-07", "2015-08", "unknown"]
    assert [p.get_width() for p in ax.patches] == [1200, 900, 2]


def test_the_agreement_chart_leaves_out_what_cannot_be_measured_instead_of_drawing_it_as_zero() -> None:
    from khabar.viz.plots import agreement_chart

    rows = [{"id": "d1", "worst": None}, {"id": "d2", "worst": 0.12}, {"id": "d3", "worst": -0.2}, {"id": "d4", "worst": 0.9}]
    ax = agreement_chart(rows).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d2", "d3", "d4"]
    assert [round(p.get_width(), 2) for p in ax.patches] == [0.12, -0.2, 0.9]
    assert ax.get_xlim() == pytest.approx((-0.25, 1.0))  # a short bar is a low figure, not a zoomed-in one
    assert "1 shared document(s) with no computable figure left out" in ax.get_title()
    assert agreement_chart(rows[3:]).axes[0].get_xlim() == pytest.approx((0.0, 1.0))


def test_a_source_without_a_figure_gets_no_bar_and_the_title_says_why() -> None:
    from khabar.viz.plots import source_bar_chart

    by_source = {"okaz": {"types_per_1000_tokens": 737.6}, "سبق": {"types_per_1000_tokens": 701.5},
                 "seed": {"types_per_1000_tokens": None}}
    figure = source_bar_chart(by_source, "types_per_1000_tokens", title="Types in 1,000 random tokens",
                              missing="fewer than 1,000 tokens", value_format="{:.0f}")
    ax = figure.axes[0]
    assert [p.get_width() for p in ax.patches] == [737.6, 701.5]  # no bar at 0 for the short source
    assert len(ax.get_yticklabels()) == 2
    assert ax.get_title() == "Types in 1,000 random tokens\n1 of 3 left out: fewer than 1,000 tokens"
    assert [t.get_text() for t in ax.texts] == ["738", "702"]  # each bar's value written at its end


def _numbered_contents(column: str) -> dict[str, int]:
    """Each quote content's text -> the number shown on it, in one column of a side-by-side page."""
    import re

    return {html_text: int(n) for n, html_text in re.findall(r'title="quote (\d+) \(\w+\)[^"]*: content">([^<]*)</span>', column)}


def test_side_by_side_a_quote_has_its_gold_number_in_the_prediction_and_new_quotes_come_after() -> None:
    first, second, third = "الاجتماع كان مثمرا", "سنواصل العمل", "الأسعار سترتفع"
    text = f'قال الوزير: "{first}". وأضاف المتحدث: "{second}". وقال خبير: "{third}".'

    def quote(words: str, source: str) -> Quote:
        start = text.index(words)
        return Quote(Span(start, start + len(words)), source=Span(text.index(source), text.index(source) + len(source)))

    gold = Document("d1", text, quotes=[quote(first, "الوزير"), quote(second, "المتحدث")])
    # The prediction lists them the other way round, and finds a third quote gold does not have.
    pred = Document("d1", text, quotes=[quote(third, "خبير"), quote(second, "المتحدث"), quote(first, "الوزير")])
    page = render_comparison(gold, pred).data
    gold_column, pred_column = page.split('<div class="k-col">')[1:]
    assert _numbered_contents(gold_column) == {first: 1, second: 2}
    assert _numbered_contents(pred_column) == {first: 1, second: 2, third: 3}
    # The source's tag and the number link of the predicted first quote say 1 too.
    assert '>«1»</a>' in pred_column and 'title="quote 1: source">1</a>' in pred_column
    assert "quote 3 (indirect) — spurious" in pred_column
    assert "the same quote has the same number in every column" in page


def test_quotes_only_later_columns_have_share_a_number_across_columns() -> None:
    from khabar.viz import quote_numbers

    spans = [Quote(Span(0, 10)), Quote(Span(20, 30)), Quote(Span(40, 50)), Quote(Span(60, 70))]
    numbers = quote_numbers([spans[0]], [[spans[2], spans[0]], [spans[3], Quote(Span(41, 50)), spans[0]]])
    # Column 2 has the reference's quote (1) and a new one (2); column 3 the same new one, slightly shorter, and another.
    assert numbers == [[1], [2, 1], [3, 2, 1]]
