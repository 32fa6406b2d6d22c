"""Extraction over a whole file in blocks of documents, on any scheduler of :mod:`khabar.parallel`.

``khabar extract entities|quotes IN --scheduler SPEC``: the driver reads the
input (JSON lines, gzipped or not, or Parquet) and sends its records to the
workers :data:`BLOCK_DOCUMENTS` at a time, at most :data:`IN_FLIGHT_PER_WORKER`
blocks per worker out at once. Each worker loads its extractor once (kept per
process and thread, :func:`extractor_for`) and sends back the block's output
lines, which the driver writes in input order into one file, atomically. So the
output is byte for byte what one process writes, and memory holds a few blocks
however long the corpus.

The records travel with the tasks, rather than being read by the workers from a
shared path as ``khabar stats`` partitions are: every output line has to come
back to the driver to be written in order anyway, and a remote cluster then
needs no file system in common with the driver. A bad record raises its
:class:`~khabar.errors.InputError` (file and line) in the worker; it reaches the
caller, and nothing is written.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from ..errors import InputError
from ..gold.model import ENTITY_LABELS, Document, record_id
from ..gold.validate import check_document, note_id
from ..io import atomic_write, dumps, read_records
from ..parallel import LOCAL_SCHEDULERS, SchedulerSpec, local_executor, parse_scheduler, scheduler_for
from .quote_runs import QuoteRun, quote_extractor

__all__ = [
    "BLOCK_DOCUMENTS",
    "IN_FLIGHT_PER_WORKER",
    "BlockResult",
    "BlockTotals",
    "ExtractionTask",
    "extract_block",
    "extract_entities_in_blocks",
    "extract_in_blocks",
    "extract_quotes_in_blocks",
    "extractor_for",
]

#: Documents per task: large enough that a task's overhead (pickling, a round trip) is small
#: beside tagging it (about a second with the CRF), small enough to keep a few in memory per worker.
BLOCK_DOCUMENTS = 250

#: Blocks out per worker at a time: one being tagged and one waiting, so no worker waits for the driver.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class ExtractionTask:
    """What to run on every document: small and hashable, so it travels to workers and keys their loaded models."""

    kind: str  # "entities" or "quotes"
    #: entities: a recogniser spec (:func:`~khabar.extract.entities.load_recognizer`);
    #: quotes: ``"rules"`` or a quote model path.
    model: str
    gazetteer_dir: str | None = None
    lexicon_path: str | None = None
    cues_path: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("entities", "quotes"):
            raise ValueError(f"unknown extraction {self.kind!r}")


@dataclass
class BlockResult:
    """A block's output lines (JSON, no newline) and the counts the quote run reports."""

    lines: list[str]
    quote_types: Counter[str] = field(default_factory=Counter)
    with_source: int = 0


_LOADED: dict[tuple[ExtractionTask, int], Callable[[Iterable[Document]], Iterable[Document]]] = {}
_LOADING = threading.Lock()


def extractor_for(task: ExtractionTask) -> Callable[[Iterable[Document]], Iterable[Document]]:
    """The extractor of ``task``, loaded once per process and thread (the fast CRF keeps a memo no two threads may share)."""
    key = (task, threading.get_ident())
    found = _LOADED.get(key)
    if found is None:
        with _LOADING:
            found = _LOADED.get(key)
            if found is None:
                found = _LOADED[key] = _load(task)
    return found


def _load(task: ExtractionTask) -> Callable[[Iterable[Document]], Iterable[Document]]:
    if task.kind == "entities":
        from .entities import extract_entities, load_recognizer

        recognizer = load_recognizer(task.model, gazetteer_dir=task.gazetteer_dir)
        return lambda documents: (extract_entities(doc, recognizer) for doc in documents)
    return quote_extractor(lexicon_path=task.lexicon_path, cues_path=task.cues_path, model=task.model)


def extract_block(task: ExtractionTask, path: str, records: list[tuple[int, dict[str, Any]]]) -> BlockResult:
    """The map step: validate one block's records as documents, run the extractor, return the output lines.

    Pure apart from the per-worker model cache, and picklable, so it runs on any worker. Quotes refuse an entity
    label standing for one of khabar's written otherwise, as in one process
    (:func:`~khabar.extract.quote_runs.extract_quotes_file`); entities replace the labels read.
    """
    labels = {"labels": ENTITY_LABELS, "allow_other_labels": True} if task.kind == "quotes" else {}
    documents = (_checked(Document.from_dict(record, path=path, line=line, **labels), path, line)
                 for line, record in records)
    result = BlockResult([])
    for doc in extractor_for(task)(documents):
        result.lines.append(dumps(doc.to_dict()))
        result.quote_types.update(q.type for q in doc.quotes)
        result.with_source += sum(q.source is not None for q in doc.quotes)
    return result


@dataclass
class BlockTotals:
    """What :func:`extract_in_blocks` wrote."""

    documents: int = 0
    quote_types: Counter[str] = field(default_factory=Counter)
    with_source: int = 0


