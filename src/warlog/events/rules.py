"""Event trigger rules, loaded from the packaged (or a user's) YAML file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:(—–]")


@dataclass(frozen=True)
class SubEventRule:
    """How one ACLED sub-event type is reported."""

    sub_event_type: str
    event_type: str
    disorder_type: str
    pattern: re.Pattern[str]
    weight: float
    precedence: int
    record_type: str = "event"
    absorbs: frozenset[str] = frozenset()
    actor1_default: str | None = None
    actor2_default: str | None = None
    actor1_fixed: str | None = None  # protests: always "Protesters (COUNTRY)"
    actor2_state: bool = False  # actor 2 is the state force the sentence names, if any
    armed_target: str | None = None  # the sub-event type to code when actor 2 is armed
    state_target: bool = False  # a state force named is the target, never the attacker
    state_actor1: str | None = None  # ... when actor 1 is a state force
    non_state_actor1: str | None = None  # ... when actor 1 is not a state force
    not_before: re.Pattern[str] | None = None  # this rule's own cancelling cues
    # a toll told after this cue is what the event is about, not its own ("protested
    # against the airstrike that killed six")
    toll_not_after: re.Pattern[str] | None = None
    # a sentence with this in it does not report such an event: the plain "killed" of an
    # accident or a disaster, the "arrested" of an ordinary crime
    void_in_sentence: re.Pattern[str] | None = None
    # a trigger starting with this tells the subject's defence ("the PMF repelled an IS
    # attack"): the side whose attack it names started the fight and is actor 1
    defence: re.Pattern[str] | None = None
    # a trigger right after this cue ("during clashes") is the setting of another event told
    # in its sentence: it gives way to a trigger of the `backdrop_of` types there
    backdrop: re.Pattern[str] | None = None
    backdrop_of: frozenset[str] = frozenset()


@dataclass
class Trigger:
    """A rule's match in the text."""

    rule: SubEventRule
    start: int
    end: int
    text: str


@dataclass
class EventRules:
    """All rules, with the cues that cancel them."""

    rules: list[SubEventRule]
    not_before: re.Pattern[str]
    not_just_before: re.Pattern[str]
    not_after: re.Pattern[str]
    not_in_sentence: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path | None = None) -> EventRules:
        """Read the rules file (default: the one shipped in ``warlog/data``)."""
        if path is None:
            raw = resources.files("warlog.data").joinpath("event_rules.yaml").read_text("utf-8")
        else:
            raw = Path(path).read_text("utf-8")
        data = yaml.safe_load(raw)
        disorder = data["event_types"]
        rules = [
            SubEventRule(
                sub_event_type=r["sub_event_type"],
                event_type=r["event_type"],
                disorder_type=disorder.get(r["event_type"], ""),
                pattern=re.compile(
                    r"\b(?:" + "|".join(f"(?:{p})" for p in r["patterns"]) + r")\b", re.I
                ),
                weight=float(r.get("weight", 0.6)),
                precedence=int(r.get("precedence", 0)),
                record_type=r.get("record_type", "event"),
                absorbs=frozenset(r.get("absorbs", ())),
                actor1_default=r.get("actor1_default"),
                actor2_default=r.get("actor2_default"),
                actor1_fixed=r.get("actor1_fixed"),
                actor2_state=bool(r.get("actor2_state", False)),
                armed_target=r.get("armed_target"),
                state_target=bool(r.get("state_target", False)),
                state_actor1=r.get("state_actor1"),
                non_state_actor1=r.get("non_state_actor1"),
                not_before=_cue([r["not_before"]], max_words=4) if r.get("not_before") else None,
                void_in_sentence=(
                    re.compile(r"\b(?:" + r["void_in_sentence"] + r")\b", re.I)
                    if r.get("void_in_sentence")
                    else None
                ),
                toll_not_after=(
                    re.compile(r"\b(?:" + r["toll_not_after"] + r")\b", re.I)
                    if r.get("toll_not_after")
                    else None
                ),
                defence=re.compile(r["defence"], re.I) if r.get("defence") else None,
                backdrop=_cue([r["backdrop"]], max_words=3) if r.get("backdrop") else None,
                backdrop_of=frozenset(r.get("backdrop_of", ())),
            )
            for r in data["rules"]
        ]
        not_in_sentence = [re.compile(p, re.I) for p in data.get("not_in_sentence", [])]
        return cls(
            rules,
            _cue(data["not_before"], max_words=6),
            _cue(data.get("not_just_before", []), max_words=2),
            re.compile(r"\s*(?:" + "|".join(data.get("not_after", ["(?!)"])) + r")\b", re.I),
            not_in_sentence,
        )

    def rule(self, sub_event_type: str) -> SubEventRule:
        """The (first) rule for a sub-event type."""
        return next(r for r in self.rules if r.sub_event_type == sub_event_type)

    def triggers(self, text: str, start: int, end: int) -> list[Trigger]:
        """Rule matches in ``text[start:end]`` that are not cancelled by a cue.

        Within the span, absorbed sub-event types are dropped and each type is kept once.
        """
        segment = text[start:end]
        if any(p.search(segment) for p in self.not_in_sentence):
            return []
        found: list[Trigger] = []
        for rule in self.rules:
            if any(t.rule.sub_event_type == rule.sub_event_type for t in found):
                continue
            if rule.void_in_sentence is not None and rule.void_in_sentence.search(segment):
                continue
            for m in rule.pattern.finditer(segment):
                if self._cancelled(segment, m.start(), rule) or self.not_after.match(
                    segment, m.end()
                ):
                    continue
                found.append(Trigger(rule, start + m.start(), start + m.end(), m.group(0)))
                break
        found = [t for t in found if not self._setting(segment, t, found, start)]
        # Highest precedence first: what a kept trigger absorbs is dropped, and a dropped
        # trigger absorbs nothing (a violent demonstration absorbs the "clash" it describes).
        kept: list[Trigger] = []
        for t in sorted(found, key=lambda t: -t.rule.precedence):
            if not any(t.rule.sub_event_type in k.rule.absorbs for k in kept):
                kept.append(t)
        return sorted(kept, key=lambda t: t.start)

    @staticmethod
    def _setting(segment: str, t: Trigger, found: list[Trigger], start: int) -> bool:
        """Is ``t`` only the setting of another trigger in its sentence ("a grenade
        exploded during clashes": the grenade is the event)?"""
        cue = t.rule.backdrop
        if cue is None or not cue.search(segment[max(0, t.start - start - 60) : t.start - start]):
            return False
        return any(o.rule.sub_event_type in t.rule.backdrop_of for o in found)

    def _cancelled(self, segment: str, at: int, rule: SubEventRule | None = None) -> bool:
        """True when an attempt/plan/denial cue stands just before ``at`` in its clause."""
        # a comma inside a figure ("12,000 mines") does not end a clause
        clause_start = max((m.start() for m in CLAUSE_BREAK.finditer(segment, 0, at)), default=-1)
        window = segment[max(clause_start + 1, at - 80) : at]
        own = rule is not None and rule.not_before is not None and rule.not_before.search(window)
        return bool(own or self.not_before.search(window) or self.not_just_before.search(window))


def _cue(patterns: list[str], max_words: int) -> re.Pattern[str]:
    """A cue that counts when at most ``max_words`` words separate it from the trigger."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(
        r"\b(?:"
        + "|".join(f"(?:{p})" for p in patterns)
        + r")"
        + r"(?:\s+[\w'’-]+(?:[.,]\d+)*){0,"
        + str(max_words)
        + r"}\s*$",
        re.I,
    )
