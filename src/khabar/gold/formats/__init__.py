"""Gold documents to and from other tools' formats: Hugging Face ``datasets``, brat standoff (CoNLL: :mod:`..conll`)."""

from .brat import read_brat, write_brat
from .hf import read_hf, write_hf

__all__ = ["read_brat", "write_brat", "read_hf", "write_hf"]
