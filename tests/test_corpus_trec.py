"""TREC/CLEF ``<DOC>`` records: the scanner on small files, and the whole ANT corpus through the importer."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from khabar.corpus import import_corpus
from khabar.corpus.readers import Notice, Problem, RawRecord, SkippedFiles, read_source
from khabar.corpus.trec import TrecProblem, TrecRecord, looks_like_trec, parse_trec

TWO_RECORDS = """<DOC>
<DOCNO>JA-localNews-1-20160404</DOCNO>
<URL>http://example.org/a?x=1&utm_source=fb</URL>
<SRC>Jawhara FM</SRC>
<CAT>localNews</CAT>
<TITLE>عنوان
مقطوع</TITLE>
<TIME>04/05/2016</TIME>
<ABSTRACT>ملخص</ABSTRACT>
<TEXT>
  قال الوزير: "نعم" &amp; أكثر &#1575; &
</TEXT>
</DOC>
<DOC>
<DOCNO>JA-localNews-2-20160512</DOCNO>
<TIME>2016-05-12T122300</TIME>
<AUTHOR></AUTHOR>
<TEXT>نص ثان</TEXT>
</DOC>
"""


def test_two_records_fields_lines_and_references() -> None:
    first, second = parse_trec(TWO_RECORDS)
    assert isinstance(first, TrecRecord) and isinstance(second, TrecRecord)
    assert (first.line, first.index, second.line, second.index) == (1, 0, 14, 1)
    assert first.fields == {
        "id": "JA-localNews-1-20160404", "url": "http://example.org/a?x=1&utm_source=fb", "source": "Jawhara FM",
        "category": "localNews", "title": "عنوان\nمقطوع", "date": "04/05/2016", "abstract": "ملخص",
        "text": 'قال الوزير: "نعم" & أكثر ا &',  # references decoded, the bare & kept, outer white space gone
    }
    assert second.fields == {"id": "JA-localNews-2-20160512", "date": "2016-05-12T122300", "author": "",
                             "text": "نص ثان"}


# A second Gigaword record after the first (the `gigaword_story` fixture): an entity, wrapped lines, empty paragraphs.
GIGAWORD_SECOND = """<DOC id="AFP_ARB_20010102.0002" type="multi" >
<HEADLINE>
عناوين
</HEADLINE>
<TEXT>
<P>
الجزائر &amp; تونس:   
  المؤتمر يبدأ غدا
</P>
<P>

