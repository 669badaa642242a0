"""Code ACLED events from a parsed document, sentence by sentence.

For each sentence of the article body: find triggers (``event_rules.yaml``), drop those an
attempt/plan/denial cue cancels, give each the actors of its clause (the subject and object
of the trigger's verb in the dependency parse, else by position), the place it happened
(the geoparser's mention nearest after the trigger, else before it, else the story's
current place), the date (a time expression of the sentence, else the story's current
date), the fatalities and the cited source. Each filled field keeps its evidence span.
Events that tell the same thing again (same type, day, place and actors) are merged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span, Token

from warlog.actors import ActorLexicon, interaction_code
from warlog.dates import find_dates, resolve_event_date
from warlog.events.acled_names import AdminNames
from warlog.events.attribution import Attribution, find_attribution
from warlog.events.classifier import CODE_TO_SUB_EVENT, NON_EVENTS, EventClassifier, Prediction
from warlog.events.fatalities import fatality_count, find_fatalities
from warlog.events.rules import EventRules, SubEventRule, Trigger
from warlog.models import (
    Actor,
    ActorMention,
    DateMention,
    Document,
    Event,
    Evidence,
    PlaceMention,
)
from warlog.places.gazetteer import country_table, haversine_km
from warlog.places.relative import offset, relative_before

# "the group's", "the radical group", "the militants": the armed group named last.
ANAPHOR = re.compile(
    r"\b(?:the|this|that) (?:[\w-]+ )?(?:group|organi[sz]ation|militants|jihadists|extremists|"
    r"insurgents|fighters)\b(?:['’]s)?",
    re.I,
)
ARMED_NON_STATE = frozenset({2, 3, 4})
# The classifier's say: below this probability of any event, a sentence it reads as crime,
# disaster, diplomacy or nothing loses its events; above RETYPE_AT for another kind of
# event, the event takes that kind.
NON_EVENT_VETO = 0.5
# A crowd's violence told outright ("demonstrators burned tires, blocking the roads to the
# port, responsible for the country's imports") is an event whatever the sentence's topic:
# the classifier, reading trade, does not veto it.
UNVETOED = frozenset({"Riots"})
RETYPE_AT = 0.75
# How much the classifier's reading of the whole paragraph counts beside its sentence's.
PARAGRAPH_SHARE = 0.5
ARMED = frozenset({1, 2, 3, 4, 8})
UNARMED = frozenset({6, 7})
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
ONE_SIDED = ("Explosions/Remote violence", "Violence against civilians")
TAKEOVERS = ("Non-state actor overtakes territory", "Government regains territory")
# What joins an ally to the main actor: "X and Y", "X, backed by Y".
ALLIED = re.compile(
    r"\s*(?:,\s*)?(?:and|with|alongside|together with|backed by|supported by)?\s*(?:the\s+)?$",
    re.I,
)
ATTACK_NOUN = re.compile(
    r"[\s-]+(?:militants?\s+|fighters?\s+|forces?\s+)?(?:(?:planted|placed|laid|made)\s+)?"
    r"(?:attacks?|assaults?|ambush|raids?|snipers?|gunfire|shelling|bombing|ieds?|explosives?"
    r"|(?:car\s+)?bombs?|rockets?|mortars?|(?:land)?mines?|drones?)\b",
    re.I,
)
PASSIVE_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
# The object of an action noun: "the arrest of", "the killing and arrest of a number of".
OF_OBJECT = re.compile(
    r"(?:\s+and\s+[\w-]+)?\s+of\s+(?:the\s+|an?\s+)?(?:(?:number|group|dozens?|scores?)\s+of\s+)?"
    r"(?:[\w-]+\s+)?$",
    re.I,
)
# What ties a member group to the force named before it: "the PMF's (brigade 46) Kataib
# Hezbollah", "PMF-affiliated Peace Companies", "the PMF along with Badr".
MEMBER_TIE = re.compile(
    r"(?:['’]s)?\s*(?:\([^()]{0,40}\)\s*)?"
    r"(?:-?\s*(?:affiliated|linked|backed)\s+|along\s+with\s+|together\s+with\s+|and\s+)?"
    r"(?:the\s+)?(?:\([^()]{0,40}\)\s*)?",
    re.I,
)
# Who carried out the operation in which a passive event happened: "in a joint operation
# between the police and", "during an airdrop operation by the", "by a joint police and".
OPERATION_BY = re.compile(
    r"(?:\b(?:operations?|raids?|offensives?|campaigns?|assaults?|ambush(?:es)?|sweeps?)\s+"
    r"(?:(?:carried\s+out|conducted|launched|led)\s+)?(?:by|between|involving)\s+(?:the\s+)?"
    r"|\bby\s+an?\s+(?:joint\s+|combined\s+)?)$",
    re.I,
)
# A repelled attack told before: "repelled the attack", "foiled their attack"; its attacker
# "IS militants attacked", "IS militants launched an attack".
THE_ATTACK = re.compile(
    r"\w+\s+(?:the|their|this|that)\s+(?:attacks?|assaults?|infiltration|attempt)\b", re.I
)
ATTACKED_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:attacked|assaulted|stormed|raided|(?:launched|carried\s+out|"
    r"staged)\s+an?\s+(?:[\w-]+\s+)?(?:attack|assault|raid))\b",
    re.I,
)
# An actor named as the one harmed: "2 soldiers were wounded", "a policeman and two others
# were killed".
VICTIM_AFTER = re.compile(
    r"(?:\s*,?\s+[\w-]+){0,4}?\s+(?:was|were|had\s+been|have\s+been|has\s+been|got)\s+"
    r"(?:\w+\s+)?(?:killed|wounded|injured|hurt|maimed)\b",
    re.I,
)
# The side named right after the trigger noun: "killed in clashes with the Turkish military",
# "killed during airstrikes of Turkish forces".
TRIGGER_OF = re.compile(r"\s+(?:with|by|of|from)\s+(?:the\s+)?", re.I)
MASS_GRAVE = re.compile(r"\bmass graves?\b", re.I)
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
# The clauses that tell how a passive event came about: "killed when gunmen opened fire".
HOW_CLAUSE = frozenset({"when", "as", "after"})
# "by sniper fire": a weapon, not who fired
WEAPON_AFTER = re.compile(r"\s+(?:fire|shots?|bullets?|rifles?)\b", re.I)
# "backed by the coalition": an ally, not the agent
ALLY_BY = re.compile(
    r"\b(?:backed|supported|assisted|aided|accompanied|covered|joined)\s+by\s+(?:the\s+)?$",
    re.I,
)
# A member of a force who was not on duty: "an off-duty policeman", "a soldier on leave".
OFF_DUTY_BEFORE = re.compile(
    r"\b(?:off[- ]duty|unarmed|retired|former|vacationing)\s+(?:(?:and|an?|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
OFF_DUTY_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}\s*,?\s+(?:who was |while |when he was |when she was )?"
    r"(?:off[- ]duty|on leave|in civilian clothes|unarmed)\b",
    re.I,
)
# The source of a report, not a party to the event: "police said", "according to police".
REPORTER_AFTER = re.compile(
    r"(?:\s+(?:officials?|sources?|spokes(?:man|woman|person)|chiefs?|officers?|statements?)|"
    r"\s+and\s+[\w-]+\s+(?:officials|sources))?\s+(?:said|says|told|reported|confirmed|stated|"
    r"announced|added|claimed)\b",
    re.I,
)
REPORTER_BEFORE = re.compile(r"\baccording to (?:the )?$", re.I)
# How many characters before an actor's name each cue is looked for (see _cue_before):
# "killed by the ", "backed by the ", "according to ", "in an airdrop operation by the ".
CUE_WINDOW: dict[re.Pattern[str], int] = {
    PASSIVE_AGENT: 12, ALLY_BY: 24, REPORTER_BEFORE: 20, OPERATION_BY: 60, OFF_DUTY_BEFORE: 40,
}  # fmt: skip
# How far after its event a toll is looked for, and the precedence of the plain verbs of
# violence ("killed", "attacked"): a sentence with only those adds to the event before it.
LATER_TOLL_SENTENCES = 2
PLAIN_VIOLENCE = 2


@dataclass
class _Story:
    """What the article has established so far: its current date, place and source."""

    date: DateMention | None = None
    place: PlaceMention | None = None
    source: Attribution | None = None
    withdrawal: tuple[int, Event] | None = None  # (sentence index, event)
    armed_groups: list[ActorMention] = field(default_factory=list)


class EventCoder:
    """Turns one document (and its spaCy parse and places) into events."""

    def __init__(
        self, rules: EventRules, actors: ActorLexicon, classifier: EventClassifier | None = None
    ) -> None:
        self.rules = rules
        self.actors = actors
        self.classifier = classifier
        # adjectives of nationality: those of the actor lexicon and of every country
        # (data/countries.tsv): a "Kuwaiti" consulate in Basra is not in Kuwait
        self._demonyms = frozenset(
            d.lower() for c in actors.countries.values() for d in c.demonyms
        ) | frozenset(
            d.strip().lower()
            for *_, dems in country_table().values()
            for dem in dems
            for d in dem.split(",")
            if d.strip()
        )

    def code(self, doc: Document, sdoc: SpacyDoc, places: list[PlaceMention]) -> list[Event]:
        """All events of one document, merged where they restate each other."""
        resolved = _hosts_for_namesakes([p for p in places if p.entry is not None], doc.text)
        # "Turkish" airstrikes say who, not where: the story's place is a place named outright
        focus = self._focus_place(doc, _named_outright(resolved, self._demonyms))
        country = _focus_country(resolved, self._demonyms, doc.text) or (
            focus.entry.country if focus and focus.entry else None
        )
        resolved = _in_country_first(
            resolved, _place_country(resolved, self._demonyms, doc.text) or country
        )
        where = _named_outright(resolved, self._demonyms)
        story = _Story(place=focus)
        all_mentions: list[ActorMention] = []
        events: list[Event] = []
        told: list[tuple[Span, list[Event]]] = []
        readings = self._readings(doc, sdoc)
        for index, sent in enumerate(sdoc.sents):
            if not _starts_in_body(doc, sent):
                continue  # title, caption, byline, share links...
            # a cited source covers what follows until the text cites another
            story.source = find_attribution(sent, story.source, doc.outlet) or story.source
            mentions = self._actor_mentions(doc.text, sent, country, story, doc.publication_date)
            all_mentions.extend(mentions)
            dates = find_dates(doc.text, doc.publication_date, sent.start_char, sent.end_char)
            sent_places = [p for p in where if sent.start_char <= p.start < sent.end_char]
            new: list[Event] = []
            recast: list[Event] = []  # events whose actors changed their kind
            for trigger in self.rules.triggers(doc.text, sent.start_char, sent.end_char):
                event = self._event(
                    doc, sent, trigger, mentions, dates, sent_places, story, country
                )
                if event is not None:
                    new.append(event)
                    if event.sub_event_type != trigger.rule.sub_event_type:
                        recast.append(event)
            new = self._precedence(new, recast)
            if new and self.classifier is not None:
                paragraph = _paragraph(doc.text, sent)
                wide = None if paragraph is None else readings[paragraph]
                new = self._weigh(new, readings[sent.text], wide)
            self._handovers(new, events, story, index)
            events += new
            told.append((sent, new))
            anchor = new[-1].evidence[0].start if new else None
            best = resolve_event_date(dates, doc.publication_date, anchor=anchor, text=doc.text)
            if best is not None and best.date is not None:
                story.date = best
            if sent_places:
                story.place = _prefer_local(sent_places, doc.text) or story.place
        self._fill_opponents(events, all_mentions)
        self._later_tolls(told, doc.text)
        return _merge_restatements(self._consolidate(events, doc.text))

    def _later_tolls(self, told: list[tuple[Span, list[Event]]], text: str) -> None:
        """An event whose sentence gives no toll takes the toll of the next sentences of its
        paragraph ("... attacked Turkish positions. 9 soldiers were killed."), up to the
        next sentence that tells a new event of its own."""
        for i, (sent, new) in enumerate(told):
            todo = [e for e in new if not any(v.field == "fatalities" for v in e.evidence)]
            if not todo:
                continue
            for later, _ in told[i + 1 : i + 1 + LATER_TOLL_SENTENCES]:
                if "\n" in text[sent.end_char : later.start_char]:
                    break
                triggers = self.rules.triggers(text, later.start_char, later.end_char)
                if any(t.rule.precedence > PLAIN_VIOLENCE for t in triggers):
                    break
                found = find_fatalities(text, later.start_char, later.end_char)
                if found:
                    cited = [Evidence("fatalities", f.text, f.start, f.end) for f in found]
                    for e in todo:
                        e.fatalities = fatality_count(found)
                        e.evidence += cited
                    break

    # ------------------------------------------------------------------ actors
    def _actor_mentions(
        self, text: str, sent: Span, country: str | None, story: _Story, on: date | None
    ) -> list[ActorMention]:
        mentions = self.actors.find_actors(text, sent.start_char, sent.end_char, country, on)
        # "IS militants": the generic word after a named group is the same actor.
        kept: list[ActorMention] = []
        for m in mentions:
            if (
                kept
                and m.start - kept[-1].end <= 2
                and _is_generic(m)
                and not _is_generic(kept[-1])
            ):
                kept[-1] = ActorMention(
                    text[kept[-1].start : m.end], kept[-1].start, m.end, kept[-1].key,
                    kept[-1].actor, kept[-1].associates,
                )  # fmt: skip
                continue
            kept.append(m)
        kept = self._fold_members(text, kept)
        named = [m for m in kept if m.actor.inter in ARMED_NON_STATE and not _is_generic(m)]
        for m in ANAPHOR.finditer(text, sent.start_char, sent.end_char):
            if any(k.start <= m.start() < k.end for k in kept):
                continue
            earlier = [*story.armed_groups, *(n for n in named if n.end <= m.start())]
            if earlier:
                # "the group" is most often the rebel or jihadist group of the story
                rebels = [n for n in earlier if n.actor.inter == 2]
                ref = (rebels or earlier)[-1]
                kept.append(ActorMention(m.group(0), m.start(), m.end(), ref.key, ref.actor))
        kept.sort(key=lambda m: m.start)
        story.armed_groups.extend(named)
        return kept

    def _fold_members(self, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
        """A group named as part of the force before it is that force, the group beside it:
        "the PMF's Kataib Hezbollah", "PMF affiliated Peace Companies", "the PMF along with
        Badr fighters". ACLED Iraq 2019: in all 18 notes where Kataib Hezbollah, Badr or the
        Peace Companies act and the PMF is named too, actor 1 is the PMF with the group as
        associate; the 2 naming Kataib Hezbollah alone code it alone."""
        out: list[ActorMention] = []
        for m in mentions:
            prev = out[-1] if out else None
            entry = self.actors.entries.get(m.key)
            if (
                prev is not None
                and entry is not None
                and prev.key in entry.associate_of
                and MEMBER_TIE.fullmatch(text, prev.end, m.start)
            ):
                if m.actor.name not in prev.associates:
                    out[-1] = ActorMention(
                        text[prev.start : m.end], prev.start, m.end, prev.key, prev.actor,
                        [*prev.associates, m.actor.name],
                    )  # fmt: skip
                continue
            out.append(m)
        return out

    def _roles(
        self, sent: Span, trigger: Trigger, mentions: list[ActorMention]
    ) -> tuple[list[ActorMention], list[ActorMention]]:
        """(agents, patients) of the trigger: from the parse, else by position."""
        verb = _governing_verb(sent, trigger.start)
        agents: list[ActorMention] = []
        patients: list[ActorMention] = []
        # "Turkish airstrikes", "an IS sniper", "IS attack": the actor names the weapon (not
        # the subject of a verb: "security forces backed by the TMF clashed")
        head = next((t for t in sent if t.idx >= trigger.start), None)
        # the "sniper" of the trigger "sniper fire" is the weapon, no actor
        mentions = [
            m for m in mentions
            if not (_is_generic(m) and trigger.start <= m.start and m.end < trigger.end
                    and WEAPON_AFTER.match(sent.doc.text, m.end))
        ]  # fmt: skip
        attached = [
            m for m in mentions
            if m.start <= trigger.start and trigger.start - m.end <= 1
            and not (head is not None and head.pos_ == "VERB" and m.end < trigger.start)
        ]  # fmt: skip
        if attached:
            agents = attached[-1:]
        elif verb is not None:
            for child in verb.children:
                lo, hi = _subtree_chars(child)
                # overlapping: "IS militants" with "IS" mis-tagged an auxiliary of the verb
                inside = [m for m in mentions if lo < m.end and m.start < hi]
                if child.dep_ in ("nsubj", "csubj"):
                    # a subject comes before its verb: what follows the verb is in the
                    # subject's span only by a wrong attachment ("the operation resulted in
                    # the arrest of IS militants, the discovery of tunnels" as an apposition)
                    before_verb = [m for m in inside if m.start < verb.idx]
                    if (
                        trigger.rule.event_type == "Battles"
                        and before_verb
                        and BETWEEN.search(
                            sent.doc.text[
                                max(trigger.end, before_verb[0].start - 16) : before_verb[0].start
                            ]
                        )
                    ):
                        # "clashes between IS militants and the PMF left 1 killed": in order
                        agents += before_verb
                    else:
                        agents += _heads_first(child, before_verb, verb)
                elif child.dep_ == "agent":
                    agents += _heads_first(child, inside, verb)
                elif child.dep_ in ("nsubjpass", "dobj", "attr"):
                    patients += inside
                elif child.dep_ == "prep" and child.lower_ in ("on", "against", "at", "with"):
                    # not who set up the place: "killed at a checkpoint set up by IS militants"
                    patients += [
                        m for m in inside
                        if (m.end <= trigger.start or m.start >= trigger.end)
                        and not _cue_before(PASSIVE_AGENT, sent.doc.text, m, sent.start_char)
                    ]  # fmt: skip
            head = verb.head
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)
            if not agents and not own_subject and verb.dep_ == "conj" and head.pos_ == "VERB":
                # "the CTS forces cleared villages and killed 12 IS militants": a verb joined
                # to another without a subject of its own shares that verb's subject
                for child in head.children:
                    if child.dep_ in ("nsubj", "csubj"):
                        lo, hi = _subtree_chars(child)
                        inside = [m for m in mentions if lo < m.end and m.start < hi]
                        agents += _heads_first(child, inside, head)
            if not agents and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp"):
                # "IS militants targeted a barrack, killing 1 soldier by sniper fire": the
                # participle's subject is that of the verb it hangs on
                for child in head.children:
                    if child.dep_ in ("nsubj", "csubj"):
                        lo, hi = _subtree_chars(child)
                        inside = [m for m in mentions if lo < m.end and m.start < hi]
                        agents += _heads_first(child, inside, head)
        # a passive auxiliary that is part of an actor's name ("IS militants attacked") is not
        passive = verb is not None and any(
            c.dep_ in ("nsubjpass", "auxpass")
            and not any(m.start <= c.idx < m.end for m in mentions)
            for c in verb.children
        )
        if not agents and passive and patients and verb is not None:
            # "a civilian was killed when IS militants opened fire": the subject of the clause
            # that tells how is the attacker
            agents = _clause_agent(verb, mentions, patients)
        if not agents and passive and patients:
            # "2 police officers were killed in an attack by IS militants", "... in an IS
            # attack": the attacker is named beside the attack, not as the verb's agent
            text = sent.doc.text
            agents = [
                m for m in mentions
                if m not in patients and m.start >= trigger.end and (
                    _cue_before(PASSIVE_AGENT, text, m, sent.start_char)
                    or ATTACK_NOUN.match(text, m.end)
                )
            ][:1]  # fmt: skip
        if not agents and passive and patients:
            # "3 IS militants were killed in a joint operation by the army and police", "in
            # an airdrop operation by the rapid reaction forces, 3 militants were killed":
            # the force that carried out the operation, wherever the sentence names it
            text = sent.doc.text
            agents = [
                m for m in mentions
                if m not in patients and m.actor.inter in ARMED
                and m.key not in {p.key for p in patients}
                and (
                    _cue_before(OPERATION_BY, text, m, sent.start_char)
                    or TRIGGER_OF.fullmatch(text, trigger.end, m.start)
                )
            ][:1]  # fmt: skip
        if not agents and not (passive and patients):
            before = [m for m in mentions if m.end <= trigger.start]
            after = [m for m in mentions if m.start >= trigger.end]
            # "killed by X": the agent after the trigger, else the nearest before it ("3
            # militants were killed by Turkish forces using airstrikes")
            by_agent = [
                m for m in [*after, *reversed(before)]
                if _cue_before(PASSIVE_AGENT, sent.doc.text, m, sent.start_char)
                and not _cue_before(ALLY_BY, sent.doc.text, m, sent.start_char)
                and not (_is_generic(m) and WEAPON_AFTER.match(sent.doc.text, m.end))
            ]  # fmt: skip
            # "an IS planted IED", "PKK rockets": the armed group named before its weapon
            owners = [
                m for m in mentions
                if m.actor.inter in ARMED and not _is_generic(m)
                and ATTACK_NOUN.match(sent.doc.text, m.end)
            ]  # fmt: skip
            if by_agent:
                others = [m for m in before if m.key != by_agent[0].key]
                agents, patients = by_agent[:1], (patients or others[-1:])
            elif owners:
                agents = owners[:1]
                patients = patients or [m for m in mentions if m.key != agents[0].key][:1]
            elif (
                before
                and trigger.rule.event_type in ONE_SIDED
                and all(VICTIM_AFTER.match(sent.doc.text, m.end) for m in before)
            ):
                # "2 soldiers were wounded when an unidentified roadside bomb exploded": the
                # actors named are its victims; who set it is unidentified
                patients = patients or before[:1]
            elif before:
                # the parse gave no subject: the first actor the clause names acts
                agents = [before[0]]
                patients = patients or [m for m in after if m.key != agents[0].key][:1]
            elif len(after) > 1 and BETWEEN.search(
                sent.doc.text[max(trigger.end, after[0].start - 16) : after[0].start]
            ):
                # "an armed clash erupted between IS militants and an army patrol": the sides
                # in the order told
                agents = after[:1]
                patients = patients or [m for m in after[1:] if m.key != agents[0].key][:1]
            elif (
                after
                and trigger.rule.event_type in VIOLENT
                and verb is not None
                and (passive or any(c.dep_ == "nsubj" for c in verb.children))
            ):
                # a passive verb with no agent ("two rockets were fired into the Green Zone,
                # killing a soldier"), or a subject naming no known actor ("the special units
                # killed 12 IS militants", the parse losing the object): the attacker is
                # unidentified and the actor after the verb is its target
                patients = patients or after[:1]
            elif after and not (patients and trigger.rule.event_type in VIOLENT):
                # the first actor after the trigger acts, unless the parse made it the
                # object of a violent verb ("YJA forces killed two Turkish soldiers", with
                # "YJA forces" unknown): then the attacker is unidentified
                if OF_OBJECT.match(sent.doc.text, trigger.end, after[0].start):
                    # "the arrest and killing of IS militants": whom the act befell
                    patients = patients or after[:1]
                else:
                    agents, patients = after[:1], patients or after[1:2]
        if agents and not patients:
            # the parse found the subject but no object (tagging "IS" as a verb breaks it):
            # the other actor nearest the trigger, after it first
            # not the source of the report ("..., police said"), nor an ally ("backed by")
            text = sent.doc.text
            others = [
                m for m in mentions
                if m.key != agents[0].key
                and not REPORTER_AFTER.match(text, m.end)
                and not _cue_before(REPORTER_BEFORE, text, m, sent.start_char)
                and not _cue_before(ALLY_BY, text, m, sent.start_char)
            ]  # fmt: skip
            patients = sorted(
                others, key=lambda m: (m.start < trigger.end, abs(m.start - trigger.end))
            )[:1]
        patients = [p for p in patients if not agents or p.key != agents[0].key]
        if trigger.rule.event_type == "Battles":
            # a battle is fought between armed groups: the side named inside the trigger
            # phrase ("attempted to infiltrate…, but the army deterred") first
            inside = [m for m in mentions if trigger.start <= m.start < trigger.end]
            defence = trigger.rule.defence
            if defence is not None and defence.match(trigger.text):
                agents, patients = _attacker_first(
                    sent.doc.text, trigger, agents, patients, inside, mentions
                )
            ordered = inside + [p for p in patients if p not in inside]
            patients = [
                p for p in ordered
                if p.actor.inter in ARMED and (not agents or p.key != agents[0].key)
            ]  # fmt: skip
        return agents, patients

    def _readings(self, doc: Document, sdoc: SpacyDoc) -> dict[str, Prediction]:
        """The classifier's reading of each body sentence in which the rules find a trigger,
        and of its paragraph: every distinct text once, all in one batch."""
        if self.classifier is None:
            return {}
        texts: dict[str, None] = {}  # ordered set
        for sent in sdoc.sents:
            if _starts_in_body(doc, sent) and self.rules.triggers(
                doc.text, sent.start_char, sent.end_char
            ):
                texts[sent.text] = None
                paragraph = _paragraph(doc.text, sent)
                if paragraph is not None:
                    texts[paragraph] = None
        return dict(zip(texts, self.classifier.predict_many(list(texts)), strict=True))

    def _weigh(
        self, events: list[Event], sentence: str | Prediction, paragraph: Prediction | None = None
    ) -> list[Event]:
        """Weigh the rules' events by how the classifier reads their sentence (given as text
        or as the classifier's reading of it) and, by PARAGRAPH_SHARE, its paragraph.

        A sentence it reads as crime, disaster, diplomacy or no event at all loses its
        events; one it confidently reads as another kind of event gets that kind (the
        trigger stays the evidence); the rest have their confidence scaled.
        """
        assert self.classifier is not None
        pred = self.classifier.predict(sentence) if isinstance(sentence, str) else sentence
        if paragraph is not None:
            pred = Prediction(
                {
                    k: (1 - PARAGRAPH_SHARE) * p + PARAGRAPH_SHARE * paragraph.probabilities[k]
                    for k, p in pred.probabilities.items()
                }
            )
        label, p_best = pred.best
        kept: list[Event] = []
        for e in events:
            p_own = pred.p_sub_event(e.sub_event_type)
            if (
                label in NON_EVENTS
                and pred.p_event < NON_EVENT_VETO
                and p_own < 0.1
                and e.event_type not in UNVETOED
            ):
                continue
            new_type = CODE_TO_SUB_EVENT.get(label)
            if (
                e.record_type == "event"
                and new_type
                and new_type != e.sub_event_type
                and p_best >= RETYPE_AT
                and p_own < 0.1
            ):
                rule = self.rules.rule(new_type)
                e.sub_event_type, e.event_type, e.disorder_type = (
                    rule.sub_event_type,
                    rule.event_type,
                    rule.disorder_type,
                )
                p_own = p_best
            # the classifier's probability of this very kind ranks the events of a sentence
            e.confidence = round(e.confidence * (0.45 + 0.15 * pred.p_event + 0.9 * p_own), 3)
            kept.append(e)
        return kept

    def _precedence(self, events: list[Event], recast: list[Event]) -> list[Event]:
        """ACLED's precedence for the events of one sentence whose actors changed their
        kind: an attack on armed men is a clash, and the clash absorbs the arrests, seizures
        and destruction told beside it ("killed 1 IS militant and arrested another")."""

        def absorbs(a: Event, b: Event) -> bool:
            return b.sub_event_type in self.rules.rule(a.sub_event_type).absorbs

        return [
            e for e in events
            if not any(o is not e and absorbs(o, e) and not absorbs(e, o) for o in recast)
        ]  # fmt: skip

    def _consolidate(self, events: list[Event], text: str) -> list[Event]:
        """ACLED's precedence across the sentences of one paragraph: one demonstration per
        day and place (the gravest kind told), and a battle absorbs the shelling, air
        strikes or bombs of the same sides that day and place."""
        absorbed: set[int] = set()
        for i, e in enumerate(events):
            for j, other in enumerate(events):
                if i == j or j in absorbed or i in absorbed:
                    continue
                if not _same_paragraph(e, other, text) or e.event_date != other.event_date:
                    continue
                if _different_places(e, other):
                    continue
                if _crowd_fights_police(e, other):
                    self._to_riot(e)
                if _absorbs(self.rules, e, other):
                    _fold(e, other)
                    absorbed.add(j)
        return [e for i, e in enumerate(events) if i not in absorbed]

    def _to_riot(self, e: Event) -> None:
        """A demonstration whose crowd fights the police is a violent demonstration."""
        if e.event_type == "Riots":
            return
        rule = self.rules.rule("Violent demonstration")
        e.sub_event_type, e.event_type, e.disorder_type = (
            rule.sub_event_type, rule.event_type, rule.disorder_type,
        )  # fmt: skip
        if rule.actor1_fixed:
            rioters = self.actors.resolve(rule.actor1_fixed, e.country or None)
            e.actor1, e.inter1 = rioters.name, rioters.inter
            e.interaction = interaction_code(e.inter1, e.inter2)

    def _handovers(self, new: list[Event], earlier: list[Event], story: _Story, index: int) -> None:
        """One side withdraws, the other takes the place over, with no fighting reported:
        one non-violent transfer of territory from the first to the second (ACLED)."""
        fighting = any(e.sub_event_type == "Armed clash" for e in new)
        for e in new:
            if e.sub_event_type == "Non-violent transfer of territory" and not e.actor2:
                story.withdrawal = (index, e)
        if fighting or story.withdrawal is None:
            return
        at, withdrawal = story.withdrawal
        if index - at > 1:
            return
        for e in new:
            if e.sub_event_type not in TAKEOVERS or e.actor1 == withdrawal.actor1:
                continue
            rule = self.rules.rule("Non-violent transfer of territory")
            e.sub_event_type, e.event_type, e.disorder_type = (
                rule.sub_event_type,
                rule.event_type,
                rule.disorder_type,
            )
            e.actor2, e.inter2 = withdrawal.actor1, withdrawal.inter1
            e.interaction = interaction_code(e.inter1, e.inter2)
            e.evidence = [ev for ev in e.evidence if ev.field not in ("actor2", "inter2")]
            for ev in withdrawal.evidence:
                if ev.field == "actor1":
                    e.evidence += [
                        Evidence(f, ev.text, ev.start, ev.end) for f in ("actor2", "inter2")
                    ]
                elif ev.field == "sub_event_type":
                    e.evidence.append(ev)
            if withdrawal in earlier:
                earlier.remove(withdrawal)
            elif withdrawal in new:
                new.remove(withdrawal)
            story.withdrawal = None
            return

    def _fill_opponents(self, events: list[Event], mentions: list[ActorMention]) -> None:
        """A battle or handover with one side named is fought with the story's other side."""
        counts = Counter(m.actor.name for m in mentions if m.actor.inter in (1, 2, 3, 4, 8))
        inter = {m.actor.name: m.actor.inter for m in mentions}
        for e in events:
            if e.actor2 or e.event_type not in ("Battles", "Strategic developments"):
                continue
            if e.sub_event_type not in ("Armed clash", *TAKEOVERS):
                continue
            others = [(n, c) for n, c in counts.most_common() if n != e.actor1]
            if others:
                e.actor2, e.inter2 = others[0][0], inter[others[0][0]]
                named = next(m for m in mentions if m.actor.name == e.actor2)
                e.evidence += [
                    Evidence(f, named.text, named.start, named.end) for f in ("actor2", "inter2")
                ]
                e.interaction = interaction_code(e.inter1, e.inter2)
                e.confidence = round(e.confidence * 0.9, 3)

    def _cast(
        self,
        doc: Document,
        sent: Span,
        trigger: Trigger,
        mentions: list[ActorMention],
        country: str | None,
        on: date | None,
    ) -> tuple[SubEventRule, Actor, Actor | None, list[str], list[Evidence], float] | None:
        """Who did what to whom: (rule, actor1, actor2, associates, evidence, confidence).

        The rule may change with the actors: a plain attack on an armed actor is a clash.
        None when the sentence does not support an event of this kind.
        """
        rule = trigger.rule
        agents, patients = self._roles(sent, trigger, mentions)
        evidence: list[Evidence] = []
        confidence = rule.weight

        def cite(field_names: tuple[str, ...], m: ActorMention | Trigger) -> None:
            evidence.extend(Evidence(f, m.text, m.start, m.end) for f in field_names)

        if MASS_GRAVE.search(trigger.text):
            # a mass grave is coded by who killed, not who found it: "security forces
            # discovered a mass grave of civilians killed by IS militants" is IS's, with the
            # dead as actor 2; with no killer named, an unidentified group's (ACLED Iraq 2019:
            # in all 9 mass graves actor 1 is who killed, never who found it)
            text = doc.text
            agents = [
                m for m in mentions
                if m.start >= trigger.end and m.actor.inter in ARMED
                and _cue_before(PASSIVE_AGENT, text, m, sent.start_char)
            ][:1]  # fmt: skip
            # the dead are civilians unless the sentence names them otherwise (ACLED: 8 of 9)
            patients = [
                m for m in mentions
                if m.start >= trigger.end and m not in agents and m.actor.inter not in (1, 8)
            ][:1]  # fmt: skip
            actor1 = (
                _resolve(self.actors, agents[0], country, on)
                if agents
                else self.actors.resolve("unidentified_armed_group", country, on)
            )
            actor2 = (
                _resolve(self.actors, patients[0], country, on)
                if patients
                else self.actors.resolve("civilians", country, on)
            )
            cite(("actor1", "inter1"), agents[0] if agents else trigger)
            cite(("actor2", "inter2"), patients[0] if patients else trigger)
            return rule, actor1, actor2, [], evidence, confidence

        if rule.actor1_fixed:
            # protests and riots: the crowd is actor 1 whoever else the sentence names
            crowd = next((m for m in mentions if m.key == rule.actor1_fixed), None)
            actor1 = self.actors.resolve(rule.actor1_fixed, country, on)
            cite(("actor1", "inter1"), crowd or trigger)
            actor2 = None
            if rule.actor2_state:
                force = next((m for m in mentions if m.actor.inter == 1), None)
                if force is not None:
                    actor2 = _resolve(self.actors, force, country, on)
                    cite(("actor2", "inter2"), force)
            elif rule.actor2_default:
                actor2 = self.actors.resolve(rule.actor2_default, country, on)
                cite(("actor2", "inter2"), trigger)
            return rule, actor1, actor2, [], evidence, confidence

        if (
            agents
            and rule.event_type in VIOLENT
            and _victim_as_agent(rule, agents, trigger, doc.text)
        ):
            patients, agents = [agents[0], *patients], agents[1:]
        actor1 = _resolve(self.actors, agents[0], country, on) if agents else None
        actor2 = _resolve(self.actors, patients[0], country, on) if patients else None
        if actor2 is not None and actor2.inter in ARMED and _off_duty(doc.text, patients[0]):
            # a soldier off duty, unarmed or retired is a civilian victim (ACLED)
            actor2 = self.actors.resolve("civilians", country, on)
        if rule.armed_target and actor2 is not None and actor2.inter in ARMED:
            rule = self.rules.rule(rule.armed_target)  # "an IS attack on the PMF": a clash
        if actor1 is None and rule.actor1_default:
            # the trigger itself says who: "civilians fled", "displacement"
            actor1 = self.actors.resolve(rule.actor1_default, country, on)
            cite(("actor1", "inter1"), trigger)
        elif actor1 is None and rule.event_type in VIOLENT:
            # someone fired, planted, attacked: ACLED's unidentified armed group
            actor1 = self.actors.resolve("unidentified_armed_group", country, on)
            cite(("actor1", "inter1"), trigger)
            confidence *= 0.75
        elif actor1 is None:
            return None
        elif agents:
            cite(("actor1", "inter1"), agents[0])
        if rule.record_type == "displacement":
            actor2 = None  # who fled, not from whom: one record per day and place
        elif rule.actor2_default and (actor2 is None or actor2.inter != 7):
            if actor2 is not None:
                return None  # violence against civilians needs civilian victims
            actor2 = self.actors.resolve(rule.actor2_default, country, on)
            cite(("actor2", "inter2"), trigger)
        elif actor2 is not None:
            cite(("actor2", "inter2"), patients[0])
        elif (
            agents
            and rule.event_type == "Battles"
            and self.actors.entries[agents[0].key].both_sides
        ):
            actor2 = actor1  # "two tribal militias clashed": both sides are the same actor
            cite(("actor2", "inter2"), agents[0])
        state = actor1.inter in (1, 8)
        if state and rule.state_actor1:
            rule = self.rules.rule(rule.state_actor1)  # the army "seized control": regains
        elif not state and rule.non_state_actor1 and agents:
            # rebels "recaptured": overtake; with no taker named the verb says which
            rule = self.rules.rule(rule.non_state_actor1)
        allies = [m for m in agents[1:] if ALLIED.match(doc.text, agents[0].end, m.start)]
        assoc = [
            a for m in allies if (a := _resolve(self.actors, m, country, on).name) != actor1.name
        ]
        if agents and agents[0].associates:
            assoc += agents[0].associates
            cite(("assoc_actor_1",), agents[0])  # the mention that names them beside it
        for m in allies:
            cite(("assoc_actor_1",), m)
        return rule, actor1, actor2, assoc, evidence, confidence

    # ------------------------------------------------------------------ events
    def _event(
        self,
        doc: Document,
        sent: Span,
        trigger: Trigger,
        mentions: list[ActorMention],
        dates: list[DateMention],
        places: list[PlaceMention],
        story: _Story,
        country: str | None,
    ) -> Event | None:
        place = _place_for(trigger, places, doc.text, mentions) or story.place
        ev_country = place.entry.country if place and place.entry else country
        on = doc.publication_date
        cast = self._cast(doc, sent, trigger, mentions, ev_country, on)
        if cast is None:
            return None
        rule, actor1, actor2, assoc, cast_evidence, confidence = cast
        evidence = [
            Evidence(f, trigger.text, trigger.start, trigger.end)
            for f in ("event_type", "sub_event_type", "disorder_type")
        ] + cast_evidence

        event = Event(
            doc_id=doc.doc_id,
            record_type=rule.record_type,
            disorder_type=rule.disorder_type,
            event_type=rule.event_type,
            sub_event_type=rule.sub_event_type,
            actor1=actor1.name,
            assoc_actor_1="; ".join(dict.fromkeys(assoc)),
            inter1=actor1.inter,
            actor2=actor2.name if actor2 else "",
            inter2=actor2.inter if actor2 else None,
        )
        event.interaction = interaction_code(event.inter1, event.inter2)
        if actor2 is not None and actor2.inter == 7 and rule.event_type != "Displacement":
            event.civilian_targeting = "Civilian targeting"
        confidence *= self._set_date(event, doc, trigger, dates, story, evidence)
        confidence *= _set_place(event, place, evidence, doc.text)
        fatalities = find_fatalities(doc.text, sent.start_char, sent.end_char)
        if rule.toll_not_after is not None:
            cue = rule.toll_not_after
            fatalities = [
                f for f in fatalities
                if not cue.search(doc.text, max(sent.start_char, f.start - 60), f.start)
            ]  # fmt: skip
        event.fatalities = fatality_count(fatalities)
        for f in fatalities:
            evidence.append(Evidence("fatalities", f.text, f.start, f.end))
        sources = [doc.outlet] if doc.outlet else []
        if story.source is not None:
            sources.append(story.source.text)
            evidence.append(
                Evidence("source", story.source.text, story.source.start, story.source.end)
            )
        event.source = "; ".join(dict.fromkeys(sources))
        event.notes = _notes(event, doc.text[sent.start_char : sent.end_char])
        event.evidence = evidence
        event.confidence = round(min(1.0, max(0.0, confidence)), 3)
        event.event_id = hashlib.sha1(
            f"{doc.content_hash or doc.text}|{trigger.start}|{rule.sub_event_type}".encode()
        ).hexdigest()[:16]
        return event

    @staticmethod
    def _set_date(
        event: Event,
        doc: Document,
        trigger: Trigger,
        dates: list[DateMention],
        story: _Story,
        evidence: list[Evidence],
    ) -> float:
        """Fill event_date/time_precision; returns a confidence factor."""
        own = resolve_event_date(dates, doc.publication_date, anchor=trigger.start, text=doc.text)
        chosen = own if own is not None and own.date is not None else story.date
        if chosen is not None and chosen.date is not None:
            event.event_date = chosen.date.isoformat()
            event.time_precision = chosen.time_precision
            for name in ("event_date", "time_precision"):
                evidence.append(Evidence(name, chosen.text, chosen.start, chosen.end))
            return 1.0 if chosen is own else 0.95
        if doc.publication_date is not None:
            # Nothing in the text dates it: a report is about the last few days.
            event.event_date = doc.publication_date.isoformat()
            event.time_precision = 2
            event.date_note = "no date in the text: publication date, within the week"
            after = [m for m in dates if m.date is not None and m.date > doc.publication_date]
            if after:  # "On December 4" in a report published on December 2
                event.date_note = (
                    f"the text's date ({after[0].text}) is after the publication date: "
                    "publication date, within the week"
                )
            return 0.85
        event.date_note = doc.date_note or "no date in the text and no publication date known"
        return 0.8

    @staticmethod
    def _focus_place(doc: Document, places: list[PlaceMention]) -> PlaceMention | None:
        """The story's place: the dateline's, else the most named city of the body."""
        if doc.dateline_span:
            lo, hi = doc.dateline_span
            for p in places:
                if lo <= p.start < hi:
                    return p
        local = [p for p in places if p.kind != "country" and p.entry is not None]
        if not local:
            return next((p for p in places if p.entry is not None), None)
        counts = Counter(p.entry.geonameid for p in local if p.entry)
        best = counts.most_common(1)[0][0]
        return next(p for p in local if p.entry and p.entry.geonameid == best)


