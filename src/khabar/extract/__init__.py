"""Extractors: rule-based quote attribution (:mod:`.quotes`) and entity recognisers (:mod:`.entities`).

Every extractor reads documents and writes documents in the gold format, so its
output can be scored by :mod:`khabar.evaluate` and pushed to doccano as pre-annotations.
"""