</P>
<P type="x">الخبر الثاني</P>
</TEXT>
</DOC>
"""

#: The first record's text: one line break between paragraphs, the wrapped lines of one joined by a space.
GIGAWORD_TEXT = ('قال وزير الخارجية المصري عمرو موسى اليوم ان مصر ستشارك في المؤتمر الدولي حول السلام في الشرق '
                 'الاوسط.\nواضاف موسى ان "الوضع صعب".')


def test_gigaword_records(gigaword_story: str) -> None:
    """The id and type from the <DOC> tag, the paragraphs one a line (an empty one dropped), HEADLINE the title,
    DATELINE kept, the date and source from the Gigaword id. Before, each was E131 (no <DOCNO>)."""
    first, second = parse_trec(gigaword_story + GIGAWORD_SECOND)
    assert isinstance(first, TrecRecord) and isinstance(second, TrecRecord)
    assert (first.line, second.line) == (1, 18)
    assert first.fields == {"id": "AFP_ARB_20010101.0001", "type": "story", "title": "الرئيس يلتقي الوزير",
                            "dateline": "القاهرة 1-1 (اف ب)", "text": GIGAWORD_TEXT, "date": "2001-01-01",
                            "source": "afp"}
    assert second.fields == {"id": "AFP_ARB_20010102.0002", "type": "multi", "title": "عناوين",
                             "text": "الجزائر & تونس: المؤتمر يبدأ غدا\nالخبر الثاني", "date": "2001-01-02",
                             "source": "afp"}


def test_docno_wins_over_the_id_attribute_and_the_attribute_is_kept() -> None:
    """A record holding both is read as before the attribute was (its DOCNO the id), and loses nothing."""
    [record] = parse_trec('<DOC id="AFP_ARB_20010101.0001" type=story><DOCNO>X-1</DOCNO><TEXT>نص</TEXT></DOC>')
    assert isinstance(record, TrecRecord)
    assert record.fields == {"doc_id": "AFP_ARB_20010101.0001", "type": "story", "id": "X-1", "text": "نص"}
    [empty] = parse_trec('<DOC id="G-1"><DOCNO></DOCNO><TEXT>نص</TEXT></DOC>')  # an empty DOCNO gives no id
    assert isinstance(empty, TrecRecord) and empty.fields == {"id": "G-1", "text": "نص"}


@pytest.mark.parametrize(("doc_id", "date", "source"), [
    ("XIN_ARB_19950315.0042", "1995-03-15", "xin"),
    ("NYT19980101.0001", None, None),  # TDT's ids: another shape, never guessed at
    ("afp_arb_20010101.0001", None, None),
    ("AFP_ARB_20011399.0001", None, None),  # no such day
    ("AFP_ARB_20010101.01", None, None),
    ("AFP_ARB_20010101.0001x", None, None),
])
def test_only_a_gigaword_id_gives_the_date_and_source(doc_id: str, date: str | None, source: str | None) -> None:
    [record] = parse_trec(f'<DOC id="{doc_id}"><TEXT>نص</TEXT></DOC>')
    assert isinstance(record, TrecRecord) and record.fields["id"] == doc_id
    assert (record.fields.get("date"), record.fields.get("source")) == (date, source)


def test_a_date_or_source_given_wins_over_the_id() -> None:
    [record] = parse_trec('<DOC id="AFP_ARB_20010101.0001"><SRC>AFP Arabic</SRC><TEXT>نص</TEXT></DOC>')
    assert isinstance(record, TrecRecord)
    assert (record.fields["source"], record.fields["date"]) == ("AFP Arabic", "2001-01-01")
    [record] = parse_trec('<DOC id="AFP_ARB_20010101.0001"><TIME>2001-01-01T10:00</TIME><TEXT>نص</TEXT></DOC>')
    assert isinstance(record, TrecRecord)
    assert (record.fields["source"], record.fields["date"]) == ("afp", "2001-01-01T10:00")


def test_sniffing() -> None:
    assert looks_like_trec(b"\xef\xbb\xbf\n  <DOC>\n<DOCNO>")
    assert looks_like_trec(b'<?xml version="1.0" encoding="UTF-8"?>\n<DOC>')
    assert looks_like_trec(b'<DOC id="1">')
    assert not looks_like_trec(b"<DOCUMENT>") and not looks_like_trec("نص عادي".encode())


@pytest.mark.parametrize(("broken", "message", "docno", "line"), [
    ("<DOC>\n<DOCNO>X-1</DOCNO>\n<TEXT>نص\n", "<DOC> is never closed", "X-1", 1),
    ("<DOC>\n<DOCNO>X-1</DOCNO>\n<TEXT>نص\n</DOC>\n", "element <TEXT> is never closed", "X-1", 3),
    ("<DOC>\n<TEXT>نص</TEXT>\n</DOC>\n", "no <DOCNO>", None, 1),
    ("<DOC>\n<DOCNO>X-1</DOCNO>\nنص خارج\n</DOC>\n", "text outside any element", "X-1", 3),
    ("<DOC>\n<DOCNO>X-1</DOCNO><TEXT>a</TEXT><TEXT>b</TEXT>\n</DOC>\n", "appears twice", "X-1", 1),
    # Gigaword's shape: the id in the tag, the text in <P> paragraphs.
    ('<DOC id="G-1" type="story">\n<TEXT>\n<P>\nنص\n<P>\nثان\n</P>\n</TEXT>\n</DOC>\n',
     "element <P> in <TEXT> is never closed", "G-1", 3),
    ('<DOC id="G-1" type="story">\n<TEXT>\n<P>نص</P>\n</TEXT>\n<P>\nخارج\n</P>\n</DOC>\n',
     "element <P> outside any field", "G-1", 5),
    ('<DOC id="G-1" type="story">\n<TEXT>\n<P>نص</P>\nمقدمة\n<P>ثان</P>\n</TEXT>\n</DOC>\n',
     "text outside any <P> in <TEXT>: 'مقدمة", "G-1", 4),
    ('<DOC id="" type="story">\n<TEXT>\n<P>نص</P>\n</TEXT>\n</DOC>\n',
     "the id attribute of <DOC> is empty and there is no <DOCNO>", None, 1),
    ('<DOC type="story">\n<TEXT>\n<P>نص</P>\n</TEXT>\n</DOC>\n', "no <DOCNO> and no id attribute", None, 1),
    ('<DOC id="G-1" id="G-2">\n<TEXT>\n<P>نص</P>\n</TEXT>\n</DOC>\n', "attribute 'id' of <DOC> appears twice",
     "G-1", 1),
])
def test_malformed_record_is_reported_and_the_rest_read(broken: str, message: str, docno: str | None,
                                                        line: int) -> None:
    items = list(parse_trec(broken + TWO_RECORDS))
    problem = items[0]
    assert isinstance(problem, TrecProblem) and message in problem.message
    assert (problem.docno, problem.line, problem.index) == (docno, line, 0)
    records = [i for i in items[1:] if isinstance(i, TrecRecord)]
    assert [r.fields["id"] for r in records] == ["JA-localNews-1-20160404", "JA-localNews-2-20160512"]
    assert records[0].line == broken.count("\n") + 1


@pytest.mark.parametrize("damage", ["<DOX>", "<D\xffC>", ""], ids=["misspelt", "bad-byte", "lost"])
def test_a_damaged_first_doc_tag_costs_its_record_only(tmp_path: Path, damage: str) -> None:
    """The first <DOC> misspelt, holding a bad byte or lost: the file is still read as TREC (it used to become
    one plain-text article, every record in it lost without a word), the damaged record reported by its DOCNO
    and line, the others read."""
    path = tmp_path / "news.txt"
    path.write_bytes(TWO_RECORDS.encode().replace(b"<DOC>", damage.encode("latin-1"), 1)
                     + TWO_RECORDS.replace("JA-localNews-", "JA-other-").encode())
    items = list(read_source(path))
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.error.code, p.error.doc_id, p.error.line) for p in problems] == [
        ("E104" if "\xff" in damage else "E131", "JA-localNews-1-20160404", 1 if damage else 2)]
    assert "text outside any <DOC> record" in problems[0].error.message
    assert [i.fields["id"] for i in items if isinstance(i, RawRecord)] == [
        "JA-localNews-2-20160512", "JA-other-1-20160404", "JA-other-2-20160512"]


def test_sniffing_a_damaged_start() -> None:
    assert looks_like_trec(b"<DOX>\n<DOCNO>JA-1</DOCNO>") and looks_like_trec(b"<DOCNO>JA-1</DOCNO>\n<TEXT>")
    # A <DOCNO> only far into a file, or in text that does not open with a tag, is no TREC file.
    assert not looks_like_trec(b"<p>" + b"x" * 400 + b"<DOCNO>") and not looks_like_trec("نص <DOCNO>".encode())


def test_xml_declaration_is_skipped() -> None:
    first, second = parse_trec('<?xml version="1.0" encoding="UTF-8"?>\n' + TWO_RECORDS)
    assert isinstance(first, TrecRecord) and (first.line, second.line) == (2, 15)


def test_reader_names_file_and_record(tmp_path: Path) -> None:
    path = tmp_path / "news.xml"
    path.write_text(TWO_RECORDS + "<DOC>\n<DOCNO>JA-bad-3</DOCNO>\n<TEXT>x\n</DOC>\n", encoding="utf-8")
    items = list(read_source(path))
    assert [type(i) for i in items] == [RawRecord, RawRecord, Problem]
    error = items[2].error
    assert error.code == "E131" and error.line == 22 and error.doc_id == "JA-bad-3" and error.path == path
    assert "record 3 (JA-bad-3)" in str(error) and "<TEXT> is never closed" in str(error)


def test_xml_that_is_not_trec(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?><root/>", encoding="utf-8")
    [problem] = list(read_source(path))
    assert isinstance(problem, Problem) and problem.error.code == "E130" and problem.fatal_for_file


def test_txt_folder_import_maps_fields_and_dates(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.txt").write_text(TWO_RECORDS, encoding="utf-8")
    (folder / "b.txt").write_text("<DOC><DOCNO>E-1</DOCNO><TEXT>\n \n</TEXT></DOC>", encoding="utf-8")
    (folder / "c.txt").write_text("نص مقال عادي", encoding="utf-8")  # a plain-text article still reads as before
    summary = import_corpus(folder, tmp_path / "out.jsonl")
    assert summary.articles == 3 and summary.skipped == {"empty_text": 1}
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    first, second = rows[0], rows[1]
    assert first["id"] == "JA-localNews-1-20160404" and first["date"] == "2016-05-04"  # day first
    assert first["meta"] == {"category": "localNews", "abstract": "ملخص"}
    assert first["source"] == "Jawhara FM" and first["title"] == "عنوان\nمقطوع"
    assert second["date"] == "2016-05-12T12:23:00"  # the broken ISO time, repaired
    assert second["author"] is None and rows[2]["text"] == "نص مقال عادي"


@pytest.mark.slow
def test_whole_ant_corpus(shared_data: Path, tmp_path: Path) -> None:
    zipped = shared_data / "antcorpus" / "antcorpus.data-master.zip"
    out = tmp_path / "ant.jsonl"
    summary = import_corpus(zipped, out)
    assert summary.articles == 10_138 and dict(summary.skipped) == {"empty_text": 23} and summary.renamed_ids == 0
    articles = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        articles[article["id"]] = article
    assert len(articles) == 10_138
    with zipfile.ZipFile(zipped) as archive:
        names = {Path(n).stem for n in archive.namelist() if n.endswith(".txt")}
    # ids are the DOCNOs, and the files are named after them but for two whose DOCNO is cut short ('92').
    assert len(set(articles) - names) == 2
    dates = [a["date"] for a in articles.values()]
    assert all(len(d) in (10, 19, 25) and d[4] == "-" and d[7] == "-" for d in dates)
    assert sum(len(d) == 19 for d in dates) == 7  # the broken 2016-05-12T122300 forms, repaired
    assert sum("category" in a["meta"] for a in articles.values()) == 10_137  # one file has no <CAT>
    gold = [json.loads(line) for line in (shared_data / "quotes" / "jawharafm_gold.jsonl").open(encoding="utf-8")]
    assert len(gold) == 40
    for document in gold:
        article = articles[document["id"]]
        assert article["text"] == document["text"]
        assert (article["date"], article["meta"]["category"]) == (document["meta"]["date"],
                                                                  document["meta"]["category"])


def test_references_to_no_character_are_kept_as_written() -> None:
    """A reference to a surrogate, to NUL or past U+10FFFF names no character: decoded, a surrogate would be a
    lone one that no UTF-8 output holds; kept as written, nothing is lost and the record is read."""
    [record] = parse_trec("<DOC><DOCNO>d</DOCNO><TEXT>a &#xDC80; &#55296; &#xd83d;&#xde00; &#0; &#x110000; "
                          "&#x41;</TEXT></DOC>")
    assert isinstance(record, TrecRecord)
    assert record.fields["text"] == "a &#xDC80; &#55296; &#xd83d;&#xde00; &#0; &#x110000; A"


def test_surrogate_reference_imports_and_writes(tmp_path: Path) -> None:
    """Before, ``&#xD800;`` in a clean file crashed the import with UnicodeEncodeError when the article was
    written; now the reference is kept, and the article written as UTF-8."""
    path = tmp_path / "a.txt"
    path.write_text("<DOC><DOCNO>d1</DOCNO><TEXT>نص &#xD800; &#xDC80;</TEXT></DOC>\n", encoding="utf-8")
    summary = import_corpus(path, tmp_path / "out.jsonl")
    assert summary.articles == 1
    [row] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["text"] == "نص &#xD800; &#xDC80;"


# A bad byte (0xFF) in a UTF-8 file whose Arabic letters keep it UTF-8 for the sniffer.
_BAD = "<DOC><DOCNO>{}</DOCNO><TEXT>نص ab\udcff</TEXT></DOC>\n"
_REFERENCE = "<DOC><DOCNO>{}</DOCNO><TEXT>a &#xDC80; b</TEXT></DOC>\n"
_CLEAN = "<DOC><DOCNO>{}</DOCNO><TEXT>نص</TEXT></DOC>\n"


@pytest.mark.parametrize("order", [(_BAD, _REFERENCE, _CLEAN), (_REFERENCE, _BAD, _CLEAN)],
                         ids=["byte-then-reference", "reference-then-byte"])
def test_reference_is_not_taken_for_a_bad_byte(tmp_path: Path, order: tuple[str, str, str]) -> None:
    """Damage is looked for in a record's text as written, where ``&#xDC80;`` is not a bad byte. Before, the
    first order crashed (StopIteration in a generator), the second dropped the wrong record."""
    path = tmp_path / "a.txt"
    path.write_bytes("".join(part.format(f"d{n}") for n, part in enumerate(order, 1)).encode("utf-8",
                                                                                         "surrogateescape"))
    items = list(read_source(path))
    damaged = order.index(_BAD) + 1
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert (problem.error.code, problem.error.line, problem.error.doc_id, problem.error.field) == (
        "E104", damaged, f"d{damaged}", "text")
    kept = {i.fields["id"]: i.fields["text"] for i in items if isinstance(i, RawRecord)}
    assert kept == {f"d{order.index(_REFERENCE) + 1}": "a &#xDC80; b", "d3": "نص"}


def test_bad_bytes_of_records_on_one_line(tmp_path: Path) -> None:
    """Each damaged record is reported at its own bad byte, even with several records on one line: before,
    the second was given the first's byte, found by line alone."""
    path = tmp_path / "a.txt"
    data = ("<DOC><DOCNO>d1</DOCNO><TEXT>نص \udcff</TEXT></DOC>"
            "<DOC><DOCNO>d2</DOCNO><TEXT>نص نص نص \udcfe</TEXT></DOC>\n").encode("utf-8", "surrogateescape")
    path.write_bytes(data)
    first, second = list(read_source(path))
    assert isinstance(first, Problem) and isinstance(second, Problem)
    assert (first.error.doc_id, second.error.doc_id) == ("d1", "d2")
    columns = data.index(b"\xff"), data.index(b"\xfe")
    assert f"at byte {columns[0]} of the line" in first.error.message
    assert f"at byte {columns[1]} of the line" in second.error.message


