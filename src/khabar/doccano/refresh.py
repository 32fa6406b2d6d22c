"""Model in the loop: train on what annotators confirmed, re-suggest what nobody touched, most informative first.

``refresh`` (``khabar doccano refresh --project NAME``) does, for a plain
project or a routed campaign (``NAME`` and its ``NAME--annotator`` projects):

1. **pull** every document an annotator confirmed (:func:`.pull.pull`,
   ``only_confirmed``). A document confirmed by several annotators is kept
   once per annotator (each copy is a reading of the guidelines; the report
   names those documents under ``multiply_confirmed``);
2. **cross-validate** (``folds`` > 1): k folds by document over the pulled
   gold, each fold predicted by models trained on the base data plus the other
   folds; strict entity F1 (micro) and quote attribution F1 over all
   out-of-fold predictions. It costs ``folds`` extra trainings of each model;
   ``folds=0`` skips it;
3. **train** the entity recogniser and the quote model. The recogniser is by
   default the BiLSTM-CRF of ``khabar train entities``, whose training
   *continues* on the gold (with as many base sentences replayed beside it):
   the base model is ``--base-model`` (the model that made the first
   suggestions) or one trained once from ``--base-entities`` and kept in the
   state folder. Continuing takes seconds where training from nothing takes
   minutes per fold, and it scores as well: on the Jawhara FM gold's 5 folds,
   continuing a model of ANERcorp's 80% 0.568-0.592 strict F1, training from
   nothing on it plus the gold at weight 10, 0.581; on the SaudiNewsNet dev
   gold's, 0.647 against 0.619 (``benchmarks/README.md``). ``--arch crf``
   trains a CRF from nothing on the base sources plus the gold, as before. The
   quote model is trained on the base quote gold plus the gold (the rules when
   no document holds a quote);
4. **decide what is untouched** (below), pre-annotate those documents with the
   new models (a text over 200,000 characters a window at a time, as ``khabar
   extract`` reads it: :mod:`khabar.extract.windows`) and **replace** their suggestions, inside doccano's database
   (:func:`~.django_jobs.jobs.replace_suggestions`): each suggestion owner's
   spans and relations on the example are deleted and the new ones created, in
   one transaction per chunk that first checks every example again, so an
   example someone touched after khabar looked is skipped, never changed, and
   that is written only while the refresh is alive (a refresh killed mid-job
   leaves no chunk to be written after its lock is released). Before the job,
   the side table records both the old and the new fingerprint of each example
   about to change, so that an interrupted refresh leaves every one of them
   recognised as khabar's, whichever suggestion it holds; afterwards, the new
   one alone. The server is then read back: every owner holds exactly the new
   suggestion (else E363);
5. **order** the refreshed documents by the recogniser's uncertainty
   (:func:`khabar.extract.uncertainty.document_uncertainty`: least confidence
   over tokens' marginal tag probabilities, ties broken by mean token entropy,
   then id) and give each
   refreshed example a doccano ``score`` that sorts them in that order;
6. **log**: one JSON line appended to ``<state>/refresh/<NAME>.jsonl`` (0600,
   written whole and fsynced) with the gold size, the cross-validated F1s, the
   counts and the order; the same record is returned as :class:`RefreshReport`.

**Touched.** doccano 1.8.4 records no page views, so "opened" cannot be seen.
An example counts as touched, and is never changed (its labels, state, score,
text and meta stay byte-identical), when doccano records any of: a
confirmation (an ExampleState) by anyone; a comment; a category, text, box or
segment label; a span or relation by a user other than the suggestion owners;
a label whose ``updated_at`` trails its ``created_at`` by more than a second
(edited in place); an owner's spans and relations that differ from the
suggestion khabar last left there (their fingerprint, kept in the side table by
push and by refresh, :mod:`.suggestions`); or no fingerprint at all (pushed
before khabar recorded them, or not by khabar), unless ``pushed`` names the
file it was pushed from, whose pre-annotations then stand in. Suggestion owners are the
project's members with the annotator role (a push with ``--annotators`` gives
each of them a copy), or the refreshing user when there are none (a push
without annotators leaves the suggestions to the pushing user). An annotator
who joined after the push holds no copy, so every example counts as touched
for them. Not seen: an annotator who deleted a suggestion and drew it again
exactly as it was leaves the same fingerprint, and their example is refreshed.

**Order in doccano.** doccano's example list (and the annotation page's
navigation) follows ``created_at`` unless told otherwise; its annotation page
has a sort menu with "Lowest score first" (``?ordering=score``), which the
annotators choose (or open ``/projects/ID/sequence-labeling?page=1&ordering=score``,
adding ``&isChecked=false`` to skip what they confirmed). Refreshed examples
get the scores ``top - n, ..., top - 1`` in the model's order, ``top`` being the
lowest score of the project's touched examples (doccano's default is 100), so
that order lists every refreshed example, most informative first, before any
touched one. Scores are written with an SQL update, so an example's
``updated_at`` does not change.

Refresh takes each project's push lock (E381 after ``lock_timeout``) and, for a
campaign, the campaign's, so no push or other refresh runs meanwhile. It works
in the database of a server khabar runs (E360 otherwise): in individual
annotation mode doccano's REST API shows each user only their own labels, so
through the API alone the labels of an annotator khabar has no password for
could not be seen, and "touched" could not be decided safely.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import hashlib
import json
import os
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import ConfigError, InputError
from ..gold.io import read_documents
from ..gold.model import Document
from ..io import STDIN, STDIN_NAME, is_stream
from .campaign import CampaignRecord, annotator_project, campaign_path, load_campaign, pull_campaign
from .client import Session
from .convert import ID_KEY, RECORD_KEY, SUGGESTED_KEY, TYPES_KEY, document_to_record
from .handover import local_server
from .pull import pull
from .push import Progress, project_state_stem
from .push_state import project_lock
from .server import server_from_state
from .server_jobs import ServerJobs
from .sidecar import SideTable
from .suggestions import EMPTY, expected_fingerprints, record_fingerprint, touched_reasons

if TYPE_CHECKING:
    from ..extract.training_sources import TrainingSource

__all__ = ["DEFAULT_FOLDS", "RefreshReport", "check_model_files", "refresh", "refresh_log_path"]

#: Cross-validation folds by default: small, since each fold trains both models once more.
DEFAULT_FOLDS = 3
#: The BiLSTM-CRF's epochs over the gold (and the replayed base sentences) when the gold continues a base model.
DEFAULT_EPOCHS = 12
#: Base sentences replayed beside the gold, as a multiple of the gold's size.
DEFAULT_REPLAY = 2.0
#: Epochs of a base BiLSTM-CRF trained from the base sources (as ``khabar train entities``).
DEFAULT_BASE_EPOCHS = 16
#: The role whose members own suggestions (a push with --annotators makes each an annotator and gives
#: each a copy); an approver's labels are a person's work.
OWNER_ROLES = ("annotator",)


@dataclass(slots=True)
class RefreshReport:
    """What a refresh did; :meth:`to_dict` is the ``--json`` output and the log record."""

    project: str
    #: The doccano projects refreshed: ``{annotator: project}`` for a campaign, ``{"": project}`` otherwise.
    projects: dict[str, str] = field(default_factory=dict)
    started_at: str = ""
    #: Distinct documents confirmed by at least one annotator, and the training copies (one per annotator).
    gold_documents: int = 0
    gold_copies: int = 0
    multiply_confirmed: dict[str, list[str]] = field(default_factory=dict)
    base_entity_documents: int = 0
    base_quote_documents: int = 0
    folds: int = 0
    entity_cv_f1: float | None = None
    quote_cv_f1: float | None = None
    cv_note: str = ""
    clusters: str | None = None
    #: The entity recogniser: ``{"arch": "bilstm", "base": path or None, "base_trained_now", "epochs",
    #: "replay"}`` or ``{"arch": "crf", "max_iterations"}``.
    entity_model: dict[str, Any] = field(default_factory=dict)
    quote_model: str = "crf"
    #: Examples whose suggestions were replaced, and examples left alone (touched), over all projects.
    refreshed: int = 0
    touched: int = 0
    #: Examples untouched when khabar looked but touched before their replacement (left alone too).
    skipped_now_touched: int = 0
    #: Refreshed document ids, most informative first, and each one's uncertainty.
    order: list[str] = field(default_factory=list)
    uncertainty: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Why each touched example was left alone: ``{doc id: {project: [reasons]}}``.
    touched_reasons: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    spans: int = 0
    relations: int = 0
    log: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def refresh_log_path(state_dir: str | PathLike[str] | None, project: str) -> Path:
    """``<state folder>/refresh/<project>.jsonl`` (a name with other characters than letters, digits, ``.-_``
    is made safe and given a short hash, so two names never share a log)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", project)
    if safe != project or safe.startswith("."):
        safe = f"{safe.lstrip('.')}-{hashlib.sha256(project.encode()).hexdigest()[:8]}"
    return server_from_state(state_dir).state_dir / "refresh" / f"{safe}.jsonl"