# ---------------------------------------------------------------------- helpers
def _cue_before(cue: re.Pattern[str], text: str, m: ActorMention, floor: int = 0) -> bool:
    """Whether ``cue`` (a pattern ending in ``$``) ends right before mention ``m``, looked for
    in the CUE_WINDOW characters before it and none before ``floor`` (a sentence's start)."""
    return cue.search(text[max(floor, m.start - CUE_WINDOW[cue]) : m.start]) is not None


def _off_duty(text: str, m: ActorMention) -> bool:
    """Is this member of an armed force named as off duty, unarmed or retired?"""
    return bool(_cue_before(OFF_DUTY_BEFORE, text, m) or OFF_DUTY_AFTER.match(text, m.end))


def _victim_as_agent(
    rule: SubEventRule, agents: list[ActorMention], trigger: Trigger, text: str
) -> bool:
    """Whether the first agent found is the victim: civilians and protesters do not bomb or
    shell; a lone state force named after a roadside bomb or suicide bombing, not as "by"
    its agent ("an IED exploded, injuring a colonel"), is its target."""
    first = agents[0]
    if first.actor.inter in UNARMED:
        return True
    return (
        rule.state_target and first.actor.inter == 1 and len(agents) == 1
        and first.start >= trigger.end
        and not _cue_before(PASSIVE_AGENT, text, first)
    )  # fmt: skip