def test_bad_byte_in_an_attribute_costs_no_record(tmp_path: Path) -> None:
    """An attribute is not read: a bad byte there is a notice, and the record is imported."""
    path = tmp_path / "a.txt"
    path.write_bytes('<DOC><DOCNO>d1</DOCNO><TEXT lang="\udcff">نص</TEXT></DOC>\n'.encode("utf-8", "surrogateescape"))
    notice, record = list(read_source(path))
    assert isinstance(notice, Notice) and notice.reason == "undecodable_attribute"
    assert f"{path}:1:" in notice.message and "record 1 (d1)" in notice.message
    assert isinstance(record, RawRecord) and record.fields == {"id": "d1", "text": "نص"}


@pytest.mark.parametrize(("broken", "message", "line", "field"), [
    ("<TEXT>\n<P>\nنص\n<P>\nثان\n</P>\n</TEXT>", "element <P> in <TEXT> is never closed", 3, "text"),
    ("<TEXT>\n<P>نص</P>\n</TEXT>\n<P>خارج</P>", "element <P> outside any field", 5, "p"),
])
def test_a_malformed_gigaword_record_is_numbered_with_file_line_and_id(tmp_path: Path, broken: str, message: str,
                                                                       line: int, field: str, gigaword_story: str) -> None:
    """In a gzipped month file between two good records: E131 at the <P>'s line, naming the record and its id."""
    path = tmp_path / "afp_arb_200101.gz"
    bad = f'<DOC id="AFP_ARB_20010101.0003" type="story">\n{broken}\n</DOC>\n'
    path.write_bytes(gzip.compress((gigaword_story + bad + GIGAWORD_SECOND).encode()))
    _assert_the_record_between_two_good_ones_is_e131(
        path, ["AFP_ARB_20010101.0001", "AFP_ARB_20010102.0002"], 17 + line, field, "AFP_ARB_20010101.0003", message)


