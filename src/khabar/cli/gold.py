"""`khabar gold ...`: validate gold files, convert them from and to CoNLL, export and import other formats."""

from __future__ import annotations

from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..io import readable_inputs, refuse_overwrite, require_file
from ._common import PIPE_HELP, as_typed, console, print_json

app = typer.Typer(help="Validate and convert gold files.", no_args_is_help=True)


#: A CoNLL stream keeps its own name (the document ids' prefix and ``conll_file``): no ending is added to it.
CONLL_NAME = {"suffix_for": lambda head: "", "keep_suffixes": ("",)}

#: ``--map-label`` of the commands that read CoNLL: the same option, with the same meaning, as `khabar train entities`'.
MAP_LABEL_HELP = (
    "Rename the label of a CoNLL tag as it is read (PERSON=PERS makes B-PERSON B-PERS), or drop it with TO=O "
    "(DATE=O); repeatable. Tags whose label is not PERS, ORG, LOC or MISC are refused unless mapped."
)


class SentenceEnd(str, Enum):
    auto = "auto"
    blank = "blank"
    period = "period"


class Breaks(str, Enum):
    none = "none"
    document = "document"
    sentence = "sentence"


class Partial(str, Enum):
    expand = "expand"
    drop = "drop"
    error = "error"


class ExportFormat(str, Enum):
    hf = "hf"
    brat = "brat"
    conll = "conll"


class SplitBy(str, Enum):
    hash = "hash"
    meta = "meta"


class ImportFormat(str, Enum):
    brat = "brat"
    conll = "conll"
    hf = "hf"


