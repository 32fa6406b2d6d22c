"""A linear-chain CRF entity recogniser (sklearn-crfsuite) with Arabic features.

A trained model is one pickle file holding the crfsuite model, the feature
configuration, the cleaned gazetteer and the word clusters it was trained with,
so prediction needs no other file. Pickles run code when loaded: load models
you trained or trust, as with any pickled scikit-learn model.

Tagging does not go through crfsuite: :mod:`khabar.extract.crf_compiled` reads
the weights out of the crfsuite model file and tags with them many times faster
(the same tags; :meth:`CrfRecognizer.predict_tokens_reference` is crfsuite's own
path, kept to check that and to measure against). Loading does not import
sklearn-crfsuite either (which imports scikit-learn, 2 seconds): the pickled
estimator is kept as its state (:class:`_Pickled`) and rebuilt only when the
reference path or :meth:`CrfRecognizer.save` needs it.
"""

from __future__ import annotations

import functools
import importlib
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..gold.model import Document, Entity
from ..io import atomic_write
from .clusters import WordClusters
from .bio import labelled_word_counts, model_file, sentence_entities, sentence_tokens, training_sequences
from .crf_compiled import CompiledCrf, CrfWeights, weights_from_crf
from .features import FeatureConfig, sentence_features
from .gazetteer import Gazetteer

__all__ = ["CrfRecognizer", "train_crf", "FORMAT"]

FORMAT = "khabar-crf/1"
#: The file written inside a directory when ``save`` is given one.
MODEL_FILENAME = "model.crf.pkl"