def _assert_the_record_between_two_good_ones_is_e131(
        path: Path, good: list[str], line: int, field: str, doc_id: str, message: str) -> None:
    """The file's second record is malformed: the two around it import, it is one E131 at its line, naming it."""
    items = list(read_source(path))
    assert [i.fields["id"] for i in items if isinstance(i, RawRecord)] == good
    [problem] = [i for i in items if isinstance(i, Problem)]
    error = problem.error
    assert (error.code, error.path, error.line, error.field, error.doc_id) == ("E131", path, line, field, doc_id)
    assert f"record 2 ({doc_id}): {message}" in error.message


# --- ACE 2005 source files (.sgm) and LDC's newer layout (TAC KBP, BOLT) ------------------------------------------

#: An ACE 2005 newswire source file as LDC2006T06 ships it: the fields one level down in <BODY>, the text plain,
#: hard-wrapped, a blank line between two paragraphs.
ACE_NEWSWIRE = """<DOC>
<DOCID> AFP_ARB_20000715.0009 </DOCID>
<DOCTYPE SOURCE="newswire"> NEWS STORY </DOCTYPE>
<DATETIME> 2000-07-15 08:15 </DATETIME>
<BODY>
<HEADLINE>
عنوان
الخبر
</HEADLINE>
<TEXT>
قال الوزير اليوم ان مصر
ستشارك في المؤتمر.

واضاف ان &quot;الوضع صعب&quot;.
</TEXT>
</BODY>
</DOC>
"""