def _is_generic(m: ActorMention) -> bool:
    """An unnamed armed actor ("gunmen", "militants"), not a named group."""
    return m.key == "unidentified_armed_group"


def _resolve(
    lexicon: ActorLexicon, mention: ActorMention, country: str | None, on: date | None
) -> Actor:
    """The mention's actor, its country name set from the event's place."""
    return lexicon.resolve(mention.key, country, on) if country else mention.actor


def _paragraph(text: str, sent: Span) -> str | None:
    """The paragraph (line) around a sentence; None when the sentence is all of it."""
    lo = text.rfind("\n", 0, sent.start_char) + 1
    hi = text.find("\n", sent.end_char)
    paragraph = text[lo : hi if hi >= 0 else len(text)]
    return None if paragraph.strip() == sent.text.strip() else paragraph


def _starts_in_body(doc: Document, sent: Span) -> bool:
    """A sentence of the article body (sentences end at line breaks: see text.nlp)."""
    return doc.in_body(sent.start_char, min(sent.end_char, sent.start_char + 1))


def _governing_verb(sent: Span, char: int) -> Token | None:
    """The verb the trigger word depends on (itself, when it is one)."""
    token = next((t for t in sent if t.idx <= char < t.idx + len(t) + 1), None)
    hops = 0
    while token is not None and hops < 6:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            return token
        if token.head is token:
            return None
        token, hops = token.head, hops + 1
    return None


