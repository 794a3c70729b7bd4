"""Run the opinion engine on a Pol.is export and shape the result as plain JSON.

Django-free: the command line uses it now, and the site's report job will use the same JSON shape.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from joinedup.perspectives.polis_io import PolisExport

if TYPE_CHECKING:
    # Only named in annotations here: the opinion engine brings in scipy (~1 s), which web start-up would
    # otherwise pay for through the perspectives services.
    from joinedup.perspectives.compute import Group, OpinionReport


def polis_export_analyse(
    export: PolisExport, *, seed: int = 0, perspectives: Mapping[int, str] | None = None
) -> "OpinionReport":
    """One cold Pol.is update on the export's final votes (latest vote per participant and statement).

    With vote times, the clustered set is replayed from the history: anyone who met Pol.is's minimum-vote
    rule at any moment stays clustered, as they would in Pol.is.
    """
    from joinedup.perspectives.compute import analyse, clustered_from_history, vote_matrix_build

    v = export.votes
    matrix = vote_matrix_build(v.voter_ids, v.comment_ids, v.votes, v.timestamps)
    before = (
        clustered_from_history(v.voter_ids, v.comment_ids, v.timestamps) if export.has_vote_times else set()
    )
    return analyse(
        matrix,
        moderated_out=export.moderated_out,
        clustered_before=before,
        perspectives=perspectives,
        seed=seed,
    )


def report_as_json(report: "OpinionReport") -> dict[str, Any]:
    """The report as JSON: participants' groups, groups with representative statements, consensus,
    group-aware consensus, map coordinates, the state for a warm start, and the perspective split."""
    out: dict[str, Any] = {
        "participants": {str(p): g for p, g in report.group_of.items()},
        "groups": [_group_json(g) for g in report.groups],
        "consensus": {d: [c.comment_id for c in cs] for d, cs in report.consensus.items()},
        "consensus_detail": {d: [c.__dict__ for c in cs] for d, cs in report.consensus.items()},
        "group_aware_consensus": {
            str(t): {"agree": a, "disagree": d} for t, (a, d) in report.group_aware_consensus.items()
        },
        "silhouettes": {str(k): s for k, s in report.silhouettes.items()},
        "projections": {
            str(int(p)): [float(x), float(y)]
            for p, (x, y) in zip(report.participant_ids, report.projections, strict=True)
        },
        "state": report.state.to_dict(),
    }
    if report.perspectives is not None:
        out["perspectives"] = _perspectives_json(report)
    return out


def _group_json(g: "Group") -> dict[str, Any]:
    return {
        "id": g.id,
        "size": g.size,
        "repness": [r.comment_id for r in g.repness],
        "repness_detail": [r.__dict__ for r in g.repness],
        "center": list(g.center),
    }


def _perspectives_json(report: "OpinionReport") -> dict[str, Any]:
    p = report.perspectives
    assert p is not None
    return {
        "min_count": p.min_count,
        "by_statement": {str(t): [s.__dict__ for s in splits] for t, splits in p.by_statement.items()},
        "central_local_divergence": [d.__dict__ for d in p.central_local_divergence],
        "central_local_common_ground": [g.__dict__ for g in p.central_local_common_ground],
    }