def _append_log(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line, written whole (one write on an O_APPEND descriptor) and fsynced; file 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


# -- gold -----------------------------------------------------------------------------------------------
def _pull_gold(session: Session, project: str, campaign: CampaignRecord | None,
               state_dir: str | PathLike[str] | None) -> list[Document]:
    """Every confirmed document, one copy per annotator who confirmed it (``extra["annotator"]`` says whose)."""
    with tempfile.TemporaryDirectory(prefix="khabar-refresh-") as tmp:
        if campaign is not None:
            manifest = pull_campaign(session, campaign, tmp, only_confirmed=True, state_dir=state_dir)
        else:
            manifest = pull(session, project, tmp, only_confirmed=True, state_dir=state_dir)
        docs: list[Document] = []
        for info in manifest.files.values():
            docs.extend(read_documents(Path(tmp) / info["path"]))
    return docs


def _folds_by_document(gold: Sequence[Document], k: int, seed: int) -> list[list[Document]]:
    """``k`` folds of whole documents: every copy of a document (one per annotator) in the same fold."""
    ids = sorted({d.id for d in gold})
    random.Random(seed).shuffle(ids)
    fold_of = {doc_id: i % k for i, doc_id in enumerate(ids)}
    folds: list[list[Document]] = [[] for _ in range(k)]
    for doc in gold:
        folds[fold_of[doc.id]].append(doc)
    return folds


# -- models ---------------------------------------------------------------------------------------------
@dataclass
class _Trainer:
    """Trains both models on base data plus some gold; the settings of one refresh.

    ``arch="bilstm"`` (the default recogniser of ``khabar train entities``): the
    gold continues the training of ``base_model`` (:func:`~khabar.extract.neural.fine_tune_neural`:
    seconds, where training a BiLSTM-CRF from nothing takes minutes per fold),
    together with a sample of the base sentences ``replay`` times the gold's
    size, drawn with ``seed``, so that the model does not forget them. With no
    base model, a BiLSTM-CRF is trained on the gold alone. ``arch="crf"``: a CRF
    trained from nothing on the base sources plus the gold, every time.
    """

    base_entities: list[Document]
    base_quotes: list[Document]
    crf_iterations: int
    quote_iterations: int
    clusters: Any = None  # WordClusters, loaded once for every training of the refresh
    arch: Literal["bilstm", "crf"] = "crf"
    base_model: Any = None  # a NeuralRecognizer the gold continues (arch "bilstm")
    epochs: int = DEFAULT_EPOCHS
    replay: float = DEFAULT_REPLAY
    seed: int = 0
    base_epochs: int = DEFAULT_BASE_EPOCHS  # a model trained from nothing (no base model)

    def entities(self, gold: Sequence[Document]) -> Any:
        if self.arch == "bilstm":
            return self._bilstm(gold)
        from ..extract.crf import train_crf

        documents = [*self.base_entities, *gold]
        if not documents:
            raise ConfigError("E361", "nothing to train the entity recogniser on: no document is confirmed yet "
                              "and no --base-entities was given")
        return train_crf(documents, max_iterations=self.crf_iterations, clusters=self.clusters)

    def _bilstm(self, gold: Sequence[Document]) -> Any:
        from ..extract.neural import fine_tune_neural, train_neural

        if self.base_model is None:
            if not gold:
                raise ConfigError("E361", "nothing to train the entity recogniser on: no document is confirmed yet "
                                  "and neither --base-model nor --base-entities was given")
            return train_neural(gold, clusters=self.clusters, epochs=self.base_epochs, seed=self.seed)
        if not gold:
            return self.base_model
        return fine_tune_neural(self.base_model, [*gold, *self.replayed(gold)], epochs=self.epochs, seed=self.seed)

    def replayed(self, gold: Sequence[Document]) -> list[Document]:
        """Base documents holding ``replay`` times the gold's characters (:func:`~khabar.extract.training_sources.replay_sample`)."""
        from ..extract.training_sources import replay_sample

        return replay_sample(self.base_entities, gold, self.replay, self.seed)

    def quotes(self, gold: Sequence[Document]) -> tuple[Callable[[str, Sequence[Any]], list[Any]], str]:
        """A quote predictor ``(text, entities) -> quotes`` and its kind: the model, or the rules when the
        training documents hold no quote."""
        from ..extract.quotes.model import QuoteModelConfig, train_quote_model

        documents = [*self.base_quotes, *gold]
        if any(d.quotes for d in documents):
            model = train_quote_model(documents, config=QuoteModelConfig(max_iterations=self.quote_iterations))
            return model.predict, "crf"
        from ..extract.quotes.extractor import QuoteExtractor

        return QuoteExtractor().extract, "rules"


def _documents_key(documents: Sequence[Document], *parts: Any) -> str:
    """A fingerprint of training documents (texts and entities) and settings: the cached base model's key."""
    digest = hashlib.sha256(json.dumps([str(p) for p in parts]).encode())
    for doc in documents:
        digest.update(json.dumps([doc.text, [[e.start, e.end, e.label] for e in doc.entities]],
                                 ensure_ascii=False).encode())
    return digest.hexdigest()


def _file_identity(path: Path | None) -> str:
    """Path, size and modification time: enough to see that a clusters file was learnt again in place."""
    if path is None:
        return ""
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def _base_model(path: str | PathLike[str] | None, documents: Sequence[Document], clusters: Any,
                clusters_path: Path | None, cache: Path, epochs: int, seed: int) -> tuple[Any, str | None, bool]:
    """The BiLSTM-CRF a refresh continues: the model at ``path``; else one trained on the base ``documents``,
    kept at ``cache`` and trained again only when the base data, the clusters file, the gazetteer folder or
    the settings change (the key is stored inside the model file, so a model and its key are never
    mismatched); else None. Also its path and whether it was trained now."""
    from ..extract.gazetteer import default_gazetteer_dir
    from ..extract.neural import NeuralRecognizer, is_neural_model, train_neural

    if path is not None:
        if not Path(path).exists():
            raise InputError("E433", "no BiLSTM-CRF model here", path=path, field="--base-model")
        if not is_neural_model(path):
            raise InputError("E368", "--base-model must be a BiLSTM-CRF (`khabar train entities` without --arch); "
                             "a CRF is trained from the base sources with --arch crf", path=path, field="--base-model")
        return NeuralRecognizer.load(path), os.path.abspath(path), False
    if not documents:
        return None, None, False
    gazetteer = default_gazetteer_dir()
    key = _documents_key(documents, _file_identity(clusters_path), epochs, seed,
                         *(_file_identity(p) for p in sorted(gazetteer.glob("*.txt"))))
    if cache.exists():
        with contextlib.suppress(InputError):
            cached = NeuralRecognizer.load(cache)
            if cached.info.get("refresh_key") == key:
                return cached, str(cache), False
    model = train_neural(documents, clusters=clusters, epochs=epochs, seed=seed)
    model.info["refresh_key"] = key
    cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    model.save(cache)
    return model, str(cache), True


def _cross_validate(trainer: _Trainer, gold: Sequence[Document], k: int, seed: int) -> tuple[float | None, float | None]:
    """Out-of-fold strict entity F1 (micro) and quote attribution F1; each ``None`` when there was nothing to score
    (no gold entity and none predicted; no gold document holding a quote)."""
    from ..evaluate.crossval import quote_figures
    from ..evaluate.entities import score_entities
    from ..extract.windows import entities_in_windows

    pairs: list[tuple[Document, Document]] = []
    folds = _folds_by_document(gold, k, seed)
    for i, test in enumerate(folds):
        train = [doc for j, fold in enumerate(folds) if j != i for doc in fold]
        recogniser = trainer.entities(train)
        quotes, _ = trainer.quotes(train)
        for doc in test:
            entities = entities_in_windows(doc.text, recogniser.predict)  # a long text a window at a time
            pairs.append((doc, dataclasses.replace(doc, entities=entities, quotes=quotes(doc.text, []),
                                                    meta=dict(doc.meta), extra=dict(doc.extra))))
    entity_f1 = score_entities(pairs)["micro"]["strict"]["f1"]
    if not any(g.quotes for g, _ in pairs):
        return entity_f1, None
    figures = quote_figures([g for g, _ in pairs], [p for _, p in pairs], replicates=0)
    return entity_f1, figures["attribution F1"].value


# -- the server side ------------------------------------------------------------------------------------
def _owners(session: Session, project_id: int) -> list[str]:
    members = session.get(f"projects/{project_id}/members")
    owners = sorted(m["username"] for m in members if m["rolename"] in OWNER_ROLES)
    return owners or [session.username]


@dataclass
class _Target:
    """One doccano project being refreshed and what was found in it."""

    name: str
    project_id: int
    owners: list[str]
    side: SideTable
    untouched: dict[str, dict[str, Any]] = field(default_factory=dict)  # khabar id -> state
    touched: dict[str, list[str]] = field(default_factory=dict)  # khabar id (or example id) -> reasons
    touched_scores: list[float] = field(default_factory=list)
    #: Fingerprints of what was pushed, from the files given as ``pushed`` (for examples the side table
    #: has none for: pushed before khabar recorded them).
    pushed: dict[str, str] = field(default_factory=dict)

    def expected(self, doc_id: str) -> list[str] | None:
        """The fingerprints of the suggestions khabar may have left on ``doc_id`` (None: not known)."""
        found = expected_fingerprints(self.side.entries().get(doc_id))
        if found is None and doc_id in self.pushed:
            return [self.pushed[doc_id]]
        return found


def _survey(jobs: ServerJobs, target: _Target) -> None:
    """Sort a project's examples into untouched (with their text) and touched (with the reasons)."""
    for state in jobs.call("example_states", project=target.project_id, owners=target.owners, with_text=True):
        kid = state["khabar_id"]
        if kid is None:
            target.touched[f"example-{state['example']}"] = ["not pushed by khabar (no khabar id)"]
            target.touched_scores.append(float(state["score"]))
            continue
        reasons = touched_reasons(state, target.owners, target.expected(str(kid)))
        if str(kid) in target.untouched or str(kid) in target.touched:
            # Two examples of one document (a push doubled it): neither is refreshed.
            first = target.untouched.pop(str(kid), None)
            if first is not None:
                target.touched_scores.append(float(first["score"]))
            target.touched[str(kid)] = [*target.touched.get(str(kid), []), "two examples with this khabar id"]
            target.touched_scores.append(float(state["score"]))
        elif reasons:
            target.touched[str(kid)] = reasons
            target.touched_scores.append(float(state["score"]))
        else:
            target.untouched[str(kid)] = state


def _suggestion(doc_id: str, text: str, entities: list[Any], quotes: Callable[..., list[Any]]) -> dict[str, Any]:
    """The doccano record (UTF-16 offsets) of the new models' suggestion for one text and its entities."""
    doc = Document(doc_id, text, entities=entities, quotes=quotes(text, entities))
    return document_to_record(doc, preannotate=True)


def _side_entry(old: dict[str, Any] | None, doc_id: str, fingerprints: list[str], types: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {ID_KEY: doc_id, SUGGESTED_KEY: json.dumps(fingerprints)}
    if old and RECORD_KEY in old:
        entry[RECORD_KEY] = old[RECORD_KEY]
    if types is not None:
        entry[TYPES_KEY] = types
    elif old and TYPES_KEY in old:
        entry[TYPES_KEY] = old[TYPES_KEY]
    return entry


def _merged_types(old: dict[str, Any] | None, new: str) -> str:
    """The quote types of the old and the new suggestion (the new wins where both type one content)."""
    try:
        before = json.loads((old or {}).get(TYPES_KEY) or "{}")
    except json.JSONDecodeError:
        before = {}
    if not isinstance(before, dict):  # hand-edited into another shape: as unreadable as text that is not JSON
        before = {}
    return json.dumps({**before, **json.loads(new)})


def _replace(jobs: ServerJobs, target: _Target, order: list[str], records: dict[str, dict[str, Any]],
             report: RefreshReport) -> list[str]:
    """Replace the suggestions of the target's untouched examples (in ``order``); return the ids replaced."""
    ids = [doc_id for doc_id in order if doc_id in target.untouched]
    if not ids:
        return []
    entries = target.side.entries()
    top = min([100.0, *target.touched_scores])
    items = []
    new_prints: dict[str, str] = {}
    for position, doc_id in enumerate(ids):
        record = records[doc_id]
        new_prints[doc_id] = record_fingerprint(record)
        items.append({
            "example": target.untouched[doc_id]["example"],
            "expected": target.expected(doc_id) or [],
            "spans": [[s["id"], s["label"], s["start_offset"], s["end_offset"]] for s in record["entities"]],
            "relations": [[r["type"], r["from_id"], r["to_id"]] for r in record["relations"]],
            "score": top - (len(ids) - position),
        })
    old = {doc_id: dict(entries.get(doc_id) or {}) for doc_id in ids}
    before = {doc_id: target.expected(doc_id) or [] for doc_id in ids}
    # Before the server changes, both suggestions count as khabar's: a crash between the two writes leaves
    # every example recognised as untouched, whichever suggestion it holds.
    target.side.record(_side_entry(old[d], d, [*before[d], new_prints[d]],
                                   _merged_types(old[d], records[d][TYPES_KEY])) for d in ids)
    result = jobs.call("replace_suggestions", project=target.project_id, owners=target.owners, items=items,
                       parent=os.getpid())
    by_example = {item["example"]: doc_id for item, doc_id in zip(items, ids)}
    replaced = [by_example[e] for e in result["replaced"]]
    skipped = [by_example[e] for e in result["skipped"]]
    report.spans += result["spans"]
    report.relations += result["relations"]
    report.skipped_now_touched += len(skipped)
    # Read back: every owner of every replaced example holds exactly the new suggestion.
    if replaced:
        states = jobs.call("example_states", project=target.project_id, owners=target.owners,
                           examples=[target.untouched[d]["example"] for d in replaced])
        # An owner holding nothing has no fingerprint: the empty suggestion's.
        wrong = [s for s in states if any(s["fingerprints"].get(o, EMPTY) != new_prints[str(s["khabar_id"])]
                                          for o in target.owners)]
        if wrong:
            raise ConfigError("E363", f"after refresh, {len(wrong)} example(s) of project {target.name!r} do not "
                              f"hold the new suggestions (first: {wrong[0]['khabar_id']}); run refresh again")
    target.side.record([*(_side_entry(old[d], d, [new_prints[d]], _merged_types(old[d], records[d][TYPES_KEY]))
                          for d in replaced),
                        *(_side_entry(old[d], d, before[d], None) for d in skipped)])
    for doc_id in skipped:
        target.touched[doc_id] = ["touched while refresh ran"]
    return replaced


# -- the whole ------------------------------------------------------------------------------------------
def _clusters_path(clusters: str | PathLike[str] | None) -> Path | None:
    """The word clusters a refresh trains with: ``"cached"`` means the default cache's file if it exists."""
    if clusters is None:
        return None
    if clusters == "cached":
        from ..extract.clusters import default_clusters_path

        cached = default_clusters_path()
        return cached if cached.exists() else None
    path = Path(clusters)
    if not path.exists():
        raise InputError("E364", "no such word clusters file", path=path, field="--clusters")
    return path


#: Why each model option is refused from a pipe (see :func:`check_model_files`).
_NOT_FROM_A_PIPE = {
    "clusters": ("E364", "--clusters", "word clusters are read with the vectors saved beside them (PATH.vectors.npy), "
                 "which a pipe has not, and the cached base model is keyed by their file; name the clusters file"),
    "base_model": ("E433", "--base-model", "a BiLSTM-CRF is a file or a folder khabar loads; name it"),
}


def check_model_files(clusters: str | PathLike[str] | None = None,
                      base_model: str | PathLike[str] | None = None) -> None:
    """Refuse word clusters or a base model given as ``-`` or a pipe (E364, E433), before anything is read.

    The base data (``--base-entities``, ``--base-quotes``, ``--pushed``) may come from a pipe (``khabar doccano
    refresh`` copies it once); these two may not: copied, the clusters would lose the vectors beside them and,
    their copy being new at every refresh, train the cached base model again each time; a model may be a folder.
    """
    for option, value in (("clusters", clusters), ("base_model", base_model)):
        if value is None or value == "cached" or not is_stream(value):
            continue
        code, name, why = _NOT_FROM_A_PIPE[option]
        stdin = str(value) == STDIN
        raise InputError(code, f"{'standard input' if stdin else 'a pipe or a device'}, not a file: {why}",
                         path=STDIN_NAME if stdin else value, field=name)


def refresh(
    session: Session,
    project: str,
    *,
    base_entities: Iterable[TrainingSource | str | PathLike[str]] = (),
    base_quotes: Iterable[str | PathLike[str]] = (),
    pushed: Iterable[str | PathLike[str]] = (),
    folds: int = DEFAULT_FOLDS,
    state_dir: str | PathLike[str] | None = None,
    progress: Progress | None = None,
    crf_iterations: int = 150,
    quote_iterations: int = 100,
    lock_timeout: float | None = 1800.0,
    seed: int = 0,
    clusters: str | PathLike[str] | None | Literal["cached"] = "cached",
    arch: Literal["bilstm", "crf"] = "bilstm",
    base_model: str | PathLike[str] | None = None,
    epochs: int = DEFAULT_EPOCHS,
    replay: float = DEFAULT_REPLAY,
    base_epochs: int = DEFAULT_BASE_EPOCHS,
) -> RefreshReport:
    """Train on the confirmed documents of ``project`` (a plain project or a routed campaign), re-suggest the
    untouched ones, most informative first; append the report to the project's refresh log and return it.

    ``base_entities`` are training sources of ``khabar train entities`` (CoNLL or gold JSONL,
    ``PATH:WEIGHT``, or :class:`~khabar.extract.training_sources.TrainingSource`); ``base_quotes`` gold files with
    quotes. ``pushed`` are the files a project was pushed from with ``--preannotate`` before push recorded its
    suggestions' fingerprints: for an example the side table knows nothing of, the fingerprint of that file's
    pre-annotation stands in (a wrong file only makes examples count as touched). ``crf_iterations`` and
    ``quote_iterations`` bound each CRF's training (small in tests). ``clusters`` are the entity recogniser's word clusters:
    ``"cached"`` (the default) uses those ``khabar train entities`` learnt into the cache, when there are
    any (a refresh never spends minutes learning them), a path those clusters, ``None`` none; the report
    names them.

    ``arch`` is the entity recogniser's: ``"bilstm"`` (the default, as for ``khabar train entities``)
    continues a BiLSTM-CRF on the gold for ``epochs``, with base sentences ``replay`` times the gold's
    size beside it (see :class:`_Trainer`). That base model is ``base_model`` (e.g. the model that made
    the first pre-annotations, ``out/models/entities.pt`` of ``make demo``), or else one trained for
    ``base_epochs`` on ``base_entities`` by the first refresh and kept in the state folder beside the
    refresh log (trained again only when those sources change). ``"crf"`` trains a CRF from nothing
    on the base sources plus the gold, for ``crf_iterations``.

    ``progress(step, steps)`` is called as each of the steps (pull, cross-validate, train, survey,
    pre-annotate, replace, log) ends.
    """
    from ..extract.training_sources import read_training_sources
    from ..extract.uncertainty import entities_and_uncertainty

    started = time.perf_counter()
    if folds == 1 or folds < 0:
        raise InputError("E362", f"--folds must be 0 (no cross-validation) or at least 2, found {folds}",
                         field="folds")
    if arch not in ("bilstm", "crf"):
        raise InputError("E369", f"--arch must be bilstm or crf, found {arch!r}", field="arch")
    if arch == "crf" and base_model is not None:
        raise InputError("E369", "--base-model continues a BiLSTM-CRF; with --arch crf the CRF is trained from "
                         "--base-entities and the gold", field="base_model")
    check_model_files(clusters, base_model)
    steps, done = 7, 0

    def step(name: str, since: float) -> float:
        nonlocal done
        done += 1
        report.timings[name] = round(time.perf_counter() - since, 2)
        if progress is not None:
            progress(done, steps)
        return time.perf_counter()

    report = RefreshReport(str(project),
                           started_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
    server = local_server(session, state_dir, "auto")
    if server is None:
        raise ConfigError("E360", f"refresh needs a doccano server khabar runs at {session.url} (its database is "
                          f"read and written by khabar's server jobs); start it with `khabar doccano up`")
    # Base data first: a bad file stops the refresh before anything is pulled or locked.
    entity_base = read_training_sources(list(base_entities)).documents
    quote_base = [doc for path in base_quotes for doc in read_documents(path)]
    pushed_prints = {doc.id: record_fingerprint(document_to_record(doc, preannotate=True))
                     for path in pushed for doc in read_documents(path)}
    report.base_entity_documents, report.base_quote_documents = len(entity_base), len(quote_base)
    campaign = load_campaign(state_dir, session.url, project)
    if campaign is not None:
        report.projects = {name: campaign.projects.get(name) or annotator_project(project, name)
                           for name in campaign.annotators}
    else:
        report.projects = {"": str(project)}
    # A base model given carries its own clusters and vectors.
    clusters_path = None if arch == "bilstm" and base_model is not None else _clusters_path(clusters)
    report.clusters = None if clusters_path is None else str(clusters_path)
    loaded = None
    if clusters_path is not None:
        from ..extract.clusters import WordClusters

        loaded = WordClusters.load(clusters_path)
    trainer = _Trainer(entity_base, quote_base, crf_iterations, quote_iterations, loaded, arch=arch, epochs=epochs,
                       replay=replay, seed=seed, base_epochs=base_epochs)
    if arch == "bilstm":
        # Before any lock: training a base model from the base sources takes minutes, the first time only.
        cache = refresh_log_path(state_dir, str(project)).with_suffix(".base-entities.pt")
        trainer.base_model, base_path, trained = _base_model(base_model, entity_base, loaded, clusters_path, cache,
                                                             base_epochs, seed)
        report.entity_model = {"arch": "bilstm", "base": base_path, "base_trained_now": trained,
                               "epochs": epochs, "replay": replay}
    else:
        report.entity_model = {"arch": "crf", "max_iterations": crf_iterations}

    with contextlib.ExitStack() as held:
        if campaign is not None:
            held.enter_context(project_lock(campaign_path(state_dir, session.url, project).with_suffix(""),
                                            project, lock_timeout))
        targets: list[_Target] = []
        for name in report.projects.values():
            project_id = session.project_id(name)
            held.enter_context(project_lock(project_state_stem(session, project_id, state_dir), name, lock_timeout))
            targets.append(_Target(name, project_id, _owners(session, project_id),
                                   SideTable.for_project(session, project_id, state_dir=state_dir),
                                   pushed=pushed_prints))
        jobs = held.enter_context(ServerJobs(server))
        mark = time.perf_counter()

        gold = _pull_gold(session, project, campaign, state_dir)
        by_doc: dict[str, list[str]] = {}
        for doc in gold:
            by_doc.setdefault(doc.id, []).append(doc.annotator or "")
        report.gold_documents, report.gold_copies = len(by_doc), len(gold)
        report.multiply_confirmed = {d: sorted(a) for d, a in sorted(by_doc.items()) if len(a) > 1}
        mark = step("pull", mark)

        report.folds = folds
        if folds == 0:
            report.cv_note = "skipped (--folds 0)"
        elif len(by_doc) < folds:
            report.cv_note = f"skipped: {len(by_doc)} confirmed document(s), fewer than {folds} folds"
        else:
            report.entity_cv_f1, report.quote_cv_f1 = _cross_validate(trainer, gold, folds, seed)
            report.cv_note = (f"{folds} folds by document over the confirmed gold, base data in every training "
                              "set" + ("" if report.quote_cv_f1 is not None else "; no confirmed quote to score"))
        mark = step("cross-validate", mark)

        recogniser = trainer.entities(gold)
        quotes, report.quote_model = trainer.quotes(gold)
        mark = step("train", mark)

        texts: dict[str, str] = {}
        for target in targets:
            _survey(jobs, target)
            for doc_id, state in target.untouched.items():
                texts.setdefault(doc_id, state["text"])
        mark = step("survey", mark)

        records: dict[str, dict[str, Any]] = {}
        doubt: dict[str, Any] = {}
        for doc_id, text in texts.items():
            entities, doubt[doc_id] = entities_and_uncertainty(recogniser, text)
            records[doc_id] = _suggestion(doc_id, text, entities, quotes)
        order = sorted(texts, key=lambda d: (-doubt[d].least_confidence, -doubt[d].mean_entropy, d))
        mark = step("pre-annotate", mark)

        refreshed: set[str] = set()
        for target in targets:
            replaced = _replace(jobs, target, order, records, report)
            report.refreshed += len(replaced)
            refreshed.update(replaced)
            report.touched += len(target.touched)
            for doc_id, reasons in target.touched.items():
                report.touched_reasons.setdefault(doc_id, {})[target.name] = reasons
        report.order = [d for d in order if d in refreshed]
        report.uncertainty = {d: {"least_confidence": doubt[d].least_confidence,
                                  "mean_entropy": doubt[d].mean_entropy} for d in report.order}
        mark = step("replace", mark)

        path = refresh_log_path(state_dir, str(project))
        report.log = str(path)
        report.seconds = round(time.perf_counter() - started, 2)
        step("log", mark)
        _append_log(path, report.to_dict())
    return report