def _attacker_first(
    text: str,
    trigger: Trigger,
    agents: list[ActorMention],
    patients: list[ActorMention],
    inside: list[ActorMention],
    mentions: list[ActorMention],
) -> tuple[list[ActorMention], list[ActorMention]]:
    """(agents, patients) of a repelled attack: the attacker named in the trigger phrase
    ("repelled an IS attack") or by "by" right after it ("repelled an attack by IS") acts;
    the defender, the verb's subject, is the target. "IS militants attacked the village,
    and the Peshmerga repelled the attack": the attacker told before (ACLED Iraq 2019: actor
    1 in 5 of the 6 such notes)."""
    own = {m.key for m in agents[:1]}
    named = [m for m in inside if m.actor.inter in ARMED and m.key not in own]
    named += [
        m for m in patients
        if m.actor.inter in ARMED and m.key not in own and 0 <= m.start - trigger.end <= 16
        and PASSIVE_AGENT.search(text[trigger.end : m.start])
    ]  # fmt: skip
    if not named and agents and THE_ATTACK.match(trigger.text):
        named = [
            m for m in mentions
            if m.end <= agents[0].start and m.actor.inter in ARMED and m.key not in own
            and ATTACKED_AFTER.match(text, m.end)
        ][:1]  # fmt: skip
    if not named or not agents:
        return agents, patients
    return named[:1], [*agents[:1], *(p for p in patients if p.key != named[0].key)]


