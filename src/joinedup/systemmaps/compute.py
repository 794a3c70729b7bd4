"""The system maps app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): the causal map model, its analysis and what-if, file formats and pictures."""

from joinedup.engine.systems import (
    CausalMap,
    Factor,
    Link,
    MapError,
    analyse,
    analysis_to_dict,
    formats,
    loop_story,
    what_if,
    what_if_to_dict,
)
from joinedup.engine.systems.analysis import Analysis
from joinedup.engine.systems.picture import PictureUnavailable, layout, render_png, render_svg

__all__ = [
    "Analysis",
    "CausalMap",
    "Factor",
    "Link",
    "MapError",
    "PictureUnavailable",
    "analyse",
    "analysis_to_dict",
    "formats",
    "layout",
    "loop_story",
    "render_png",
    "render_svg",
    "what_if",
    "what_if_to_dict",
]
