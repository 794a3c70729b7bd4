"""The system maps app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): the causal map model, its analysis and what-if, file formats and pictures."""

from joinedup.engine.systems import (
    CausalMap,
    Factor,
    Link,
    MapError,
    analyse,
    analysis_to_dict,
    diff_to_dict,
    formats,
    label_key,
    loop_story,
    map_diff,
    simulate,
    simulation_to_dict,
    what_if,
    what_if_to_dict,
)
from joinedup.engine.systems.analysis import Analysis, boundary_links, centre_reach, leverage_rank
from joinedup.engine.systems.formats import DEFAULT_LIMITS, Limits, size_check
from joinedup.engine.systems.loops import loops_find
from joinedup.engine.systems.picture import PictureUnavailable, layout, render_png, render_svg

__all__ = [
    "DEFAULT_LIMITS",
    "Analysis",
    "Limits",
    "boundary_links",
    "centre_reach",
    "leverage_rank",
    "loops_find",
    "size_check",
    "CausalMap",
    "Factor",
    "Link",
    "MapError",
    "PictureUnavailable",
    "analyse",
    "analysis_to_dict",
    "diff_to_dict",
    "label_key",
    "map_diff",
    "simulate",
    "simulation_to_dict",
    "formats",
    "layout",
    "loop_story",
    "render_png",
    "render_svg",
    "what_if",
    "what_if_to_dict",
]
