"""Pictures of annotated text for notebooks: documents as right-to-left HTML, and plots with shaped Arabic labels."""

from .html import HTML, diff_entities, diff_quotes, quote_numbers, render_annotators, render_comparison, render_document
from .palette import colour_of, label_colours
from .plots import (
    agreement_chart,
    bar_chart,
    confusion_heatmap,
    daily_chart,
    f1_chart,
    heaps_plot,
    kept_chart,
    learning_curve_chart,
    length_histogram,
    render_png,
    renderer_shapes_arabic,
    reshape_for_display,
    shape,
    source_bar_chart,
    zipf_plot,
)

__all__ = [
    "HTML",
    "agreement_chart",
    "bar_chart",
    "colour_of",
    "confusion_heatmap",
    "daily_chart",
    "f1_chart",
    "kept_chart",
    "learning_curve_chart",
    "diff_entities",
    "diff_quotes",
    "quote_numbers",
    "heaps_plot",
    "label_colours",
    "length_histogram",
    "render_annotators",
    "render_comparison",
    "render_document",
    "render_png",
    "renderer_shapes_arabic",
    "reshape_for_display",
    "shape",
    "source_bar_chart",
    "zipf_plot",
]
