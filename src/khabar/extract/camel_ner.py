"""camel-tools' BERT entity recogniser (``NERecognizer``) behind khabar's recogniser interface.

camel-tools downloads its data catalogue the first time a data-backed module
is imported, and its pretrained NER model (``ner-arabert``, 541 MB) is a
separate download; both are imported lazily here, and a missing piece becomes
a :class:`~khabar.errors.ConfigError` saying what to install.

camel-tools silently drops a word that BERT's tokenizer turns into nothing (a
lone U+200F mark, for instance), so its labels would slide one word left from
there on. :meth:`CamelRecognizer.predict_tokens` sends only the words that
produce word pieces and gives the others ``O``, so labels stay word for word.
"""

from __future__ import annotations

import os
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..gold.model import Entity
from .bio import predict_by_sentence

__all__ = ["CamelRecognizer", "INSTALL_HINT"]

INSTALL_HINT = (
    "install camel-tools' pretrained NER model with `camel_data -i ner-arabert` "
    "(541 MB; it goes under $CAMELTOOLS_DATA, default ~/.camel_tools), "
    "or pass a local model folder as `camel:PATH`"
)


def _import_ner() -> Any:
    """``camel_tools.ner``, or a ConfigError when its catalogue cannot be loaded (offline, no data)."""
    try:
        import camel_tools.ner as camel_ner
    except ImportError as exc:
        raise ConfigError("E440", f"camel-tools' NER needs torch and transformers ({exc}); {INSTALL_HINT}") from None
    except Exception as exc:  # noqa: BLE001 - camel-tools raises DownloaderError, CatalogueError, OSError...
        data = os.environ.get("CAMELTOOLS_DATA", "~/.camel_tools")
        raise ConfigError(
            "E441",
            f"camel-tools could not load its data catalogue from {data} ({type(exc).__name__}: {exc}); {INSTALL_HINT}",
        ) from None
    return camel_ner


class CamelRecognizer:
    """Wraps ``camel_tools.ner.NERecognizer`` (CPU only)."""

    name = "camel"

    def __init__(self, recognizer: Any):
        self.recognizer = recognizer

    @classmethod
    def load(cls, model_path: str | PathLike[str] | None = None) -> CamelRecognizer:
        """The model in ``model_path``, or camel-tools' installed pretrained model when None."""
        camel_ner = _import_ner()
        if model_path is None:
            try:
                component = camel_ner.CATALOGUE.components["NamedEntityRecognition"]
                path = Path(component.datasets[component.default].path)
            except (KeyError, AttributeError) as exc:
                raise ConfigError("E442", f"camel-tools' catalogue lists no NER model ({exc}); {INSTALL_HINT}") from None
        else:
            path = Path(model_path)
        if not (path / "config.json").exists():
            raise ConfigError("E442", f"no camel-tools NER model here; {INSTALL_HINT}", path=path)
        try:
            recognizer = camel_ner.NERecognizer(str(path), use_gpu=False)
        except (OSError, ValueError) as exc:
            raise ConfigError("E443", f"cannot load the NER model: {exc}", path=path) from None
        return cls(recognizer)

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        tokenizer = self.recognizer.tokenizer
        kept = [i for i, token in enumerate(tokens) if tokenizer.tokenize(token)]
        tags = ["O"] * len(tokens)
        if not kept:
            return tags
        labels = self.recognizer.predict_sentence([tokens[i] for i in kept])
        if len(labels) != len(kept):
            raise RuntimeError(f"camel-tools returned {len(labels)} labels for {len(kept)} words")
        for i, label in zip(kept, labels):
            tags[i] = label
        return tags

    def predict(self, text: str) -> list[Entity]:
        return predict_by_sentence(self, text)
