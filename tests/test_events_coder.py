"""The event coder on short reports through the real pipeline (spaCy, places, actors)."""

from __future__ import annotations

import json

import pytest

from warlog.events.classifier import Prediction
from warlog.ingest.jsonl import iter_jsonl
from warlog.models import Document, Event
from warlog.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


def code(pipeline: Pipeline, text: str, on: str = "2019-07-08") -> list[Event]:
    line = json.dumps({"id": "t", "text": text, "publication_date": on}).encode()
    docs = [d for d in iter_jsonl([line], "test") if isinstance(d, Document)]
    (result,) = pipeline.code(docs)
    return result.events


def test_without_a_parsed_subject_the_first_actor_named_acts(pipeline: Pipeline) -> None:
    # "it" is the subject of "killed": the clause's first actor is the attacker
    text = (
        "On July 8, Iraqi forces targeted IS militants in the al Qaim desert area where it "
        "destroyed two vehicles and killed all those on board."
    )
    (event,) = code(pipeline, text)
    assert event.actor1.startswith("Military Forces of Iraq") and event.inter1 == 1
    assert event.actor2 == "Islamic State (Iraq)"


def test_a_toll_told_in_the_next_sentence_counts(pipeline: Pipeline) -> None:
    text = (
        "On October 21, PKK militants attacked Turkish army units on a hill near Zakho. "
        "A total of 9 soldiers were killed in the attacks."
    )
    events = code(pipeline, text)
    assert events and all(e.fatalities == 9 for e in events)


def test_the_killing_a_protest_denounces_is_not_its_toll(pipeline: Pipeline) -> None:
    text = (
        "On July 1, protesters marched in Ranya to protest airstrikes that killed six "
        "civilians last week."
    )
    (event,) = code(pipeline, text)
    assert event.sub_event_type == "Peaceful protest" and event.fatalities == 0


def test_a_subject_the_lexicon_does_not_know_is_no_victim(pipeline: Pipeline) -> None:
    text = "On Apr 19, the special units killed 12 IS militants in Kirkuk province, Iraq."
    (event,) = code(pipeline, text)
    assert event.actor2.startswith("Islamic State") and event.sub_event_type == "Armed clash"


def test_a_retaking_with_no_taker_named_is_the_governments(pipeline: Pipeline) -> None:
    text = "The town of Tal Afar in Iraq was recaptured on Sunday after two days of fighting."
    events = code(pipeline, text)
    assert events and events[0].sub_event_type == "Government regains territory"
    assert events[0].inter1 == 1


def test_a_demonstration_whose_crowd_fights_the_police_is_a_riot(pipeline: Pipeline) -> None:
    text = (
        "On November 9, people in Baghdad demonstrated against government corruption. "
        "6 were killed and dozens injured in clashes with police."
    )
    (event,) = code(pipeline, text, on="2019-11-09")
    assert event.sub_event_type == "Violent demonstration"
    assert event.actor1.startswith("Rioters") and event.fatalities == 6


def test_the_paragraph_reading_weighs_with_the_sentence_reading(pipeline: Pipeline) -> None:
    coder = pipeline.coder
    assert coder.classifier is not None
    sentence = "Officers seized three pistols and 200 rounds of ammunition at the depot."
    labels = coder.classifier.predict(sentence).probabilities
    sure = Prediction({k: (1.0 if k == "DISR_WEAP" else 0.0) for k in labels})

    def weighed(paragraph: Prediction | None) -> float:
        e = Event(doc_id="t", sub_event_type="Disrupted weapons use", confidence=0.8)
        (kept,) = coder._weigh([e], sentence, paragraph)
        return kept.confidence

    assert weighed(sure) > weighed(None)


def test_a_repelled_attack_is_coded_from_the_attacker(pipeline: Pipeline) -> None:
    text = "On Dec 27, the PMF repelled an IS attack near Tuz Khurmatu in Salahuddin province."
    events = code(pipeline, text, on="2019-12-27")
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Armed clash"
    assert top.actor1.startswith("Islamic State") and top.inter1 == 2
    assert "Popular Mobilization Forces" in top.actor2 and top.inter2 == 1