def _clause_agent(
    verb: Token, mentions: list[ActorMention], patients: list[ActorMention]
) -> list[ActorMention]:
    """The armed subject of a "when"/"as"/"after" clause on ``verb`` (or on a verb joined to
    it): "2 civilians were killed and one wounded when IS militants opened fire at them"."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    for v in verbs:
        for clause in v.children:
            if clause.dep_ != "advcl" or not any(
                c.dep_ == "advmod"
                and c.lower_ in HOW_CLAUSE
                or c.dep_ == "mark"
                and c.lower_ in HOW_CLAUSE
                for c in clause.children
            ):
                continue
            for subject in clause.children:
                if subject.dep_ not in ("nsubj", "csubj"):
                    continue
                lo, hi = _subtree_chars(subject)
                found = [
                    m for m in mentions
                    if lo < m.end and m.start < hi and m not in patients
                    and m.actor.inter in ARMED
                ]  # fmt: skip
                # "20 militants were killed when the insurgents raided a base": the dead were
                # the raiders, who are no attacker of themselves
                victims = {p.actor.name for p in patients} | {p.key for p in patients}
                if found and not {found[0].actor.name, found[0].key} & victims:
                    return found[:1]
                return []
    return []


def _heads_first(subject: Token, inside: list[ActorMention], verb: Token) -> list[ActorMention]:
    """Mentions of a subject phrase, the ones naming its head (or an apposition or
    conjunct of it) first, then the one nearest the verb, its allies last: in "Subsequent
    to the advance by IS, the regime forces and allied militias targeted…" the agent is the
    regime forces."""
    heads = [subject]
    for token in heads:
        heads += [
            c for c in token.children if c.dep_ in ("appos", "conj", "pobj") and c not in heads
        ]
    spans = [(t.idx, t.idx + len(t)) for t in heads]
    named = [m for m in inside if any(m.start < e and s < m.end for s, e in spans)]
    text = subject.doc.text
    rest = sorted(
        (m for m in inside if m not in named and not _targeted_in(subject, m)),
        # an ally ("the Iraqi police force backed by the global coalition") comes last
        key=lambda m: (
            _cue_before(ALLY_BY, text, m),
            abs(verb.idx - m.end),
        ),
    )
    return named + rest


# "an IED planted on a police vehicle exploded": a place or target inside the subject phrase
TARGET_WORDS = frozenset(
    {"on", "at", "against", "near", "in", "inside", "into", "targeting", "targeted"}
)


def _targeted_in(subject: Token, mention: ActorMention) -> bool:
    """Whether ``mention`` lies in a phrase of ``subject`` headed by a preposition or
    participle of place or target ("on a police vehicle", "targeting a patrol")."""
    token = next((t for t in subject.subtree if t.idx >= mention.start), None)
    while token is not None and token.i != subject.i and token.head.i != token.i:
        if token.dep_ in ("prep", "acl", "advcl") and token.lower_ in TARGET_WORDS:
            return True
        token = token.head
    return False


def _subtree_chars(token: Token) -> tuple[int, int]:
    words = list(token.subtree)
    return words[0].idx, words[-1].idx + len(words[-1])


def _prefer_local(places: list[PlaceMention], text: str) -> PlaceMention | None:
    """The place a sentence leaves the story at: its last local place, or the smaller place
    named as lying in it."""
    local = [p for p in places if p.kind != "country"]
    return _named_within(_inside(local[-1], local), local, text) if local else None


def _focus_country(
    places: list[PlaceMention], demonyms: frozenset[str], text: str = ""
) -> str | None:
    """The country the document is about: the most named one, countries and provinces named
    outright counting more, adjectives ("Turkish" airstrikes in Iraq) less."""
    return _country_vote(places, demonyms, demonym=0.5, country=2.0, text=text)


def _place_country(
    places: list[PlaceMention], demonyms: frozenset[str], text: str = ""
) -> str | None:
    """The country where the document's events are: that of the places it names, provinces
    first; a country's name counts less, as it often names an actor ("Military Forces of
    Turkey" striking in the "Haftanin area of Dahuk")."""
    return _country_vote(places, demonyms, demonym=0.25, country=1.0, text=text)


