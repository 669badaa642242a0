"""Trigger rules and fatality counts: fast, no spaCy needed."""

import pytest

from warlog.events.fatalities import fatality_count, find_fatalities, parse_number
from warlog.events.rules import EventRules


@pytest.fixture(scope="module")
def rules() -> EventRules:
    return EventRules.load()


def kinds(rules: EventRules, sentence: str) -> list[str]:
    return [t.rule.sub_event_type for t in rules.triggers(sentence, 0, len(sentence))]


def test_every_acled_sub_event_type_has_a_rule(rules: EventRules) -> None:
    acled = {
        "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
        "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
        "Violent demonstration", "Mob violence", "Chemical weapon", "Air/drone strike",
        "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
        "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Agreement",
        "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    }  # fmt: skip
    assert acled <= {r.sub_event_type for r in rules.rules}
    assert {r.event_type for r in rules.rules} >= {
        "Battles", "Protests", "Riots", "Explosions/Remote violence",
        "Violence against civilians", "Strategic developments",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Government warplanes carried out air strikes on the town.", ["Air/drone strike"]),
        ("Rebels shelled the market with mortars.", ["Shelling/artillery/missile attack"]),
        ("A roadside bomb exploded near a patrol.", ["Remote explosive/landmine/IED"]),
        ("A suicide bomber blew himself up at a checkpoint.", ["Suicide bomb"]),
        ("Gunmen kidnapped two aid workers.", ["Abduction/forced disappearance"]),
        ("Thousands of people protested against the new law.", ["Peaceful protest"]),
        ("Police fired tear gas to disperse the protesters.", ["Protest with intervention"]),
        ("Army engineers defused a bomb planted under a bridge.", ["Disrupted weapons use"]),
        ("The two sides signed a ceasefire agreement.", ["Agreement"]),
    ],
)
def test_triggers(rules: EventRules, sentence: str, expected: list[str]) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # standing in the road is a peaceful protest; barricades or burning tyres are not
        ("Protesters blocked the main road to the refinery.", ["Peaceful protest"]),
        ("Demonstrators burned tires to cut off the bridge.", ["Violent demonstration"]),
        ("Demonstrators set tyres ablaze on the highway.", ["Violent demonstration"]),
        (
            "Clashes broke out between police and anti-government demonstrators.",
            ["Violent demonstration"],
        ),
    ],
)
def test_road_blocking_is_violent_only_with_fire_or_barricades(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # bombs made or stored are no explosion; bombers killed before they struck are no
        # suicide bombing
        (
            "Troops destroyed workshops used for making explosive devices.",
            ["Disrupted weapons use"],
        ),
        (
            "Iraqi forces destroyed 3 barrels of explosives belonging to IS.",
            ["Disrupted weapons use"],
        ),
        (
            "The Iranian army continued to shell the border areas.",
            ["Shelling/artillery/missile attack"],
        ),
        ("Five militants wearing explosive vests were killed by the army.", ["Attack"]),
        ("A suicide bomber wearing an explosive vest blew himself up.", ["Suicide bomb"]),
        (
            "Police have seized 50 Kalashnikov rifles and a grenade launcher.",
            ["Disrupted weapons use"],
        ),
        (
            "Police said the grenades and ammunition were discovered near the school.",
            ["Disrupted weapons use"],
        ),
        (
            "Officers stand before a stash of projectiles found in the old city.",
            ["Disrupted weapons use"],
        ),
    ],
)
def test_weapons_that_were_not_used(rules: EventRules, sentence: str, expected: list[str]) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Turkish forces raided the Avashin area by air.", ["Air/drone strike"]),
        ("Two helicopters bombed the villages near the border.", ["Air/drone strike"]),
        (
            "Three unidentified bombs exploded in the city, injuring 16.",
            ["Remote explosive/landmine/IED"],
        ),
        ("A bomb planted by gunmen targeted a liquor store.", ["Remote explosive/landmine/IED"]),
        ("The army repelled 4 IS attempts at infiltration.", ["Armed clash"]),
        (
            "Dozens of workers gathered outside the ministry demanding fixed contracts.",
            ["Peaceful protest"],
        ),
        ("Gunmen set fire to a wheat field near the village.", ["Looting/property destruction"]),
        (
            "A convoy of US forces entered the country through the border crossing.",
            ["Change to group/activity"],
        ),
        ("The Turkish military bombed PKK positions in the Zap region.", ["Air/drone strike"]),
        (
            "A motorcycle exploded in the market, injuring three civilians.",
            ["Remote explosive/landmine/IED"],
        ),
        ("An IS sniper targeted a soldier at a checkpoint.", ["Attack"]),
        ("Dozens of taxi drivers blocked the main gates of the oil field.", ["Peaceful protest"]),
        (
            "Government forces captured a new rebel-held neighborhood of the city.",
            ["Non-state actor overtakes territory"],
        ),  # the actor decides: see coder
        (
            "The troops pushed al-Shabab militants out of fresh areas.",
            ["Government regains territory"],
        ),
        (
            "The fighters entered the town and had not encountered any resistance.",
            ["Non-violent transfer of territory"],
        ),
        (
            "Nearly 65 camps have been established along the border.",
            ["Headquarters or base established"],
        ),
        (
            "Turkish forces are redeploying at their observation points.",
            ["Change to group/activity"],
        ),
        ("Civilians were attacked with suspected poisonous gas amid clashes.", ["Chemical weapon"]),
        (
            "Several activists have been detained during unsanctioned protests.",
            ["Protest with intervention"],
        ),
        (
            "Riot police officers beat an anti-government protester.",
            ["Excessive force against protesters"],
        ),
        ("A peaceful protest in Amara, Missan province turned violent.", ["Violent demonstration"]),
        (
            "Hundreds of demonstrators gathered in an attempt to violently break into the"
            " building.",
            ["Violent demonstration"],
        ),
    ],
)
def test_phrasings_of_short_reports(rules: EventRules, sentence: str, expected: list[str]) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Six people were killed when a chemical plant exploded on Thursday.",
        "A dozen people have been killed in a plane crash.",
        "Police arrested ten persons and recovered counterfeit notes.",
        "Suicide bombers are suspected to be behind the twin blasts.",
        "Russia has expelled three EU diplomats for taking part in rallies.",
        "He urged sanctions amid ceasefire violations in the east.",
        "A tsunami following a volcanic eruption killed 222 people.",
        "The military mobilized efforts to help people trapped by the floods.",
        "Hundreds were hurt by poisonous gas leaked from a chemical factory.",
    ],
)
def test_accidents_crime_and_suspicions_are_not_events(rules: EventRules, sentence: str) -> None:
    assert kinds(rules, sentence) == []