def extract_in_blocks(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    task: ExtractionTask,
    *,
    scheduler: str | SchedulerSpec = "processes",
    num_workers: int | None = None,
    block_documents: int = BLOCK_DOCUMENTS,
    progress: Callable[[int, int | None], None] | None = None,
) -> BlockTotals:
    """Run ``task`` over every document of ``in_path`` on ``scheduler``; write gold JSONL to ``out_path`` atomically.

    The output is the same, byte for byte, whatever the scheduler, the number
    of workers or ``block_documents``, and the same as one process writes
    without blocks. ``progress(done, None)`` is called as
    each block is written, with the documents written so far.
    """
    spec = parse_scheduler(scheduler) if isinstance(scheduler, str) else scheduler
    # Loaded here first: a missing or damaged model fails before any worker starts (and the
    # synchronous scheduler, in this thread, uses this very one).
    extractor_for(task)
    path = str(in_path)
    blocks = _blocks(read_records(in_path), block_documents, path)
    totals = BlockTotals()
    with atomic_write(out_path) as handle:
        with _submitter(spec, num_workers) as (submit, workers):
            for result in _in_order(submit, task, path, blocks, IN_FLIGHT_PER_WORKER * workers):
                for line in result.lines:
                    handle.write(line)
                    handle.write("\n")
                totals.documents += len(result.lines)
                totals.quote_types.update(result.quote_types)
                totals.with_source += result.with_source
                if progress is not None:
                    progress(totals.documents, None)
    return totals


def extract_entities_in_blocks(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    model: str,
    *,
    gazetteer_dir: str | PathLike[str] | None = None,
    scheduler: str | SchedulerSpec = "processes",
    num_workers: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """:func:`khabar.extract.entities.extract_file` with the recogniser ``model`` (a spec), in blocks; the count of documents."""
    task = ExtractionTask("entities", model, gazetteer_dir=None if gazetteer_dir is None else str(gazetteer_dir))
    return extract_in_blocks(in_path, out_path, task, scheduler=scheduler, num_workers=num_workers, progress=progress).documents


def extract_quotes_in_blocks(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    *,
    lexicon_path: str | PathLike[str] | None = None,
    cues_path: str | PathLike[str] | None = None,
    model: str | PathLike[str] | None = None,
    scheduler: str | SchedulerSpec = "processes",
    num_workers: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> QuoteRun:
    """:func:`khabar.extract.quote_runs.extract_quotes_file` in blocks: the same file and the same :class:`QuoteRun`."""
    from pathlib import Path

    if not Path(in_path).exists():
        raise InputError("E011", "no such file", path=in_path)
    task = ExtractionTask(
        "quotes", "rules" if model is None else str(model),
        lexicon_path=None if lexicon_path is None else str(lexicon_path),
        cues_path=None if cues_path is None else str(cues_path),
    )
    started = time.perf_counter()
    totals = extract_in_blocks(in_path, out_path, task, scheduler=scheduler, num_workers=num_workers, progress=progress)
    run = QuoteRun(str(out_path), totals.documents, totals.quote_types, totals.with_source)
    run.seconds = time.perf_counter() - started
    return run


def _checked(doc: Document, path: str, line: int) -> Document:
    # What the extractor does not replace is written through: a span no later step can use stops the run
    # (E220/E221), as in one process (:func:`~khabar.gold.validate.require_valid`).
    check_document(doc, path=path, line=line)
    return doc


def _blocks(records: Iterable[Any], size: int, path: str) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    block: list[tuple[int, dict[str, Any]]] = []
    first_line: dict[str, int | None] = {}  # a repeated id is E248 here, before any worker sees its block
    for located in records:
        doc_id = record_id(located.record) if isinstance(located.record, dict) else None
        if isinstance(doc_id, str):
            note_id(first_line, doc_id, path, located.line)
        block.append((located.line, located.record))
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block


def _in_order(
    submit: Callable[..., Any], task: ExtractionTask, path: str, blocks: Iterator[list[Any]], window: int
) -> Iterator[BlockResult]:
    """Results in the order of the blocks, with at most ``window`` blocks submitted and not yet written."""
    pending: deque[Any] = deque()
    for block in blocks:
        pending.append(submit(extract_block, task, path, block))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Done:
    """A finished result, for the synchronous scheduler: the same ``result()`` as a future."""

    def __init__(self, value: BlockResult):
        self._value = value

    def result(self) -> BlockResult:
        return self._value


@contextlib.contextmanager
def _submitter(spec: SchedulerSpec, num_workers: int | None) -> Iterator[tuple[Callable[..., Any], int]]:
    """``(submit, workers)`` for a scheduler spec: ``submit(fn, *args)`` returns something with ``result()``."""
    if spec.kind in LOCAL_SCHEDULERS:
        with local_executor(spec, num_workers=num_workers) as (executor, workers):
            if executor is None:
                yield (lambda fn, *args: _Done(fn(*args))), 1
            else:
                yield executor.submit, workers
        return
    with scheduler_for(spec, num_workers=num_workers) as options:
        client = options["scheduler"]
        workers = max(1, sum(client.nthreads().values()))
        yield (lambda fn, *args: client.submit(fn, *args, pure=False)), workers