def test_the_passive_agent_before_the_trigger_acts(pipeline: Pipeline) -> None:
    # "killed by Turkish forces using airstrikes": Turkey acts, the campaign's start date
    # ("launched on May 27") does not date the event
    text = (
        "On June 1, as part of the Turkish operation launched on May 27, 3 PKK militants "
        "were killed by Turkish forces using airstrikes near Zakho."
    )
    events = code(pipeline, text, on="2019-06-01")
    top = max(events, key=lambda e: e.confidence)
    assert top.actor1.startswith("Military Forces of Turkey")
    assert top.actor2.startswith("PKK") and top.event_date == "2019-06-01"


def test_an_ally_backed_by_is_no_passive_agent(pipeline: Pipeline) -> None:
    text = (
        "On Sept 10, Iraqi forces backed by the global coalition conducted operations in the "
        "Hamrin mountains, killing 5 IS militants."
    )
    top = max(code(pipeline, text, on="2019-09-10"), key=lambda e: e.confidence)
    assert top.actor1.startswith("Military Forces of Iraq")


def test_a_nationality_word_is_no_place(pipeline: Pipeline) -> None:
    # "Turkish" says who struck, not where: the event is not placed in Turkey
    text = "On Oct 10, Turkish airstrikes killed or injured 3 PKK militants in the Gara region."
    (event,) = code(pipeline, text, on="2019-10-10")
    assert event.sub_event_type == "Air/drone strike"
    assert event.country != "Turkey" and event.location != "Turkey"


def test_demonstrators_blocking_roads_with_tyres_riot(pipeline: Pipeline) -> None:
    text = (
        "On October 29, hundreds of demonstrators in Umm Qasr, Basrah province blocked the "
        "port gates using tires and stones, preventing movement into or out of the port."
    )
    top = max(code(pipeline, text, on="2019-10-29"), key=lambda e: e.confidence)
    assert top.sub_event_type == "Violent demonstration" and top.actor1 == "Rioters (Iraq)"


def test_a_clash_absorbs_the_arrests_told_beside_it(pipeline: Pipeline) -> None:
    text = (
        "On Mar 30, Iraqi military forces killed 1 IS militant and arrested another during "
        "an operation northeast of Ramadi."
    )
    events = code(pipeline, text, on="2019-03-30")
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_a_name_misparsed_as_an_auxiliary_still_acts(pipeline: Pipeline) -> None:
    # spaCy reads "IS" as a passive auxiliary; "by sniper fire" names a weapon, not who fired
    text = (
        "On Aug 26, IS militants reportedly attacked an Iraqi army base near Khanaqin, "
        "killing 2 soldiers."
    )
    top = max(code(pipeline, text, on="2019-08-26"), key=lambda e: e.confidence)
    assert top.actor1 == "Islamic State (Iraq)" and top.actor2.startswith("Military Forces of Iraq")
    text = (
        "On June 21, IS militants targeted a military barrack near Khanaqin, killing 1 soldier "
        "by sniper fire."
    )
    events = code(pipeline, text, on="2019-06-21")
    assert events and all(e.actor1 == "Islamic State (Iraq)" for e in events)


def test_a_day_told_after_publication_is_not_moved_a_year_back(pipeline: Pipeline) -> None:
    text = "On December 4, Turkish airstrikes hit PKK positions near Zakho."
    (event,) = code(pipeline, text, on="2019-12-02")
    assert event.event_date == "2019-12-02" and event.time_precision == 2
    assert event.date_note and "after the publication date" in event.date_note


def test_the_armed_group_named_before_its_weapon_used_it(pipeline: Pipeline) -> None:
    text = "On July 8, the explosion of an IS planted IED near Tikrit left 2 civilians injured."
    events = code(pipeline, text)
    assert events and events[0].actor1 == "Islamic State (Iraq)"
    assert events[0].actor2 == "Civilians (Iraq)"


def test_a_target_inside_the_subject_phrase_is_no_agent(pipeline: Pipeline) -> None:
    text = (
        "On July 8, an unidentified IED planted on a police vehicle exploded in Baquba, "
        "killing a policeman."
    )
    events = code(pipeline, text)
    assert events and events[0].actor1 == "Unidentified Armed Group (Iraq)"
    assert events[0].actor2.startswith("Police Forces of Iraq")


