"""Word clusters learnt from unlabelled news text: what a CRF knows about words it never saw tagged.

ANERcorp is small (about 125k tokens); most person and place names in new text
never occur in it. Words that appear in the same contexts in a large unlabelled
corpus (SaudiNewsNet: 8.8 M words) land near each other in a word2vec space, so
an unseen name shares a cluster with names the CRF did see. We train gensim's
Word2Vec on normalised tokens, then cut the vectors into k-means clusters at
several granularities (coarse clusters generalise, fine ones discriminate), the
same idea as the prefixes of Brown cluster paths used in classic NER.

The vectors come from gensim's FastText by default (``subwords=True``): it
learns a vector for each character n-gram (2 to 5 letters) as well as each
word, so any word, even one never seen in SaudiNewsNet (a transliterated name,
a word with an unusual clitic), gets a vector built from its n-grams
(:meth:`WordClusters.subword_vector`). The BiLSTM-CRF reads those; on the
ANERcorp split they gained about 0.01 strict F1 over word2vec's vectors.

Training is a separate, cached step (``khabar train clusters``); the result is
a small gzip TSV, ``word<TAB>cluster@k1<TAB>cluster@k2...<TAB>count``, with a header line
naming the granularities, and the unit-length vectors themselves beside it
(``PATH.vectors.npy``, float16), which the CRF also uses as real-valued
features, plus the n-gram table (``PATH.ngrams.npy``, float16, 40 MB); all are
loaded by :meth:`WordClusters.load`. On all of SaudiNewsNet (9.9 M tokens,
words seen 3+ times: 119,629) this takes about 3 minutes on 2 idle cores.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..io import atomic_write
from ..text import split_sentences, token_strings
from .features import match_key

__all__ = ["WordClusters", "Subwords", "train_clusters", "iter_corpus_texts", "default_clusters_path"]

FORMAT = "khabar-clusters/1"
DEFAULT_SIZES: tuple[int, ...] = (64, 256, 1024)


def default_clusters_path() -> Path:
    """Where ``khabar train clusters`` writes by default: ``$KHABAR_CACHE_DIR`` or ``~/.cache/khabar``."""
    base = os.environ.get("KHABAR_CACHE_DIR")
    root = Path(base) if base else Path.home() / ".cache" / "khabar"
    return root / "clusters.tsv.gz"


@dataclass(frozen=True)
class Subwords:
    """fastText's character n-gram vectors: a vector for any word, seen in training or not.

    A word is wrapped in ``<`` and ``>`` and cut into its n-grams of ``min_n`` to
    ``max_n`` characters; each is hashed into one of ``len(vectors)`` buckets,
    and the word's vector is the mean of its buckets' rows (what gensim's
    ``FastTextKeyedVectors`` does for a word outside its vocabulary; gensim's
    own hash function is used, so the rows mean what training meant by them).
    """

    min_n: int
    max_n: int
    #: One row per hash bucket (float16).
    vectors: Any

    def vector(self, word: str) -> Any:
        """The unit-length float32 vector of ``word`` built from its n-grams; None when it has none."""
        import numpy as np
        from gensim.models.fasttext import ft_ngram_hashes

        hashes = ft_ngram_hashes(word, self.min_n, self.max_n, len(self.vectors))
        if not hashes:
            return None
        vector = self.vectors[hashes].astype(np.float32).mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else None


@dataclass(frozen=True)
class WordClusters:
    """Cluster ids of words at several granularities, keyed by :func:`~khabar.extract.features.match_key`.

    ``counts`` are the words' frequencies in the training text: the gazetteer
    uses them to tell common words from names.
    """

    sizes: tuple[int, ...]
    table: dict[str, tuple[int, ...]]
    counts: dict[str, int]
    #: The word vectors (unit length, float16), one row per word of ``table`` in its order; optional.
    vectors: Any = None
    #: The n-gram vectors that build a vector for a word outside ``table``; optional (word2vec has none).
    subwords: Subwords | None = None

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

    def subword_vector(self, word: str) -> Any:
        """The vector of ``word``, from the table or else built from its n-grams; None when neither can give one."""
        known = self.vector(word)
        if known is not None or self.subwords is None:
            return known
        return self.subwords.vector(word)

    @staticmethod
    def vectors_path(path: str | PathLike[str]) -> Path:
        """The ``.npy`` file beside a clusters file that holds its vectors."""
        return Path(str(path) + ".vectors.npy")

    @staticmethod
    def ngrams_path(path: str | PathLike[str]) -> Path:
        """The ``.npy`` file beside a clusters file that holds its n-gram vectors."""
        return Path(str(path) + ".ngrams.npy")

    def lookup(self, word: str) -> tuple[int, ...] | None:
        """The cluster ids of ``word`` (already a match key), coarsest first; None when unknown."""
        return self.table.get(word)

    def __len__(self) -> int:
        return len(self.table)

    def save(self, path: str | PathLike[str]) -> None:
        """Write the table (gzip TSV) and, when present, the vectors and n-gram vectors beside it (``.npy``)."""
        import numpy as np

        if self.vectors is not None:
            with atomic_write(self.vectors_path(path), "wb") as handle:
                np.save(handle, self.vectors.astype("float16"))
        if self.subwords is not None:
            with atomic_write(self.ngrams_path(path), "wb") as handle:
                np.save(handle, self.subwords.vectors.astype("float16"))
        with atomic_write(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            fields: dict[str, Any] = {"format": FORMAT, "sizes": list(self.sizes)}
            if self.subwords is not None:
                fields["subwords"] = {"min_n": self.subwords.min_n, "max_n": self.subwords.max_n}
            header = json.dumps(fields)
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
        import numpy as np

        vectors = None
        if cls.vectors_path(p).exists():
            vectors = np.load(cls.vectors_path(p))
            if vectors.shape[0] != len(table):
                raise InputError("E402", f"{vectors.shape[0]} vectors for {len(table)} words", path=cls.vectors_path(p))
        subwords = None
        if "subwords" in header:
            if not cls.ngrams_path(p).exists():
                raise InputError("E402", "the header names n-gram vectors, but their file is missing", path=cls.ngrams_path(p))
            ngrams = np.load(cls.ngrams_path(p))
            if vectors is not None and ngrams.shape[1:] != vectors.shape[1:]:
                raise InputError("E402", f"n-gram vectors of width {ngrams.shape[1:]}, words' of {vectors.shape[1:]}", path=cls.ngrams_path(p))
            subwords = Subwords(int(header["subwords"]["min_n"]), int(header["subwords"]["max_n"]), ngrams)
        return cls(sizes, table, counts, vectors, subwords)


def iter_corpus_texts(paths: Iterable[str | PathLike[str]]) -> Iterator[str]:
    """Article texts from SaudiNewsNet zips (or folders of them) and khabar corpus/gold files.

    SaudiNewsNet ships one JSON array per zip; everything else goes through
    :func:`khabar.gold.read_documents` (corpus or gold JSONL, Parquet).
    """
    from ..gold import read_documents

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from iter_corpus_texts(sorted(path.glob("*.zip")))
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
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


def _sentences(texts: Iterable[str]) -> Iterator[list[str]]:
    for text in texts:
        for sentence in split_sentences(text):
            words = [match_key(w) for w in token_strings(sentence.text_in(text))]
            if len(words) > 1:
                yield words


def train_clusters(
    texts: Iterable[str],
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    vector_size: int = 100,
    window: int = 5,
    min_count: int = 3,
    epochs: int = 5,
    workers: int = 2,
    seed: int = 1,
    subwords: bool = True,
    min_n: int = 2,
    max_n: int = 5,
    buckets: int = 200_000,
    log=None,  # noqa: ANN001 - any callable taking a str
) -> WordClusters:
    """FastText (or, with ``subwords=False``, Word2Vec) over the sentences of ``texts``, then k-means at each of ``sizes``.

    ``min_n``, ``max_n`` and ``buckets`` shape FastText's character n-grams:
    Arabic clitics and affixes are one to three letters, hence n-grams from 2.

    The sentences are held in memory once (about 1 GB for all of SaudiNewsNet
    would be too much as Python lists, so they are kept as tuples of interned
    strings: roughly 10 M references).
    """
    import numpy as np
    from gensim.models import FastText, Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    say = log or (lambda message: None)
    started = time.perf_counter()
    sentences = [tuple(map(intern_word, s)) for s in _sentences(texts)]
    n_tokens = sum(map(len, sentences))
    say(f"read {len(sentences):,} sentences, {n_tokens:,} tokens in {time.perf_counter() - started:.0f}s")
    if not sentences:
        raise InputError("E404", "no text to learn word clusters from")
    settings = dict(
        sentences=sentences, vector_size=vector_size, window=window, min_count=min_count, workers=workers, epochs=epochs, seed=seed, sg=0
    )
    if subwords:
        model = FastText(**settings, min_n=min_n, max_n=max_n, bucket=buckets)
    else:
        model = Word2Vec(**settings)
    say(f"{'fasttext' if subwords else 'word2vec'}: {len(model.wv):,} words in {time.perf_counter() - started:.0f}s")
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True).clip(1e-8)
    columns = []
    for k in sizes:
        k = min(k, len(words))
        kmeans = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
        columns.append(kmeans.fit_predict(vectors))
        say(f"k-means k={k} done at {time.perf_counter() - started:.0f}s")
    table = {word: tuple(int(col[i]) for col in columns) for i, word in enumerate(words)}
    counts = {word: int(model.wv.get_vecattr(word, "count")) for word in words}
    ngrams = Subwords(min_n, max_n, model.wv.vectors_ngrams.astype("float16")) if subwords else None
    return WordClusters(tuple(sizes), table, counts, vectors.astype("float16"), ngrams)


_INTERNED: dict[str, str] = {}


def intern_word(word: str) -> str:
    """One shared string object per distinct word, so millions of tokens cost references, not copies."""
    return _INTERNED.setdefault(word, word)
