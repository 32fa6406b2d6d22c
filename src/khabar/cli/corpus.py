"""`khabar corpus ...`: import raw articles into a clean corpus; fetch public corpora."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..io import Inputs, refuse_overwrite
from ._common import article_streams, as_typed, console, print_json, progress_bar

if TYPE_CHECKING:
    from ..corpus.importer import ImportSummary

app = typer.Typer(help="Import raw articles into a clean corpus.", no_args_is_help=True)

_FIELD_HELP = "Input field name(s) for the article's {}, tried in order (repeat the option); default: {}."


@app.command("import")
def import_command(
    ctx: typer.Context,
    sources: Annotated[list[Path], typer.Argument(help="Files or folders: .jsonl, .ndjson (also .gz), .json, .csv, .txt, .xml, .sgml, .sgm (TREC/CLEF and LDC <DOC> records: Gigaword, ACE 2005 .sgm, TAC KBP; also .gz or unsuffixed), .zip of these. '-' reads standard input; a pipe, '-' or <(...) has no name to tell its format, so its first bytes do: gzip (unpacked, then looked into), zip, '{' JSON lines, '[' a JSON array, '<' TREC/XML records, CSV when its first line is a header naming a text field (--text-field) and the lines after it have as many columns, anything else one plain-text article.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Corpus to write: JSON lines, or Parquet if it ends in .parquet.")],
    repair_joined: Annotated[bool, typer.Option("--repair-joined", help="Put the lost space back into run-together words (two passes).")] = False,
    find_joined: Annotated[bool, typer.Option("--find-joined", help="Look for run-together words and report them, without changing the text.")] = False,
    lexicon_from: Annotated[Optional[list[Path]], typer.Option("--lexicon-from", help="Also count words from this corpus or source (repeat) for --repair-joined / --find-joined: a few articles alone make a poor lexicon.")] = None,
    dedupe: Annotated[bool, typer.Option("--dedupe", help="Keep only the first article of each exact or near-duplicate cluster.")] = False,
    near_duplicates: Annotated[bool, typer.Option("--near-duplicates", help="Also look for near-duplicates (MinHash), without --dedupe only report them.")] = False,
    clean: Annotated[bool, typer.Option("--clean", help="Apply every cleaning step. Off by default: gold offsets refer to the uncleaned text; the steps are counted either way.")] = False,
    clean_step: Annotated[Optional[list[str]], typer.Option("--clean-step", help="Apply only this cleaning step (repeat): presentation_forms, tatweel, invisible, line_endings, trailing_spaces.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record instead of skipping it.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout (with the first warnings of each kind).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print the warnings as they come (the first few of each kind), not only their counts.")] = False,
    id_field: Annotated[Optional[list[str]], typer.Option("--id-field", help=_FIELD_HELP.format("id", "id"))] = None,
    text_field: Annotated[Optional[list[str]], typer.Option("--text-field", help=_FIELD_HELP.format("text", "text, content, body"))] = None,
    title_field: Annotated[Optional[list[str]], typer.Option("--title-field", help=_FIELD_HELP.format("title", "title, headline"))] = None,
    source_field: Annotated[Optional[list[str]], typer.Option("--source-field", help=_FIELD_HELP.format("source", "source"))] = None,
    url_field: Annotated[Optional[list[str]], typer.Option("--url-field", help=_FIELD_HELP.format("url", "url, link"))] = None,
    date_field: Annotated[Optional[list[str]], typer.Option("--date-field", help=_FIELD_HELP.format("date", "date, date_extracted, published"))] = None,
    author_field: Annotated[Optional[list[str]], typer.Option("--author-field", help=_FIELD_HELP.format("author", "author"))] = None,
) -> None:
    """Import SOURCES into one corpus file, reporting what was cleaned, skipped, repaired and duplicated."""
    from ..corpus import CLEANING_STEPS, FieldNames
    from ..corpus.report import render_summary
    from ..io import readable_inputs

    defaults = FieldNames()
    overrides = {"id": id_field, "text": text_field, "title": title_field, "source": source_field,
                 "url": url_field, "date": date_field, "author": author_field}
    names = FieldNames(**{k: tuple(v) if v else getattr(defaults, k) for k, v in overrides.items()})
    if clean_step:
        unknown = sorted(set(clean_step) - set(CLEANING_STEPS))
        if unknown:
            raise typer.BadParameter(f"unknown step {', '.join(unknown)}; known: {', '.join(CLEANING_STEPS)}",
                                     param_hint="--clean-step")
    steps = clean_step if clean_step else clean
    refuse_overwrite(out, [*sources, *(lexicon_from or [])])

    lexicon_from = lexicon_from or []
    with readable_inputs(as_typed(ctx, "sources", "lexicon_from"), **article_streams(names.text)) as inputs:
        typed = inputs.typed_paths  # so that the importer's warnings name each file as typed, as its errors do
        summary = _import(typed[:len(sources)], out, typed[len(sources):], inputs=inputs, verbose=verbose,
                          repair_joined=repair_joined, find_joined=find_joined, dedupe=dedupe,
                          near_duplicates=near_duplicates, clean=steps, strict=strict, fields=names)
        summary.warnings = inputs.rename(summary.warnings)
        summary.first_warnings = inputs.rename(summary.first_warnings)
    console.print(render_summary(summary, verbose=verbose), highlight=False, soft_wrap=True)
    if as_json:
        print_json(summary.to_dict())


def _import(sources: list[str], out: Path, lexicon_from: list[str], *, inputs: Inputs, verbose: bool, repair_joined: bool,
            find_joined: bool, **options: Any) -> ImportSummary:
    """`corpus import` once its inputs are readable (streams copied), its warnings naming the inputs as given."""
    from ..corpus import import_corpus

    def warn(message: str) -> None:
        console.print(f"warning: {inputs.rename(message)}", markup=False, highlight=False, soft_wrap=True)

    if repair_joined or find_joined:
        # The first pass (the lexicon of run-together words) writes nothing: say so, or the wait looks like a hang.
        console.print("a first pass counts every word for the run-together-word lexicon; articles are written in the "
                      "second", highlight=False)
    with progress_bar("importing articles") as progress:
        return import_corpus(
            sources, out, repair_joined=repair_joined, find_joined=find_joined, lexicon_from=lexicon_from,
            warn=warn if verbose else None, progress=lambda n: progress(n, None), **options,
        )


@app.command("fetch")
def fetch_command(
    corpus: Annotated[str, typer.Argument(help="Which corpus: saudinewsnet, antcorpus, or newsfane (entity training "
                                                "data, converted to newsfane.conll).")],
    dest: Annotated[Optional[Path], typer.Option(
        "--dest", help="Folder for the downloaded files \\[default: corpus/raw/saudinewsnet for saudinewsnet, whose "
        "folder name gives the article ids the gold files use; corpus/raw for the others].")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Download URL (a mirror); for saudinewsnet a "
                                               "pattern with {date}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the fetched files as JSON on stdout.")] = False,
) -> None:
    """Download a public corpus into corpus/raw/ (SaudiNewsNet into corpus/raw/saudinewsnet/), checking every file against its known SHA-256."""
    from ..corpus.fetch import (
        ANTCORPUS_URL,
        CORPORA,
        NEWSFANE_URL,
        SAUDINEWSNET_URL,
        fetch_antcorpus,
        fetch_newsfane,
        fetch_saudinewsnet,
    )

    if corpus.lower() not in CORPORA:
        raise typer.BadParameter(f"unknown corpus {corpus!r}; known: {', '.join(CORPORA)}", param_hint="CORPUS")
    if dest is None:
        # Imported articles take their ids from the folder's name (saudinewsnet-2015-07-21-0000, as in the gold files).
        dest = Path("corpus/raw/saudinewsnet") if corpus.lower() == "saudinewsnet" else Path("corpus/raw")

    def show(f) -> None:  # noqa: ANN001 - Fetched, imported lazily
        console.print(f"{f.status:<10} {f.path}", highlight=False, soft_wrap=True)

    if corpus.lower() == "antcorpus":
        fetched = fetch_antcorpus(dest, url=url or ANTCORPUS_URL, on_file=show)
    elif corpus.lower() == "newsfane":
        fetched = fetch_newsfane(dest, url=url or NEWSFANE_URL, on_file=show)
        console.print(f"train on it beside ANERcorp: khabar train entities ANERCorp.train.txt {fetched[-1].path}",
                      highlight=False, soft_wrap=True)
    else:
        fetched = fetch_saudinewsnet(dest, url=url or SAUDINEWSNET_URL, on_file=show)
    converted = sum(f.status == "converted" for f in fetched)
    said = (f"{len(fetched) - converted} checked against its SHA-256, {converted} converted from it" if converted
            else "each checked against its SHA-256")
    console.print(f"{len(fetched)} files in {dest}: {said}", highlight=False, soft_wrap=True)
    if as_json:
        print_json([{"path": str(f.path), "status": f.status} for f in fetched])