def test_ace_newswire_file_imports_as_an_article(tmp_path: Path) -> None:
    """id from DOCID, date from DATETIME, title from HEADLINE, the text's wrapped lines joined, DOCTYPE and its SOURCE
    in meta. Before, E131: no <DOCNO> and no id attribute."""
    path = tmp_path / "AFP_ARB_20000715.0009.sgm"
    path.write_text(ACE_NEWSWIRE, encoding="utf-8")
    summary = import_corpus(path, tmp_path / "out.jsonl")
    assert summary.articles == 1 and not summary.skipped
    [row] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (row["id"], row["date"], row["title"], row["source"]) == (
        "AFP_ARB_20000715.0009", "2000-07-15T08:15:00", "عنوان الخبر", "afp")
    assert row["text"] == 'قال الوزير اليوم ان مصر ستشارك في المؤتمر.\nواضاف ان "الوضع صعب".'
    assert row["meta"] == {"doctype": "NEWS STORY", "doctype_source": "newswire"}


ACE_BROADCAST_NEWS = """<doc>
<docno> ALH_ARB_20030304.1700 </docno>
<docid> VAR_ARB_1 </docid>
<doctype source="broadcast news"> NEWS STORY </doctype>
<datetime> 2003-03-04 17:40:47 </datetime>
<body>
<text>
<turn>
نشرة
الأخبار
</turn>
<turn>
<speaker> المراسل </speaker>
قال &amp; أضاف
</turn>
</text>
<endtime> 2003-03-04 17:41:30 </endtime>
</body>
</doc>
<DOC>
<DOCID> ARB_WL_20050102.1000 </DOCID>
<DOCTYPE SOURCE="weblog"> WEB TEXT </DOCTYPE>
<DATETIME> 2005-01-02T10:00:00 </DATETIME>
<BODY>
<HEADLINE>عنوان</HEADLINE>
<TEXT>
<POST>
<POSTER> أحمد </POSTER>
<POSTDATE> 2005-01-02T10:00:00 </POSTDATE>
نص
المدونة

فقرة ثانية
</POST>
<POST>
<POSTER> علي </POSTER>
رد
</POST>
</TEXT>
</BODY>
</DOC>
<DOC>
<DOCNO>TREC-1</DOCNO>
<BODY>
نص كما
كان
</BODY>
</DOC>
"""


def test_ace_turns_posts_lower_case_and_a_docno() -> None:
    """Lower-case tags; a DOCNO stays the id (DOCID kept); each turn's or post's text its paragraphs, their speakers,
    posters and dates one line per block; ENDTIME kept. A <BODY> holding text, no element, is a value as before."""
    news, weblog, plain = parse_trec(ACE_BROADCAST_NEWS)
    assert isinstance(news, TrecRecord) and isinstance(weblog, TrecRecord) and isinstance(plain, TrecRecord)
    assert news.fields == {"id": "ALH_ARB_20030304.1700", "docid": "VAR_ARB_1", "doctype": "NEWS STORY",
                           "doctype_source": "broadcast news", "date": "2003-03-04 17:40:47",
                           "text": "نشرة الأخبار\nقال & أضاف", "speaker": "\nالمراسل",
                           "endtime": "2003-03-04 17:41:30", "source": "alh"}
    assert weblog.fields == {"id": "ARB_WL_20050102.1000", "doctype": "WEB TEXT", "doctype_source": "weblog",
                             "date": "2005-01-02T10:00:00", "title": "عنوان", "text": "نص المدونة\nفقرة ثانية\nرد",
                             "poster": "أحمد\nعلي", "postdate": "2005-01-02T10:00:00\n"}
    assert (weblog.line, plain.line) == (20, 42)
    assert plain.fields == {"id": "TREC-1", "body": "نص كما\nكان"}


def test_tags_are_read_whatever_their_case_and_closed_in_another(tmp_path: Path) -> None:
    """SGML's tag names are case-insensitive: an ACE <P> closed by </p> was E131 (never closed), and so was any
    element whose end tag is spelt in another case (<DocID> … </DOCID>, <TEXT> … </text>)."""
    mixed = ("<Doc>\n<DocID> AFP_ARB_20000715.0011 </DOCID>\n<DOCTYPE SOURCE=\"newswire\"> NEWS STORY </doctype>\n"
             "<DateTime> 2000-07-15 </datetime>\n<Body>\n<Headline>\nعنوان\n</HEADLINE>\n<TEXT>\n<P>\nقال الوزير\n"
             "اليوم\n</p>\n<p>\nفقرة ثانية\n</P>\n<Turn>\n<Speaker> المراسل </SPEAKER>\nنص\n</TURN>\n</text>\n"
             "</BODY>\n</doc>\n")
    [record] = parse_trec(mixed)
    assert isinstance(record, TrecRecord), record
    assert record.fields == {"id": "AFP_ARB_20000715.0011", "doctype": "NEWS STORY", "doctype_source": "newswire",
                             "date": "2000-07-15", "title": "عنوان", "text": "قال الوزير اليوم\nفقرة ثانية\nنص",
                             "speaker": "المراسل", "source": "afp"}
    only_p = ACE_NEWSWIRE.replace("<TEXT>\n", "<TEXT>\n<P>\n").replace("\n</TEXT>", "\n</p>\n</TEXT>")
    [record] = parse_trec(only_p)
    assert isinstance(record, TrecRecord), record
    assert record.fields["text"] == 'قال الوزير اليوم ان مصر ستشارك في المؤتمر. واضاف ان "الوضع صعب".'
    [gigaword] = parse_trec('<DOC id="AFP_ARB_20010101.0001" type="story">\n<Text>\n<p>\nنص\n</P>\n</TEXT>\n</doc>\n')
    assert isinstance(gigaword, TrecRecord) and gigaword.fields["text"] == "نص"
    path = tmp_path / "mixed.sgm"
    path.write_text(mixed, encoding="utf-8")
    summary = import_corpus(path, tmp_path / "out.jsonl")
    assert summary.articles == 1 and not summary.skipped