# "Turkey's offensive", "Iran's militias": a country's name with a possessive names an actor
# (weighed as an adjective), unless a place follows ("Iraq's northern city of Erbil").
_ACTOR_POSSESSIVE = re.compile(
    r"['’]s\s+(?!(?:north|south|east|west|central|far|upper|lower)\w*\s)"
    r"(?!(?:city|cities|towns?|villages?|provinces?|governorates?|regions?|districts?|areas?|"
    r"capital|borders?|border\w*|territor(?:y|ies)|soil|airspace|side|kurdistan)\b)",
    re.I,
)


def _country_vote(
    places: list[PlaceMention],
    demonyms: frozenset[str],
    *,
    demonym: float,
    country: float,
    text: str = "",
) -> str | None:
    """The country with the most weight among ``places``: an adjective (or a country's name
    as a possessive actor, see ``_ACTOR_POSSESSIVE``) weighs ``demonym``, a country's name
    ``country``, a province or district 1.5, a town 1; each times (0.5 + the mention's
    confidence)."""
    weights: Counter[str] = Counter()
    for p in places:
        if p.entry is None or not p.entry.country:
            continue
        if p.text.lower() in demonyms or (
            p.kind == "country" and _ACTOR_POSSESSIVE.match(text, p.end) is not None
        ):
            weight = demonym
        elif p.kind == "country":
            weight = country
        elif p.entry.feature_class == "A":
            weight = 1.5  # a province or district named: the story is there
        else:
            weight = 1.0
        weights[p.entry.country] += weight * (0.5 + p.confidence)
    return weights.most_common(1)[0][0] if weights else None