def test_a_passive_attack_with_no_agent_has_an_unidentified_attacker(pipeline: Pipeline) -> None:
    text = "On July 8, two rockets were fired at a base near Baghdad, killing an Iraqi soldier."
    events = code(pipeline, text)
    assert events and events[0].actor1 == "Unidentified Armed Group (Iraq)"
    assert events[0].actor2.startswith("Military Forces of Iraq")


def test_unnamed_tribes_fighting_each_other_are_both_sides(pipeline: Pipeline) -> None:
    text = "On July 8, tribal clashes in a village near Baquba left two people dead."
    events = code(pipeline, text)
    assert events and events[0].sub_event_type == "Armed clash"
    assert events[0].actor1 == events[0].actor2 == "Unidentified Tribal Militia (Iraq)"
    assert events[0].inter1 == 4 and events[0].interaction == 44


def test_the_subject_of_a_verb_trigger_is_no_weapon_name(pipeline: Pipeline) -> None:
    # "TMF clashed": the TMF only backs the subject, security forces
    text = "On July 4, security forces backed by the TMF clashed with IS militants near Al Qaim."
    events = code(pipeline, text)
    assert events and events[0].actor1.startswith("Military Forces of Iraq")
    assert events[0].assoc_actor_1 == "TMF: Tribal Mobilization Forces"


def test_the_police_who_report_an_attack_are_not_its_target(pipeline: Pipeline) -> None:
    text = (
        "Gunmen attacked a crowded bus station in Peshawar on Tuesday, wounding at least "
        "nine passengers, police officials said."
    )
    events = code(pipeline, text)
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Attack" and top.inter2 == 7


def test_the_fighting_told_beside_a_capture_is_the_battle_that_took_it(
    pipeline: Pipeline,
) -> None:
    text = (
        "On March 3, Syrian army units drove IS militants out of several villages east of "
        "Palmyra. Dozens of IS militants were killed in fierce clashes with the army."
    )
    events = code(pipeline, text)
    assert [e.sub_event_type for e in events] == ["Government regains territory"]


def test_an_attack_on_a_militia_is_a_clash(pipeline: Pipeline) -> None:
    text = (
        "Al-Shabaab fighters attacked a militia group loyal to the regional government near "
        "Wajid in Bakool region on Monday."
    )
    events = code(pipeline, text)
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Armed clash" and top.inter2 == 3


def test_a_town_entered_unopposed_by_unnamed_fighters_is_a_transfer(pipeline: Pipeline) -> None:
    text = (
        "A local official said the fighters entered Tal Abyad before dawn from three sides "
        "and did not meet any resistance."
    )
    events = code(pipeline, text)
    assert [e.sub_event_type for e in events] == ["Non-violent transfer of territory"]


def test_a_chemical_attack_absorbs_the_shelling_told_beside_it(pipeline: Pipeline) -> None:
    text = (
        "On May 2, rebels fired mortar shells into two districts of Aleppo. Doctors said about "
        "80 people were treated for breathing difficulties and suspected chlorine gas."
    )
    events = code(pipeline, text)
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Chemical weapon"
    assert "Shelling/artillery/missile attack" not in [e.sub_event_type for e in events]


def test_opposition_fighters_are_an_armed_group(pipeline: Pipeline) -> None:
    text = (
        "Turkish-backed opposition fighters retook a strategic hilltop town from government "
        "forces on Friday, activists said, cutting the main road south."
    )
    events = code(pipeline, text)
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Non-state actor overtakes territory"
    assert top.inter1 != 1 and not top.actor1.startswith("Military Forces")


def test_an_off_duty_soldier_shot_is_a_civilian_victim(pipeline: Pipeline) -> None:
    text = (
        "On May 3, unidentified gunmen shot dead an off-duty soldier outside his house in "
        "Baqubah city."
    )
    events = code(pipeline, text)
    top = max(events, key=lambda e: e.confidence)
    assert top.sub_event_type == "Attack" and top.inter2 == 7