class CrfRecognizer:
    """A trained CRF plus everything its features need."""

    name = "crf"
    #: Names repeated where the CRF missed them (:func:`khabar.extract.bio.sentence_entities`); False: its tags alone.
    consistent = True

    def __init__(
        self,
        crf: Any,
        config: FeatureConfig,
        *,
        gazetteer: Gazetteer | None = None,
        clusters: WordClusters | None = None,
        info: dict[str, Any] | None = None,
    ):
        # An sklearn_crfsuite.CRF, or its pickled state (_Pickled) until something needs the estimator itself.
        self._crf = crf
        self.config = config
        self.gazetteer = gazetteer
        self.clusters = clusters
        #: How the model was trained: sizes, parameters, seconds.
        self.info = info or {}

    @property
    def crf(self) -> Any:
        """The ``sklearn_crfsuite.CRF`` (imported and rebuilt on first use after :meth:`load`)."""
        if isinstance(self._crf, _Pickled):
            self._crf = self._crf.rebuild()
        return self._crf

    def token_marginals(self, sentences: Sequence[list[str]]) -> list[Any]:
        """Each token's probability of each tag, one ``(tokens, tags)`` numpy array per sentence (crfsuite's
        marginals; the tag order is the CRF's own): what :func:`khabar.extract.uncertainty.document_uncertainty`
        reads, as for :meth:`khabar.extract.neural.NeuralRecognizer.token_marginals`."""
        import numpy as np

        labels = list(self.crf.classes_)
        out = []
        for tokens in sentences:
            rows = self.crf.predict_marginals_single(self.features(tokens)) if tokens else []
            out.append(np.array([[row.get(label, 0.0) for label in labels] for row in rows]).reshape(len(rows), len(labels)))
        return out

    @functools.cached_property
    def compiled(self) -> CompiledCrf:
        """The fast tagger over this model's weights (:mod:`khabar.extract.crf_compiled`)."""
        if isinstance(self._crf, _Pickled):
            data = self._crf.state["modelfile"].state.get("__FILE_RESOURCE_DATA__")
            if data is None:
                raise InputError("E431", "not a khabar CRF model: the pickled CRF holds no crfsuite model")
            weights = CrfWeights.from_bytes(data)
        else:
            weights = weights_from_crf(self._crf)
        return CompiledCrf(weights, self.config, gazetteer=self.gazetteer, clusters=self.clusters)

    def features(self, tokens: list[str]) -> list[dict[str, object]]:
        return sentence_features(tokens, self.config, gazetteer=self.gazetteer, clusters=self.clusters)

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.compiled.tag([tokens])[0]

    def predict_tokens_reference(self, tokens: list[str]) -> list[str]:
        """The tags crfsuite itself gives (feature dicts, then its tagger): what :meth:`predict_tokens` must equal."""
        if not tokens:
            return []
        return list(self.crf.predict_single(self.features(tokens)))

    def predict(self, text: str) -> list[Entity]:
        """Entities of ``text``, every sentence tagged in one batch."""
        sentences = sentence_tokens(text)
        tag_lists = self.compiled.tag([[t.text for t in tokens] for tokens in sentences])
        return sentence_entities(sentences, tag_lists, consistent=self.consistent)

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the model to ``path`` (a file, or ``model.crf.pkl`` inside an existing directory)."""
        target = model_file(path, MODEL_FILENAME)
        payload = {
            "format": FORMAT,
            "config": self.config.to_dict(),
            "crf": self.crf,
            "gazetteer": None if self.gazetteer is None else self.gazetteer.entries,
            "clusters": None
            if self.clusters is None
            else (
                self.clusters.sizes,
                self.clusters.table,
                self.clusters.vectors if self.config.use_vectors else None,
            ),
            "info": self.info,
        }
        with atomic_write(target, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return target

    @classmethod
    def load(cls, path: str | PathLike[str]) -> CrfRecognizer:
        source = model_file(path, MODEL_FILENAME, must_exist="E430")
        try:
            with open(source, "rb") as handle:
                payload = _ModelUnpickler(handle).load()
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as exc:
            raise InputError("E431", f"not a khabar CRF model: {exc}", path=source) from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
            raise InputError("E431", f"not a khabar CRF model (format {found!r}, expected {FORMAT!r})", path=source)
        crf = payload["crf"]
        if not (isinstance(crf, _Pickled) and isinstance(crf.state, dict) and isinstance(crf.state.get("modelfile"), _Pickled)):
            raise InputError("E431", "not a khabar CRF model: no sklearn-crfsuite CRF inside", path=source)
        gazetteer = Gazetteer(payload["gazetteer"]) if payload["gazetteer"] is not None else None
        clusters = None
        if payload["clusters"] is not None:
            sizes, table, vectors = payload["clusters"]
            clusters = WordClusters(tuple(sizes), table, {}, vectors)
        return cls(crf, FeatureConfig(**payload["config"]), gazetteer=gazetteer, clusters=clusters, info=payload["info"])


class _Pickled:
    """An object of an sklearn-crfsuite class as it was pickled: its class's name and its state.

    :class:`_ModelUnpickler` makes these instead of importing sklearn-crfsuite;
    :meth:`rebuild` imports the class and restores the object as pickle would.
    """

    module: str = ""
    qualname: str = ""

    def __setstate__(self, state: Any) -> None:
        self.state = state

    def rebuild(self) -> Any:
        cls = getattr(importlib.import_module(self.module), self.qualname)
        state = self.state
        if isinstance(state, dict):
            state = {k: v.rebuild() if isinstance(v, _Pickled) else v for k, v in state.items()}
        obj = cls.__new__(cls)
        if hasattr(obj, "__setstate__"):
            obj.__setstate__(state)
        else:
            obj.__dict__.update(state)
        return obj


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles a model file without importing sklearn-crfsuite (and so scikit-learn)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "sklearn_crfsuite" or module.startswith("sklearn_crfsuite."):
            return type(name, (_Pickled,), {"module": module, "qualname": name})
        return super().find_class(module, name)


def _progress_trainer(  # stands in for a trainer class: sklearn-crfsuite calls ``trainer_cls(...)``
    *, progress: Callable[[int, int | None], None], total: int, algorithm: str, params: dict[str, Any], verbose: bool
) -> Any:
    """A python-crfsuite trainer that reports iterations to ``progress`` and prints nothing.

    crfsuite only parses its log (and so calls ``on_iteration``) when verbose; the
    printing hooks are silenced instead.
    """
    import pycrfsuite

    class ProgressTrainer(pycrfsuite.Trainer):
        def on_iteration(self, log: str, info: dict[str, Any]) -> None:
            progress(min(int(info["num"]), total), total)

        def on_start(self, log: str) -> None: ...
        def on_featgen_progress(self, log: str, percent: int) -> None: ...
        def on_featgen_end(self, log: str) -> None: ...
        def on_prepared(self, log: str) -> None: ...
        def on_prepare_error(self, log: str) -> None: ...
        def on_optimization_end(self, log: str) -> None: ...
        def on_end(self, log: str) -> None: ...

    return ProgressTrainer(algorithm=algorithm, params=params, verbose=True)


def train_crf(
    documents: Iterable[Document],
    *,
    gazetteer_dir: str | PathLike[str] | None = None,
    use_gazetteer: bool = True,
    clusters: WordClusters | str | PathLike[str] | None = None,
    config: FeatureConfig | None = None,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 150,
    progress: Callable[[int, int | None], None] | None = None,
) -> CrfRecognizer:
    """Train on gold documents (entity spans become BIO tags over :func:`khabar.text.tokenize` tokens).

    The gazetteer (``gazetteer_dir``, default :func:`~khabar.extract.gazetteer.default_gazetteer_dir`)
    is cleaned with the training data's own counts: a listed word the
    annotators mostly left untagged is dropped. ``clusters`` is a
    :class:`WordClusters` or the path of one (``khabar train clusters``); when
    it holds word vectors, they become real-valued features too.
    ``progress(iterations_done, max_iterations)`` is called after each L-BFGS
    iteration (training may stop sooner, when it has converged).
    """
    import sklearn_crfsuite

    started = time.perf_counter()
    token_lists, tag_lists = training_sequences(documents)
    gazetteer = None
    if use_gazetteer:
        word_counts, entity_counts = labelled_word_counts(token_lists, tag_lists)
        gazetteer = Gazetteer.load(gazetteer_dir, word_counts=word_counts, entity_counts=entity_counts)
    if clusters is not None and not isinstance(clusters, WordClusters):
        clusters = WordClusters.load(clusters)
    config = config or FeatureConfig(
        use_gazetteer=use_gazetteer,
        use_clusters=clusters is not None,
        use_vectors=clusters is not None and clusters.vectors is not None,
    )
    features = [sentence_features(t, config, gazetteer=gazetteer, clusters=clusters) for t in token_lists]
    feature_seconds = time.perf_counter() - started
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs", c1=c1, c2=c2, max_iterations=max_iterations, all_possible_transitions=True
    )
    if progress is not None:
        crf.trainer_cls = functools.partial(_progress_trainer, progress=progress, total=max_iterations)
    try:
        crf.fit(features, tag_lists)
    finally:
        crf.trainer_cls = None  # the model is pickled with its settings: no callback in the saved file
    info = {
        "sentences": len(token_lists),
        "tokens": sum(map(len, token_lists)),
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "gazetteer_entries": len(gazetteer) if gazetteer is not None else 0,
        "cluster_words": len(clusters) if clusters is not None else 0,
        "feature_seconds": round(feature_seconds, 2),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    return CrfRecognizer(crf, config, gazetteer=gazetteer, clusters=clusters, info=info)