@pytest.mark.parametrize(("record", "fields"), [
    ('<doc docid="ARB_NW_001278_20130410_F00003QPS">\n<date_time>2013-04-10T00:00:00</date_time>\n'
     "<headline>\nعنوان\n</headline>\n<text>\n<p>فقرة\nأولى</p>\n<p>ثانية</p>\n</text>\n</doc>\n",
     {"id": "ARB_NW_001278_20130410_F00003QPS", "date": "2013-04-10T00:00:00", "title": "عنوان",
      "text": "فقرة أولى\nثانية"}),
    ('<DOC id="" docid="KBP-2" type="story">\n<TEXT>\nنص\n</TEXT>\n</DOC>\n',
     {"id": "KBP-2", "type": "story", "text": "نص"}),
    # An id given wins and the docid is kept; a date given wins over DATE_TIME, kept too.
    ('<DOC id="KBP-1" docid="KBP-2">\n<DATE_TIME>2013-04-10</DATE_TIME>\n<TEXT>\nنص\n</TEXT>\n</DOC>\n',
     {"id": "KBP-1", "docid": "KBP-2", "date": "2013-04-10", "text": "نص"}),
    ('<DOC docid="KBP-3">\n<TIME>2013-04-11</TIME>\n<DATE_TIME>2013-04-10</DATE_TIME>\n<TEXT>نص</TEXT>\n</DOC>\n',
     {"id": "KBP-3", "date": "2013-04-11", "date_time": "2013-04-10", "text": "نص"}),
])
def test_ldc_newer_layout_docid_attribute_and_date_time(record: str, fields: dict[str, str]) -> None:
    """``<DOC docid="…">`` is the id when there is no id or DOCNO, DATE_TIME the date. Before, E131 (no id) or the
    date left in meta."""
    [parsed] = parse_trec(record)
    assert isinstance(parsed, TrecRecord) and parsed.fields == fields


@pytest.mark.parametrize(("broken", "message", "line", "field"), [
    # A self-closing element other than ACE's quote (ACE's quote is read: see below), a <QUOTE> beside one.
    ("<TEXT>\n<POST>\n<POSTER> أ </POSTER>\nنص\n<BR/>\n</POST>\n</TEXT>",
     "element <BR> in <POST> in <TEXT> is not read", 8, "text"),
    ("<TEXT>\n<POST>\nنص\n<QUOTE PREVIOUSPOST=\"قديم\"/>\n<QUOTE ID=\"2\"/>\n</POST>\n</TEXT>",
     "element <QUOTE> in <POST> in <TEXT> is not read", 8, "text"),
    ("<TEXT>\n<POST>\n<QUOTE PREVIOUSPOST=\"قديم\"/>\nنص\n</POST>\n</TEXT>\n<PREVIOUS_POSTS>أ</PREVIOUS_POSTS>",
     "'previous_posts' is given twice", 1, "previous_posts"),
    ("<TEXT>\nنص <B>مهم</B>\n</TEXT>", "element <B> in <TEXT> is not read", 5, "text"),
    ("<TEXT>\n<TURN>\nنص\n<TURN>\nثان\n</TURN>\n</TEXT>", "element <TURN> in <TEXT> is never closed", 5, "text"),
    ("<TEXT>\n<TURN>\nنص\n</TURN>\nخارج\n</TEXT>", "text outside any <P>, <TURN> or <POST> in <TEXT>: 'خارج", 8,
     "text"),
    ("<TEXT>\n<TURN>\n<SPEAKER>أ</SPEAKER>\n<SPEAKER>ب</SPEAKER>\nنص\n</TURN>\n</TEXT>",
     "element <SPEAKER> appears twice in a <TURN>", 7, "text"),
    ("<HEADLINE>\nعنوان\n</HEADLINE>\nنص خارج", "text outside any element: 'نص خارج", 7, None),
    ("<TEXT>\nنص\n", "element <TEXT> is never closed", 4, "text"),
])
def test_a_malformed_ace_record_is_numbered_with_file_line_and_id(tmp_path: Path, broken: str, message: str,
                                                                  line: int, field: str | None) -> None:
    """Between two good ACE records of one .sgm file: E131 at the line of what is wrong, naming the record and its
    DOCID; an element khabar does not read is an error, not text lost or kept as tags."""
    path = tmp_path / "ace.sgm"
    bad = f"<DOC>\n<DOCID> ACE-BAD </DOCID>\n<BODY>\n{broken}\n</BODY>\n</DOC>\n"
    path.write_text(ACE_NEWSWIRE + bad + ACE_NEWSWIRE.replace("0009", "0010"), encoding="utf-8")
    _assert_the_record_between_two_good_ones_is_e131(
        path, ["AFP_ARB_20000715.0009", "AFP_ARB_20000715.0010"], 17 + line, field, "ACE-BAD", message)


#: An ACE 2005 weblog source file whose posts quote earlier posts, as LDC2006T06 writes them: a quote alone on its
#: lines after a post's text (blank lines around it, its quoted text wrapped, holding a reference and a "<...>"),
#: one inside a line of text, and one standing between two lines of text.
ACE_WEBLOG_QUOTES = """<DOC>
<DOCID> ARB_WL_20050102.1001 </DOCID>
<DOCTYPE SOURCE="weblog"> WEB TEXT </DOCTYPE>
<DATETIME> 2005-01-02T10:00:00 </DATETIME>
<BODY>
<HEADLINE>عنوان</HEADLINE>
<TEXT>
<POST>
<POSTER> أحمد </POSTER>
<POSTDATE> 2005-01-02T10:00:00 </POSTDATE>
نص
المدونة

<QUOTE PREVIOUSPOST="
كتب علي &gt; في
رسالته <ali@example.org>
"/>

فقرة ثانية
</POST>
<POST>
<POSTER> علي </POSTER>
رد <QUOTE PREVIOUSPOST="نص المدونة"/> عليه
سطر
<QUOTE PREVIOUSPOST='ليس اقتباس ACE'/>
</POST>
</TEXT>
</BODY>
</DOC>
"""


