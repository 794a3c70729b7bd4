"""How big a map may get, from settings (SYSTEMMAPS_*): one place for the import readers, the command line,
the forms and the services, so every way in refuses at the same line with the same words."""

from django.conf import settings

from joinedup.systemmaps.compute import DEFAULT_LIMITS, Limits

# The label column holds 200 characters: a setting may lower the label limit, never raise it.
LABEL_COLUMN = 200


def map_limits() -> Limits:
    return Limits(
        max_bytes=int(getattr(settings, "SYSTEMMAPS_MAX_FILE_BYTES", DEFAULT_LIMITS.max_bytes)),
        max_factors=int(getattr(settings, "SYSTEMMAPS_MAX_FACTORS", DEFAULT_LIMITS.max_factors)),
        max_links=int(getattr(settings, "SYSTEMMAPS_MAX_LINKS", DEFAULT_LIMITS.max_links)),
        max_label=min(LABEL_COLUMN, int(getattr(settings, "SYSTEMMAPS_MAX_LABEL", LABEL_COLUMN))),
    )


def analysed_inline(factors: int, links: int) -> bool:
    """Small maps are analysed while their page is drawn (see services.map_analysis_state for why)."""
    return factors <= int(getattr(settings, "SYSTEMMAPS_INLINE_MAX_FACTORS", 150)) and links <= int(
        getattr(settings, "SYSTEMMAPS_INLINE_MAX_LINKS", 600)
    )


def analysis_time_limit() -> float:
    return float(getattr(settings, "SYSTEMMAPS_ANALYSIS_TIME_LIMIT", 120))