@app.command("validate")
def validate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A gold JSON-lines file." + PIPE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON on stdout.")] = False,
    limit: Annotated[int, typer.Option(help="List at most this many problems on the terminal (0: all).")] = 0,
) -> None:
    """Check a gold file against the annotation guidelines.

    Offsets in range, spans on token boundaries with no white space or
    punctuation at their ends, no duplicate spans, known entity labels, no
    overlapping entities of one label, quote content present, and quote
    types that agree with the quotation marks. Exits 0 when clean, 1 listing
    every problem (file:line, document id, field, span text), 2 when the
    file cannot be read.
    """
    from ..gold.validate import validate_file

    counts: dict[str, int] = {}
    with readable_inputs(as_typed(ctx, "file")) as inputs:
        problems = inputs.rename(list(validate_file(inputs.paths[0], counts=counts)))
    if as_json:
        print_json({"file": inputs.names[0], **counts, "problems": [p.to_dict() for p in problems]})
    summary = f"{counts['documents']} documents, {counts['entities']} entities, {counts['quotes']} quotes"
    if not problems:
        console.print(f"OK {inputs.names[0]}: {summary}", highlight=False, markup=False, soft_wrap=True)
        return
    if not as_json:
        shown = problems if limit <= 0 else problems[:limit]
        for problem in shown:
            console.print(str(inputs.typed_problem(problem)), highlight=False, markup=False, soft_wrap=True)
        if len(shown) < len(problems):
            console.print(f"... and {len(problems) - len(shown)} more", highlight=False, markup=False, soft_wrap=True)
    console.print(f"FAILED {inputs.as_typed(inputs.names[0])}: {len(problems)} problems in {summary}", highlight=False,
                  markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("from-conll")
def from_conll(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A token-per-line BIO file: 'TOKEN TAG', space or tab; a file of more columns "
                                              "(TOKEN POS TAG) is read as its first and its last." + PIPE_HELP)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The gold JSON-lines file to write.")],
    sentences_per_doc: Annotated[int, typer.Option(min=1, help="How many sentences make one document.")] = 1,
    sentence_end: Annotated[
        SentenceEnd,
        typer.Option(
            help="What ends a sentence besides a blank line: a '.' token not tagged I- (period), "
            "nothing else (blank), or auto: blank when the file has blank lines, else period."
        ),
    ] = SentenceEnd.auto,
    id_prefix: Annotated[str | None, typer.Option(help="Document ids are PREFIX-000001, ...; default: the file's stem.")] = None,
    map_label: Annotated[Optional[list[str]], typer.Option("--map-label", metavar="FROM=TO", help=MAP_LABEL_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON on stdout.")] = False,
) -> None:
    """Convert a CoNLL/BIO file (such as ANERcorp) into gold documents.

    Tokens are joined by single spaces, so splitting a document's text on spaces
    gives the tokens back; stray I- tags start a new entity. A tag whose label
    is not one of the guidelines' (B-PERSON, B-DATE) stops the conversion, nothing
    written, unless --map-label renames or drops it.
    """
    from ..extract.training_sources import parse_label_map
    from ..gold import ENTITY_LABELS, write_documents
    from ..gold.conll import conll_tokens, read_conll

    label_map = parse_label_map(map_label or [])
    refuse_overwrite(out, [file])
    stats = {"documents": 0, "entities": 0, "tokens": 0}

    def counted():  # noqa: ANN202 - a local generator
        for doc in read_conll(file, sentences_per_doc, id_prefix, sentence_end=sentence_end.value,
                              label_map=label_map, labels=ENTITY_LABELS):
            stats["documents"] += 1
            stats["entities"] += len(doc.entities)
            stats["tokens"] += len(conll_tokens(doc))
            yield doc

    with readable_inputs(as_typed(ctx, "file"), **CONLL_NAME) as inputs:
        file = inputs.paths[0]
        write_documents(out, counted())
    if as_json:
        print_json({"file": inputs.names[0], "out": str(out), **stats})
    console.print(
        f"{out}: {stats['documents']} documents, {stats['tokens']} tokens, {stats['entities']} entities",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


@app.command("to-conll")
def to_conll(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A gold JSON-lines file." + PIPE_HELP)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CoNLL file to write.")],
    breaks: Annotated[
        Breaks,
        typer.Option(
            help="Where blank lines go: after each document, after each sentence, or none (ANERcorp's layout)."
        ),
    ] = Breaks.document,
    tab: Annotated[bool, typer.Option("--tab", help="Separate token and tag with a tab instead of a space.")] = False,
    partial: Annotated[
        Partial, typer.Option(help="An entity covering part of a token: expand it to the token, drop it, or stop with an error.")
    ] = Partial.expand,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON on stdout.")] = False,
) -> None:
    """Write gold documents as 'TOKEN TAG' lines in IOB2.

    Documents read from CoNLL keep their own tokens (the round trip gives the same
    tokens and tags back); other documents are cut with khabar's tokenizer. A
    label that stands for one of khabar's written otherwise (PER, Person) stops
    it, nothing written (E226, as evaluate and agree); a project's own labels
    (DATE) are written as they are.
    """
    from ..gold import ENTITY_LABELS, read_documents
    from ..gold.conll import write_conll
    from ..gold.validate import require_valid

    refuse_overwrite(out, [file])
    with readable_inputs(as_typed(ctx, "file")) as inputs:
        name, file = inputs.names[0], inputs.paths[0]
        require_file(file, "E211")
        # Spans out of range, negative or reversed stop the conversion (whatever --partial says), nothing written;
        # so does B-PER, which from-conll and train entities would refuse or read as a label of its own.
        documents = require_valid(read_documents(file, located=True, labels=ENTITY_LABELS, allow_other_labels=True),
                                  file)
        lines = write_conll(out, documents, breaks=breaks.value, separator="\t" if tab else " ", partial=partial.value)
    if as_json:
        print_json({"file": name, "out": str(out), "tokens": lines})
    console.print(f"{out}: {lines} tokens", highlight=False, markup=False, soft_wrap=True)


@app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A gold JSON-lines file." + PIPE_HELP)],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="hf: a datasets.DatasetDict folder with a dataset "
                                              "card; brat: .txt/.ann files and annotation.conf; conll: IOB2 lines.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder (hf, brat) or file (conll) to write.")],
    license_: Annotated[str, typer.Option("--license", help="hf: the dataset card's licence field.")] = "unknown",
    test_fraction: Annotated[float, typer.Option(help="hf: share of documents (by a hash of the id) in a test "
                                                 "split.")] = 0.0,
    split_by: Annotated[SplitBy, typer.Option(help="hf: hash, every document in train (and --test-fraction of them "
                                              "in test); meta, each in the split its meta.hf_split names (as "
                                              "gold import --format hf keeps it).")] = SplitBy.hash,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON on stdout.")] = False,
) -> None:
    """Export a gold file for other tools: Hugging Face datasets, brat/INCEpTION, or CoNLL.

    hf with --split-by meta gives a dataset imported from the Hub (gold import
    --format hf) its train, validation and test splits back; a document whose
    meta names no split, or a name datasets refuses, stops it (E284, E285:
    file, line and field), nothing written. Without it a gold whose meta names
    splits besides train is exported as always (train, and --test-fraction in
    test), with a note saying so.
    """
    if split_by is SplitBy.meta and fmt is not ExportFormat.hf:
        raise typer.BadParameter("applies to --format hf (brat and CoNLL have no splits)", param_hint="--split-by")
    if split_by is SplitBy.meta and test_fraction:
        raise typer.BadParameter("--split-by meta keeps the splits the documents name; --test-fraction would move a "
                                 "share of them to test: give one of the two", param_hint="--test-fraction")
    refuse_overwrite(out, [file], folder=fmt is not ExportFormat.conll)
    with readable_inputs(as_typed(ctx, "file")) as inputs:
        counts = _export(inputs.paths[0], inputs.names[0], fmt, out, license_, test_fraction, split_by)
    if as_json:
        print_json({"file": inputs.names[0], "format": fmt.value, "out": str(out), **counts})
    console.print(f"{out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()), highlight=False, markup=False,
                  soft_wrap=True)


