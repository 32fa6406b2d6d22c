"""khabar: Arabic news articles to a gold-annotated corpus of entities and attributed quotes.

Data flows one way: corpus -> doccano -> exports -> gold -> evaluation and statistics.
Every offset inside khabar is a Python code-point offset, end exclusive.
"""

__version__ = "0.1.0"
