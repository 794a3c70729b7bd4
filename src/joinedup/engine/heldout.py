"""Leave-one-out choice among candidate rules, scored only on the set left out.

`scores[rule][data_set]` holds each candidate rule's `Score` on each data set. For every data set in turn,
`leave_one_out_evaluate` chooses a rule on the other sets alone (best mean ARI, then most group counts right,
ties to the earlier rule, so list the published rule first) and reports that rule's score on the set left out.
The mean of those held-out scores is the honest estimate of how the whole choosing procedure does on a
conversation it has never seen. A fold whose training sets include its held-out set raises `LeakError`, and
`choose_rule` is only ever handed the training sets' scores.

Plain numpy, no Django: bench/opinions_heldout.py runs it and tests/engine/test_heldout.py checks it.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


class LeakError(AssertionError):
    """The set a rule is scored on was among the sets it was chosen on."""


@dataclass(frozen=True)
class Score:
    ari: float
    k_right: bool


@dataclass(frozen=True)
class Fold:
    held_out: str
    training: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.held_out in self.training:
            raise LeakError(f"held-out set {self.held_out!r} is among the training sets")
        if not self.training:
            raise ValueError("a fold needs at least one training set")


@dataclass(frozen=True)
class FoldResult:
    held_out: str
    rule: str  # chosen on the fold's training sets
    score: Score  # that rule's score on the held-out set


def leave_one_out(data_sets: Sequence[str]) -> list[Fold]:
    """One fold per data set: it is held out, every other set trains."""
    names = list(dict.fromkeys(data_sets))
    if len(names) != len(data_sets):
        raise ValueError("data set names must be distinct")
    return [Fold(name, tuple(n for n in names if n != name)) for name in names]


def choose_rule(training_scores: Mapping[str, Mapping[str, Score]]) -> str:
    """The rule with the best mean ARI over the sets given, then the most group counts right; ties go to
    the rule listed first. Every rule must be scored on the same sets."""
    if not training_scores:
        raise ValueError("no candidate rules")
    sets = [set(s) for s in training_scores.values()]
    if any(s != sets[0] for s in sets) or not sets[0]:
        raise ValueError("every rule must be scored on the same, non-empty training sets")

    def merit(rule: str) -> tuple[float, int]:
        by_set = training_scores[rule]
        mean_ari = float(np.mean([s.ari for s in by_set.values()]))
        # Rounded so that floating-point noise in a mean does not break a genuine tie.
        return round(mean_ari, 9), sum(s.k_right for s in by_set.values())

    best = max(merit(r) for r in training_scores)
    return next(r for r in training_scores if merit(r) == best)


def leave_one_out_evaluate(
    scores: Mapping[str, Mapping[str, Score]], folds: Sequence[Fold] | None = None
) -> list[FoldResult]:
    """For each fold, the rule chosen on its training sets and that rule's score on its held-out set."""
    if not scores:
        raise ValueError("no candidate rules")
    data_sets = list(next(iter(scores.values())))
    results = []
    for fold in leave_one_out(data_sets) if folds is None else folds:
        training = {rule: {s: by_set[s] for s in fold.training} for rule, by_set in scores.items()}
        if any(fold.held_out in by_set for by_set in training.values()):
            raise LeakError(f"held-out set {fold.held_out!r} reached the choice of rule")
        rule = choose_rule(training)
        results.append(FoldResult(fold.held_out, rule, scores[rule][fold.held_out]))
    return results


def adjusted_rand_index(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items (1 = identical
    partitions, about 0 = chance). Two labellings that each put everything in one cluster score 1."""
    if len(truth) != len(predicted):
        raise ValueError("the labellings must cover the same items")
    n = len(truth)
    if n < 2:
        return 1.0
    _, t = np.unique(np.array([str(x) for x in truth]), return_inverse=True)
    _, p = np.unique(np.array([str(x) for x in predicted]), return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)
    pairs = float((table * (table - 1)).sum() / 2)
    rows = float((table.sum(axis=1) * (table.sum(axis=1) - 1)).sum() / 2)
    cols = float((table.sum(axis=0) * (table.sum(axis=0) - 1)).sum() / 2)
    expected = rows * cols / (n * (n - 1) / 2)
    top = (rows + cols) / 2
    if top == expected:
        return 1.0
    return (pairs - expected) / (top - expected)
