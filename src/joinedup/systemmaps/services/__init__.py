"""Writes to system maps. Each change is one transaction and one attributed, undoable Change row.

A map never grows past the configured limits (`limits.map_limits`), whichever way factors and links come in.
Big maps are analysed by a background job that publishes the whole report at its end (`map_analysis_*`).
"""

from joinedup.systemmaps.services.factors import factor_add, factor_delete, factor_move, factor_update
from joinedup.systemmaps.services.importing import system_map_import
from joinedup.systemmaps.services.links import link_add, link_delete, link_update
from joinedup.systemmaps.services.map_analysis import (
    ANALYSIS_DEBOUNCE_SECONDS,
    ANALYSIS_JOB,
    ANALYSIS_LOOP_SHARE,
    AnalysisState,
    AnalysisTooSlow,
    map_analysis_run,
    map_analysis_schedule,
    map_analysis_state,
)
from joinedup.systemmaps.services.maps import FACTOR_FIELDS, LINK_FIELDS, system_map_create
from joinedup.systemmaps.services.undo import UndoRefused, change_redo, change_undo
from joinedup.systemmaps.services.versions import map_version_save

__all__ = [
    "ANALYSIS_DEBOUNCE_SECONDS",
    "ANALYSIS_JOB",
    "ANALYSIS_LOOP_SHARE",
    "AnalysisState",
    "AnalysisTooSlow",
    "FACTOR_FIELDS",
    "LINK_FIELDS",
    "UndoRefused",
    "change_redo",
    "change_undo",
    "factor_add",
    "factor_delete",
    "factor_move",
    "factor_update",
    "link_add",
    "link_delete",
    "link_update",
    "map_analysis_run",
    "map_analysis_schedule",
    "map_analysis_state",
    "map_version_save",
    "system_map_create",
    "system_map_import",
]