def test_a_battle_absorbs_shelling_in_the_same_sentence(rules: EventRules) -> None:
    assert kinds(rules, "Clashes broke out amid heavy shelling of the town.") == ["Armed clash"]


def test_two_remote_tactics_in_one_sentence_are_two_events(rules: EventRules) -> None:
    s = "The forces targeted the group's locations with artillery fire and airstrikes."
    assert sorted(kinds(rules, s)) == ["Air/drone strike", "Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The militants threatened to attack the town with rockets.",
        "The army plans to launch air strikes next week.",
        "Officials denied that any shelling took place.",
        "The group won't take part in the fighting.",
        "Tanks were brought in an attempt to bomb the positions and shell the area.",
        "The checkpoint is still under the control of pro-regime forces.",
        "The governor spoke out in response to an increase in attacks by IS.",
        "The minister promised a review in retaliation for the shelling.",
    ],
)
def test_attempts_plans_threats_denials_and_states_are_not_events(
    rules: EventRules, sentence: str
) -> None:
    assert kinds(rules, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds of demonstrators in Basra tried to cross the bridge towards the governorate.",
        "Students attempted to climb the barriers around the ministry before dawn.",
        "Protesters tried to set tires on fire outside the council building.",
        "Demonstrators kept up their attempts to advance on the square despite the barriers.",
    ],
)
def test_a_crowd_forcing_its_way_riots_even_if_foiled(rules: EventRules, sentence: str) -> None:
    # ACLED codes the foiled attempt of a crowd to force its way as a violent demonstration
    assert "Violent demonstration" in kinds(rules, sentence)


def test_an_attempt_outside_a_crowd_is_still_no_event(rules: EventRules) -> None:
    assert kinds(rules, "Families tried to cross the bridge to reach the camp.") == []


def test_stones_thrown_at_the_police_are_a_riot(rules: EventRules) -> None:
    sentence = "The demonstrators responded by pelting the security forces with rocks."
    assert "Violent demonstration" in kinds(rules, sentence)


def test_a_crowd_named_at_length_that_demands_protests(rules: EventRules) -> None:
    sentence = (
        "On Dec 8, dozens of workers in one of the cleaning companies contracted by an oil "
        "company in the Rumaila oilfield in Basra province demanded fixed contracts."
    )
    assert kinds(rules, sentence) == ["Peaceful protest"]