def _in_country_first(places: list[PlaceMention], country: str | None) -> list[PlaceMention]:
    """Drop weakly resolved foreign namesakes when the document has places of its own country:
    "Republic" (Missouri) in a report from Baghdad is a bridge's name, not a town."""
    if country is None:
        return places
    if not any(p.entry and p.entry.country == country for p in places):
        return places

    def keep(p: PlaceMention) -> bool:
        return p.entry is None or p.entry.country == country or p.kind == "country"

    return [p for p in places if keep(p)]


def _named_outright(places: list[PlaceMention], demonyms: frozenset[str]) -> list[PlaceMention]:
    """Places named by their names: "Turkish" jets say who, not where."""
    return [p for p in places if p.text.lower() not in demonyms]


# A place named after these words is where a road or a march leads, not where the event is:
# "cut off the road linking the city to Kerbala".
_TOWARDS = re.compile(
    r"\b(?:to|towards?)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|province|district)\s+of\s+)?$",
    re.I,
)
# ... and the places listed after such a one ("the roads leading to Koya, Erbil, and
# Sulaimani"), the gazetteer knowing the first or not
_TOWARDS_LIST = re.compile(
    r"\b(?:[Tt]o|[Tt]owards?)\s+(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,\s+)+"
    r"(?:and\s+)?$"
)
# The ends a road is named after ("the Basra-Baghdad highway", "the Kirkuk-Tikrit road"):
# where it leads, not where it was cut off
_ROAD_FROM = re.compile(r"^\s*[-–]\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:road|highway)\b")
_ROAD_TO = (re.compile(r"[A-Za-z][\w'’]*\s*[-–]\s*$"), re.compile(r"^\s+(?:road|highway)\b"))


def _leads_to(p: PlaceMention, text: str) -> bool:
    """Whether a place is only where a road or movement leads (see _place_for)."""
    before = text[max(0, p.start - 120) : p.start]
    if _TOWARDS.search(before[-40:]) or _TOWARDS_LIST.search(before):
        return True
    if _ROAD_FROM.match(text[p.end : p.end + 60]):
        return True
    return bool(_ROAD_TO[0].search(before[-40:]) and _ROAD_TO[1].match(text[p.end : p.end + 20]))


def _place_for(
    trigger: Trigger,
    places: list[PlaceMention],
    text: str,
    actors: list[ActorMention] | tuple[ActorMention, ...] = (),
) -> PlaceMention | None:
    """Where the trigger's event happened: a local place inside the trigger's words
    ("demonstrators in Karbala city burned"), else the first one after it, else before it;
    places that a road or movement only leads to count when there is no other. With no local
    place, the country named nearest the same way, unless it is part of an actor's name
    ("the Military Forces of Turkey conducted airstrikes in northern Iraq")."""
    local = [p for p in places if p.kind != "country"]
    local = [p for p in local if not _leads_to(p, text)] or local
    chosen = _nearest(trigger, local)
    if chosen is not None:
        return _named_within(_inside(chosen, local), local, text)
    countries = [p for p in places if p.kind == "country"]
    free = [p for p in countries if not any(a.start <= p.start < a.end for a in actors)]
    return _nearest(trigger, free) or _nearest(trigger, countries)


def _nearest(trigger: Trigger, places: list[PlaceMention]) -> PlaceMention | None:
    """The place inside the trigger's words, else the first after it (unless one before is
    nearer than ``120`` characters after), else the last before it."""
    inside = [p for p in places if trigger.start <= p.start and p.end <= trigger.end]
    if inside:
        return inside[0]
    after = [p for p in places if p.start >= trigger.end]
    before = [p for p in places if p.end <= trigger.start]
    if after and (not before or after[0].start - trigger.end < 120):
        return after[0]
    return before[-1] if before else None


# What stands between a place and the larger place named right after it: "Umm Qasr port in
# Basra", "al-Sadiya area of al-Rashid", "Shatra, Thi-Qar".
_WITHIN = re.compile(
    r"^\s*(?:(?:port|area|district|sub-?district|city|town|village|neighbou?rhood|camp|"
    r"quarter|region)\s+)?(?:,|in|of|near)\s+(?:the\s+)?$",
    re.I,
)
WITHIN_KM = 60.0  # how far a place named "in Y" may lie from Y's point
# Farther than this from the place it is said to lie in, a town's reading is a namesake
# (a district or province may stretch this far from its point).
NAMESAKE_KM = 150.0


_BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities|areas?)\s+of\s+)?"
    r"(?:(?:al|el|as|ar|an|ad)[\s-])?$",
    re.I,
)


# Between a place and the place it is said to lie in: "Qatoun al-Razi of Baquba district",
# "Zap (Amadiya) region", "Hit, Anbar" (after a comma, only a province or country).
_LIES_IN = re.compile(
    r"^\s*(?:(?P<cue>area|district|sub-?district|village|town|region|neighbou?rhoods?|"
    r"quarter)\s+)?"
    r"(?:(?P<gap>,|\(|in|of|near|outside)\s*)?"
    # "Galli, east of Baquba", "An Nada, eastern Baladruz", "Tabaj, 20 km north of Jalawla"
    r"(?P<bearing>(?:(?:about|some|around|nearly)\s+)?(?:\d+(?:[.,]\d+)?\s*-?\s*"
    r"(?:km|kms|kilomet(?:er|re)s?|mi|miles?)\s+)?(?:to\s+the\s+)?"
    r"(?:north|south|east|west|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west)"
    r"(?:ern)?\s+(?:of\s+)?)?"
    r"(?:the\s+)?$",
    re.I,
)


_QUARTER_CUES = frozenset(
    {"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter"}
)


def _hosts_for_namesakes(places: list[PlaceMention], text: str) -> list[PlaceMention]:
    """Each town said to lie in a place its reading lies far from ("Razi" in Iran for
    "Qatoun al-Razi of Baquba district", "Zap" in Turkey for "Zap (Amadiya) region") is a
    namesake found for a local name the gazetteer lacks: it is read as lying near that place
    (a town host: precision 2; a province: the province)."""
    out = list(places)
    for i, place in enumerate(places[:-1]):
        host, x, y = places[i + 1], place.entry, places[i + 1].entry
        # (an analyst's alias of a neighbourhood is trusted over the name after it)
        if x is None or y is None or place.kind in ("country", "sublocal"):
            continue
        m = _LIES_IN.match(text[place.end : host.start])
        if m is None or not (m.group("gap") or m.group("bearing")):
            continue
        far = haversine_km(x.latitude, x.longitude, y.latitude, y.longitude) > NAMESAKE_KM
        if place.kind == "region":
            # "the al-Qadisya neighbourhood of Kirkuk": a quarter named like a province
            quarter = (m.group("cue") or "").lower() in _QUARTER_CUES
            if quarter and host.kind not in ("region", "country") and x.admin1 != y.admin1:
                out[i] = replace(
                    host, text=place.text, start=place.start, end=place.end,
                    detail=text[place.start : host.end], kind="sublocal", geo_precision=1,
                )  # fmt: skip
            continue
        if host.kind == "region" or y.feature_code == "ADM1":
            # (provinces' borders differ between sources: a town just across one is no
            # namesake)
            elsewhere = x.country_code != y.country_code or (x.admin1 != y.admin1 and far)
        elif host.kind == "country":
            elsewhere = x.country_code != y.country_code
        elif m.group("gap") == "," and not m.group("bearing"):
            continue  # "Erbil, Dahuk and Sulaymaniyah": a list of towns
        else:
            elsewhere = x.country_code != y.country_code or far
        if not elsewhere or host.kind == "country":
            continue  # (a namesake abroad of a place only known to lie in a country: dropped
            # by the country's filter, see _in_country_first)
        near = host.kind != "region"
        # (cited at the host's name, so that a bearing told before it moves the event)
        out[i] = replace(
            host, detail=text[place.start : host.end],
            kind="near" if near else host.kind,
            geo_precision=2 if near else host.geo_precision,
        )  # fmt: skip
    return out


