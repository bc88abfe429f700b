"""Abstract argumentation frameworks (Dung 1995) and their standard semantics.

A :class:`Framework` is a finite set of *arguments* and a binary *attack*
relation over them.  This module computes, exactly:

* the grounded labelling (:func:`grounded`) in time linear in
  ``|arguments| + |attacks|``;
* all complete, preferred and stable extensions
  (:func:`complete_extensions`, :func:`preferred_extensions`,
  :func:`stable_extensions`), bounded by a :class:`SearchLimit` -- when the
  bound is hit :class:`SemanticsLimitExceeded` is raised; a partial answer is
  never returned;
* membership tests (:func:`is_conflict_free`, :func:`is_admissible`,
  :func:`is_complete`, :func:`is_stable`);
* structured explanations of a label (:func:`explain`).

Only attacks take part in Dung semantics.  *Support* edges of the claim graph
are deliberately not represented here: a framework built from a claim graph
contains its rebuttal/attack edges only, and callers report supports
separately.

The module is pure: no I/O, no printing, no global state.  Every algorithm is
iterative, so arbitrarily long attack chains cannot exhaust the Python stack.

Determinism: arguments must be hashable and totally ordered among themselves
(``str``, ``int``, tuples of those, ...).  All outputs are ordered by that
order: extensions are returned as a list of frozensets sorted by their sorted
members, and every tuple of arguments is sorted.

Enumeration strategy (complete / preferred / stable).  Every complete
labelling extends the grounded one (the grounded labelling is the
least complete labelling in the information order), so the grounded labelling
is computed first and only its UNDEC arguments are searched.  Those are
split into strongly connected components and visited in topological order
(attackers before attackees), following the SCC-recursive schema of Baroni,
Giacomin & Guida (2005).  Inside one component, given the already fixed labels
of its outside attackers, a backtracking labelling search with constraint
propagation in the style of Modgil & Caminada (2009) / Nofal, Atkinson &
Dunne (2014) enumerates the locally complete labellings.  Complete and stable
semantics are fully decomposable along this partition, and preferred
semantics is decomposable along SCC partitions (Baroni et al. 2014, "On the
input/output behavior of argumentation frameworks"), so preferred extensions
are obtained by keeping, per component, only the IN-maximal local labellings.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeAlias, TypeVar

from claimgraph.errors import (
    AnalysisError,
    FrameworkError,
    LabellingError,
    SemanticsLimitExceeded,
    UnknownArgumentError,
)

__all__ = [
    "DEFAULT_LIMIT",
    "UNLIMITED",
    "AnalysisError",
    "Explanation",
    "Framework",
    "FrameworkError",
    "InReason",
    "Label",
    "Labelling",
    "LabellingError",
    "OutReason",
    "SearchLimit",
    "SemanticsLimitExceeded",
    "SupportsArgument",
    "UndecReason",
    "UnknownArgumentError",
    "complete_extensions",
    "explain",
    "grounded",
    "grounded_extension",
    "is_admissible",
    "is_complete",
    "is_conflict_free",
    "is_stable",
    "preferred_extensions",
    "stable_extensions",
]


# --------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchLimit:
    """Budget for the exponential enumerations.

    A *search node* is one tentative labelling decision: one branch of the
    backtracking search inside a component, one choice among several
    alternatives for a component, or one emitted extension.  Forced
    (propagated) labels are not counted because they cost linear time only.

    Attributes:
        max_nodes: maximum number of search nodes, or ``None`` for no bound.
            Deterministic: the same framework always stops at the same point.
        max_seconds: wall-clock budget in seconds (checked at every search
            node), or ``None`` for no bound.
    """

    max_nodes: int | None = 1_000_000
    max_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.max_nodes is not None and (
            isinstance(self.max_nodes, bool)
            or not isinstance(self.max_nodes, int)
            or self.max_nodes < 0
        ):
            raise ValueError(
                f"max_nodes must be a non-negative int or None, not {self.max_nodes!r}"
            )
        if self.max_seconds is not None and (
            isinstance(self.max_seconds, bool)
            or not isinstance(self.max_seconds, int | float)
            or not self.max_seconds >= 0  # also rejects NaN
        ):
            raise ValueError(
                f"max_seconds must be a non-negative number or None, not {self.max_seconds!r}"
            )


#: The limit used when none is given: one million search nodes, no time bound.
DEFAULT_LIMIT = SearchLimit()
#: No bound at all; the enumeration may take exponential time.
UNLIMITED = SearchLimit(max_nodes=None, max_seconds=None)


class _Budget:
    """Counts search nodes against a :class:`SearchLimit`."""

    __slots__ = ("_deadline", "_limit", "_max_nodes", "_semantics", "_start", "nodes")

    def __init__(self, semantics: str, limit: SearchLimit) -> None:
        self._semantics = semantics
        self._limit = limit
        self._max_nodes = limit.max_nodes
        self._start = time.perf_counter()
        self._deadline = None if limit.max_seconds is None else self._start + limit.max_seconds
        self.nodes = 0

    def tick(self) -> None:
        self.nodes += 1
        if self._max_nodes is not None and self.nodes > self._max_nodes:
            self._exceeded()
        # perf_counter costs far less than one search node, so checking every
        # node keeps the time bound tight without measurable overhead.
        if self._deadline is not None and time.perf_counter() > self._deadline:
            self._exceeded()

    def _exceeded(self) -> None:
        raise SemanticsLimitExceeded(
            self._semantics, self._limit, self.nodes, time.perf_counter() - self._start
        )


# --------------------------------------------------------------------------
# Frameworks
# --------------------------------------------------------------------------


class SupportsArgument(Protocol):
    """What an argument must offer: hashing and a total order."""

    def __hash__(self) -> int: ...

    def __lt__(self, other: Any, /) -> bool: ...


ArgT = TypeVar("ArgT", bound=SupportsArgument)


class Framework(Generic[ArgT]):
    """An immutable abstract argumentation framework ``(A, R)``.

    Args:
        arguments: the arguments; duplicates are merged (``A`` is a set).
        attacks: ``(attacker, attacked)`` pairs; duplicates are merged.
            Self-attacks are allowed.

    Raises:
        FrameworkError: an argument is unhashable or not comparable with the
            others, or an attack is not a pair.
        UnknownArgumentError: an attack names an argument not in ``arguments``.
    """

    __slots__ = (
        "_arguments",
        "_attack_count",
        "_attackers",
        "_attacks",
        "_hash",
        "_index",
        "_targets",
    )

    def __init__(
        self, arguments: Iterable[ArgT], attacks: Iterable[tuple[ArgT, ArgT]] = ()
    ) -> None:
        try:
            ordered = tuple(sorted(set(arguments)))
        except TypeError as exc:
            raise FrameworkError(
                "arguments must be hashable and mutually orderable (e.g. all str)"
            ) from exc
        index = {arg: i for i, arg in enumerate(ordered)}
        targets: list[list[int]] = [[] for _ in ordered]
        get = index.get
        pairs = attacks if isinstance(attacks, list | tuple) else list(attacks)
        # Hot loop over up to hundreds of thousands of attacks: plain local
        # lookups, with errors diagnosed afterwards by a slow path.
        try:
            for source, target in pairs:
                i = get(source, -1)
                j = get(target, -1)
                if i < 0 or j < 0:
                    break
                targets[i].append(j)
            else:
                i = j = 0
        except (TypeError, ValueError):
            i = j = -1  # malformed pair or unhashable argument
        if i < 0 or j < 0:
            _diagnose_attacks(index, pairs)
        # Deduplicated, sorted adjacency lists make every later tie-break
        # deterministic; filling attackers in source order keeps them sorted.
        for k, row in enumerate(targets):
            if len(row) > 1:
                targets[k] = sorted(set(row))
        attackers: list[list[int]] = [[] for _ in ordered]
        for i, row in enumerate(targets):
            for j in row:
                attackers[j].append(i)
        self._arguments: tuple[ArgT, ...] = ordered
        self._index: dict[ArgT, int] = index
        # Private adjacency lists of argument positions; never mutated.
        self._attackers: list[list[int]] = attackers
        self._targets: list[list[int]] = targets
        self._attack_count = sum(map(len, targets))
        # Materialised on demand: the algorithms never need argument pairs.
        self._attacks: tuple[tuple[ArgT, ArgT], ...] | None = None
        self._hash: int | None = None

    @property
    def arguments(self) -> tuple[ArgT, ...]:
        """All arguments, sorted."""
        return self._arguments

    @property
    def attacks(self) -> tuple[tuple[ArgT, ArgT], ...]:
        """All attacks as ``(attacker, attacked)`` pairs, sorted."""
        if self._attacks is None:
            args = self._arguments
            self._attacks = tuple(
                (args[i], args[j]) for i, targets in enumerate(self._targets) for j in targets
            )
        return self._attacks

    @property
    def attack_count(self) -> int:
        """The number of (distinct) attacks."""
        return self._attack_count

    def attackers_of(self, argument: ArgT) -> tuple[ArgT, ...]:
        """The arguments attacking ``argument``, sorted."""
        args = self._arguments
        return tuple(args[i] for i in self._attackers[self._position(argument)])

    def targets_of(self, argument: ArgT) -> tuple[ArgT, ...]:
        """The arguments attacked by ``argument``, sorted."""
        args = self._arguments
        return tuple(args[i] for i in self._targets[self._position(argument)])

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._index
        except TypeError:  # unhashable things are simply not arguments
            return False

    def __len__(self) -> int:
        return len(self._arguments)

    def __iter__(self) -> Iterator[ArgT]:
        return iter(self._arguments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self._arguments == other._arguments and self._targets == other._targets

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self._arguments, self.attacks))
        return self._hash

    def __repr__(self) -> str:
        return f"Framework({len(self._arguments)} arguments, {self._attack_count} attacks)"

    def _position(self, argument: object) -> int:
        return _lookup(self._index, argument)

    def _positions(self, arguments: Iterable[object]) -> set[int]:
        return {_lookup(self._index, arg) for arg in arguments}


def _diagnose_attacks(index: Mapping[Any, int], pairs: Iterable[Any]) -> None:
    """Raise the precise error for the first bad attack in ``pairs``."""
    for pair in pairs:
        try:
            source, target = pair
        except (TypeError, ValueError) as exc:
            raise FrameworkError(f"attack {pair!r} is not an (attacker, attacked) pair") from exc
        _lookup(index, source)
        _lookup(index, target)
    raise AssertionError("unreachable: no bad attack found")  # pragma: no cover


def _lookup(index: Mapping[Any, int], argument: object) -> int:
    try:
        return index[argument]
    except (KeyError, TypeError):
        raise UnknownArgumentError(f"unknown argument {argument!r}") from None


# --------------------------------------------------------------------------
# Labellings
# --------------------------------------------------------------------------


class Label(enum.Enum):
    """The three labels of Caminada-style argument labellings."""

    IN = "in"
    OUT = "out"
    UNDEC = "undec"


# Integer codes used by the algorithms; list-of-int is several times faster
# than enum members in the hot loops.
_IN, _OUT, _UNDEC, _UNSET = 0, 1, 2, -1
_LABEL_OF_CODE = (Label.IN, Label.OUT, Label.UNDEC)


class Labelling(Mapping[ArgT, Label]):
    """An immutable total map from arguments to :class:`Label`.

    Iteration follows the sorted order of the arguments.  Two labellings are
    equal when they map the same arguments to the same labels.
    """

    __slots__ = ("_labels",)

    _labels: dict[ArgT, Label]

    def __init__(self, labels: Mapping[ArgT, Label]) -> None:
        for arg, label in labels.items():
            if not isinstance(label, Label):
                raise LabellingError(f"label of {arg!r} is {label!r}, not a Label")
        try:
            keys = sorted(labels)
        except TypeError as exc:
            raise LabellingError("labelled arguments must be mutually orderable") from exc
        self._labels = {arg: labels[arg] for arg in keys}

    @classmethod
    def _trusted(cls, labels: dict[ArgT, Label]) -> Labelling[ArgT]:
        # Internal constructor for dicts already in sorted argument order:
        # skips the O(n log n) sort on 100k-argument frameworks.
        self = cls.__new__(cls)
        self._labels = labels
        return self

    @classmethod
    def from_extension(cls, fw: Framework[ArgT], extension: Iterable[ArgT]) -> Labelling[ArgT]:
        """The labelling induced by an extension ``S``.

        ``S`` is IN, the arguments attacked by ``S`` are OUT, the rest UNDEC.
        For a complete extension this is its (unique) complete labelling.

        Raises:
            UnknownArgumentError: ``extension`` names an unknown argument.
            LabellingError: ``extension`` is not conflict-free.
        """
        members = fw._positions(extension)
        codes = [_UNDEC] * len(fw)
        for i in members:
            for t in fw._targets[i]:
                codes[t] = _OUT
        for i in members:
            if codes[i] == _OUT:
                raise LabellingError(
                    f"extension is not conflict-free: {fw._arguments[i]!r} is attacked by it"
                )
            codes[i] = _IN
        return _labelling_from_codes(fw, codes)

    def __getitem__(self, argument: ArgT) -> Label:
        return self._labels[argument]

    def __iter__(self) -> Iterator[ArgT]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return (
            f"Labelling(in={sorted(self.in_args)!r}, out={sorted(self.out_args)!r}, "
            f"undec={sorted(self.undec_args)!r})"
        )

    def arguments_labelled(self, label: Label) -> tuple[ArgT, ...]:
        """The arguments carrying ``label``, sorted."""
        return tuple(arg for arg, lab in self._labels.items() if lab is label)

    @property
    def in_args(self) -> frozenset[ArgT]:
        """The IN arguments (the extension this labelling stands for)."""
        return frozenset(self.arguments_labelled(Label.IN))

    @property
    def out_args(self) -> frozenset[ArgT]:
        """The OUT arguments."""
        return frozenset(self.arguments_labelled(Label.OUT))

    @property
    def undec_args(self) -> frozenset[ArgT]:
        """The UNDEC arguments."""
        return frozenset(self.arguments_labelled(Label.UNDEC))


def _labelling_from_codes(fw: Framework[ArgT], codes: list[int]) -> Labelling[ArgT]:
    labels = _LABEL_OF_CODE
    return Labelling._trusted(
        {arg: labels[code] for arg, code in zip(fw._arguments, codes, strict=True)}
    )


# --------------------------------------------------------------------------
# Grounded semantics
# --------------------------------------------------------------------------


def _grounded_codes(fw: Framework[Any]) -> list[int]:
    """Grounded labelling as integer codes, in O(|A| + |R|).

    An argument becomes IN once all its attackers are OUT and OUT once one of
    its attackers is IN; whatever is left when the queue drains is UNDEC.
    Every argument is labelled OUT at most once and only then are its outgoing
    attacks scanned, so each attack is touched a bounded number of times.
    """
    attackers = fw._attackers
    targets = fw._targets
    codes = [_UNSET] * len(attackers)
    # Attackers of each argument not yet known to be OUT.  Attacks are
    # deduplicated, so this is a count of distinct attackers.
    pending = [len(a) for a in attackers]
    queue = [i for i, count in enumerate(pending) if count == 0]
    for i in queue:
        codes[i] = _IN
    head = 0
    while head < len(queue):
        winner = queue[head]
        head += 1
        for loser in targets[winner]:
            if codes[loser] != _UNSET:
                continue
            codes[loser] = _OUT
            for freed in targets[loser]:
                pending[freed] -= 1
                if pending[freed] == 0 and codes[freed] == _UNSET:
                    codes[freed] = _IN
                    queue.append(freed)
    return [_UNDEC if code == _UNSET else code for code in codes]


def grounded(fw: Framework[ArgT]) -> Labelling[ArgT]:
    """The grounded labelling of ``fw``, in time O(|arguments| + |attacks|).

    Its IN arguments form the grounded extension: the least fixed point of
    Dung's characteristic function, i.e. the sceptically justified arguments.
    """
    return _labelling_from_codes(fw, _grounded_codes(fw))


def grounded_extension(fw: Framework[ArgT]) -> frozenset[ArgT]:
    """The grounded extension of ``fw`` (the IN arguments of :func:`grounded`)."""
    args = fw._arguments
    return frozenset(args[i] for i, code in enumerate(_grounded_codes(fw)) if code == _IN)


# --------------------------------------------------------------------------
# Extension checks
# --------------------------------------------------------------------------


def _attacked_by(fw: Framework[Any], members: set[int]) -> set[int]:
    targets = fw._targets
    return {t for i in members for t in targets[i]}


def is_conflict_free(fw: Framework[ArgT], extension: Iterable[ArgT]) -> bool:
    """Whether no member of ``extension`` attacks a member of it.

    Raises:
        UnknownArgumentError: ``extension`` names an unknown argument.
    """
    members = fw._positions(extension)
    return members.isdisjoint(_attacked_by(fw, members))


def is_admissible(fw: Framework[ArgT], extension: Iterable[ArgT]) -> bool:
    """Whether ``extension`` is conflict-free and defends each of its members.

    Raises:
        UnknownArgumentError: ``extension`` names an unknown argument.
    """
    members = fw._positions(extension)
    beaten = _attacked_by(fw, members)
    if not members.isdisjoint(beaten):
        return False
    attackers = fw._attackers
    return all(a in beaten for i in members for a in attackers[i])


def is_complete(fw: Framework[ArgT], extension: Iterable[ArgT]) -> bool:
    """Whether ``extension`` is conflict-free and equals the set it defends.

    Raises:
        UnknownArgumentError: ``extension`` names an unknown argument.
    """
    members = fw._positions(extension)
    beaten = _attacked_by(fw, members)
    if not members.isdisjoint(beaten):
        return False
    defended = {
        i for i, attackers in enumerate(fw._attackers) if all(a in beaten for a in attackers)
    }
    return defended == members


def is_stable(fw: Framework[ArgT], extension: Iterable[ArgT]) -> bool:
    """Whether ``extension`` is conflict-free and attacks every non-member.

    Raises:
        UnknownArgumentError: ``extension`` names an unknown argument.
    """
    members = fw._positions(extension)
    beaten = _attacked_by(fw, members)
    return members.isdisjoint(beaten) and len(members) + len(beaten) == len(fw)


# --------------------------------------------------------------------------
# Enumeration: complete / preferred / stable
# --------------------------------------------------------------------------

# Status of a component member given its attackers *outside* the component
# (which are labelled already, since components are visited attackers-first).
_FREE = 0  # every outside attacker is OUT (or there is none)
_BLOCKED = 1  # some outside attacker is UNDEC, none is IN
_DEFEATED = 2  # some outside attacker is IN

_COMPLETE = "complete"
_PREFERRED = "preferred"
_STABLE = "stable"


class _LocalSolver:
    """Backtracking search for the complete labellings of one component.

    Labels are assigned in member order; after each tentative label the
    constraints of a complete labelling are propagated to a fixed point:

    * IN   iff the member is FREE and every inside attacker is OUT;
    * OUT  iff the member is DEFEATED or some inside attacker is IN;
    * UNDEC otherwise.

    Propagation is sound but not complete, so it only prunes; a branch that
    assigns every member has had every member's constraint re-checked after
    its last change, which makes every recorded solution exactly a locally
    complete labelling.  The search is iterative (explicit stack + trail) so
    huge components cannot overflow the Python stack.
    """

    __slots__ = (
        "_allow_undec",
        "_attackers",
        "_count",
        "_ext",
        "_indegree",
        "_labels",
        "_queue",
        "_size",
        "_targets",
        "_trail",
    )

    def __init__(self, attackers: list[list[int]], targets: list[list[int]]) -> None:
        size = len(attackers)
        self._size = size
        self._attackers = attackers
        self._targets = targets
        self._indegree = [len(a) for a in attackers]
        self._labels = [_UNSET] * size
        # _count[code][x]: inside attackers of x currently labelled `code`.
        self._count = ([0] * size, [0] * size, [0] * size)
        self._ext = [_FREE] * size
        self._allow_undec = True
        self._trail: list[int] = []
        self._queue: list[int] = []

    def solve(
        self, ext: tuple[int, ...], allow_undec: bool, budget: _Budget
    ) -> list[tuple[int, ...]]:
        """All locally complete labellings under the outside statuses ``ext``."""
        self._ext = list(ext)
        self._allow_undec = allow_undec
        size = self._size
        labels = self._labels
        trail = self._trail
        solutions: list[tuple[int, ...]] = []
        try:
            self._queue.extend(range(size))
            if not self._propagate():
                return solutions
            position = self._next_unset(0)
            if position == size:
                solutions.append(tuple(labels))
                return solutions
            choices = (_IN, _OUT, _UNDEC) if allow_undec else (_IN, _OUT)
            # Frames are [variable, trail mark, index of next choice].  Every
            # variable before `variable` was labelled before `mark`, so undoing
            # to the mark keeps the invariant that the prefix is labelled.
            stack = [[position, len(trail), 0]]
            while stack:
                frame = stack[-1]
                position, mark, choice = frame
                self._undo(mark)
                if choice == len(choices):
                    stack.pop()
                    continue
                frame[2] = choice + 1
                budget.tick()
                self._assign(position, choices[choice])
                if self._propagate():
                    following = self._next_unset(position + 1)
                    if following == size:
                        solutions.append(tuple(labels))
                    else:
                        stack.append([following, len(trail), 0])
            return solutions
        finally:
            # Leave the solver blank (also when the budget raised) so it can
            # be reused for the next outside status of this component.
            self._undo(0)
            self._queue.clear()

    def _next_unset(self, start: int) -> int:
        labels = self._labels
        size = self._size
        while start < size and labels[start] != _UNSET:
            start += 1
        return start

    def _assign(self, x: int, code: int) -> None:
        self._labels[x] = code
        self._trail.append(x)
        count = self._count[code]
        for t in self._targets[x]:
            count[t] += 1
        self._queue.append(x)

    def _undo(self, mark: int) -> None:
        trail = self._trail
        labels = self._labels
        while len(trail) > mark:
            x = trail.pop()
            count = self._count[labels[x]]
            labels[x] = _UNSET
            for t in self._targets[x]:
                count[t] -= 1

    def _propagate(self) -> bool:
        queue = self._queue
        targets = self._targets
        while queue:
            x = queue.pop()
            # A new label on x changes x's own constraint and the constraint
            # of everything x attacks; nothing else.
            if not self._check(x) or not all(self._check(t) for t in targets[x]):
                queue.clear()
                return False
        return True

    def _check(self, x: int) -> bool:
        """Verify x's constraint; force labels it implies.  False on conflict."""
        ext = self._ext[x]
        n_in = self._count[_IN][x]
        n_undec = self._count[_UNDEC][x]
        n_unset = self._indegree[x] - n_in - self._count[_OUT][x] - n_undec
        can_in = ext == _FREE and n_in == 0 and n_undec == 0
        can_out = ext == _DEFEATED or n_in > 0 or n_unset > 0
        can_undec = (
            self._allow_undec
            and ext != _DEFEATED
            and n_in == 0
            and (ext == _BLOCKED or n_undec > 0 or n_unset > 0)
        )
        label = self._labels[x]
        if label == _UNSET:
            options = can_in + can_out + can_undec
            if options == 0:
                return False
            if options == 1:
                self._assign(x, _IN if can_in else _OUT if can_out else _UNDEC)
            return True
        if label == _IN:
            if not can_in:
                return False
            if n_unset:
                for a in self._attackers[x]:
                    if self._labels[a] == _UNSET:
                        self._assign(a, _OUT)
            return True
        if label == _OUT:
            if not can_out:
                return False
            if ext != _DEFEATED and n_in == 0 and n_unset == 1:
                # The last unlabelled attacker is the only possible IN one.
                self._assign(self._first_unset_attacker(x), _IN)
            return True
        if not can_undec:
            return False
        if ext != _BLOCKED and n_undec == 0 and n_unset == 1:
            # x needs an UNDEC attacker and has one candidate left.
            self._assign(self._first_unset_attacker(x), _UNDEC)
        return True

    def _first_unset_attacker(self, x: int) -> int:
        labels = self._labels
        return next(a for a in self._attackers[x] if labels[a] == _UNSET)