def test_the_islamic_state_in_capitals_is_parsed_as_a_name(pipeline: Pipeline) -> None:
    # "IS" read as the verb "is" lost the subject of the sentence
    sdoc = pipeline.nlp("On May 3, IS militants attacked a village near Tuz Khurmatu.")
    is_token = next(t for t in sdoc if t.text == "IS")
    assert is_token.pos_ != "AUX" and is_token.head.text == "militants"


def test_the_sides_of_a_clash_between_two_actors_in_the_order_told(pipeline: Pipeline) -> None:
    text = (
        "On Aug 4, an armed clash erupted between IS militants and an army patrol in a "
        "village near Baquba, wounding two soldiers."
    )
    (event,) = code(pipeline, text)
    assert event.actor1 == "Islamic State (Iraq)" and event.inter1 == 2
    assert event.actor2.startswith("Military Forces of Iraq")


def test_the_subject_of_the_when_clause_is_the_attacker(pipeline: Pipeline) -> None:
    text = (
        "On Mar 23, a civilian was killed and another was wounded when IS militants opened "
        "fire at them on the road west of Ramadi."
    )
    (event,) = code(pipeline, text)
    assert event.actor1 == "Islamic State (Iraq)" and event.actor2 == "Civilians (Iraq)"


def test_the_dead_raiders_are_no_attackers_of_themselves(pipeline: Pipeline) -> None:
    text = (
        "On Sunday, 20 IS militants were killed when the militants raided an army base near Kirkuk."
    )
    events = code(pipeline, text)
    assert events and events[0].actor1 != events[0].actor2


def test_a_verb_joined_to_another_shares_its_subject(pipeline: Pipeline) -> None:
    text = (
        "On Apr 11, the CTS forces cleared a number of villages in the Hamrin mountains and "
        "killed 12 IS militants."
    )
    events = code(pipeline, text)
    assert events[0].actor1.endswith("Counter-Terrorism Service")
    assert events[0].actor2.startswith("Islamic State")


def test_the_sniper_of_sniper_fire_is_a_weapon(pipeline: Pipeline) -> None:
    text = (
        "On Mar 29, IS militants targeted an Iraqi army barracks using sniper fire east of "
        "Baladruz, injuring a soldier."
    )
    (event,) = code(pipeline, text)
    assert event.actor1 == "Islamic State (Iraq)"
    assert event.actor2.startswith("Military Forces of Iraq")


def test_the_object_of_an_arrest_is_no_arrester(pipeline: Pipeline) -> None:
    text = (
        "The operation in Kirkuk resulted in the arrest of a number of IS militants, the "
        "discovery of four tunnels and weapons caches."
    )
    assert all(not e.actor1.startswith("Islamic State") for e in code(pipeline, text))


def test_the_place_set_up_by_the_attackers_names_them(pipeline: Pipeline) -> None:
    text = (
        "On Apr 7, three civilians were killed at a fake checkpoint set up by IS militants "
        "near Dibis, northwest of Kirkuk."
    )
    (event,) = code(pipeline, text)
    assert event.actor1 == "Islamic State (Iraq)" and event.actor2 == "Civilians (Iraq)"


@pytest.mark.parametrize(
    "text",
    [
        "On June 14, the PMF's Kataib Hezbollah reportedly shelled an army base in Balad.",
        "On Mar 29, PMF affiliated Peace Companies killed 5 IS militants south of Samarra.",
    ],
)
def test_a_group_named_as_part_of_the_pmf_acts_as_the_pmf(pipeline: Pipeline, text: str) -> None:
    event = code(pipeline, text)[0]
    assert event.actor1.endswith("Popular Mobilization Forces") and event.inter1 == 1
    assert event.assoc_actor_1 in ("Kataib Hezbollah", "Peace Companies")


def test_a_pmf_group_named_alone_is_itself(pipeline: Pipeline) -> None:
    event = code(pipeline, "On June 17, Kataib Hezbollah fired rockets at a base in Mosul.")[0]
    assert event.actor1 == "Kataib Hezbollah" and event.inter1 == 3