def test_ace_quotes_of_earlier_posts_leave_the_text_and_go_to_previous_posts(tmp_path: Path) -> None:
    """A post's <QUOTE PREVIOUSPOST="…"/> is dropped from the text (no double space, no empty line; a quote alone on
    its lines ends a paragraph) and its text kept, in order, under meta's previous_posts. Before, E131: the whole
    record lost."""
    path = tmp_path / "ARB_WL_20050102.1001.sgm"
    # The last quote is in single quotes, which ACE never writes: E131 for it; the record without it imports.
    path.write_text(ACE_WEBLOG_QUOTES, encoding="utf-8")
    [problem] = [i for i in read_source(path) if isinstance(i, Problem)]
    assert (problem.error.code, problem.error.line, problem.error.field) == ("E131", 25, "text")
    assert "element <QUOTE> in <POST> in <TEXT> is not read" in problem.error.message
    # Nor a quote not closed by "/>", nor one in a broadcast turn: ACE writes neither.
    for other, holder in (('<QUOTE PREVIOUSPOST="ليس اقتباس ACE">', "POST"),
                          ('</POST>\n<TURN>\n<QUOTE PREVIOUSPOST="ليس اقتباس ACE"/>\n</TURN>\n<POST>', "TURN")):
        path.write_text(ACE_WEBLOG_QUOTES.replace("<QUOTE PREVIOUSPOST='ليس اقتباس ACE'/>", other), encoding="utf-8")
        [problem] = [i for i in read_source(path) if isinstance(i, Problem)]
        assert (problem.error.code, problem.error.line) == ("E131", 25 + (holder == "TURN") * 2)
        assert f"element <QUOTE> in <{holder}> in <TEXT> is not read" in problem.error.message
    path.write_text(ACE_WEBLOG_QUOTES.replace("<QUOTE PREVIOUSPOST='ليس اقتباس ACE'/>\n", ""), encoding="utf-8")
    summary = import_corpus(path, tmp_path / "out.jsonl")
    assert summary.articles == 1 and not summary.skipped and not summary.warning_counts
    [row] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["text"] == "نص المدونة\nفقرة ثانية\nرد عليه سطر"
    assert row["meta"] == {"doctype": "WEB TEXT", "doctype_source": "weblog", "poster": "أحمد\nعلي",
                           "postdate": "2005-01-02T10:00:00\n",
                           "previous_posts": ["كتب علي > في\nرسالته <ali@example.org>", "نص المدونة"]}


def test_ace_quote_alone_between_two_lines_ends_a_paragraph() -> None:
    """ACE's text has the quote's line breaks, not its tag: the lines around a quote standing alone on its lines
    (blanks around it, its "/>" on the next line) are two paragraphs, not one line's wrapping. Before, E131."""
    record = ('<DOC>\n<DOCID> WL-2 </DOCID>\n<BODY>\n<TEXT>\n<POST>\nقبل\n  <QUOTE PREVIOUSPOST="أ"\n/>  \nبعد\n'
              '</POST>\n</TEXT>\n</BODY>\n</DOC>\n')
    [parsed] = parse_trec(record)
    assert isinstance(parsed, TrecRecord)
    assert (parsed.fields["text"], parsed.fields["previous_posts"]) == ("قبل\nبعد", ["أ"])


def test_a_bad_byte_in_an_ace_quote_is_e104_for_previous_posts(tmp_path: Path) -> None:
    """The quoted text is kept, so a byte in it that does not decode costs the record (E104 at its line, naming
    previous_posts), as one in the text does; before, E131 for the quote."""
    path = tmp_path / "wl.sgm"
    path.write_bytes(ACE_NEWSWIRE.encode() + '<DOC>\n<DOCID> WL-3 </DOCID>\n<BODY>\n<TEXT>\n<POST>\nنص\n'
                     '<QUOTE PREVIOUSPOST="\n'.encode() + b"\xff\xfe quoted\n" + b'"/>\n</POST>\n</TEXT>\n</BODY>\n</DOC>\n')
    items = list(read_source(path))
    assert [i.fields["id"] for i in items if isinstance(i, RawRecord)] == ["AFP_ARB_20000715.0009"]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert (problem.error.code, problem.error.line, problem.error.field, problem.error.doc_id) == (
        "E104", 25, "previous_posts", "WL-3")


