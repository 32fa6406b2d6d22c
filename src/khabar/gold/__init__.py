"""The gold format: data classes, streaming I/O, validation and CoNLL conversion."""

from .conll import conll_tokens, documents_to_bio, read_conll, write_conll
from .io import read_documents, write_documents
from .model import CORPUS_FIELDS, ENTITY_LABELS, QUOTE_TYPES, Document, Entity, Quote, Span
from .validate import Problem, validate_document, validate_file

__all__ = [
    "CORPUS_FIELDS",
    "ENTITY_LABELS",
    "QUOTE_TYPES",
    "Document",
    "Entity",
    "Problem",
    "Quote",
    "Span",
    "conll_tokens",
    "documents_to_bio",
    "read_conll",
    "read_documents",
    "validate_document",
    "validate_file",
    "write_conll",
    "write_documents",
]
