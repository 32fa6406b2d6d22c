"""The trainable quote model: training on small gold the tests write, a model round trip, damaged files,
the CLI end to end, and a sanity check on a real gold set (it must beat the rules on its own training articles)."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.evaluate.quotes import score_quotes
from khabar.extract.clusters import WordClusters
from khabar.extract.quotes import QuoteExtractor
from khabar.extract.quotes.lexicon import load_lexicon
from khabar.extract.quotes.linker import LinkCandidate, LinkContext, PairScorer, candidates, train_scorer
from khabar.extract.quotes.model import FORMAT, VERSION, QuoteModel, QuoteModelConfig, train_quote_model
from khabar.extract.quotes.rules import QuoteDocument
from khabar.gold import Document, Entity, Quote, Span, read_documents
from khabar.gold.io import write_documents
from khabar.io import has_lone_surrogate
from khabar.text import normalize

# (text, [(content, source, cue, type)]); every string occurs once in its text. The last three quotes
# the rules miss (their cue is not in the lexicon), so the model has something of its own to learn.
ARTICLES: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    (
        "وقال وزير الصحة إن المستشفى الجديد سيفتح أبوابه الشهر المقبل.\n"
        "وأضاف الوزير أن الحكومة خصصت ميزانية كبيرة لقطاع الصحة.",
        [
            ("المستشفى الجديد سيفتح أبوابه الشهر المقبل", "وزير الصحة", "وقال", "indirect"),
            ("الحكومة خصصت ميزانية كبيرة لقطاع الصحة", "الوزير", "وأضاف", "indirect"),
        ],
    ),
    (
        'وأكد رئيس البلدية أن أشغال الطريق ستنتهي قبل الصيف.\nوقال المهندس المسؤول: "نعمل ليلا ونهارا لإنهاء المشروع في موعده".',
        [
            ("أشغال الطريق ستنتهي قبل الصيف", "رئيس البلدية", "وأكد", "indirect"),
            ("نعمل ليلا ونهارا لإنهاء المشروع في موعده", "المهندس المسؤول", "وقال", "direct"),
        ],
    ),
    (
        "افتتح المعرض الدولي للكتاب أمس في العاصمة.\nوأوضح مدير المعرض أن عدد الناشرين بلغ ثلاثمائة ناشر هذا العام.",
        [("عدد الناشرين بلغ ثلاثمائة ناشر هذا العام", "مدير المعرض", "وأوضح", "indirect")],
    ),
    (
        "وذكرت الشرطة أن الحادث وقع في ساعة متأخرة من الليل.\nوأشار الناطق باسم الحماية المدنية إلى أن فرق الإنقاذ تدخلت بسرعة.",
        [
            ("الحادث وقع في ساعة متأخرة من الليل", "الشرطة", "وذكرت", "indirect"),
            ("فرق الإنقاذ تدخلت بسرعة", "الناطق باسم الحماية المدنية", "وأشار", "indirect"),
        ],
    ),
    (
        "نزلت أمطار غزيرة على المدينة صباح اليوم.\nوقالت الأرصاد الجوية إن الطقس سيتحسن تدريجيا بداية من الغد.",
        [("الطقس سيتحسن تدريجيا بداية من الغد", "الأرصاد الجوية", "وقالت", "indirect")],
    ),
    (
        'وصرح المدرب للصحفيين بعد المباراة: "اللاعبون قدموا أداء رائعا رغم الظروف الصعبة".',
        [("اللاعبون قدموا أداء رائعا رغم الظروف الصعبة", "المدرب", "وصرح", "direct")],
    ),
    # سجل ("noted") is no cue of the lexicon: only the model can learn it.
    (
        "عقدت الوزارة ندوة حول التشغيل.\nوسجل الوزير أن نسبة البطالة تراجعت خلال السنة الماضية.",
        [("نسبة البطالة تراجعت خلال السنة الماضية", "الوزير", "وسجل", "indirect")],
    ),
    (
        "انطلق الموسم الفلاحي في الجهة.\nوسجل المندوب الجهوي أن المساحات المزروعة ارتفعت بشكل ملحوظ.",
        [("المساحات المزروعة ارتفعت بشكل ملحوظ", "المندوب الجهوي", "وسجل", "indirect")],
    ),
    (
        "اجتمع المجلس البلدي مساء أمس.\nوسجل رئيس المجلس أن المشاريع المعطلة ستستأنف قريبا.",
        [("المشاريع المعطلة ستستأنف قريبا", "رئيس المجلس", "وسجل", "indirect")],
    ),
]


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    assert text.find(part, start + 1) == -1, f"{part!r} occurs twice"
    return Span(start, start + len(part))


def _document(number: int, text: str, quotes: list[tuple[str, str, str, str]]) -> Document:
    return Document(
        f"doc-{number}",
        text,
        quotes=[Quote(_span(text, c), _span(text, s), _span(text, u), t) for c, s, u, t in quotes],
    )


@pytest.fixture(scope="module")
def gold() -> list[Document]:
    return [_document(n, text, quotes) for n, (text, quotes) in enumerate(ARTICLES)]


@pytest.fixture(scope="module")
def model(gold: list[Document]) -> QuoteModel:
    return train_quote_model(gold, config=QuoteModelConfig(max_iterations=60))


def _strings(text: str, quotes: list[Quote]) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.content.text_in(text), q.source.text_in(text) if q.source else None, q.cue.text_in(text) if q.cue else None)
        for q in quotes
    ]


def test_training_records_what_it_learned_from(model: QuoteModel, gold: list[Document]) -> None:
    assert model.info["documents"] == len(gold)
    assert model.info["quotes"] == sum(len(d.quotes) for d in gold) == 12
    assert model.info["tokens"] > 100
    assert model.info["sequences"] == sum(d.text.count("\n") + 1 for d in gold)  # one per paragraph


def test_the_rules_miss_a_cue_the_lexicon_lacks(gold: list[Document]) -> None:
    extractor = QuoteExtractor()
    assert [extractor.extract(doc.text) for doc in gold[-3:]] == [[], [], []]


def test_the_model_finds_its_training_quotes(model: QuoteModel, gold: list[Document]) -> None:
    for doc in gold:
        found = _strings(doc.text, model.predict(doc.text))
        expected = _strings(doc.text, doc.quotes)
        assert found == expected, doc.id


def test_quotes_are_typed_by_their_quotation_marks(model: QuoteModel, gold: list[Document]) -> None:
    doc = gold[1]
    assert [q.type for q in model.predict(doc.text)] == ["indirect", "direct"]


def test_unseen_text_is_tagged_by_what_the_model_learned(model: QuoteModel) -> None:
    text = "وأكد المدير أن الشركة ستوظف مئة عامل جديد."
    assert _strings(text, model.predict(text)) == [("الشركة ستوظف مئة عامل جديد", "المدير", "وأكد")]
    # A cue learned from the gold alone, with its source found by the model and linked to the content.
    text = "افتتح المهرجان أمس.\nوسجل المدير الفني أن العروض ستتواصل أسبوعا كاملا."
    assert _strings(text, model.predict(text)) == [("العروض ستتواصل أسبوعا كاملا", "المدير الفني", "وسجل")]
    assert model.predict("ذهب الولد إلى المدرسة صباحا.") == []
    assert model.predict("") == []


def test_a_dropped_subject_takes_the_last_speaker(gold: list[Document]) -> None:
    text = "وسجل الوالي أن الأسعار ستنخفض قريبا. وسجل أن المراقبة ستشتد في الأسواق."
    first = "الوالي"
    dropped = Document(
        "dropped",
        text,
        quotes=[
            Quote(_span(text, "الأسعار ستنخفض قريبا"), _span(text, first), Span(0, len("وسجل")), "indirect"),
            Quote(_span(text, "المراقبة ستشتد في الأسواق"), _span(text, first), Span(text.rindex("وسجل"), text.rindex("وسجل") + len("وسجل")), "indirect"),
        ],
    )
    model = train_quote_model([*gold, dropped], config=QuoteModelConfig(max_iterations=60))
    unseen = "وسجل المدير أن الإنتاج سيرتفع هذا العام. وسجل أن العمال سيحصلون على منحة."
    assert QuoteExtractor().extract(unseen) == []
    assert _strings(unseen, model.predict(unseen)) == [
        ("الإنتاج سيرتفع هذا العام", "المدير", "وسجل"),
        ("العمال سيحصلون على منحة", "المدير", "وسجل"),
    ]


NESTED: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    (
        "وقال الوزير إن المدير العام أكد أن المشروع سينتهي قريبا.",
        [
            ("المدير العام أكد أن المشروع سينتهي قريبا", "الوزير", "وقال", "indirect"),
            ("المشروع سينتهي قريبا", "المدير العام", "أكد", "indirect"),
        ],
    ),
    (
        "وأوضح الناطق أن الرئيس أعلن أن الانتخابات ستجرى في موعدها.",
        [
            ("الرئيس أعلن أن الانتخابات ستجرى في موعدها", "الناطق", "وأوضح", "indirect"),
            ("الانتخابات ستجرى في موعدها", "الرئيس", "أعلن", "indirect"),
        ],
    ),
]


def test_a_quote_nested_in_another_is_kept_whole(gold: list[Document]) -> None:
    """The content layer learns the outer content whole; the inner quote comes from the rules."""
    nested = [_document(100 + n, text, quotes) for n, (text, quotes) in enumerate(NESTED)]
    model = train_quote_model([*gold, *nested], config=QuoteModelConfig(max_iterations=60))
    text = "وذكر المسؤول أن الوالي أكد أن الطريق سيفتح غدا."
    assert _strings(text, model.predict(text)) == [
        ("الوالي أكد أن الطريق سيفتح غدا", "المسؤول", "وذكر"),
        ("الطريق سيفتح غدا", "الوالي", "أكد"),
    ]


def test_a_long_text_is_read_a_window_at_a_time(model: QuoteModel, gold: list[Document], monkeypatch) -> None:
    """Past khabar.extract.windows.WINDOW_CHARS, each window is tagged alone and its quotes shifted back."""
    from khabar.extract import windows

    text = "\n\n".join(doc.text for doc in gold * 3)
    by_window = [(start, model.predict(text[start:end])) for start, end in windows.text_windows(text, size=400)]
    assert len(by_window) > 3
    monkeypatch.setattr(windows, "WINDOW_CHARS", 400)
    found = model.predict(text)
    assert found == [windows.shift_quote(q, start) for start, quotes in by_window for q in quotes]
    assert _strings(text, found) == [s for doc in gold * 3 for s in _strings(doc.text, doc.quotes)]
    long_and_short = model.predict_documents([Document("long", text), gold[0]])
    assert [doc.quotes for doc in long_and_short] == [found, model.predict(gold[0].text)]


def test_a_long_text_in_a_batch_leaves_the_others_tagged_together(model: QuoteModel, gold: list[Document],
                                                                   monkeypatch) -> None:
    # One long text in a batch made every text of it be predicted alone.
    from khabar.extract import windows

    longest = max(len(doc.text) for doc in gold)
    long_text = "\n\n".join(doc.text for doc in gold * 2)
    monkeypatch.setattr(windows, "WINDOW_CHARS", longest)
    texts = [gold[0].text, long_text, gold[1].text, gold[2].text, long_text, gold[3].text]
    alone = [model.predict(text) for text in texts]
    assert sum(map(len, alone)) > 2 * len(gold)
    batch_sizes: list[int] = []
    tag_many = model.tag_many

    def recorded(articles):
        batch_sizes.append(len(articles))
        return tag_many(articles)

    monkeypatch.setattr(model, "tag_many", recorded)
    assert model.predict_many(texts) == alone
    windows_each = len(windows.text_windows(long_text))
    assert batch_sizes == [4] + [1] * (2 * windows_each)


def test_round_trip_gives_the_same_predictions(model: QuoteModel, gold: list[Document], tmp_path: Path) -> None:
    written = model.save(tmp_path / "q.zip")
    loaded = QuoteModel.load(written)
    assert loaded.config == model.config
    assert loaded.info == model.info
    texts = [d.text for d in gold] + ["وقال الرئيس إن الانتخابات ستجرى في موعدها."]
    for text in texts:
        assert loaded.predict(text) == model.predict(text)
    # A folder names the file inside it.
    folder = tmp_path / "models"
    folder.mkdir()
    assert model.save(folder) == folder / "quote-model.zip"
    assert QuoteModel.load(folder).predict(texts[0]) == model.predict(texts[0])


def test_the_file_is_a_versioned_zip_without_pickle(model: QuoteModel, tmp_path: Path) -> None:
    written = model.save(tmp_path / "q.zip")
    with zipfile.ZipFile(written) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == {"manifest.json", "content.crfsuite", "attribution.crfsuite", "quote_lexicon.json"}
    assert (manifest["format"], manifest["version"]) == (FORMAT, VERSION)


def test_word_clusters_are_features_and_travel_with_the_model(gold: list[Document], tmp_path: Path) -> None:
    words = {normalize(w) for doc in gold for w in doc.text.split()}
    table = {w: (len(w) % 4, len(w) % 16) for w in words}
    clusters = WordClusters((4, 16), table, {})
    model = train_quote_model(gold, clusters=clusters, config=QuoteModelConfig(max_iterations=30))
    assert model.info["cluster_words"] == len(table)
    loaded = QuoteModel.load(model.save(tmp_path / "c.zip"))
    assert loaded.clusters is not None and loaded.clusters.table == table and loaded.clusters.sizes == (4, 16)
    for doc in gold:
        assert loaded.predict(doc.text) == model.predict(doc.text)


def test_the_model_keeps_the_lexicon_it_was_trained_with(gold: list[Document], tmp_path: Path) -> None:
    packaged = json.loads((resources.files("khabar.data") / "quote_lexicon.json").read_text(encoding="utf-8"))
    # A lexicon that knows سجل ("noted"): the rules, and so the model's features, now find those quotes.
    packaged["verbs"].append({"perfect": "سجل", "imperfect": "يسجل", "participle": "مسجلا", "object": "complement"})
    custom = tmp_path / "lexicon.json"
    custom.write_text(json.dumps(packaged, ensure_ascii=False), encoding="utf-8")
    text = "وسجل المدير أن الإنتاج سيرتفع هذا العام."
    assert QuoteExtractor(custom).extract(text) and not QuoteExtractor().extract(text)

    model = train_quote_model(gold, lexicon_path=custom, config=QuoteModelConfig(max_iterations=30))
    written = model.save(tmp_path / "m.zip")
    custom.unlink()  # the model file holds its own copy
    loaded = QuoteModel.load(written)
    assert "سجل" in {form.lemma for form in loaded.lexicon.forms.values()}
    assert loaded.predict(text) == model.predict(text)
    # Another lexicon may be given on purpose.
    assert "سجل" not in {form.lemma for form in QuoteModel.load(written, lexicon_path=_packaged_copy(tmp_path)).lexicon.forms.values()}


def _packaged_copy(tmp_path: Path) -> Path:
    target = tmp_path / "packaged.json"
    target.write_bytes((resources.files("khabar.data") / "quote_lexicon.json").read_bytes())
    return target


def test_entity_labels_are_features_only_when_asked(gold: list[Document]) -> None:
    text = "وقال أحمد الزين إن الفريق سيفوز."
    entities = [Entity(text.index("أحمد"), text.index("أحمد") + len("أحمد الزين"), "PERS")]
    with_entities = train_quote_model(gold, config=QuoteModelConfig(max_iterations=5, use_entities=True))
    without = train_quote_model(gold, config=QuoteModelConfig(max_iterations=5))
    name = text.split().index("أحمد")
    assert "e=B-PERS" in with_entities._article(text, entities).features[name]
    assert not any(f.startswith("e=") for f in without._article(text, entities).features[name])
    assert with_entities._article(text, ()).features == without._article(text, ()).features


def _reload_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        QuoteModel.load(path)
    return caught.value


def test_missing_and_damaged_files_give_numbered_errors(model: QuoteModel, tmp_path: Path) -> None:
    assert _reload_error(tmp_path / "nothing.zip").code == "E444"
    good = model.save(tmp_path / "good.zip").read_bytes()

    cut = tmp_path / "cut.zip"
    cut.write_bytes(good[: len(good) // 2])
    error = _reload_error(cut)
    assert error.code == "E445" and "cut.zip" in str(error)

    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "khabar-crf/1"}))
    error = _reload_error(foreign)
    assert error.code == "E445" and "khabar-crf/1" in str(error)

    future = tmp_path / "future.zip"
    with zipfile.ZipFile(tmp_path / "good.zip") as source, zipfile.ZipFile(future, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                data = json.dumps({**json.loads(data), "version": VERSION + 1}).encode()
            archive.writestr(name, data)
    error = _reload_error(future)
    assert error.code == "E445" and "version" in str(error)

    broken_layer = tmp_path / "broken.zip"
    with zipfile.ZipFile(tmp_path / "good.zip") as source, zipfile.ZipFile(broken_layer, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, b"not a crfsuite model" if name == "content.crfsuite" else data)
    assert _reload_error(broken_layer).code == "E445"

    bad_lexicon = tmp_path / "bad_lexicon.zip"
    with zipfile.ZipFile(tmp_path / "good.zip") as source, zipfile.ZipFile(bad_lexicon, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, b"{not json" if name == "quote_lexicon.json" else data)
    error = _reload_error(bad_lexicon)
    assert error.code == "E445" and "lexicon" in str(error)

    pickle_like = tmp_path / "model.crf.pkl"
    pickle_like.write_bytes(b"\x80\x05K\x01.")
    assert _reload_error(pickle_like).code == "E445"


def test_gold_without_quotes_cannot_train() -> None:
    with pytest.raises(InputError) as caught:
        train_quote_model([Document("a", "وقال الوزير إن الاتفاق سيوقع غدا.")])
    assert caught.value.code == "E446"


def test_cli_trains_and_extracts_end_to_end(gold: list[Document], tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    write_documents(gold_path, gold)
    runner = CliRunner()
    model_path = tmp_path / "quotes.zip"
    result = runner.invoke(
        app, ["train", "quotes", str(gold_path), "--out", str(model_path), "--max-iterations", "60", "--entities", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    assert summary["documents"] == len(gold) and summary["quotes"] == 12 and model_path.exists()

    plain = [dataclasses.replace(d, quotes=[]) for d in gold]
    in_path = tmp_path / "articles.jsonl"
    write_documents(in_path, plain)
    out = tmp_path / "found.jsonl"
    result = runner.invoke(app, ["extract", "quotes", str(in_path), "--out", str(out), "--model", str(model_path)])
    assert result.exit_code == 0, result.output
    found = list(read_documents(out))
    loaded = QuoteModel.load(model_path)
    assert loaded.config.use_entities and loaded.config.max_iterations == 60
    assert [d.quotes for d in found] == [loaded.predict(d.text) for d in plain]
    assert sum(len(d.quotes) for d in found) == 12

    # The default is still the rules.
    rules_out = tmp_path / "rules.jsonl"
    result = runner.invoke(app, ["extract", "quotes", str(in_path), "--out", str(rules_out)])
    assert result.exit_code == 0, result.output
    extractor = QuoteExtractor()
    assert [d.quotes for d in read_documents(rules_out)] == [extractor.extract(d.text) for d in plain]

    before = model_path.read_bytes()
    result = runner.invoke(app, ["extract", "quotes", str(in_path), "--out", str(model_path), "--model", str(model_path)])
    assert isinstance(result.exception, InputError) and result.exception.code == "E010"
    assert model_path.read_bytes() == before

    result = runner.invoke(app, ["extract", "quotes", str(in_path), "--out", str(tmp_path / "x.jsonl"), "--model", str(tmp_path / "none.zip")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E444"


def test_cli_names_the_gold_files_that_hold_no_quote(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_documents(first, [Document("a", "وقال الوزير إن الاتفاق سيوقع غدا.")])
    write_documents(second, [Document("b", "وصل الوزير إلى تونس.")])
    result = CliRunner().invoke(app, ["train", "quotes", str(first), str(second), "--no-clusters",
                                      "--out", str(tmp_path / "m.zip")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E446"
    assert str(result.exception).startswith(f"[E446] {first}, {second}: no quotes to learn from")
    assert not (tmp_path / "m.zip").exists()


def test_cli_refuses_gold_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "quotes", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "m.zip")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E011"
    assert not (tmp_path / "m.zip").exists()


def test_cli_refuses_gold_with_a_quote_span_out_of_range(tmp_path: Path) -> None:
    # a content span of -5..10 was learnt from as text[-5:10] and the model written
    text = "قال الرئيس محمد: «سنعود غداً»."
    gold = tmp_path / "g.jsonl"
    write_documents(gold, [Document("a", text), Document("b", text, quotes=[Quote(Span(-5, 10), None, Span(0, 3))])])
    result = CliRunner().invoke(app, ["train", "quotes", str(gold), "--out", str(tmp_path / "m.zip"), "--no-clusters"])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.line, result.exception.field) == ("E220", 2, "quotes[0].content")
    assert not (tmp_path / "m.zip").exists()


def test_cli_refuses_gold_with_a_label_written_otherwise(tmp_path: Path) -> None:
    # the model reads PERS and ORG entities as the names sources are: 'pers' was none, silently, and a model written
    text = "قال الرئيس محمد: «سنعود غداً»."
    gold = tmp_path / "g.jsonl"
    write_documents(gold, [Document("a", text), Document("b", text, entities=[Entity(11, 15, "pers")])])
    result = CliRunner().invoke(app, ["train", "quotes", str(gold), "--out", str(tmp_path / "m.zip"), "--no-clusters"])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.field) == ("E226", gold, 2, "entities[0].label")
    assert error.message.endswith("did you mean PERS?)")
    assert not (tmp_path / "m.zip").exists()


@pytest.mark.slow
def test_a_model_beats_the_rules_on_its_own_training_articles(shared_data: Path) -> None:
    """A sanity check, not a measure of quality (that is benchmarks/quote_model.py, on held-out articles)."""
    docs = list(read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"))
    model = train_quote_model(docs)
    extractor = QuoteExtractor()

    def score(predict) -> dict:
        return score_quotes([(doc, dataclasses.replace(doc, quotes=predict(doc))) for doc in docs])

    learned = score(lambda d: model.predict(d.text, d.entities))
    rules = score(lambda d: extractor.extract(d.text, d.entities))
    assert learned["content"]["overlap_0.3"]["f1"] > rules["content"]["overlap_0.3"]["f1"] + 0.05
    assert learned["attribution"]["f1"] > rules["attribution"]["f1"]


def test_the_models_output_passes_the_gold_validator(saudinewsnet_dir: Path, shared_data: Path) -> None:
    """Pre-annotations go to annotators and into gold files: the model's quotes must validate, types included.

    Trained on both shared gold sets (as `make demo` trains it), run over a SaudiNewsNet day it never saw.
    """
    import itertools

    from khabar.corpus import ImportSummary, iter_articles
    from khabar.gold.validate import validate_document

    gold = [doc for name in ("dev_gold.jsonl", "jawharafm_gold.jsonl")
            for doc in read_documents(shared_data / "quotes" / name)]
    model = train_quote_model(gold)
    day = sorted(saudinewsnet_dir.glob("*.zip"))[-1]
    problems, quotes = [], 0
    for article in itertools.islice(iter_articles([day], ImportSummary(out=None)), 400):
        doc = model.predict_document(article.to_document())
        quotes += len(doc.quotes)
        problems += [str(p) for p in validate_document(doc)]
    assert quotes > 500
    assert problems == []


def test_tagging_in_numpy_gives_crfsuites_tags(saudinewsnet_dir: Path, shared_data: Path) -> None:
    """The model tags with the weights of its crfsuite files in numpy (:class:`_CompiledLayers`); crfsuite is the
    reference. Entity labels as features on the gold articles, so that what tokens lend their neighbours is
    exercised too; hostile texts (NULs, no paragraph, long lines, thousands of paragraphs) beside real ones."""
    import itertools

    from khabar.corpus import ImportSummary, iter_articles

    gold = list(read_documents(shared_data / "quotes" / "dev_gold.jsonl"))
    model = train_quote_model(gold, config=QuoteModelConfig(use_entities=True))
    day = sorted(saudinewsnet_dir.glob("*.zip"))[0]
    texts = [(d.text, d.entities) for d in gold]
    texts += [(a.to_document().text, ()) for a in itertools.islice(iter_articles([day], ImportSummary(out=None)), 150)]
    texts += [("", ()), ("\n\n", ()), ('قال\0 الوزير: "نعم\0".', ()), ("وقال الوزير إن " * 300, ())]
    # An entity label with a NUL: crfsuite cuts feature names there, and so must the numpy path.
    texts += [(d.text, [dataclasses.replace(e, label=e.label + "\0") for e in d.entities]) for d in gold[3:10]]
    # One very long line beside many short paragraphs: searched in groups of similar length (_viterbi_groups).
    texts += [("وقال الوزير إن الاتفاق سيوقع غدا " * 2000, ()), ("\n".join(["قال"] * 3000), ())]
    articles = [model._article(text, entities) for text, entities in texts]
    assert model.tag_many(articles) == [model.tag(article) for article in articles]
    tokens = differing = 0
    for text, entities in texts:
        article = model._article(text, entities)
        tokens += article.doc.n
        differing += model._compiled.tag_many([article])[0] != model.tag(article)
    assert tokens > 50_000
    assert differing == 0


def test_each_tokens_distance_to_the_nearest_cues_is_read_within_its_paragraph(shared_data: Path) -> None:
    # _Article._parts writes the distance features a run per cue; read here token by token, as the definition says:
    # the nearest cue before (after) the token in its own paragraph, the token itself not counted.
    from khabar.extract.quotes.linker import distance_class
    from khabar.extract.quotes.model import _Article, _WordCache

    lexicon = load_lexicon()
    texts = [d.text for d in read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl")][:15]
    texts += ["قال", "قال قال\n\nقال", "وقال الوزير إن " * 40, "لا شيء هنا\nقال: نعم"]
    for text in texts:
        article = _Article(text, lexicon, {}, [], None, False, _WordCache(lexicon))
        doc = article.doc
        cue = [k in lexicon.forms or k in lexicon.nominal for k in doc.keys]
        for i in range(doc.n):
            same = [j for j in range(doc.n) if cue[j] and doc.paragraph_of[j] == doc.paragraph_of[i]]
            before = [i - j for j in same if j < i]
            after = [j - i for j in same if j > i]
            expected = ("dl=" + distance_class(min(before), 10) if before else "dl=none",
                        "dr=" + distance_class(min(after), 10) if after else "dr=none")
            assert article.local[i][:2] == expected, (text[:30], i)
        assert any(cue)  # every text here has a cue, so the runs are exercised


def test_spans_of_reads_bio_tags_as_crfsuite_may_write_them() -> None:
    # crfsuite may tag an I- with no B- before it, or run one label's span into another's: each reading pinned.
    from khabar.extract.quotes.model import _spans_of

    tags = ["O", "I-CUE", "I-CUE", "B-SOURCE", "I-SOURCE", "B-CUE", "B-CUE", "I-SOURCE", "O", "I-CUE"]
    assert _spans_of(tags, "CUE") == [(1, 3), (5, 6), (6, 7), (9, 10)]
    assert _spans_of(tags, "SOURCE") == [(3, 5), (7, 8)]
    assert _spans_of(["O"] * 5, "CUE") == [] and _spans_of([], "CUE") == []
    assert _spans_of(["B-CONTENT"] * 2 + ["I-CONTENT"] * 3, "CONTENT") == [(0, 1), (1, 5)]


def test_paragraphs_are_searched_in_groups_of_bounded_size() -> None:
    from khabar.extract.quotes.model import _VITERBI_CELLS, _viterbi_groups

    lengths = [5, 70_000, 3, 900, 900, 40] + [12] * 10_000
    groups = _viterbi_groups(lengths)
    assert sorted(k for group in groups for k in group) == list(range(len(lengths)))
    assert groups[0] == [1]  # the longest alone
    for group in groups:
        longest = max(lengths[k] for k in group)
        assert lengths[group[0]] == longest
        assert len(group) == 1 or len(group) * longest <= _VITERBI_CELLS
    assert len(groups) < 10


def test_a_memo_table_grows_by_doubling_and_keeps_its_rows() -> None:
    # _CompiledLayers writes a new row's scores into a zero row: growing must keep the old rows and add only zeros.
    import numpy as np

    from khabar.extract.quotes.model import _grown

    table = np.arange(24.0).reshape(4, 2, 3)
    assert _grown(table, 4) is table and _grown(table, 0) is table
    grown = _grown(table, 9)
    assert grown.shape == (16, 2, 3) and grown.dtype == table.dtype
    assert (grown[:4] == table).all() and not grown[4:].any()


def test_predicting_many_at_once_gives_the_same_quotes(gold: list[Document]) -> None:
    """Batches share their Viterbi steps (:meth:`QuoteModel.predict_many`); what each article gets must not change,
    whatever else is in its batch or wherever a batch ends."""
    model = train_quote_model(gold, config=QuoteModelConfig(max_iterations=60, use_entities=True))
    docs = [dataclasses.replace(d, quotes=[]) for d in gold] + [Document("empty", "")]
    alone = [model.predict(d.text, d.entities) for d in docs]
    assert sum(map(len, alone)) >= len(ARTICLES)
    assert model.predict_many([d.text for d in docs], [d.entities for d in docs]) == alone
    assert [d.quotes for d in model.predict_documents(iter(docs), batch_size=4)] == alone
    assert [d.id for d in model.predict_documents(docs, batch_size=4)] == [d.id for d in docs]
    with pytest.raises(ValueError, match="2 texts but 1 entity lists"):
        model.predict_many(["أ", "ب"], [()])


def test_a_lone_surrogate_is_read_as_in_a_batch(model: QuoteModel, gold: list[Document]) -> None:
    """crfsuite, which :meth:`QuoteModel.predict` of one text uses, cannot encode a lone surrogate (a text cut
    inside an emoji's UTF-16 pair); such a text is tagged in numpy, as it is inside a batch."""
    text = gold[0].text.replace(" ", " \ud83d ", 1)
    assert has_lone_surrogate(text)
    quotes = model.predict(text)
    assert quotes and quotes == model.predict_many([text, gold[1].text])[0]
    assert all(0 <= q.content.start < q.content.end <= len(text) for q in quotes)


# --- the learned linker -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def learned(gold: list[Document]) -> QuoteModel:
    return train_quote_model(gold, config=QuoteModelConfig(max_iterations=60, linking="learned"))


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a model file with members changed (``None``: left out)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as archive:
        for name in original.namelist():
            data = change(name, original.read(name))
            if data is not None:
                archive.writestr(name, data)
    return target


def test_the_pair_scorer_learns_which_candidate_links() -> None:
    """Near candidates are offered first, yet the gold always links the far one: the scorer learns that."""

    def group(n: int) -> tuple[list[LinkCandidate], list[bool]]:
        options = [
            LinkCandidate((n, n + 1), (n + 2, n + 3), ("bias", "heur", "sd=after:0:same")),
            LinkCandidate((n, n + 1), (n - 9, n - 8), ("bias", "prev=1", "sd=before:6-12:other")),
            LinkCandidate(None, None, ("bias", "cue=none")),
        ]
        return options, [False, True, False]

    scorer = train_scorer([group(n) for n in range(10, 40)])
    options, _ = group(100)
    assert scorer.best(options) is options[1]
    assert scorer.weights["prev=1"] > 0 > scorer.weights["heur"]
    assert PairScorer.from_json(json.loads(json.dumps(scorer.to_json()))) == scorer
    with pytest.raises(ValueError):
        PairScorer.from_json({"kind": "logistic-pairs", "weights": {"bias": "x"}})
    # Groups that leave no choice (all right or all wrong) teach nothing: the heuristic's pair stands.
    assert train_scorer([(options, [True, True, True]), (options, [False, False, False])]).weights == {"heur": 1.0}


def test_a_dropped_subject_is_offered_the_earlier_speaker() -> None:
    text = "وسجل الوالي أن الأسعار ستنخفض قريبا. وسجل أن المراقبة ستشتد في الأسواق."
    lexicon = load_lexicon()
    doc = QuoteDocument(text, lexicon, {})

    def tokens(part: str, start: int = 0) -> tuple[int, int]:
        at = text.index(part, start)
        first = next(k for k in range(doc.n) if doc.starts[k] == at)
        return first, next(k for k in range(doc.n) if doc.ends[k] == at + len(part)) + 1

    speaker, second_cue = tokens("الوالي"), tokens("وسجل", 1)
    content = tokens("المراقبة ستشتد في الأسواق")
    ctx = LinkContext(doc, lexicon, rule_links=[], cues=[tokens("وسجل"), second_cue], sources=[speaker])
    options = candidates(ctx, content, (second_cue, None))
    offered = {(o.cue, o.source): o.features for o in options}
    assert "prev=1" in offered[(second_cue, speaker)]
    assert "heur" in offered[(second_cue, None)] and (None, None) in offered


def test_a_learned_linker_model_links_and_round_trips(learned: QuoteModel, gold: list[Document], tmp_path: Path) -> None:
    assert learned.scorer is not None and learned.scorer.weights
    for doc in gold:
        assert _strings(doc.text, learned.predict(doc.text)) == _strings(doc.text, doc.quotes), doc.id
    written = learned.save(tmp_path / "learned.zip")
    with zipfile.ZipFile(written) as archive:
        assert "linker.json" in archive.namelist()
        assert json.loads(archive.read("manifest.json"))["version"] == VERSION == 2
    loaded = QuoteModel.load(written)
    assert loaded.config == learned.config and loaded.scorer == learned.scorer
    texts = [d.text for d in gold] + ["افتتح المهرجان أمس.\nوسجل المدير الفني أن العروض ستتواصل أسبوعا كاملا."]
    for text in texts:
        assert loaded.predict(text) == learned.predict(text)
        assert loaded.predict(text, linking="heuristic") == learned.predict(text, linking="heuristic")

    no_linker = _rewrite(written, tmp_path / "no-linker.zip", lambda name, data: None if name == "linker.json" else data)
    assert _reload_error(no_linker).code == "E445"
    junk = _rewrite(written, tmp_path / "junk.zip", lambda name, data: b"[1, 2]" if name == "linker.json" else data)
    error = _reload_error(junk)
    assert error.code == "E445" and "junk.zip" in str(error)


def test_a_heuristic_model_cannot_link_with_a_learned_scorer(model: QuoteModel) -> None:
    assert model.scorer is None and model.config.linking == "heuristic"
    with pytest.raises(ValueError):
        model.predict("وقال الوزير إن الاتفاق سيوقع غدا.", linking="learned")
    with pytest.raises(ValueError):
        QuoteModelConfig(linking="guess")


def test_a_model_file_of_version_1_still_loads_with_the_heuristic_linking(
    model: QuoteModel, gold: list[Document], tmp_path: Path
) -> None:
    """Files written before the linker existed: version 1, no linker member, no linking settings."""
    written = model.save(tmp_path / "now.zip")

    def as_version_1(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        for key in ("linking", "link_folds", "link_c"):
            del manifest["config"][key]
        return json.dumps({**manifest, "version": 1}).encode()

    old = QuoteModel.load(_rewrite(written, tmp_path / "old.zip", as_version_1))
    assert old.scorer is None and old.config.linking == "heuristic"
    for doc in gold:
        assert old.predict(doc.text) == model.predict(doc.text)


def test_cli_trains_a_learned_linker(gold: list[Document], tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    write_documents(gold_path, gold)
    runner = CliRunner()
    model_path = tmp_path / "learned.zip"
    result = runner.invoke(
        app, ["train", "quotes", str(gold_path), "--out", str(model_path), "--max-iterations", "60", "--linking", "learned"]
    )
    assert result.exit_code == 0, result.output
    loaded = QuoteModel.load(model_path)
    assert loaded.config.linking == "learned" and loaded.scorer is not None
    plain = [dataclasses.replace(d, quotes=[]) for d in gold]
    in_path, out = tmp_path / "articles.jsonl", tmp_path / "found.jsonl"
    write_documents(in_path, plain)
    result = runner.invoke(app, ["extract", "quotes", str(in_path), "--out", str(out), "--model", str(model_path)])
    assert result.exit_code == 0, result.output
    assert [d.quotes for d in read_documents(out)] == [loaded.predict(d.text) for d in plain]

    result = runner.invoke(app, ["train", "quotes", str(gold_path), "--out", str(tmp_path / "x.zip"), "--linking", "guess"])
    assert result.exit_code != 0 and not (tmp_path / "x.zip").exists()
