"""Compatibility as an explainable weighted sum, written so that it is one dot product.

For people a and b, score(a, b) = q[a] · k[b] + pq[a] · pk[b], where q, k are dense rows and pq, pk sparse rows
of places. Each part owns a slice of the columns, so its contribution to a pair is the dot product over its slice:

- policy_areas: cosine of the two sets of policy areas, |A ∩ B| / sqrt(|A| |B|);
- places: half the cosine of the sets of places known plus half the cosine of their regions, so a shared place
  counts 1 and places in the same region count 0.5;
- text: (offers_a · seeks_b + seeks_a · offers_b) / 2, cosine similarities of the text vectors, both ways;
- experience: ([a has worked in b's sector] + [b has worked in a's sector]) / 2 — one knows the other's world;
- level: a table by round kind over (level, role) states; the forbidden cells (for mentoring: a mentor who is
  not more senior, two mentors, two mentees) hold -FORBIDDEN, so a forbidden pair never ranks as a candidate.

The weight of each part sits on the q side only, so every part stays symmetric: score(a, b) == score(b, a).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from joinedup.engine.matching.model import LEVELS, PARTS, ROLES, SECTORS, Person, RoundSettings

FORBIDDEN = 1.0e4


@dataclass
class Features:
    """Per-person rows (n people) for scoring; `slices` maps a part to its dense columns."""

    q: np.ndarray
    k: np.ndarray
    pq: sp.csr_matrix
    pk: sp.csr_matrix
    slices: dict[str, slice]
    organisation: np.ndarray
    sector: np.ndarray

    def scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Total score of each pair (a[i], b[i])."""
        return sum(self.parts(a, b).values(), np.zeros(len(a)))

    def parts(self, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        """Weighted contribution of each part to each pair (a[i], b[i]); they sum to the score."""
        out: dict[str, np.ndarray] = {}
        for part in PARTS:
            cols = self.slices[part]
            out[part] = np.einsum("ij,ij->i", self.q[a, cols], self.k[b, cols], dtype=np.float64)
        out["places"] += np.asarray(self.pq[a].multiply(self.pk[b]).sum(axis=1), dtype=np.float64).ravel()
        return out

    def allowed(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Pairs that break no rule carried by the features: level and role rules, and the same organisation."""
        level = self.parts(a, b)["level"]
        ok: np.ndarray = (level > -FORBIDDEN / 2) & (self.organisation[a] != self.organisation[b]) & (a != b)
        return ok


def build_features(
    people: Sequence[Person],
    offers: np.ndarray,
    seeks: np.ndarray,
    settings: RoundSettings,
    regions: dict[str, str] | None = None,
) -> Features:
    """Features for `people` (in order). `regions` maps a place code to its region; unknown places have none."""
    w = settings.weights
    policy = _set_matrix([p.policy_areas for p in people])
    region_sets = [tuple(sorted({(regions or {}).get(c, "") for c in p.places} - {""})) for p in people]
    region = _set_matrix(region_sets)
    worked, own = _experience(people)
    state = _state_onehot(people)
    table = level_table(settings.kind)
    blocks_q: list[tuple[str, np.ndarray]] = [
        ("policy_areas", w.policy_areas * policy),
        ("places", (w.places / 2) * region),
        ("text", (w.text / 2) * np.hstack([offers, seeks])),
        ("experience", (w.experience / 2) * np.hstack([worked, own])),
        ("level", state @ np.where(table > -FORBIDDEN / 2, w.level * table, table)),
    ]
    blocks_k: list[np.ndarray] = [policy, region, np.hstack([seeks, offers]), np.hstack([own, worked]), state]
    slices, start = {}, 0
    for name, block in blocks_q:
        slices[name] = slice(start, start + block.shape[1])
        start += block.shape[1]
    places = sp.csr_matrix(_set_sparse([p.places for p in people]), dtype=np.float32)
    return Features(
        q=np.ascontiguousarray(np.hstack([b for _, b in blocks_q]), dtype=np.float32),
        k=np.ascontiguousarray(np.hstack(blocks_k), dtype=np.float32),
        pq=sp.csr_matrix(places * np.float32(w.places / 2)),
        pk=places,
        slices=slices,
        organisation=_codes([p.organisation for p in people]),
        sector=np.asarray([SECTORS.index(p.sector) for p in people], dtype=np.int8),
    )


def level_table(kind: str) -> np.ndarray:
    """(9, 9) table over states level * 3 + role: the level part's value, or -FORBIDDEN."""
    table = np.zeros((len(LEVELS) * len(ROLES), len(LEVELS) * len(ROLES)))
    for sa in range(table.shape[0]):
        for sb in range(table.shape[1]):
            table[sa, sb] = _level_value(kind, divmod(sa, len(ROLES)), divmod(sb, len(ROLES)))
    return table


def _level_value(kind: str, a: tuple[int, int], b: tuple[int, int]) -> float:
    (la, ra), (lb, rb) = a, b
    gap = abs(la - lb)
    if kind != "mentoring":
        # Coffee and peers: people at the same level talk most easily; it is a preference, not a rule.
        return 1.0 - 0.5 * gap
    mentor, mentee = ROLES.index("mentor"), ROLES.index("mentee")
    if ra == rb != 0 or gap == 0:
        return -FORBIDDEN
    a_mentors = ra == mentor or rb == mentee
    b_mentors = rb == mentor or ra == mentee
    if (a_mentors and la < lb) or (b_mentors and lb < la) or (a_mentors and b_mentors):
        return -FORBIDDEN
    return 1.0 if gap == 1 else 0.5


def _set_matrix(sets: Sequence[Sequence[str]]) -> np.ndarray:
    """Rows of unit-length indicator vectors (so a dot product is the cosine of two sets), dense."""
    return np.asarray(_set_sparse(sets).toarray())


def _set_sparse(sets: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Rows of unit-length indicator vectors, sparse."""
    vocab = {v: i for i, v in enumerate(sorted({v for s in sets for v in s}))}
    rows = np.repeat(np.arange(len(sets)), [len(set(s)) for s in sets])
    cols = np.fromiter((vocab[v] for s in sets for v in sorted(set(s))), dtype=np.int64, count=len(rows))
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(vocab), 1)))
    return sp.csr_matrix(normalize(matrix))


def _experience(people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
    """(worked, own): sectors worked in other than the current one, and the current sector, one-hot."""
    worked = np.zeros((len(people), len(SECTORS)))
    own = np.zeros((len(people), len(SECTORS)))
    for i, p in enumerate(people):
        own[i, SECTORS.index(p.sector)] = 1.0
        for s in p.experience - {p.sector}:
            if s in SECTORS:
                worked[i, SECTORS.index(s)] = 1.0
    return worked, own


def _state_onehot(people: Sequence[Person]) -> np.ndarray:
    states = np.asarray(
        [LEVELS.index(p.level) * len(ROLES) + ROLES.index(p.role) for p in people], dtype=np.int64
    )
    return np.eye(len(LEVELS) * len(ROLES))[states]


def _codes(values: Sequence[str]) -> np.ndarray:
    """Integer codes for strings; the empty string (no organisation known) gets a code of its own per person."""
    _, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    codes = codes.ravel().astype(np.int64)
    blank = np.asarray([not v for v in values], dtype=bool)
    codes[blank] = -1 - np.arange(int(blank.sum()))
    return codes
