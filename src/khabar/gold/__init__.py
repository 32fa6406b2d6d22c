"""The gold format: data classes, streaming I/O, validation and CoNLL conversion."""

from .io import read_documents, write_documents
from .model import CORPUS_FIELDS, ENTITY_LABELS, QUOTE_TYPES, Document, Entity, Quote, Span

__all__ = [
    "CORPUS_FIELDS",
    "ENTITY_LABELS",
    "QUOTE_TYPES",
    "Document",
    "Entity",
    "Quote",
    "Span",
    "read_documents",
    "write_documents",
]