def _export(file: Path, name: str, fmt: ExportFormat, out: Path, license_: str, test_fraction: float,
            split_by: SplitBy) -> dict[str, int]:
    """What `khabar gold export` does once its input is readable: the counts it prints."""
    from ..errors import InputError
    from ..gold import ENTITY_LABELS, read_documents
    from ..gold.validate import require_valid

    require_file(file, "E211")
    # As to-conll: spans out of range, negative or reversed stop the export, nothing written, and so does a CoNLL
    # tag of a label standing for one of khabar's written otherwise (hf refuses every label not khabar's: E270).
    labels = {"labels": ENTITY_LABELS, "allow_other_labels": True} if fmt is ExportFormat.conll else {}
    located = require_valid(read_documents(file, located=True, **labels), file, located=True)
    docs = (doc for _, doc in located)
    if fmt is ExportFormat.hf:
        from ..gold.formats import write_hf
        from ..gold.formats.hf import SPLIT_KEY, is_split_name

        named: Counter[str] = Counter()

        def noting_splits():  # noqa: ANN202 - a local generator
            for line, doc in located:
                if SPLIT_KEY in doc.meta:
                    split = doc.meta[SPLIT_KEY]
                    # repr for a null, a number or a name of odd characters ("test\n"), which the note would hide
                    named[split if is_split_name(split) else repr(split)] += 1
                yield line, doc

        # given the lines, so that an entity label the ClassLabel cannot hold is reported at its line (E270)
        counts: dict[str, int] = write_hf(out, noting_splits(), source=name, license=license_,
                                          test_fraction=test_fraction, split_by=split_by.value)
        if split_by is SplitBy.hash and set(named) - {"train"}:
            # the old export's behaviour, kept as the default: say so, or a Hub set's test split is lost unseen
            total = sum(named.values())
            console.print(f"note: {total} {'document names its' if total == 1 else 'documents name their'} split "
                          f"in meta.{SPLIT_KEY} ("
                          + ", ".join(f"{split} {n}" for split, n in sorted(named.items()))
                          + "), which this export does not follow; --split-by meta keeps them", highlight=False,
                          markup=False, soft_wrap=True)
    elif fmt is ExportFormat.brat:
        from ..gold.formats import write_brat

        counts = {"documents": write_brat(out, docs)}
    else:
        from ..gold.conll import write_conll

        counts = {"tokens": write_conll(out, docs)}
    return counts


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A brat folder (NAME.txt + NAME.ann), a CoNLL file, or a folder "
                                                "save_to_disk wrote (hf)." + PIPE_HELP)],
    fmt: Annotated[ImportFormat, typer.Option("--format", help="brat, conll, or hf: a datasets.DatasetDict (or "
                                              "Dataset) saved to disk, khabar's export or a Hub NER set of tokens "
                                              "and ner_tags.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The gold JSON-lines file to write.")],
    map_label: Annotated[Optional[list[str]], typer.Option("--map-label", metavar="FROM=TO",
                                                           help=f"conll, hf (its entity labels too): {MAP_LABEL_HELP}")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON on stdout.")] = False,
) -> None:
    """Import annotations made in another tool (brat, INCEpTION's brat export, CoNLL, Hugging Face datasets) as a
    gold file.

    hf reads every split (train first, then the others by name) and keeps each
    document's split in meta["hf_split"]; an entity's code-point offsets are
    read, and the derived columns (tokens, offsets, ner_tags) must agree with
    them. A dataset of tokens and ner_tags only (B-PER ...) becomes documents of
    the tokens joined by spaces, their ids scoped by split (row 0 of test is
    test-0, as the Hub numbers the rows of each split afresh). Any error stops
    it, naming the split, the row (from 1) and the field, and nothing is
    written.
    """
    from ..extract.training_sources import parse_label_map
    from ..gold import ENTITY_LABELS, write_documents

    label_map = parse_label_map(map_label or [])
    if label_map and fmt is ImportFormat.brat:
        raise typer.BadParameter("applies to --format conll and hf (brat labels outside khabar's are refused, E263)",
                                 param_hint="--map-label")
    refuse_overwrite(out, [source])
    stats = {"documents": 0, "entities": 0, "quotes": 0}
    splits: dict[str, int] = {}
    with readable_inputs(as_typed(ctx, "source"), **CONLL_NAME) as inputs:
        if fmt is ImportFormat.brat:
            from ..gold.formats import read_brat

            docs = read_brat(inputs.paths[0])
        elif fmt is ImportFormat.hf:
            from ..gold.formats import read_hf
            from ..gold.formats.hf import SPLIT_KEY

            docs = read_hf(inputs.paths[0], label_map=label_map)
        else:
            from ..gold.conll import read_conll

            docs = read_conll(inputs.paths[0], label_map=label_map, labels=ENTITY_LABELS)

        def counted():  # noqa: ANN202 - a local generator
            for doc in docs:
                stats["documents"] += 1
                stats["entities"] += len(doc.entities)
                stats["quotes"] += len(doc.quotes)
                if fmt is ImportFormat.hf:
                    split = doc.meta[SPLIT_KEY]
                    splits[split] = splits.get(split, 0) + 1
                yield doc

        write_documents(out, counted())
    if as_json:
        print_json({"source": inputs.names[0], "format": fmt.value, "out": str(out), **stats,
                    **({"splits": splits} if splits else {})})
    shown = f" ({', '.join(f'{name} {n}' for name, n in splits.items())})" if splits else ""
    singular = {"documents": "document", "entities": "entity", "quotes": "quote"}
    console.print(f"{out}: " + ", ".join(f"{n} {singular[k] if n == 1 else k}" for k, n in stats.items()) + shown,
                  highlight=False, markup=False, soft_wrap=True)