def test_a_repelled_attempt_is_a_clash(rules: EventRules) -> None:
    s = "The militants attempted to infiltrate the district, but the army deterred their advance."
    assert kinds(rules, s) == ["Armed clash"]


def test_trigger_offsets_point_into_the_text(rules: EventRules) -> None:
    text = "Intro. Later, warplanes struck the village."
    (trigger,) = rules.triggers(text, 7, len(text))
    assert text[trigger.start : trigger.end] == trigger.text == "warplanes"


@pytest.mark.parametrize(
    ("token", "value"),
    [("13", 13), ("1,200", 1200), ("twenty-five", 25), ("dozens", 12), ("hundreds", 100),
     ("two hundred", 200), ("several", 3)],
)  # fmt: skip
def test_parse_number(token: str, value: int) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The warplanes pounded the village, killing 6 civilians, including 2 women.", 6),
        ("At least 13 people were killed and 20 wounded.", 13),
        ("Two soldiers were wounded in the blast.", 0),
        ("Dozens of fighters died in the battle.", 12),
        ("The death toll rose to 40 on Sunday.", 40),
        ("The attack caused casualties.", 0),
        ("A car bomb killed twenty-five people.", 25),
    ],
)
def test_fatalities_count_only_the_dead(sentence: str, count: int) -> None:
    assert fatality_count(find_fatalities(sentence)) == count


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Security forces killed 2 militants, and 1 civilian was also killed.", 3),
        ("The attack killed 4 militants, also 2 soldiers were killed and 3 injured.", 6),
        ("Turkish airstrikes killed or injured 6 PKK militants.", 0),
        ("5 PKK fighters were killed, injured or captured by the strikes.", 0),
        ("The blast left 3 civilians injured.", 0),
        ("The clashes left 5 members of the Iraqi forces dead.", 5),
        ("The operation resulted in the killing of 5 militants.", 5),
        ("Gunmen shot a fighter in his car, killing him.", 1),
        ("9 soldiers were reported to be killed and 21 wounded.", 9),
        ("A member of the PMF was killed by a sniper.", 1),
    ],
)
def test_fatality_phrasings(sentence: str, count: int) -> None:
    assert fatality_count(find_fatalities(sentence)) == count


def test_conflicting_figures_take_the_most_conservative() -> None:
    s = "Five people were killed, said police; medics said 8 people died."
    assert fatality_count(find_fatalities(s)) == 5


def test_a_distant_negation_does_not_cancel_an_event(rules: EventRules) -> None:
    s = "There was no immediate claim of responsibility for the suicide bombing."
    assert kinds(rules, s) == ["Suicide bomb"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The group claimed responsibility for a bomb attack on the convoy.",
        "North Korea carried out new missile tests on Friday.",
        "The EU imposed sanctions on Iran over its missile programme.",
        "Coast guards intercepted 20 smugglers taking migrants to the island.",
        "The foreign minister condemned the attack on the embassy.",
    ],
)
def test_claims_tests_and_sanctions_are_not_events(rules: EventRules, sentence: str) -> None:
    assert kinds(rules, sentence) == []


def test_a_suicide_bomber_is_a_suicide_bomb(rules: EventRules) -> None:
    s = "Two female suicide bombers killed at least 10 people outside a mosque."
    assert kinds(rules, s) == ["Suicide bomb"]