class _Component:
    """One strongly connected component of the grounded-UNDEC arguments."""

    __slots__ = ("external", "members", "memo", "self_attacking", "solver")

    def __init__(self, members: list[int]) -> None:
        self.members = members
        self.external: list[list[int]] = []
        self.self_attacking = False
        self.solver: _LocalSolver | None = None
        self.memo: dict[tuple[int, ...], list[tuple[int, ...]]] = {}


def _components(fw: Framework[Any], undecided: list[int]) -> list[_Component]:
    """SCCs of the sub-framework on ``undecided``, attackers' SCCs first.

    Iterative Tarjan.  Tarjan emits a component only after every component
    reachable from it, i.e. attacked components first; reversing gives an
    order in which all outside attackers of a component come earlier.
    """
    targets = fw._targets
    n = len(targets)
    inside = [False] * n
    for i in undecided:
        inside[i] = True
    order = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in undecided:
        if order[root] >= 0:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        calls = [(root, 0)]
        while calls:
            v, next_edge = calls[-1]
            edges = targets[v]
            descended = False
            while next_edge < len(edges):
                w = edges[next_edge]
                next_edge += 1
                if not inside[w]:
                    continue
                if order[w] < 0:
                    calls[-1] = (v, next_edge)
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    calls.append((w, 0))
                    descended = True
                    break
                if on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
            if descended:
                continue
            calls.pop()
            if calls:
                parent = calls[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == order[v]:
                members: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    members.append(w)
                    if w == v:
                        break
                members.sort()
                found.append(members)
    found.reverse()

    component_of = [-1] * n
    for cid, members in enumerate(found):
        for i in members:
            component_of[i] = cid
    attackers = fw._attackers
    components: list[_Component] = []
    for cid, members in enumerate(found):
        component = _Component(members)
        local = {g: k for k, g in enumerate(members)}
        inner_attackers: list[list[int]] = []
        for g in members:
            inner: list[int] = []
            outer: list[int] = []
            for a in attackers[g]:
                owner = component_of[a]
                if owner == cid:
                    inner.append(local[a])
                elif owner >= 0:
                    outer.append(a)
                # owner < 0: a grounded argument; it can only be OUT, since an
                # IN attacker would have made g OUT in the grounded labelling.
            inner_attackers.append(inner)
            component.external.append(outer)
        if len(members) == 1:
            component.self_attacking = bool(inner_attackers[0])
        else:
            inner_targets: list[list[int]] = [[] for _ in members]
            for k, inner in enumerate(inner_attackers):
                for a in inner:
                    inner_targets[a].append(k)
            component.solver = _LocalSolver(inner_attackers, inner_targets)
        components.append(component)
    return components


def _outside_status(labels: list[int], outside: list[int]) -> int:
    status = _FREE
    for a in outside:
        code = labels[a]
        if code == _IN:
            return _DEFEATED
        if code == _UNDEC:
            status = _BLOCKED
    return status


def _in_maximal(solutions: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Keep the labellings whose IN set is not strictly inside another's."""
    sets = sorted(
        ((frozenset(k for k, code in enumerate(s) if code == _IN), s) for s in solutions),
        key=lambda pair: -len(pair[0]),
    )
    kept: list[tuple[frozenset[int], tuple[int, ...]]] = []
    for in_set, solution in sets:
        # Any non-maximal set lies inside some maximal one, and larger sets
        # come first, so comparing against the kept ones suffices.
        if not any(in_set < bigger for bigger, _ in kept):
            kept.append((in_set, solution))
    return [solution for _, solution in kept]


def _options(
    component: _Component, labels: list[int], semantics: str, budget: _Budget
) -> list[tuple[int, ...]]:
    """The local labellings of ``component`` that ``semantics`` allows, given outside labels."""
    ext = tuple(_outside_status(labels, outside) for outside in component.external)
    cached = component.memo.get(ext)
    if cached is not None:
        return cached
    allow_undec = semantics != _STABLE
    solver = component.solver
    result: list[tuple[int, ...]]
    if solver is None:
        # Singleton: its label follows from the outside status alone.
        status = ext[0]
        if status == _DEFEATED:
            result = [(_OUT,)]
        elif status == _FREE and not component.self_attacking:
            result = [(_IN,)]
        else:  # blocked, or self-attacking and not defeated from outside
            result = [(_UNDEC,)] if allow_undec else []
    else:
        result = solver.solve(ext, allow_undec, budget)
        if semantics == _PREFERRED and len(result) > 1:
            result = _in_maximal(result)
    component.memo[ext] = result
    return result


def _enumerate(fw: Framework[ArgT], semantics: str, limit: SearchLimit) -> list[frozenset[ArgT]]:
    if not isinstance(limit, SearchLimit):
        raise TypeError(f"limit must be a SearchLimit, not {type(limit).__name__}")
    budget = _Budget(semantics, limit)
    labels = _grounded_codes(fw)
    undecided = [i for i, code in enumerate(labels) if code == _UNDEC]
    grounded_in = [i for i, code in enumerate(labels) if code == _IN]
    found: list[tuple[int, ...]] = []
    if not undecided:
        # The grounded labelling is total: it is the only complete labelling,
        # hence also the only preferred and the only stable one.
        found.append(tuple(grounded_in))
    else:
        components = _components(fw, undecided)
        last = len(components) - 1
        # Depth-first over components in topological order.  Frames are
        # [component index, its options, index of next option].  Labels of
        # later components are simply overwritten when revisited, and a
        # component only reads labels of earlier ones, so no undo is needed.
        frames: list[tuple[int, list[tuple[int, ...]], list[int]]] = [
            (0, _options(components[0], labels, semantics, budget), [0])
        ]
        while frames:
            cid, options, cursor = frames[-1]
            if cursor[0] == len(options):
                frames.pop()
                continue
            option = options[cursor[0]]
            cursor[0] += 1
            if len(options) > 1:
                budget.tick()  # a genuine choice point
            for g, code in zip(components[cid].members, option, strict=True):
                labels[g] = code
            if cid == last:
                budget.tick()  # one extension emitted
                accepted = [i for i in undecided if labels[i] == _IN]
                found.append(tuple(sorted(grounded_in + accepted)))
            else:
                nxt = components[cid + 1]
                frames.append((cid + 1, _options(nxt, labels, semantics, budget), [0]))
    found.sort()
    args = fw._arguments
    return [frozenset(args[i] for i in members) for members in found]


def complete_extensions(
    fw: Framework[ArgT], limit: SearchLimit = DEFAULT_LIMIT
) -> list[frozenset[ArgT]]:
    """All complete extensions, sorted by their sorted members.

    Raises:
        SemanticsLimitExceeded: ``limit`` was reached; no partial result.
    """
    return _enumerate(fw, _COMPLETE, limit)


def preferred_extensions(
    fw: Framework[ArgT], limit: SearchLimit = DEFAULT_LIMIT
) -> list[frozenset[ArgT]]:
    """All preferred (maximal admissible) extensions, sorted by sorted members.

    There is always at least one (possibly empty) preferred extension.

    Raises:
        SemanticsLimitExceeded: ``limit`` was reached; no partial result.
    """
    return _enumerate(fw, _PREFERRED, limit)


def stable_extensions(
    fw: Framework[ArgT], limit: SearchLimit = DEFAULT_LIMIT
) -> list[frozenset[ArgT]]:
    """All stable extensions, sorted by sorted members (may be empty).

    Raises:
        SemanticsLimitExceeded: ``limit`` was reached; no partial result.
    """
    return _enumerate(fw, _STABLE, limit)


# --------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InReason(Generic[ArgT]):
    """Why an argument is IN: every attacker is OUT.

    Attributes:
        argument: the explained argument.
        out_attackers: all its attackers (all OUT), sorted; empty when the
            argument is unattacked.
    """

    label: ClassVar[Label] = Label.IN
    argument: ArgT
    out_attackers: tuple[ArgT, ...]

    @property
    def unattacked(self) -> bool:
        """Whether the argument has no attacker at all."""
        return not self.out_attackers


@dataclass(frozen=True, slots=True)
class OutReason(Generic[ArgT]):
    """Why an argument is OUT: an IN argument attacks it.

    Attributes:
        argument: the explained argument.
        attacker: the IN attacker cited as the reason -- deterministically
            the *first in sorted argument order* among the IN attackers (not
            the first in grounded propagation order, so the choice does not
            depend on how the labelling was computed).
        in_attackers: every IN attacker, sorted (``attacker`` is the first).
    """

    label: ClassVar[Label] = Label.OUT
    argument: ArgT
    attacker: ArgT
    in_attackers: tuple[ArgT, ...]


@dataclass(frozen=True, slots=True)
class UndecReason(Generic[ArgT]):
    """Why an argument is UNDEC: no attacker is IN and some attacker is UNDEC.

    Following UNDEC attackers backwards always ends in a cycle of UNDEC
    arguments (a self-attack counts as a cycle of length one).

    Attributes:
        argument: the explained argument.
        undec_attackers: its UNDEC attackers, sorted.
        cycle: a cycle of UNDEC arguments, each attacking the next and the
            last attacking the first.  If the argument lies on such a cycle,
            this is a shortest one through it, starting at the argument.
            Otherwise it is the cycle reached by repeatedly stepping to the
            smallest UNDEC attacker, starting at the member from which
            ``path`` leaves.
        path: an attack chain of UNDEC arguments from ``cycle[0]`` to the
            argument, both included; ``(argument,)`` when it is on the cycle.
    """

    label: ClassVar[Label] = Label.UNDEC
    argument: ArgT
    undec_attackers: tuple[ArgT, ...]
    cycle: tuple[ArgT, ...]
    path: tuple[ArgT, ...]

    @property
    def on_cycle(self) -> bool:
        """Whether the argument itself lies on ``cycle``."""
        return len(self.path) == 1


Explanation: TypeAlias = InReason[ArgT] | OutReason[ArgT] | UndecReason[ArgT]


def explain(
    fw: Framework[ArgT], labelling: Mapping[ArgT, Label], argument: ArgT
) -> Explanation[ArgT]:
    """Explain the label of ``argument`` in ``labelling``.

    ``labelling`` is typically :func:`grounded` or
    :meth:`Labelling.from_extension` of a complete extension.  The label must
    be legal for a complete labelling at ``argument`` (and, for UNDEC, at the
    UNDEC arguments visited while looking for a cycle).

    Returns:
        :class:`InReason`, :class:`OutReason` or :class:`UndecReason`.

    Raises:
        UnknownArgumentError: ``argument`` is not in ``fw``.
        LabellingError: ``labelling`` lacks a needed argument or its labels
            are not those of a complete labelling where inspected.
    """
    position = fw._position(argument)
    args = fw._arguments

    def label_of(i: int) -> Label:
        try:
            return labelling[args[i]]
        except KeyError:
            raise LabellingError(f"labelling does not label {args[i]!r}") from None

    label = label_of(position)
    attackers = fw._attackers[position]
    by_label: dict[Label, list[int]] = {Label.IN: [], Label.OUT: [], Label.UNDEC: []}
    for a in attackers:
        by_label[label_of(a)].append(a)
    if label is Label.IN:
        if len(by_label[Label.OUT]) != len(attackers):
            raise LabellingError(f"{argument!r} is IN but not all its attackers are OUT")
        return InReason(argument, tuple(args[a] for a in attackers))
    if label is Label.OUT:
        winners = by_label[Label.IN]
        if not winners:
            raise LabellingError(f"{argument!r} is OUT but no attacker of it is IN")
        return OutReason(argument, args[winners[0]], tuple(args[a] for a in winners))
    if label is not Label.UNDEC:
        raise LabellingError(f"label of {argument!r} is {label!r}, not a Label")
    if by_label[Label.IN] or not by_label[Label.UNDEC]:
        raise LabellingError(f"{argument!r} is UNDEC but has an IN attacker or no UNDEC attacker")
    cycle, path = _undec_cycle(fw, position, label_of)
    return UndecReason(
        argument,
        tuple(args[a] for a in by_label[Label.UNDEC]),
        tuple(args[i] for i in cycle),
        tuple(args[i] for i in path),
    )


def _undec_cycle(
    fw: Framework[Any], start: int, label_of: Callable[[int], Label]
) -> tuple[list[int], list[int]]:
    """A cycle of UNDEC arguments explaining ``start`` and a path from it."""
    targets = fw._targets
    attackers = fw._attackers
    # Breadth-first search along attacks among UNDEC arguments: the first
    # edge found back into `start` closes a shortest cycle through it.
    parent: dict[int, int] = {start: start}
    queue = deque([start])
    closing = -1
    while queue and closing < 0:
        v = queue.popleft()
        for t in targets[v]:
            if label_of(t) is not Label.UNDEC:
                continue
            if t == start:
                closing = v
                break
            if t not in parent:
                parent[t] = v
                queue.append(t)
    if closing >= 0:
        cycle = [closing]
        while cycle[-1] != start:
            cycle.append(parent[cycle[-1]])
        cycle.reverse()
        return cycle, [start]
    # Not on a cycle: walk backwards through smallest UNDEC attackers.  In a
    # complete labelling every UNDEC argument has an UNDEC attacker, so the
    # walk can only stop by revisiting an argument, which closes a cycle.
    walk = [start]
    seen = {start: 0}
    while True:
        step = next((a for a in attackers[walk[-1]] if label_of(a) is Label.UNDEC), -1)
        if step < 0:
            raise LabellingError(f"{fw._arguments[walk[-1]]!r} is UNDEC but has no UNDEC attacker")
        if step in seen:
            entry = seen[step]
            # walk[k + 1] attacks walk[k]; the cycle in attack direction is
            # walk[entry] -> walk[-1] -> walk[-2] -> ... -> walk[entry + 1].
            cycle = [walk[entry], *reversed(walk[entry + 1 :])]
            return cycle, walk[entry::-1]
        seen[step] = len(walk)
        walk.append(step)
