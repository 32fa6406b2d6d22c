"""The import pipeline: read every source, map fields, clean, repair run-together words, drop duplicates, write.

:func:`import_corpus` is what ``khabar corpus import`` calls and what a
notebook calls. It streams: records are read, turned into articles and written
one at a time; only a hash and an id per article (duplicates, ids already
used), the near-duplicate index and, when run-together words are looked for,
the word counts of a first pass over the input are kept.

The text is kept exactly as the input gives it unless cleaning is asked for:
the gold files (``dev_gold.jsonl``) hold offsets into the uncleaned SaudiNewsNet
and seed texts, which still carry tatweel, presentation forms, U+200F and
trailing spaces; cleaning them would move every offset after them. The output is written to a temporary file and
renamed at the end, so a failure never leaves half a corpus.

A source may be ``-`` (standard input), a named pipe or a shell's ``<(...)``, as on the command line: it is copied
once through :func:`khabar.io.readable_inputs` (:func:`article_streams`), so that the first pass counting the
lexicon and the second writing the articles both read all of it, and warnings and errors name it as given.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..io import Inputs, article_suffix, is_stream, readable_inputs
from .article import Article
from .cleaning import STEPS, Cleaner
from .dedupe import DuplicateFinder, normalized_text, stable_id
from .fields import FieldNames, to_article
from .io import write_articles
from .joined import JoinedWords, count_lexicon, load_hunspell
from .readers import SUFFIXES, Notice, Problem, RawRecord, SkippedFiles, read_sources

__all__ = ["article_streams", "ImportSummary", "import_corpus", "iter_articles", "WARNINGS_PER_REASON"]

#: How many warnings of each reason are kept (and printed); the rest are only counted.
WARNINGS_PER_REASON = 5
#: How many run-together words the summary lists as examples.
JOINED_EXAMPLES = 20

Source = str | PathLike[str]

def article_streams(text_fields: Sequence[str] | None = None) -> dict[str, Any]:
    """How a source that is a stream is copied (:func:`khabar.io.readable_inputs`): under its own name when a named
    pipe's name ends in a suffix the readers know (``day.csv``), else named for the format its first bytes show
    (:func:`khabar.io.article_suffix`: CSV when its header names one of ``text_fields``, by default the fields the
    importer takes the text from); a gzipped stream is unpacked first."""
    suffix_for = functools.partial(article_suffix, text_fields=tuple(text_fields or FieldNames().text))
    return {"suffix_for": suffix_for, "keep_suffixes": SUFFIXES, "gunzip": True}


@dataclass
class ImportSummary:
    """What an import did. ``to_dict()`` is the ``--json`` output."""

    out: str
    articles: int = 0
    #: Records (or files) that could not be read, by reason: each one a warning.
    skipped: Counter[str] = field(default_factory=Counter)
    #: Files passed over as no articles, by reason (``ace_annotation``: ACE's annotation files beside their .sgm):
    #: nothing lost, so no warning, one count.
    skipped_files: Counter[str] = field(default_factory=Counter)
    exact_duplicates: int = 0
    near_duplicates: int = 0
    duplicates_dropped: int = 0
    joined_found: int = 0
    repaired_joined: int = 0
    joined_examples: Counter[tuple[str, str]] = field(default_factory=Counter)
    cleaned: bool = False
    cleaning: Counter[str] = field(default_factory=Counter)
    cleaning_articles: Counter[str] = field(default_factory=Counter)
    notices: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    renamed_ids: int = 0
    #: Every warning counted by its reason, and the first message of each: the summary people read, naming a file
    #: as it was typed (``./day.jsonl``) where :attr:`warnings`, in the ``--json`` output, names it as its path does.
    warning_counts: Counter[str] = field(default_factory=Counter)
    first_warnings: dict[str, str] = field(default_factory=dict)

    @property
    def duplicates(self) -> int:
        return self.exact_duplicates + self.near_duplicates

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_files": dict(sorted(self.skipped_files.items())),
            "duplicates": self.duplicates,
            "repaired_joined": self.repaired_joined,
            "out": self.out,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "duplicates_dropped": self.duplicates_dropped,
            "joined_found": self.joined_found,
            "joined_examples": [{"token": t, "repaired": r, "count": n}
                                for (t, r), n in self.joined_examples.most_common(JOINED_EXAMPLES)],
            "cleaned": self.cleaned,
            "cleaning": {step: self.cleaning.get(step, 0) for step in STEPS},
            "cleaning_articles": {step: self.cleaning_articles.get(step, 0) for step in STEPS},
            "notices": dict(self.notices),
            "renamed_ids": self.renamed_ids,
            "warnings": self.warnings,
        }


def _texts(sources: list[Source], names: FieldNames, cleaner: Cleaner, skip: Collection[Path] = ()) -> Iterator[str]:
    """The (cleaned) texts of every good record: the first pass that counts the lexicon."""
    for item in read_sources(sources, skip=skip):
        if isinstance(item, RawRecord):
            article, _, _ = to_article(item, names)
            if article is not None:
                yield cleaner(article.text)


def iter_articles(
    sources: Iterable[Source],
    summary: ImportSummary,
    *,
    fields: FieldNames | None = None,
    clean: bool | Collection[str] = False,
    strict: bool = False,
    dedupe: bool = False,
    near_duplicates: bool = False,
    find_joined: bool = False,
    repair_joined: bool = False,
    lexicon: Counter[str] | None = None,
    lexicon_from: Iterable[Source] = (),
    known_word: Callable[[str], bool] | None | str = "auto",
    warn: Callable[[str], None] | None = None,
    skip: Collection[Path] = (),
    require_articles: bool = False,
) -> Iterator[Article]:
    """The articles of ``sources``, processed, one at a time; ``summary`` is filled in as they go.

    Parameters are those of :func:`import_corpus`; files in ``skip`` (resolved paths) are not read. With
    ``require_articles``, the end of the input raises the first problem met when not one article was read
    (see :func:`import_corpus`). A stream among ``sources`` and ``lexicon_from`` (``-``, a named pipe) is copied
    once when the first article is asked for, and the copy removed when the articles end or are abandoned.
    """
    sources, lexicon_from = list(sources), list(lexicon_from)
    with readable_inputs([*sources, *lexicon_from], **article_streams((fields or FieldNames()).text)) as inputs:
        yield from _articles(
            inputs.paths[:len(sources)], summary, inputs, fields=fields, clean=clean, strict=strict,
            dedupe=dedupe, near_duplicates=near_duplicates, find_joined=find_joined, repair_joined=repair_joined,
            lexicon=lexicon, lexicon_from=inputs.paths[len(sources):], known_word=known_word, warn=warn, skip=skip,
            require_articles=require_articles,
        )


def _articles(
    sources: list[Path],
    summary: ImportSummary,
    inputs: Inputs,
    *,
    fields: FieldNames | None,
    clean: bool | Collection[str],
    strict: bool,
    dedupe: bool,
    near_duplicates: bool,
    find_joined: bool,
    repair_joined: bool,
    lexicon: Counter[str] | None,
    lexicon_from: list[Path],
    known_word: Callable[[str], bool] | None | str,
    warn: Callable[[str], None] | None,
    skip: Collection[Path],
    require_articles: bool,
) -> Iterator[Article]:
    """:func:`iter_articles` once its sources are files and folders; ``inputs`` gives a warning the names of the
    streams the copies were made from, and of the files as typed (``./day.jsonl``) for the lines people read."""
    names = fields or FieldNames()
    steps = STEPS if clean is True else (() if clean is False else tuple(clean))
    cleaner = Cleaner(steps or STEPS, apply=bool(steps))
    summary.cleaned = bool(steps)
    finder = DuplicateFinder(near=near_duplicates)
    joined: JoinedWords | None = None
    if find_joined or repair_joined:
        if lexicon is None:
            lexicon = count_lexicon(_texts(sources, names, Cleaner(steps, apply=True), skip))
        if lexicon_from:
            lexicon = count_lexicon(_texts(lexicon_from, FieldNames(), Cleaner(steps, apply=True)),
                                    Counter(lexicon))
        joined = JoinedWords(lexicon, known_word=load_hunspell() if known_word == "auto" else known_word)
    seen_ids: set[str] = set()
    per_reason: Counter[str] = Counter()
    first_failure: InputError | None = None

    def report(reason: str, message: str, typed: str | None = None) -> None:
        """Count a warning; ``typed`` is ``message`` naming its file as typed, for people (``warn``, the summary's
        first warnings), ``message`` as the JSON summary has always named it."""
        message = inputs.rename(message)
        typed = message if typed is None else inputs.rename(typed)
        per_reason[reason] += 1
        summary.warning_counts[reason] += 1
        summary.first_warnings.setdefault(reason, typed)
        if per_reason[reason] <= WARNINGS_PER_REASON:
            summary.warnings.append(message)
            if warn is not None:
                warn(typed)

    def report_error(reason: str, error: InputError, then: str = "") -> None:
        message = str(error) + then
        inputs.rename_error(error)
        report(reason, message, str(error) + then)

    def typed_opening(message: str, where: str) -> str:
        """``message``, which opens with the file ``where``, naming that file as typed."""
        return inputs.typed_name(where) + message[len(where):] if message.startswith(where) else message

    for item in read_sources(sources, skip=skip):
        if isinstance(item, SkippedFiles):
            summary.skipped_files[item.reason] += len(item.files)
            continue
        if isinstance(item, Notice):
            summary.notices[item.reason] += 1
            report(item.reason, item.message, typed_opening(item.message, item.where))
            continue
        if isinstance(item, Problem):
            if strict:
                raise item.error
            first_failure = first_failure or item.error
            summary.skipped[item.reason] += 1
            report_error(item.reason, item.error, " (rest of the file skipped)" if item.fatal_for_file else "")
            continue
        article, error, reason = to_article(item, names)
        if article is None:
            assert error is not None
            if strict:
                raise error
            first_failure = first_failure or error
            summary.skipped[reason] += 1
            report_error(reason, error)
            continue
        article.text = cleaner(article.text)
        if joined is not None:
            if repair_joined:
                article.text, found = joined.repair(article.text)
                summary.repaired_joined += len(found)
            else:
                found = joined.find(article.text)
            summary.joined_found += len(found)
            summary.joined_examples.update((j.token, j.repaired) for j in found)
        # Normalised once: the stable id and the exact-duplicate key are both made from it.
        normalized = normalized_text(article.text)
        if not article.id:
            article.id = stable_id(article.text, normalized=normalized)
        duplicate = finder.check(article.id, article.text, normalized=normalized)
        if duplicate is not None:
            if duplicate.kind == "exact":
                summary.exact_duplicates += 1
            else:
                summary.near_duplicates += 1
            if dedupe:
                summary.duplicates_dropped += 1
                continue
        if article.id in seen_ids:
            if strict:
                raise InputError("E113", "this id was already used by an earlier article", path=item.where,
                                 line=item.line, field=names.id[0], doc_id=article.id)
            base, n = article.id, 2
            while f"{base}-{n}" in seen_ids:
                n += 1
            article.id = f"{base}-{n}"
            summary.renamed_ids += 1
            said = f"{item.where}:{item.line}: id {base!r} already used; renamed {article.id!r}"
            report("renamed_id", said, typed_opening(said, item.where))
        seen_ids.add(article.id)
        summary.articles += 1
        yield article
    if require_articles and not summary.articles and first_failure is not None:
        raise _nothing_read(first_failure, summary, len(sources))
    summary.cleaning.update(cleaner.counts)
    summary.cleaning_articles.update(cleaner.articles)


def _nothing_read(first: InputError, summary: ImportSummary, sources: int) -> InputError:
    """The first problem of an import that read not one article, said to have stopped it."""
    skipped = sum(summary.skipped.values())
    others = f" ({skipped} problems, this the first: --verbose lists the others)" if skipped > 1 else ""
    return InputError(
        first.code,
        f"{first.message}; not one article could be read from {sources} source{'s' if sources > 1 else ''}{others}, "
        "so nothing was written",
        path=first.path,
        line=first.line,
        field=first.field,
        doc_id=first.doc_id,
    )


def import_corpus(
    sources: Iterable[Source] | Source,
    out: Source,
    *,
    repair_joined: bool = False,
    find_joined: bool = False,
    dedupe: bool = False,
    near_duplicates: bool = False,
    clean: bool | Collection[str] = False,
    strict: bool = False,
    fields: FieldNames | None = None,
    lexicon: Counter[str] | None = None,
    lexicon_from: Iterable[Source] = (),
    known_word: Callable[[str], bool] | None | str = "auto",
    warn: Callable[[str], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import ``sources`` (files or folders of any supported layout; ``-`` and named pipes are read once, as by
    ``khabar corpus import``: see :func:`iter_articles`) into the corpus file ``out``.

    ``out`` is JSON lines, or Parquet when it ends in ``.parquet``.

    * ``clean``: apply all cleaning steps (``True``) or the named ones. Off by
      default: the steps are still counted, but the text is kept as given, since
      gold annotations (``dev_gold.jsonl``) are offsets into the uncleaned text.
    * ``find_joined`` / ``repair_joined``: look for run-together words (a first
      pass counts the corpus lexicon, unless ``lexicon`` is given) and report, or
      repair them. ``lexicon_from`` adds the words of other sources (a large
      corpus, when importing a few articles). ``known_word`` is a dictionary check; ``"auto"`` uses Hunspell
      Arabic where installed.
    * ``near_duplicates``: also look for near-duplicates (MinHash); exact
      duplicates are always counted. ``dedupe`` keeps the first article of each
      cluster.
    * ``strict``: stop at the first bad record with its :class:`InputError`
      instead of skipping and counting it. Without it, bad records and
      unreadable files are skipped, counted and reported, and the rest is
      imported; but when not one article could be read and something was
      skipped (a damaged zip, a CSV whose text column has another name), the
      import raises the first problem's :class:`InputError` and ``out`` is left
      as it was: an empty corpus is never the result of input khabar could not read.
    * ``warn`` receives each warning (the first few per reason), ``progress``
      the number of articles written so far, every 500 articles.
    """
    if isinstance(sources, (str, PathLike)):
        sources = [sources]
    sources = list(sources)
    for source in sources:
        if not Path(source).exists() and not is_stream(source):  # a mistyped path is never "bad input to skip"
            raise InputError("E100", "no such file or folder", path=source)
    summary = ImportSummary(out=str(Path(out)))
    articles = iter_articles(
        sources, summary, fields=fields, clean=clean, strict=strict, dedupe=dedupe,
        near_duplicates=near_duplicates or dedupe, find_joined=find_joined, repair_joined=repair_joined,
        lexicon=lexicon, lexicon_from=lexicon_from, known_word=known_word, warn=warn, skip={Path(out).resolve()},
        require_articles=True,
    )
    if progress is not None:
        articles = _with_progress(articles, progress)
    write_articles(out, articles)
    if progress is not None:
        progress(summary.articles)
    return summary


def _with_progress(articles: Iterator[Article], progress: Callable[[int], None]) -> Iterator[Article]:
    for n, article in enumerate(articles, start=1):
        if n % 500 == 0:
            progress(n)
        yield article
