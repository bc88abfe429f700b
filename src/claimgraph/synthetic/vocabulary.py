"""The words of the made-up world: syllables for names, propositions, sentence frames, months.

Names are built from syllables so that nothing generated names a real actor, place or
authority; the propositions are templates filled with those made-up names.
"""

from __future__ import annotations

SYLLABLES = (  # noqa: SIM905
    "ar ba cor da el fen gar hal ir jon ka lor men nor ost par quin ra sel tor ul var wen "
    "xan yor zel bri cal dor es fa gil hon is ke lan mir nev ol pen ros sar tin ur vel"
).split()
ACCENTED = ("Zoë", "Ünal", "Sélim", "Ågot", "Čeněk", "Niño")
FIRST_NAMES = (  # noqa: SIM905
    "Ada Bram Cora Dario Elin Faro Gita Hugo Iva Jora Kemal Lina Milo Nora Omar Pia Rafi Sena "
    "Tarik Una Vera Yusuf Zara"
).split()

PROPOSITIONS = (
    "the {place} has been closed to all traffic",
    "the talks on {topic} have ended without result",
    "{polity} has withdrawn every unit from the {place}",
    "the {event} was agreed by all parties",
    "humanitarian convoys reach the {place} every day",
    "the population of the {place} left of its own free will",
    "the {event} never took place",
    "{polity} has complied with every obligation on {topic}",
    "the dispute over {topic} has been settled for good",
    "no civilian was harmed during the {event}",
    "the border near the {place} is open to every traveller",
    "international observers are welcome in the {place}",
    "the question of {topic} is an internal matter of {polity}",
    "the {event} was a response to provocations",
    "electricity and gas supplies to the {place} were never cut",
)
DIRECT = (
    "We are convinced that {prop}.",
    "The Ministry states once again that {prop}.",
    "We remind the international community that {prop}.",
    "Let us emphasise that {prop}.",
    "It is well known that {prop}.",
)
DIRECT_ACTS = {
    "We are convinced that": "Conviction",
    "The Ministry states once again that": "Assertion",
    "We remind the international community that": "Reminder",
    "Let us emphasise that": "Emphasis",
    "It is well known that": "Assertion",
}
CITATION_VERBS = ("noted in", "stated in", "recalled in", "set out in")
FRAMINGS = ("a question of security", "a purely technical matter", "an act of goodwill")

MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()