def _named_within(place: PlaceMention, local: list[PlaceMention], text: str) -> PlaceMention:
    """The smaller place when the one chosen is named as its surroundings ("Umm Qasr port in
    Basra": Umm Qasr, not Basra); the first of "between X and Y" (coded at X)."""
    area = place.entry
    if area is None:
        return place
    for p in local:
        if (
            p.end <= place.start
            and p.entry is not None
            and re.fullmatch(r"\s*and\s+(?:the\s+)?", text[p.end : place.start])
            and _BETWEEN.search(text[max(0, p.start - 40) : p.start])
        ):
            return p
    for p in local:
        if p.end > place.start or p.entry is None or p.kind == "region":
            continue
        if not _WITHIN.match(text[p.end : place.start]):
            continue
        e = p.entry
        if haversine_km(e.latitude, e.longitude, area.latitude, area.longitude) <= WITHIN_KM:
            return p
    return place


def _inside(place: PlaceMention, local: list[PlaceMention]) -> PlaceMention:
    """The town named with its province ("Shatra, Thi-Qar province", "Kut city, Wassit
    province") rather than the province: the nearest named place of the sentence that lies
    in the region chosen."""
    area = place.entry
    if area is None or not area.admin1:
        return place
    if place.kind != "region" and area.feature_code != "ADM1":
        return place  # (an area known only by its province, "Qandil", is one too)
    towns = [
        p for p in local
        if p.kind != "region" and p.entry is not None and p.entry.feature_code != "ADM1"
        and p.entry.country_code == area.country_code and p.entry.admin1 == area.admin1
    ]  # fmt: skip
    return min(towns, key=lambda p: abs(p.start - place.start)) if towns else place


def _set_place(
    event: Event, place: PlaceMention | None, evidence: list[Evidence], text: str = ""
) -> float:
    """Fill the place columns from the geoparser's mention (moved along the bearing the text
    gives from it, see :mod:`warlog.places.relative`); returns a confidence factor."""
    if place is None or place.entry is None:
        return 0.5
    entry = place.entry
    event.country = entry.country
    event.iso = entry.iso_numeric
    event.admin1 = ascii_name(AdminNames.load().acled(entry.admin1 or "", entry.country_code))
    # an event known only to its region is coded at the region's capital (ACLED, precision 3)
    # (as is an area known only to lie in a province, at precision 2)
    spot = place.seat if place.seat is not None else entry
    event.admin2 = ascii_name(spot.admin2 or "")
    event.location = ascii_name(spot.name)
    event.latitude = spot.latitude
    event.longitude = spot.longitude
    event.geo_precision = place.geo_precision
    # "Tabaj northeast Baquba", "12 km west of Kirkuk": along the bearing from the town
    rel = relative_before(text, place.start) if entry.feature_class == "P" else None
    if rel is not None and place.kind in ("place", "near"):
        event.latitude, event.longitude = offset(spot.latitude, spot.longitude, rel.bearing, rel.km)
        event.geo_precision = 2
    if place.kind == "country":
        event.geo_precision = 3
    for name in ("location", "latitude", "longitude", "geo_precision", "country", "iso"):
        evidence.append(Evidence(name, place.text, place.start, place.end))
    if event.admin1:
        evidence.append(Evidence("admin1", place.text, place.start, place.end))
    if event.admin2:
        evidence.append(Evidence("admin2", place.text, place.start, place.end))
    return 0.6 if place.kind == "country" else min(1.0, 0.7 + 0.3 * place.confidence)


def ascii_name(name: str) -> str:
    """'Al Ḩasakah' → 'Al Hasakah': ACLED writes place names without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _notes(event: Event, sentence: str) -> str:
    when = f"On {event.event_date}" if event.event_date else "On an unknown date"
    where = f" ({event.location})" if event.location else ""
    text = " ".join(sentence.split())
    return f"{when}{where}: {text}"


DEMONSTRATIONS = ("Protests", "Riots")


def _absorbs(rules: EventRules, e: Event, other: Event) -> bool:
    """Does event ``e`` absorb ``other`` (same day, place, paragraph)?"""
    if _crowd_fights_police(e, other):
        return True
    if e.event_type in DEMONSTRATIONS and other.event_type in DEMONSTRATIONS:
        mine, theirs = rules.rule(e.sub_event_type), rules.rule(other.sub_event_type)
        # the gravest kind told; between equals, the first told (deterministic)
        return (mine.precedence, -e.evidence[0].start) > (
            theirs.precedence,
            -other.evidence[0].start,
        )
    if e.event_type == "Battles" and other.event_type == "Explosions/Remote violence":
        sides = {e.actor1, e.actor2}
        return other.actor1 in sides and (not other.actor2 or other.actor2 in sides)
    if e.sub_event_type == "Chemical weapon":
        # the use of a chemical weapon is told whatever else the paragraph tells of that day
        return other.sub_event_type in rules.rule(e.sub_event_type).absorbs
    if e.sub_event_type in TAKEOVERS and other.sub_event_type == "Armed clash":
        # the fighting told beside a town's capture is the battle that took it
        return bool({e.actor1, e.actor2} & {other.actor1, other.actor2} - {None, ""})
    return False


def _crowd_fights_police(demo: Event, clash: Event) -> bool:
    """A clash told beside a demonstration between state forces and no named armed group:
    the demonstrators fought the police ("6 were killed in clashes with police")."""
    if demo.event_type not in DEMONSTRATIONS or clash.sub_event_type != "Armed clash":
        return False
    inters = {clash.inter1, clash.inter2} - {None}
    return 1 in inters and inters <= {1, 3, 5, 6}


def _fold(into: Event, other: Event) -> None:
    """Merge ``other``'s words and figures into ``into``."""
    into.evidence += [ev for ev in other.evidence if ev not in into.evidence]
    into.fatalities = max(into.fatalities, other.fatalities)
    into.confidence = max(into.confidence, other.confidence)
    if not into.actor2 and other.actor2 and other.actor2 != into.actor1:
        into.actor2, into.inter2 = other.actor2, other.inter2
        into.interaction = interaction_code(into.inter1, into.inter2)
    # the place told more precisely: "protests all over Iraq" folds into its town's
    finer = (other.geo_precision or 9) < (into.geo_precision or 9)
    if other.location and (not into.location or finer):
        for name in ("country", "iso", "admin1", "admin2", "location", "latitude", "longitude",
                     "geo_precision"):  # fmt: skip
            setattr(into, name, getattr(other, name))


def _different_places(a: Event, b: Event) -> bool:
    """Two towns: a demonstration named by its country or region may be the town's."""
    if not (a.location and b.location) or a.location == b.location:
        return False
    return a.geo_precision == 1 and b.geo_precision == 1


def _same_paragraph(a: Event, b: Event, text: str) -> bool:
    sa, sb = sorted((a.evidence[0].start, b.evidence[0].start))
    return "\n" not in text[sa:sb]


def _merge_key(e: Event) -> tuple:
    return (e.record_type, e.sub_event_type, e.event_date, e.location, e.actor1, e.actor2)


def _merge_restatements(events: list[Event]) -> list[Event]:
    """One event per day, place, actor pair and sub-event type: later tellings add evidence."""
    merged: dict[tuple, Event] = {}
    for e in events:
        key = _merge_key(e)
        if key not in merged:
            merged[key] = e
            continue
        first = merged[key]
        first.evidence += [ev for ev in e.evidence if ev not in first.evidence]
        first.confidence = max(first.confidence, e.confidence)
        figures = [f for f in (first.fatalities, e.fatalities) if f]
        first.fatalities = min(figures, default=0)  # the most conservative figure
        if e.source and e.source not in first.source:
            first.source = "; ".join(
                dict.fromkeys([*first.source.split("; "), *e.source.split("; ")])
            )
    return list(merged.values())
