"""Word clusters learnt from unlabelled news text: what a CRF knows about words it never saw tagged.

ANERcorp is small (about 125k tokens); most person and place names in new text
never occur in it. Words that appear in the same contexts in a large unlabelled
corpus (SaudiNewsNet: 8.8 M words) land near each other in a word2vec space, so
an unseen name shares a cluster with names the CRF did see. We train gensim's
Word2Vec on normalised tokens, then cut the vectors into k-means clusters at
several granularities (coarse clusters generalise, fine ones discriminate), the
same idea as the prefixes of Brown cluster paths used in classic NER.

Word2Vec runs as CBOW for 5 passes by default: the CRF scores as well with
these clusters as with skip-gram's for 10 passes (0.716 strict F1 on the
ANERcorp split; the figures are in ``benchmarks/README.md``) at about a fifth
of the cost, which lets ``khabar train entities`` learn them on a fresh
machine within its time budget. Skip-gram (``skip_gram=True``, ``khabar train
clusters --skip-gram --epochs 10``) learns better vectors for rare words, which
the BiLSTM-CRF's frozen embeddings gain from (about 0.01).

Training is a separate, cached step (``khabar train clusters``); the result is
a small gzip TSV, ``word<TAB>cluster@k1<TAB>cluster@k2...<TAB>count``, with a header line
naming the granularities, and the unit-length vectors themselves beside it
(``PATH.vectors.npy``, float16), which the CRF also uses as real-valued
features; both are loaded by :meth:`WordClusters.load`. On all of SaudiNewsNet
(9.9 M tokens, words seen 3+ times: 119,579) this takes about a minute of word2vec
on 2 idle cores (skip-gram, 10 passes: 5.5 minutes).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..io import atomic_write
from ..text import split_sentences, token_strings
from .features import match_key

__all__ = [
    "WordClusters",
    "train_clusters",
    "train_clusters_on_sentences",
    "read_sentences",
    "iter_corpus_texts",
    "default_clusters_path",
    "default_clusters_corpora",
    "CORPUS_ENV",
]

FORMAT = "khabar-clusters/1"
DEFAULT_SIZES: tuple[int, ...] = (64, 256, 1024)
#: How :func:`train_clusters` runs word2vec unless told otherwise; each file's header records its own.
DEFAULT_WORD2VEC: dict[str, Any] = {"skip_gram": False, "vector_size": 100, "window": 5, "min_count": 3, "epochs": 5}


#: Names the unlabelled corpora (paths separated by ``os.pathsep``) the default recogniser learns clusters from.
CORPUS_ENV = "KHABAR_CLUSTERS_CORPUS"
_REPO_ROOT = Path(__file__).resolve().parents[3]


def default_clusters_corpora() -> list[Path]:
    """The unlabelled news ``khabar train entities`` learns word clusters from when none are cached.

    ``$KHABAR_CLUSTERS_CORPUS`` when set (paths separated by ``os.pathsep``; an
    empty value means none: train without clusters), else the first folder of
    SaudiNewsNet zips found: ``../shared/data/saudinewsnet`` beside the
    repository, then ``corpus/raw/saudinewsnet`` and ``corpus/raw`` inside it
    (where ``make demo`` and ``khabar corpus fetch saudinewsnet`` put them).
    An empty list when there is none.
    """
    configured = os.environ.get(CORPUS_ENV)
    if configured is not None:
        return [Path(p) for p in configured.split(os.pathsep) if p.strip()]
    for folder in (
        _REPO_ROOT.parent / "shared" / "data" / "saudinewsnet",
        _REPO_ROOT / "corpus" / "raw" / "saudinewsnet",
        _REPO_ROOT / "corpus" / "raw",
    ):
        if folder.is_dir() and any(folder.glob("*.zip")):
            return [folder]
    return []


def default_clusters_path() -> Path:
    """Where ``khabar train clusters`` writes by default: ``$KHABAR_CACHE_DIR`` or ``~/.cache/khabar``."""
    base = os.environ.get("KHABAR_CACHE_DIR")
    root = Path(base) if base else Path.home() / ".cache" / "khabar"
    return root / "clusters.tsv.gz"


@dataclass(frozen=True)
class WordClusters:
    """Cluster ids of words at several granularities, keyed by :func:`~khabar.extract.features.match_key`.

    ``counts`` are the words' frequencies in the training text: the gazetteer
    uses them to tell common words from names.
    """

    sizes: tuple[int, ...]
    table: dict[str, tuple[int, ...]]
    counts: dict[str, int]
    #: The word2vec vectors (unit length, float16), one row per word of ``table`` in its order; optional.
    vectors: Any = None
    #: The word2vec settings they were trained with (empty for files written before they were recorded).
    word2vec: dict[str, Any] = field(default_factory=dict)
    #: The corpora they were learnt from, as resolved paths (empty when not recorded).
    corpora: tuple[str, ...] = ()

    @functools.cached_property
    def vector_index(self) -> dict[str, int]:
        """Row of each word in :attr:`vectors`."""
        return {word: i for i, word in enumerate(self.table)}

    def vector(self, word: str) -> Any:
        """The vector of ``word`` (a match key), or None when unknown or when there are no vectors."""
        if self.vectors is None:
            return None
        row = self.vector_index.get(word)
        return None if row is None else self.vectors[row]

    @staticmethod
    def vectors_path(path: str | PathLike[str]) -> Path:
        """The ``.npy`` file beside a clusters file that holds its vectors."""
        return Path(str(path) + ".vectors.npy")

    def lookup(self, word: str) -> tuple[int, ...] | None:
        """The cluster ids of ``word`` (already a match key), coarsest first; None when unknown."""
        return self.table.get(word)

    def __len__(self) -> int:
        return len(self.table)

    def save(self, path: str | PathLike[str]) -> None:
        """Write the table (gzip TSV) and, when present, the vectors beside it (``PATH.vectors.npy``)."""
        if self.vectors is not None:
            import numpy as np

            with atomic_write(self.vectors_path(path), "wb") as handle:
                np.save(handle, self.vectors.astype("float16"))
        with atomic_write(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            header = json.dumps(
                {"format": FORMAT, "sizes": list(self.sizes), "word2vec": self.word2vec, "corpora": list(self.corpora)},
                ensure_ascii=False,
            )
            lines = [header] + [
                word + "\t" + "\t".join(map(str, ids)) + f"\t{self.counts.get(word, 0)}" for word, ids in self.table.items()
            ]
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | PathLike[str]) -> WordClusters:
        """Read a file written by :meth:`save`; a clear error when it is missing or not one."""
        p = Path(path)
        if not p.exists():
            raise ConfigError(
                "E401",
                "word clusters file not found; build it with `khabar train clusters CORPUS... --out PATH`",
                path=p,
            )
        try:
            with gzip.open(p, "rt", encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    raise InputError("E402", f"not a khabar clusters file (expected format {FORMAT})", path=p, line=1)
                sizes = tuple(int(s) for s in header["sizes"])
                table: dict[str, tuple[int, ...]] = {}
                counts: dict[str, int] = {}
                for number, line in enumerate(handle, start=2):
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) != len(sizes) + 2:
                        raise InputError("E402", f"expected {len(sizes) + 2} tab-separated fields", path=p, line=number)
                    table[parts[0]] = tuple(int(x) for x in parts[1:-1])
                    counts[parts[0]] = int(parts[-1])
        except (OSError, json.JSONDecodeError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError("E402", f"cannot read clusters file: {exc}", path=p) from None
        vectors = None
        if cls.vectors_path(p).exists():
            import numpy as np

            vectors = np.load(cls.vectors_path(p))
            if vectors.shape[0] != len(table):
                raise InputError("E402", f"{vectors.shape[0]} vectors for {len(table)} words", path=cls.vectors_path(p))
        return cls(sizes, table, counts, vectors, dict(header.get("word2vec") or {}), tuple(header.get("corpora") or ()))


def iter_corpus_texts(paths: Iterable[str | PathLike[str]]) -> Iterator[str]:
    """Article texts from SaudiNewsNet zips (or folders of them), the ANT corpus zip and khabar corpus/gold files.

    SaudiNewsNet ships one JSON array per zip; other zips (the ANT corpus of
    Jawhara FM articles) are read as ``khabar corpus import`` reads them; everything
    else goes through :func:`khabar.gold.read_documents` (corpus or gold JSONL, Parquet).
    """
    from ..gold import read_documents

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from iter_corpus_texts(sorted(path.glob("*.zip")))
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            if not any(name.endswith(".json") for name in names):
                # Not SaudiNewsNet's layout (the ANT corpus: TREC/CLEF records in .txt files): read as `corpus import` does.
                yield from _imported_texts(path)
                continue
            with zipfile.ZipFile(path) as archive:
                for name in names:
                    if not name.endswith(".json"):
                        continue
                    try:
                        articles = json.loads(archive.read(name).decode("utf-8"))
                    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                        raise InputError("E403", f"{name} is not a JSON array of articles: {exc}", path=path) from None
                    for article in articles:
                        content = article.get("content") if isinstance(article, dict) else None
                        if isinstance(content, str) and content:
                            yield content
            continue
        for doc in read_documents(path):
            yield doc.text


def _imported_texts(path: Path) -> Iterator[str]:
    """Article texts of any file ``khabar corpus import`` reads, unchanged (no cleaning)."""
    from ..corpus.importer import ImportSummary, iter_articles

    for article in iter_articles([path], ImportSummary(out="")):
        if article.text:
            yield article.text


def _sentences(texts: Iterable[str]) -> Iterator[list[str]]:
    for text in texts:
        for sentence in split_sentences(text):
            words = [match_key(w) for w in token_strings(sentence.text_in(text))]
            if len(words) > 1:
                yield words


def train_clusters(texts: Iterable[str], *, log=None, **settings: Any) -> WordClusters:  # noqa: ANN001 - log: any callable taking a str
    """Word2Vec over the sentences of ``texts`` (CBOW, or skip-gram with ``skip_gram=True``), then k-means at each of ``sizes``.

    ``settings`` are those of :func:`train_clusters_on_sentences` (``sizes``,
    the word2vec settings, ``workers``, ``seed``, ``progress``), which this
    calls once the sentences are read. They are held in memory once (about 1 GB
    for all of SaudiNewsNet would be too much as Python lists, so they are kept
    as tuples of interned strings: roughly 10 M references).
    """
    say = log or (lambda message: None)
    started = time.perf_counter()
    sentences = read_sentences(texts)
    n_tokens = sum(map(len, sentences))
    say(f"read {len(sentences):,} sentences, {n_tokens:,} tokens in {time.perf_counter() - started:.0f}s")
    return train_clusters_on_sentences(sentences, log=log, **settings)


def read_sentences(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """The sentences of ``texts`` as tuples of interned match keys (the form word2vec is trained on)."""
    return [tuple(map(intern_word, s)) for s in _sentences(texts)]


def train_clusters_on_sentences(
    sentences: Sequence[Sequence[str]],
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    vector_size: int = DEFAULT_WORD2VEC["vector_size"],
    window: int = DEFAULT_WORD2VEC["window"],
    min_count: int = DEFAULT_WORD2VEC["min_count"],
    epochs: int = DEFAULT_WORD2VEC["epochs"],
    skip_gram: bool = DEFAULT_WORD2VEC["skip_gram"],
    workers: int = 2,
    seed: int = 1,
    log=None,  # noqa: ANN001 - any callable taking a str
    progress: Callable[[int, int | None], None] | None = None,
) -> WordClusters:
    """:func:`train_clusters` on sentences already read (:func:`read_sentences`).

    ``progress(epochs_done, epochs)`` is called as word2vec finishes each pass, the long part of the work.
    """
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    say = log or (lambda message: None)
    started = time.perf_counter()
    if not sentences:
        raise InputError("E404", "no text to learn word clusters from")
    if not _any_word_seen(sentences, min_count):  # gensim's RuntimeError "you must first build vocabulary"
        raise InputError("E471", min_count=min_count, tokens=sum(map(len, sentences)))
    model = Word2Vec(
        sentences=sentences,
        vector_size=vector_size,
        window=window,
        min_count=min_count,
        workers=workers,
        epochs=epochs,
        seed=seed,
        sg=int(skip_gram),
        callbacks=[_epoch_progress(progress, epochs)] if progress is not None else (),
    )
    say(f"word2vec: {len(model.wv):,} words in {time.perf_counter() - started:.0f}s")
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True).clip(1e-8)
    columns = []
    for k in sizes:
        k = min(k, len(words))
        # Random initial centres, not k-means++: its seeding took 30-50 s of the 1,024-cluster cut (on
        # 50k words, a busy machine) against about 1 s, for the same inertia.
        kmeans = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1, max_iter=50, init="random")
        columns.append(kmeans.fit_predict(vectors))
        say(f"k-means k={k} done at {time.perf_counter() - started:.0f}s")
    table = {word: tuple(int(col[i]) for col in columns) for i, word in enumerate(words)}
    counts = {word: int(model.wv.get_vecattr(word, "count")) for word in words}
    settings = {"skip_gram": skip_gram, "vector_size": vector_size, "window": window, "min_count": min_count, "epochs": epochs}
    return WordClusters(tuple(sizes), table, counts, vectors.astype("float16"), settings)


def _any_word_seen(sentences: Iterable[Sequence[str]], min_count: int) -> bool:
    """Whether some word occurs ``min_count`` times or more: word2vec keeps only those (stops at the first found)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for word in sentence:
            counts[word] += 1
            if counts[word] >= min_count:
                return True
    return False


def _epoch_progress(progress: Callable[[int, int | None], None], epochs: int) -> Any:
    """A gensim callback that reports each finished word2vec pass (gensim is imported only when training)."""
    from gensim.models.callbacks import CallbackAny2Vec

    class EpochProgress(CallbackAny2Vec):
        def __init__(self) -> None:
            self.done = 0

        def on_train_begin(self, model: Any) -> None:
            progress(0, epochs)

        def on_epoch_end(self, model: Any) -> None:
            self.done += 1
            progress(self.done, epochs)

    return EpochProgress()


_INTERNED: dict[str, str] = {}


def intern_word(word: str) -> str:
    """One shared string object per distinct word, so millions of tokens cost references, not copies."""
    return _INTERNED.setdefault(word, word)