def _ace_release(root: Path) -> None:
    """A small unpacked ACE 2005 release: one document in two sub-folders (adj/ and timex2norm/: the same id and
    text), another in nw/, each .sgm with its .apf.xml, .ag.xml and .tab, and a lone .apf.xml with no .sgm."""
    for folder, name in (("bn/adj", "AFP_ARB_20000715.0009"), ("bn/timex2norm", "AFP_ARB_20000715.0009"),
                         ("nw/adj", "AFP_ARB_20000715.0010")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{name}.sgm").write_text(ACE_NEWSWIRE.replace("0009", name[-4:]), encoding="utf-8")
        (root / folder / f"{name}.apf.xml").write_text(f'<?xml version="1.0"?>\n<source_file URI="{name}.sgm"/>\n')
        (root / folder / f"{name}.ag.xml").write_text('<?xml version="1.0"?>\n<corpus/>\n')
        (root / folder / f"{name}.tab").write_text(f"{name}\t1\n")
    (root / "nw" / "adj" / "LONE.apf.xml").write_text('<?xml version="1.0"?>\n<source_file URI="LONE.sgm"/>\n')


def test_ace_annotation_files_beside_their_sgm_are_skipped_and_counted_once(tmp_path: Path) -> None:
    """A folder of ACE 2005: its .apf.xml, .ag.xml and .tab beside a .sgm of the same stem are counted in
    skipped_files, not warned about one by one (before: E130 for each .xml); a lone .apf.xml is still E130. The
    same document in two sub-folders is an exact duplicate whose id is renamed (a warning), or dropped with dedupe."""
    _ace_release(tmp_path / "ace")
    summary = import_corpus(tmp_path / "ace", tmp_path / "out.jsonl")
    assert summary.skipped_files == {"ace_annotation": 9} and summary.to_dict()["skipped_files"] == {
        "ace_annotation": 9}
    assert summary.skipped == {"unknown_format": 1} and summary.warning_counts == {"unknown_format": 1,
                                                                                    "renamed_id": 1}
    assert summary.first_warnings["unknown_format"].startswith(f"[E130] {tmp_path / 'ace/nw/adj/LONE.apf.xml'}: ")
    assert summary.first_warnings["renamed_id"] == (f"{tmp_path / 'ace/bn/timex2norm/AFP_ARB_20000715.0009.sgm'}:1: "
                                                    "id 'AFP_ARB_20000715.0009' already used; renamed "
                                                    "'AFP_ARB_20000715.0009-2'")
    assert (summary.articles, summary.exact_duplicates, summary.renamed_ids) == (3, 2, 1)
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["AFP_ARB_20000715.0009", "AFP_ARB_20000715.0009-2",
                                           "AFP_ARB_20000715.0010"]
    deduped = import_corpus(tmp_path / "ace", tmp_path / "deduped.jsonl", dedupe=True)
    # The .0010 document has the same text as the .0009 one here: a duplicate too, so one article is left.
    assert (deduped.articles, deduped.duplicates_dropped, deduped.renamed_ids) == (1, 2, 0)
    assert deduped.skipped_files == {"ace_annotation": 9}


def test_ace_annotation_files_in_a_zip_and_by_name(tmp_path: Path) -> None:
    """In a zip, the annotation members beside a .sgm member are passed over and counted as in a folder; an
    annotation file given by name is read, and refused (E130), as before."""
    _ace_release(tmp_path / "ace")
    zipped = tmp_path / "ace.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for file in sorted((tmp_path / "ace").rglob("*")):
            archive.write(file, file.relative_to(tmp_path))
    items = list(read_source(zipped))
    [skipped] = [i for i in items if isinstance(i, SkippedFiles)]
    assert skipped.reason == "ace_annotation" and skipped.where == str(zipped)
    assert skipped.files[:3] == [f"{zipped}!ace/bn/adj/AFP_ARB_20000715.0009.{kind}" for kind in
                                 ("ag.xml", "apf.xml", "tab")] and len(skipped.files) == 9
    assert len([i for i in items if isinstance(i, RawRecord)]) == 3
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert (problem.error.code, str(problem.error.path)) == ("E130", f"{zipped}!ace/nw/adj/LONE.apf.xml")
    apf = tmp_path / "ace" / "bn" / "adj" / "AFP_ARB_20000715.0009.apf.xml"
    [alone] = list(read_source(apf))
    assert isinstance(alone, Problem) and (alone.error.code, alone.error.path) == ("E130", apf)


def test_a_long_run_of_blanks_in_a_post_with_a_quote_is_read_in_linear_time() -> None:
    """The blanks before a ``<QUOTE PREVIOUSPOST/>`` are dropped with it; looking for them from every blank of a
    run that no quote follows took time quadratic in the run (50,000 blanks: 20 s; a megabyte: hours)."""
    import time

    blanks = " \t" * 25_000
    record = (f'<DOC>\n<DOCID> WL-3 </DOCID>\n<BODY>\n<TEXT>\n<POST>\nقبل{blanks}وسط  <QUOTE PREVIOUSPOST="أ"/>\t بعد\n'
              f'  <QUOTE PREVIOUSPOST="ب"/>\nآخر{blanks}\n</POST>\n</TEXT>\n</BODY>\n</DOC>\n')
    started = time.perf_counter()
    [parsed] = parse_trec(record)
    assert time.perf_counter() - started < 1.0
    assert isinstance(parsed, TrecRecord)
    assert (parsed.fields["text"], parsed.fields["previous_posts"]) == (f"قبل{blanks}وسط بعد\nآخر", ["أ", "ب"])


@pytest.mark.parametrize(("body", "value"), [
    ("<b>عاجل</b> نص الخبر", "<b>عاجل</b> نص الخبر"),
    ('<a href="http://x">رابط</a>', '<a href="http://x">رابط</a>'),
    ("<br>نص<br>تابع", "<br>نص<br>تابع"),
])
def test_a_trec_body_opening_with_markup_is_the_value_it_always_was(body: str, value: str) -> None:
    """Only ACE's <BODY>, opening with <HEADLINE> or <TEXT>, holds fields: a scraped TREC <BODY> whose text opens
    with markup (<b>, <a>, <br>) imported before as its value, tags and all, and must still (not E131, nor its
    text lost as a field <a>)."""
    [parsed] = parse_trec(f"<DOC>\n<DOCNO>N1</DOCNO>\n<BODY>{body}</BODY>\n</DOC>\n")
    assert isinstance(parsed, TrecRecord)
    assert parsed.fields == {"id": "N1", "body": value}