def test_a_protest_against_a_killing_is_a_protest(rules: EventRules) -> None:
    s = "Students protested against the killing of protesters in Nasiriyah."
    assert kinds(rules, s) == ["Peaceful protest"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # weapons told as the content of a cache were stored, not fired
        (
            "Iraqi forces seized a large weapons cache west of Ramadi, containing explosives "
            "and missiles.",
            ["Disrupted weapons use"],
        ),
        (
            "Police forces stopped and disarmed an IS car bomb before it could detonate.",
            ["Disrupted weapons use"],
        ),
        (
            "IS militants fired mortar rounds at the army base.",
            ["Shelling/artillery/missile attack"],
        ),
        (
            "Security forces jailed 60 men they suspect were plotting to launch attacks.",
            ["Arrests"],
        ),
        ("IS militants attacked the village, clashing with security forces.", ["Armed clash"]),
        ("Demonstrators used iron barriers to cut off the main roads.", ["Violent demonstration"]),
        ("Turkish forces carried out UAV strikes on PKK positions.", ["Air/drone strike"]),
        (
            "5 demonstrators were killed, 160 wounded and 6 arrested in clashes with police.",
            ["Violent demonstration"],
        ),
        (
            "Skirmishes between police and demonstrators were reported near the square.",
            ["Violent demonstration"],
        ),
        ("The council building was stormed by demonstrators.", ["Violent demonstration"]),
        (
            "Protesters formed a human wall to prevent any clashes with police forces.",
            ["Peaceful protest"],
        ),
    ],
)
def test_stored_weapons_plots_and_new_phrasings(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Four policemen were wounded in a grenade explosion near the market on Monday "
            "during clashes with separatists.",
            ["Grenade"],
        ),
        (
            "Mortar shells hit the refugee camp amid heavy fighting between the army and rebels.",
            ["Shelling/artillery/missile attack"],
        ),
        ("Two soldiers were killed during clashes with rebels near the town.", ["Armed clash"]),
    ],
)
def test_a_clash_told_as_the_setting_gives_way_to_the_weapon(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebel fighters seized the border post on Friday following the withdrawal of army units.",
        "Militants took over the district centre after government troops pulled out of it.",
        "Opposition fighters entered the village at dawn and did not encounter any resistance.",
    ],
)
def test_a_place_taken_after_its_holders_left_is_a_non_violent_transfer(
    rules: EventRules, sentence: str
) -> None:
    assert kinds(rules, sentence) == ["Non-violent transfer of territory"]


def test_a_place_taken_in_fighting_stays_a_takeover(rules: EventRules) -> None:
    sentence = "Government forces recaptured the town after two days of heavy fighting."
    assert kinds(rules, sentence) == ["Government regains territory"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands rallied in the square, and some demonstrators turned violent near the bridge.",
        "Students kept the campus gates shut as violence increased during the demonstrations.",
        "Fires were set at several intersections as the protest went on into the night.",
        "Hundreds of demonstrators marched through the old city on the second day of protests "
        "and attempted to storm the governor's office.",
        "Hundreds of protesters rallied against the fuel price rise on Saturday and were "
        "involved in clashes in several cities.",
    ],
)
def test_a_crowd_s_own_violence_makes_a_violent_demonstration(
    rules: EventRules, sentence: str
) -> None:
    assert kinds(rules, sentence) == ["Violent demonstration"]


def test_a_protest_denouncing_clashes_is_peaceful(rules: EventRules) -> None:
    sentence = "Protesters gathered in the capital to denounce the clashes in the north."
    assert kinds(rules, sentence) == ["Peaceful protest"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Insurgents attacked at dawn and overran two army checkpoints on the highway.",
        "After hours of fighting the rebels captured several forward positions of the army.",
        "Government troops retook positions they had lost the day before.",
    ],
)
def test_positions_taken_in_a_fight_are_a_clash_not_territory(
    rules: EventRules, sentence: str
) -> None:
    assert kinds(rules, sentence) == ["Armed clash"]