@pytest.mark.parametrize(
    "text",
    [
        "On June 23, 3 IS militants were killed in a joint operation between the police "
        "forces and the intelligence service in Diyala.",
        "On Apr 12, in an airdrop operation by the rapid reaction forces, 3 IS militants "
        "were killed in Anbar.",
    ],
)
def test_the_force_of_the_operation_killed_the_militants(pipeline: Pipeline, text: str) -> None:
    event = code(pipeline, text)[0]
    assert event.inter1 == 1 and event.actor1.startswith("Police Forces of Iraq")
    assert event.actor2.startswith("Islamic State")


def test_the_attacker_told_before_the_repelled_attack_acts(pipeline: Pipeline) -> None:
    text = (
        "On Dec 19, IS militants attacked a Kurdish village in Makhmur district, and "
        "Peshmerga forces repelled the attack."
    )
    event = code(pipeline, text)[0]
    assert event.actor1 == "Islamic State (Iraq)" and event.inter1 == 2
    assert event.actor2.endswith("Peshmerga")


def test_the_victims_of_a_bomb_did_not_set_it(pipeline: Pipeline) -> None:
    text = (
        "On Apr 9, two policemen were wounded when an unidentified roadside bomb exploded "
        "near Hawija in Kirkuk."
    )
    event = code(pipeline, text)[0]
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.actor1 == "Unidentified Armed Group (Iraq)" and event.inter1 == 3
    assert event.actor2.startswith("Police Forces of Iraq")


def test_the_side_named_after_the_clashes_fought_the_dead(pipeline: Pipeline) -> None:
    text = "On June 2, a PKK militant was killed in clashes with the Turkish military near Zakho."
    event = code(pipeline, text)[0]
    assert event.actor1 == "Military Forces of Turkey (2016-)"
    assert event.actor2 == "PKK: Kurdistan Workers Party"


def test_a_riot_told_beside_the_economy_is_still_a_riot(pipeline: Pipeline) -> None:
    text = (
        "On Nov 18, demonstrators burned tires, blocking the roads leading to the Umm Qasr "
        "port, responsible for the bulk of the country's commodities imports."
    )
    (event,) = code(pipeline, text)
    assert event.sub_event_type == "Violent demonstration" and event.inter1 == 5


def test_a_mass_grave_is_coded_by_its_killers(pipeline: Pipeline) -> None:
    text = (
        "On Dec 10, security forces discovered a mass grave containing the remains of 10 "
        "civilians believed to have been killed by IS militants in eastern Fallujah."
    )
    grave = next(e for e in code(pipeline, text) if e.sub_event_type == "Other")
    assert grave.actor1 == "Islamic State (Iraq)" and grave.actor2 == "Civilians (Iraq)"


def test_a_mass_grave_with_no_killer_named_is_an_unidentified_groups(pipeline: Pipeline) -> None:
    text = "On Mar 7, police discovered a mass grave near Salman district in Muthanna."
    grave = next(e for e in code(pipeline, text) if e.sub_event_type == "Other")
    assert grave.actor1 == "Unidentified Armed Group (Iraq)" and grave.inter1 == 3
    assert grave.actor2 == "Civilians (Iraq)"


def test_clashes_between_two_sides_as_subject_keep_the_order_told(pipeline: Pipeline) -> None:
    text = (
        "On Nov 22, armed clashes between IS militants and PMF fighters left 1 fighter "
        "killed and 3 others injured near Samarra."
    )
    event = code(pipeline, text)[0]
    assert event.actor1 == "Islamic State (Iraq)"
    assert event.actor2.endswith("Popular Mobilization Forces")


def test_a_state_force_named_after_a_roadside_bomb_is_its_target(pipeline: Pipeline) -> None:
    text = "On July 8, an IED exploded in a village near Baquba, injuring two soldiers."
    events = code(pipeline, text)
    assert events and events[0].sub_event_type == "Remote explosive/landmine/IED"
    assert events[0].actor1 == "Unidentified Armed Group (Iraq)"
    assert events[0].actor2.startswith("Military Forces of Iraq")


def test_an_ally_backing_the_subject_neither_acts_nor_is_the_target(pipeline: Pipeline) -> None:
    text = "On July 8, the Iraqi police force backed by the global coalition killed 3 IS militants."
    events = code(pipeline, text)
    assert events and events[0].actor1.startswith("Police Forces of Iraq")
    assert events[0].actor2 == "Islamic State (Iraq)"