def test_a_town_taken_is_still_territory(rules: EventRules) -> None:
    assert kinds(rules, "Rebels captured the town of Kidal on Sunday.") == [
        "Non-state actor overtakes territory"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "A rocket-propelled grenade struck the mayor's car outside the town hall.",
            ["Shelling/artillery/missile attack"],
        ),
        (
            "Gunmen fired RPGs at a police convoy near the border.",
            ["Shelling/artillery/missile attack"],
        ),
        ("A man threw a hand grenade into the crowded market.", ["Grenade"]),
    ],
)
def test_a_grenade_is_hand_thrown_and_an_rpg_a_rocket(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Police deployed extra units around the parliament in anticipation of more "
            "demonstrations after Friday prayers.",
            ["Change to group/activity"],
        ),
        (
            "Security forces arrested dozens of opposition activists ahead of planned protests "
            "on the anniversary.",
            ["Arrests"],
        ),
    ],
)
def test_an_awaited_protest_is_no_event(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


def test_missiles_fired_by_jets_are_an_air_strike(rules: EventRules) -> None:
    sentence = "Two missiles were fired at the depot in an overnight attack by Israeli jets."
    assert kinds(rules, sentence) == ["Air/drone strike"]


def test_demining_is_disrupted_weapons_use(rules: EventRules) -> None:
    sentence = "Army engineers have cleared more than 12,000 landmines in the province this year."
    assert kinds(rules, sentence) == ["Disrupted weapons use"]


def test_a_comma_inside_a_figure_does_not_end_the_clause(rules: EventRules) -> None:
    # the cue "seized" is still before "rockets" though "1,200" has a comma
    sentence = "Police seized 1,200 rockets in a warehouse near the port."
    assert "Shelling/artillery/missile attack" not in kinds(rules, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Rebel fighters attacked army troops near the village, triggering violent clashes "
            "between the two sides.",
            ["Armed clash"],
        ),
        (
            "Demonstrators reached the bridge after a night of violent altercations.",
            ["Violent demonstration"],
        ),
    ],
)
def test_violent_clashes_are_a_riot_only_with_a_crowd(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


def test_unrest_told_as_the_setting_gives_way_to_the_police_violence(rules: EventRules) -> None:
    sentence = (
        "Four people were killed after police opened fire on protesters in the port city, "
        "as weeks of unrest continued."
    )
    assert kinds(rules, sentence) == ["Excessive force against protesters"]


def test_checkpoints_taken_over_are_a_handover_not_a_clash(rules: EventRules) -> None:
    sentence = "Kurdish police took over those checkpoints on Saturday evening."
    assert kinds(rules, sentence) == ["Non-violent transfer of territory"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Security forces backed by the air force killed 6 militants in the desert west of Rutba.",
        "The army said it killed 12 insurgents in air and ground operations in the district.",
        "Four rebels were killed by troops using airstrikes and ground commandos.",
    ],
)
def test_air_support_of_a_ground_operation_is_a_clash(rules: EventRules, sentence: str) -> None:
    assert "Air/drone strike" not in kinds(rules, sentence)


def test_a_ground_and_air_operation_is_a_clash(rules: EventRules) -> None:
    sentence = "Four rebels were killed by troops using airstrikes and ground commandos."
    assert kinds(rules, sentence) == ["Armed clash"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Troops opened fire on protestors outside the governor's office, killing three.",
        "One man was killed and dozens hurt in police attacks against peaceful protestors.",
    ],
)
def test_protestors_spelled_either_way_meet_excessive_force(
    rules: EventRules, sentence: str
) -> None:
    assert kinds(rules, sentence) == ["Excessive force against protesters"]


def test_the_month_of_march_is_no_march(rules: EventRules) -> None:
    sentence = "The two governments began talks in March to settle the border dispute."
    assert "Peaceful protest" not in kinds(rules, sentence)
    assert kinds(rules, "Thousands marched through the capital on Sunday.") == ["Peaceful protest"]


def test_arrests_made_as_a_crowd_protests_are_an_intervention(rules: EventRules) -> None:
    sentence = (
        "Police arrested more than 60 people as opposition supporters staged sit-ins in the "
        "capital on Friday."
    )
    assert kinds(rules, sentence) == ["Protest with intervention"]


def test_a_fighting_vehicle_is_no_fighting(rules: EventRules) -> None:
    sentence = "The convoy of armoured fighting vehicles drove north on Tuesday."
    assert "Armed clash" not in kinds(rules, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Army units foiled an insurgent attack on the checkpoint and killed 3 fighters.",
            ["Armed clash"],
        ),
        ("Police foiled a suicide bomb attack on a church in the city.", ["Disrupted weapons use"]),
    ],
)
def test_an_attack_foiled_in_the_field_is_a_clash_a_bomb_foiled_is_not(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Two students were shot and wounded on their way home from the protests in Kut.",
            ["Attack"],
        ),
        ("A journalist was killed after leaving the protests in Hilla.", ["Attack"]),
        ("Hundreds of teachers took part in protests in Kut on Monday.", ["Peaceful protest"]),
    ],
)
def test_the_protest_someone_came_from_is_the_setting(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Turkish air forces killed 3 PKK militants in the Zap region.", ["Air/drone strike"]),
        ("Two drones killed four fighters of the group near the border.", ["Air/drone strike"]),
        ("Ground and air forces killed 3 PKK fighters in the Zap region.", ["Armed clash"]),
    ],
)
def test_aircraft_that_kill_strike_from_the_air(
    rules: EventRules, sentence: str, expected: list[str]
) -> None:
    assert kinds(rules, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Twelve people were killed when an illegal fireworks warehouse exploded in the north.",
        "A series of explosions tore through an industrial park, killing 30 workers.",
    ],
)
def test_industrial_explosions_are_accidents(rules: EventRules, sentence: str) -> None:
    assert kinds(rules, sentence) == []
