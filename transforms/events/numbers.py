"""Numbers in conflict reporting: fatalities counted ACLED's way, and event days.

Pure module.

Fatalities: the conservative reported figure of people killed in the event the sentence
reports. "at least 64" = 64, "more than 22" = 22, "tens" = 10, "dozens" = 12, "hundreds" =
100; "almost/nearly 20" states no figure (None); injured are not dead; a breakdown
("21 civilians, 32 rebels and 11 soldiers were killed") sums to one count, while
"including 5 children" is part of the count it follows. Not fatalities: cumulative tolls
("a conflict which has killed 80,000 people", "60,000 dead since March 2011"), detainee or
refugee counts, years, ages, distances.

Event days: an explicit date in the sentence wins; otherwise a relative day ("on
Wednesday", "late on Tuesday", "yesterday", "overnight", "in the past 24 hours") counted back
from the publication time; otherwise the publication day. No publication time and no
explicit date: None, never today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from transforms.events.gazetteer import MONTH_ABBREVIATIONS
from transforms.text.dates import find_dates

_UNITS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "single": 1}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
# Vague quantities ACLED turns into figures (codebook: the lowest number the word implies).
_VAGUE = {"tens": 10, "dozens": 12, "a dozen": 12, "scores": 20, "hundreds": 100,
          "a hundred": 100, "thousands": 1000}

_WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
                r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
                r"|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|dozens|tens|scores|hundreds|a hundred|thousands)")
NUMBER = rf"\b(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})(?: (?:hundred|thousand))?"

_APPROX_DROP = r"(?:almost|nearly|close to|just under|up to|as many as)"
_LOWER_BOUND = r"(?:at least|more than|over|upwards of|in excess of|a minimum of|about|around|approximately|some|roughly|an estimated|estimated|reportedly|all)"

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTH = rf"(?:{'|'.join(_MONTH_NAMES)})"
VICTIM = (r"(?:people|persons|civilians?|soldiers?|troops|servicem[ae]n|police(?:men|man| officers?)?|officers?|"
          r"rebels?|militants?|insurgents?|fighters?|jihadists?|gunmen|attackers|assailants|militiamen|members|"
          r"villagers|residents|farmers|herders|children|women|men|others|protesters|demonstrators|suspect|"
          r"adults|elderly|minors|infants|babies|teenagers|youths|boys|girls|combatants|"
          r"students|workers|worshippers|passengers|pilgrims|guards|security (?:forces|personnel|officers?)|"
          r"suspects|persons|person|individuals|victims|hostages|detainees|prisoners|captives|terrorists|extremists|"
          r"bandits|pirates|"
          rf"(?:(?!{_MONTH}\b)[a-z][\w'-]* ){{0,2}}(?:soldiers|fighters|militants|members|personnel|civilians|troops|people|suspects|forces|bystanders|"
          rf"guards|officers|policemen|workers|terrorists))")
# (an adverb between: "were summarily executed", "were brutally killed")
_DEATH_AFTER = r"(?:(?:were|was|have been|had been|are|being|got)\s+)?(?:(?:reportedly|reported|confirmed|believed|[a-z]+ly)\s+)?(?:killed|dead|died|slain|shot dead|murdered|executed|massacred|beheaded|lost their lives|perished|burned to death|were killed)"

_KILLED_N = re.compile(
    rf"(?:(?:killing|killed|kills|kill) and (?:beheading|beheaded|burning|burned|burnt|mutilating|mutilated|"
    rf"dismembering|dismembered|decapitating|decapitated)|killing|killed|kills|kill|(?:the )?(?:deaths?|killings?) of|leaving|left|(?:hacked|beat(?:en|ing)?|burned|burnt|stoned|clubbed) to death|claimed the lives of|claiming the lives of|(?:death )?toll\b[^.;]{{0,60}}?\b(?:rose to|rises to|climbed to|climbs to|has risen to|increases to|increased to|reached|reaches|stood at|stands at|of|at)|massacred|executed|shot dead|gunned down|murdered|lynched(?: to death)?|slew|slaughtered)\s+"
    rf"(?:(?P<mod1>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n1>{NUMBER})\b")
# Words between the counted group and the verb ("22 people in opposition-held areas were
# killed", "five civilians, three of them women, who died"), never across an injury word.
# ("two gunmen stormed the post and one of the attackers was killed": a new subject, its own count)
_BETWEEN = (r"(?:(?:(?!wounded|injured|hurt|arrested|detained|abducted|kidnapped|rescued|displaced|"
            r"and (?:one|another|an?) )[^.;:]){0,70}?\s)?")
_N_KILLED = re.compile(
    rf"(?:(?P<mod2>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n2>{NUMBER})\s+(?:of (?:them|whom|the [\w-]+|those [\w-]+) )?(?:{VICTIM}\b{_BETWEEN}(?:who |that )?|(?=were|was|have|had|are|died|dead))"
    rf"{_DEATH_AFTER}\b",
    )
# One person, as reports name the dead one by one.
_PERSON = (r"(?:man|woman|boy|girl|child|baby|infant|toddler|teenager|teen|youth|civilian|soldier|policeman|"
           r"policewoman|police officer|officer|farmer|herder|herdsman|fisherman|villager|resident|student|pupil|"
           r"teacher|journalist|reporter|worker|trader|merchant|vendor|shopkeeper|businessman|businesswoman|driver|"
           r"pastor|priest|imam|cleric|bishop|monk|chief|elder|fighter|militant|rebel|member|person|commander|"
           r"leader|guard|bodyguard|watchman|motorcyclist|passenger|suspect|thief|robber|criminal|bandit|"
           r"kidnapper|gunman|assailant|attacker|militiaman|insurgent|jihadist|combatant|operative|informant|"
           r"courier|official|mayor|governor|councillor|councilor|lawmaker|politician|activist|candidate|"
           r"supporter|chairman|chairwoman|secretary|executive|captain|sergeant|colonel|general|lieutenant|"
           r"constable|inspector|agent|employee|volunteer|peacekeeper|judge|prosecutor|lawyer|doctor|nurse|"
           r"prisoner|inmate|detainee|hostage|victim|husband|wife|son|daughter|father|mother|brother|sister|"
           r"relative|neighbou?r|customer|miner|hunter|rustler|protester|demonstrator|pilgrim|paramedic|medic|"
           r"rescuer|bystander|passerby|passer-by|pedestrian|shepherd|mechanic|chieftain|porter|labou?rer|"
           r"assistant|aide|deputy|escort|companion|colleague|friend|cousin|nephew|niece|uncle|aunt|grandson|"
           r"granddaughter|grandfather|grandmother|clerk|rider|seller|headmaster|headteacher|(?:\d+[- ])?year-old|"
           r"head(?=\s+of\s+(?!cattle|livestock|goats?|sheep|cows?|camels?|donkeys?|animals)))")
# A person told by an agent noun the list above lacks ("a shepherd", "a mechanic", "a rioter").
_PERSONISH = rf"(?:{_PERSON}|[a-z]+(?:er|or|ist|ian|ant))"
_ONE_KILLED = re.compile(
    rf"(?:kill(?:ed|ing)|shot dead|gunned down|murdered|executed|beheaded|lynched|stabbed to death|beat(?:en)? to death|"
    rf"hacked to death|burned to death|stoned to death|assassinated)\s+"
    rf"(?:a|an|one)\s+(?!number|few|dozen|lot|total|group|score|couple|series)(?:[\w-]+\s+){{0,4}}?(?:{_PERSON}|[a-z]+(?:er|or|ist|ian|ant|ent))\b"
    rf"|\b(?:beat(?:ing)?|hack(?:ed|ing)|burn(?:ed|ing)|ston(?:ed|ing)) (?:one|a man|a woman|a boy|a girl) (?:[\w-]+ ){{0,3}}to death"
    rf"|\bone (?:[\w-]+ ){{0,6}}(?:died|was killed|was shot dead)"
    # "one of the assailants killed", "one of them died"
    rf"|\bone of (?:the|them|their|his|its)\b(?:\s+[\w-]+){{0,3}}?\s+(?:was\s+)?(?:killed|died|dead|shot dead)\b"
    # "a rioter died", "one student was hit by a stray bullet and died"
    rf"|\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_PERSONISH}\s+(?:(?:later|also|then|subsequently)\s+)?(?:died|dies)\b"
    # "One person stabbed to death" (a headline's reduced passive)
    rf"|\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON}\s+(?:was\s+)?(?:stabbed|hacked|beaten|burned|burnt|stoned|clubbed) to death\b"
    rf"|\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_PERSONISH}\b[^.;,]{{0,60}}?\band (?:later |subsequently )?died\b"
    # "a drug suspect was wounded and a police officer killed during a shootout"
    rf"|\band (?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON}\s+killed(?=\s+(?:in|at|on|during|when|while|after|by|near)\b|\s*[,.;]|\s*$)"
    rf"|\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON}\s+(?:was|has been|had been)\s+(?:reportedly\s+)?(?:killed|shot dead|murdered|executed|beheaded|lynched)",
    )
_KILL_VERB = (r"(?:shot and killed|shot dead|killed|murdered|executed|beheaded|lynched|massacred|gunned down|"
              r"fatally (?:shot|stabbed|wounded|injured|hit|struck|lynched)|"
              r"slain|assassinated|found dead|stabbed dead|strangled(?: to death)?|"
              r"(?:burn(?:ed|t)|beaten|hacked|stabbed|stoned|clubbed|crushed|trampled) to death)")
# A counted group of any words told killed: "four Al-Shabaab members were killed", "three
# drug suspects were shot and killed". Its words are never an injury, a month, a number, a
# clause's first word or a modal ("ten people could die").
_GROUP_WORD = (rf"(?!(?:{_MONTH}|wounded|injured|hurt|arrested|detained|abducted|kidnapped|rescued|shot|including|"
               r"and|or|after|before|when|while|because|following|since|until|where|who|which|that|"
               r"will|would|could|can|may|might|must|to)\b)[a-z][\w'.-]*")
_N_WERE_KILLED = re.compile(
    rf"(?:(?P<mod4>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n4>{NUMBER})(?:\s+{_GROUP_WORD}){{0,4}}?"
    rf"(?:,? including [^,.;]{{1,100}},?)?\s+(?:(?:were|have been|had been|are|got)\s+(?:(?:reportedly|allegedly|later|also|all|subsequently|confirmed|reported)\s+){{0,2}}"
    rf"{_KILL_VERB}|(?:(?:have|had|also|later|all)\s+)?(?:died|die)\b(?! down| out| of (?:natural|old)))\b")
# "the army lost two soldiers", "... and lose one soldier in a gun battle"
_LOST_N = re.compile(rf"\b(?:lost|lose|loses|losing)\s+(?:(?P<mod7>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n7>{NUMBER})\s+"
                     rf"(?:of (?:its|their) (?:own )?)?{VICTIM}\b")
# "..., bringing the death toll in Lebanon to 66": a running total told after the event's own
# count, which stands
_RUNNING_TOTAL = re.compile(r",?\s+(?:bringing|raising|taking|pushing|lifting)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                            r"(?:death\s+|casualty\s+)?(?:toll|tally|number of (?:dead|deaths))\b.*$", re.IGNORECASE | re.DOTALL)
# "police shot six of the robbers dead"
_SHOT_N_DEAD = re.compile(rf"\bshot (?P<n6>{NUMBER})\s+(?:of (?:the|them)\s+)?(?:{_GROUP_WORD}\s+){{0,3}}?dead\b")
# "2 kamikazes dead", "5 Boko Haram fighters killed": a count a word or two before its death.
_N_WORDS_DEAD = re.compile(rf"(?:(?P<mod5>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n5>{NUMBER})\s+(?:(?!of\b){_GROUP_WORD}\s+){{1,2}}?(?:dead|killed)\b")
_N_DEAD = re.compile(
    rf"(?:(?P<mod3>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n3>{NUMBER})\s+(?:dead|deaths|fatalities|bodies|corpses|killed|people dead|lives"
    rf"|(?:fatality|death)(?! (?:threat|sentence|penalty|squad|toll|row|march|certificate|warrant)))\b",
    )
# "Police recovered the bodies of five men": the dead counted after their bodies.
_BODIES_OF_N = re.compile(rf"\b(?:bodies|corpses)\s+of\s+(?:(?P<mod8>{_LOWER_BOUND}|{_APPROX_DROP})\s+)?(?P<n8>{NUMBER})\b")
# "21 civilians, 32 rebels and 11 soldiers have been killed": a list of counted groups.
_BREAKDOWN = re.compile(
    rf"(?P<list>(?:{NUMBER}\s+{VICTIM}\s*(?:,\s*|\s+and\s+|,\s+and\s+)){{1,6}}{NUMBER}\s+{VICTIM})\s+{_DEATH_AFTER}",
    )
_BREAKDOWN_AFTER = re.compile(
    rf"(?:killed|killing|dead|died)\b[^.;]{{0,60}}?:\s*(?P<list>(?:{NUMBER}\s+{VICTIM}\s*(?:,\s*|\s+and\s+|,\s+and\s+)){{1,6}}{NUMBER}\s+{VICTIM})",
    )
_COUNTED = re.compile(rf"(?P<n>{NUMBER})\s+{VICTIM}")
# The same list of groups of any words ("six Pakistan Army soldiers and 22 Tehreek-e-Taliban
# militants are killed"), told killed after it.
_GROUP = rf"(?:{_LOWER_BOUND}\s+)?{NUMBER}\s+(?!of\b)(?:{_GROUP_WORD}\s+){{0,5}}?{_GROUP_WORD}"  # "one of them" is a part
_GROUPS_KILLED = re.compile(
    rf"(?P<list>(?:{_GROUP}\s*(?:,\s*|\s+and\s+|,\s+and\s+)){{1,6}}{_GROUP})\s+(?:(?:were|was|are|is|have been|had been|got)\s+"
    rf"(?:(?:reportedly|allegedly|also|all|confirmed|reported)\s+)?{_KILL_VERB}|(?:(?:have|had|all)\s+)?(?:die|died))\b")
_COUNTED_GROUP = re.compile(rf"(?P<n>{NUMBER})\s+(?:{_GROUP_WORD}\s+){{0,5}}?{_GROUP_WORD}\b(?=\s*(?:,|\band\b|$))")

# A toll since the start of a war, or over months and years, is not one event's count.
_CUMULATIVE = re.compile(
    r"\b(?:since (?:(?:early |late |mid-?)?(?:january|february|march|april|may|june|july|august|september|october|november|december|\d{4})"
    r"|the (?:start|beginning|outbreak|onset) of|it (?:began|started|erupted)|then|independence)"
    r"|(?:conflict|war|civil war|uprising|revolt|revolution|insurgency|violence|crisis|fighting|bloodshed|campaign)"
    r"[^.;]{0,60}\b(?:has|have|had|which has|that has|that have)\s+(?:so far |now |already )?(?:killed|left|claimed|cost)"
    r"|(?:killed|dead|died|lives)\b[^.;]{0,40}\b(?:since|so far|to date|in total|overall|altogether|this year|last year|"
    r"over the (?:past|last) (?:\w+ )?(?:years?|months?|decades?)|in (?:nearly |almost |more than |over )?(?:\w+ )?(?:years?|months?|decades?))"
    r"|toll\b[^.;]{0,60}\b(?:reached|rose to|climbed to|stood at|hit)\b[^.;]{0,60}\b(?:straight|consecutive|successive) (?:days?|weeks?|months?)"
    r"|(?:killed|died)\b[^.;]{0,30}\bduring the (?:[\w-]+ ){0,2}(?:war|conflict|uprising|genocide|occupation|insurgency)"
    r"|death toll (?:in|from|of) the (?:[\w-]+ ){0,3}(?:war|conflict|uprising|crisis|insurgency|revolution)|(?:total|overall|cumulative) (?:death )?toll"
    r"|according to UN figures|UN figures"
    # "the ongoing military operations left at least 746 people dead": a running total
    r"|\bthe ongoing (?:[\w-]+ ){0,2}(?:operations?|offensive|fighting|clashes|siege|conflict|war|campaign)\b"
    r"[^.;]{0,40}\b(?:left|killed|claimed)"
    # a claim over several days sums several events: "over the past several days ... killed dozens"
    r"|(?:over|in|during) the (?:past|last) (?:several |few |couple of |two |three |four |five |\d+ )?(?:days|weeks)"
    r"|in recent (?:days|weeks))\b",
    re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200"), number words ("twenty-one") or vague quantities."""
    t = " ".join(text.lower().replace("-", " ").split())
    scale = 1
    for word, factor in ((" thousand", 1000), (" hundred", 100)):
        if t.endswith(word) and t not in _VAGUE:
            t, scale = t[: -len(word)], factor
    if t in _VAGUE:
        return _VAGUE[t] * scale if scale == 1 else _VAGUE[t]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", "")) * scale
    if t in _UNITS:
        return _UNITS[t] * scale
    parts = t.split()
    if parts and parts[0] in _TENS:
        value = _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
        return value * scale
    return None


def _count(number: str, modifier: str | None) -> int | None:
    if modifier and re.fullmatch(_APPROX_DROP, modifier.lower()):
        return None  # "almost 20" is not 20: no figure stated
    value = parse_number(number)
    if value is None or (1900 <= value <= 2100 and re.fullmatch(r"\d{4}", number)):
        return None  # a year, not a count
    return value


def _sum_list(text: str) -> int | None:
    values = [parse_number(m.group("n")) for m in _COUNTED.finditer(text)]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


_RECENT_START = re.compile(r"since the (?:launch|start|beginning) of (?:the|an|their|its) "
                           r"(?:offensive|operation|assault|attack|raid)", re.IGNORECASE)


# "the deadliest attack since 2014", "the first ... since 1993", "a second attack since May": the
# event is ranked against the past, not a toll summed over it.
_RANKED = re.compile(r"\b(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)|deadliest|worst|largest|biggest|"
                     r"heaviest|bloodiest|fiercest|highest|longest|most|record)\b[^;,]{0,50}$", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


def is_cumulative(sentence: str) -> bool:
    """Does the sentence state a toll accumulated over a war or months (not one event)?"""
    s = _RUNNING_TOTAL.sub("", " ".join(sentence.split()))
    if _RECENT_START.search(s):
        return False
    for m in _CUMULATIVE.finditer(s):
        since = _SINCE.search(m.group(0))
        # "since 2012" tells a toll only with deaths told ("held captive since 2012" tells
        # none), and not after a ranking ("the first soldier killed there since 1993")
        if since and ((since.start() == 0 and not _DEATH_WORD.search(s.lower()))
                      or _RANKED.search(s[:m.start() + since.start()])):
            continue
        return True
    return False


_DEATH_WORD = re.compile(r"kill|dead|die|death|slain|murder|execut|massacr|behead|perish|assassinat|succumb|fatally|alive|"
                         r"lives|toll|bod(?:y|ies)|corpse|fatalit|gunned down|slaughter|slew|lynch",
                         )


_NO_CASUALTIES = re.compile(
    r"\b(?:no (?:casualties|fatalities|deaths|injuries|one was (?:killed|hurt|injured))|nobody was (?:hurt|killed|injured)|"
    r"no one was (?:hurt|killed|injured)|without (?:causing )?casualties|caused no casualties|there were no casualties)\b",
    )
# "killing 40 children and 11 adults": groups counted after the verb.
_KILLED_LIST = re.compile(
    rf"(?:killing|killed|left dead|(?:the )?deaths? of|claim(?:ed|ing|s) the lives of)\s+(?P<list>(?:{NUMBER}\s+{VICTIM}\s*(?:,\s*|\s+and\s+|,\s+and\s+)){{1,6}}{NUMBER}\s+{VICTIM})",
    )


# Whose death a count is not: animals ("killed 120 cattle"), and a death told as the cause
# of this event ("accused of killing two people", "tried to kill").
_ANIMALS = re.compile(r"\s*(?:heads? of |of (?:their|his|her|the) )?(?<![\w-])(?:cattle|cows?|livestock|goats?|sheep|camels?|donkeys?|"
                      r"dogs?|animals?|pigs?|chickens?|horses?|oxen|bulls?|elephants?|lions?|rhinos?|whales?|dolphins?|birds?|"
                      r"fish|deer|wolves|bears?|seals?|sharks?|poultry|hippos?|gorillas?)\b")
_ALLEGED = re.compile(r"\b(?:accused|suspected|alleged|for|of|to|nearly|almost|will|would|could|might|may)\s+(?:allegedly\s+|reportedly\s+)?"
                      r"(?:of\s+|to\s+have\s+|having\s+)?$")
# "students protested against violent clashes that killed four students last month": the deaths
# protested, not the protest's
_PROTESTED = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march\w*)\s+(?:against|over)\b[^.;]{0,60}"
                        r"\b(?:that|which)\s+(?:had\s+|have\s+)?$")
# A death the sentence gives as the cause of what it tells ("protested after a student was
# killed", "following the murder of a teacher"): not this event's.
# (the act of protesting, not its protesters: "fired at the protesters, killing a victim")
_CAUSE = re.compile(r"\b(?:after|following|over|against|protest(?:s|ed|ing)?|demonstrat(?:e|es|ed|ing|ions?)|"
                    r"decr[iy]\w*|condemn\w*|"
                    r"justice for|accused of|suspected of|held for)\b")
# "16 protesters killed or injured": casualties, not deaths.
_OR_HURT = re.compile(r"(?:\s+[\w'-]+){0,3}?\s+or\s+(?:injured|wounded|hurt)\b")
# "between 19 and 30 people", "7-15 policemen": the lower figure.
_RANGE_BEFORE = re.compile(rf"(?P<low>{NUMBER})\s*(?:and|to|or|-)\s*$")
_CAUSED_BY = re.compile(r"\b(?:after|following)\s+(?:[\w'-]+\s+){1,3}$")
# A part of the count ("14 militants including a leader and two lieutenants were killed",
# "one of the two suspects died") is not the count.
_PART = re.compile(r"(?:\bincluding\b(?:(?!\b(?:killed|died|dead|wounded|injured)\b)[^.;,]){0,40}|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|some|all|"
                   r"most|both|none|each|many|several|dozens|hundreds) of (?:the |them |whom )?)$")
# "four men shot dead a priest": the counted group did the killing.
_ACTIVE_OBJECT = re.compile(rf"\s+(?:a|an|the|his|her|their|its|{NUMBER})\b")
_PASSIVE = re.compile(r"\b(?:were|was|been|being|are|is)\b")
# "who was assassinated in 1987": a death years before, told as background.
_YEARS_AGO = re.compile(r"\s+in\s+(?:19|20)\d\d\b")
# One death told without a number ("a drug suspect was shot dead", "gunmen killed the deputy
# mayor", "the bomber killed himself"): 1 when the sentence states no count.
_SOMEONE_KILLED = re.compile(
    rf"\b(?:was|is|has been|had been)\s+(?:(?:reportedly|allegedly|later|also|subsequently|fatally|instantly|brutally)\s+){{0,2}}"
    rf"(?:(?:hit|shot|struck|stabbed|attacked|abducted|kidnapped|tortured|wounded|injured|knocked down|run over)\s+and\s+)?{_KILL_VERB}\b"
    rf"|\b(?:kill(?:s|ed|ing)?|shot dead|shot and killed|gunned down|murdered|executed|beheaded|lynched(?: to death)?|assassinated|"
    rf"fatally (?:shot|stabbed|lynched|attacked|beat)(?: and [a-z]+)?|"
    rf"(?:beat|burn(?:ed|t)|hacked|stabbed|stoned) to death)\s+(?:a|an|the|one|another|his|her)\s+(?:[a-z][\w'.-]*\s+){{0,4}}?{_PERSON}\b"
    # "opened fire on the officer's car and killed him": one person, where the clause ends
    rf"|\b(?:kill(?:s|ed|ing)|shot dead|shot and killed|gunned down|murdered|executed|beheaded|lynched|assassinated|strangled)\s+"
    rf"(?:him|her)(?=\s*(?:[,.;:)]|$)|\s+(?:and|in|at|on|near|during|when|while|after|before|as|with|inside|outside|from|"
    rf"instantly|outright|immediately|on the spot)\b)|\b(?:shot|shooting) (?:him|her) dead\b"
    # "The village chief died a week later", "Later, he died in hospital", "the body of a
    # protester was found": one death, where the sentence counts none
    rf"|\b(?:the|he|she)\s+(?:(?:[a-z][\w'.-]*\s+){{0,3}}?{_PERSONISH}\s+)?(?:(?:later|also|then|subsequently)\s+)?(?:died|dies)\b"
    rf"(?! of (?:natural|old|cancer|illness|disease|covid|a heart))"
    rf"|\bthe body of (?:a|an|one)\s+(?:[a-z][\w'.-]*\s+){{0,3}}?{_PERSON}\b"
    # a headline's bare noun: "Ethiopian troops kill man", "FAMa and Wagner killed Quranic teacher"
    rf"|\b(?:kill(?:s|ed)?|shot dead|gunned down|murdered|executed)\s+(?!(?:a|an|the|one|another|his|her|their|its|"
    rf"two|three|four|five|several|many|some|dozens|scores|hundreds|all|both)\b)(?:[a-z][\w'-]*\s+){{0,2}}?{_PERSON}\b(?!['-])"
    # "the victim succumbed to his wounds two days later"
    rf"|\b(?:succumbed|died) (?:to|from|of) (?:his|her) (?:wounds|injuries)"
    rf"|\b(?:a|an|one|another)\s+(?:[a-z][\w'.-]*\s+){{0,4}}?{_PERSON}\s+(?:(?:later|also|then)\s+)?died\b"
    rf"|\b(?:beat|burn(?:ed|t)|hacked|stabbed|stoned|clubbed|lynched) (?:a|an|one|the)\s+(?:[\w'-]+\s+){{0,4}}?to death\b"
    rf"|\b(?:killed|killing) (?:himself|herself)\b")
# People named one by one and counted together: "killing a mother and her son" (2), "the doctor
# and two bystanders were killed" (3). Each item is a counted group or one person.
_ITEM_WORD = rf"(?!(?:are|were|is|was|be|been|being|have|has|had|made|left|remain\w*|missing)\b){_GROUP_WORD}"
_ONE_PERSON = rf"(?:a|an|the|his|her|their|its|one|another)\s+(?:(?:{_ITEM_WORD}|\d+-year-old)\s+){{0,3}}?{_PERSON}\b"
_PEOPLE = (rf"(?:{_ONE_PERSON}|(?:{_LOWER_BOUND}\s+)?{NUMBER}\s+(?:{_ITEM_WORD}\s+){{0,3}}?{_ITEM_WORD})")
# the last one may share the first's article: "a woman and child", "a boy and middle aged man"
# (its words describe the person: no article, and no verb: "… and injuring another person")
_BARE_PERSON = (r"(?:(?!(?:a|an|the|another|one|his|her|their|its|other)\b)(?!\w+(?:ing|ed)\b(?<!aged))[a-z][\w-]*\s+)"
                rf"{{0,2}}?{_PERSON}\b")
_PEOPLE_LIST = rf"{_PEOPLE}(?:\s*,\s*{_PEOPLE})*,?\s+and\s+(?:{_PEOPLE}|(?P<bare>{_BARE_PERSON}))"
# The list ends where the clause goes on ("floods kill 154 in China and 300,000 are evacuated" is
# no list of the dead).
_LIST_END = r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|at|on|near|during|when|while|after|as|and|with|by|from|inside|outside|across|along|aboard|on board)\b)"
_KILLING_PEOPLE = re.compile(rf"\b(?:kill(?:ing|ed|s)?|shot dead|shot and killed|gunned down|murdered|executed|beheaded|"
                             rf"assassinated|lynched(?: to death)?|(?:hacked|stabbed|beaten|burned|burnt|stoned|clubbed) to death)\s+(?P<list>{_PEOPLE_LIST}){_LIST_END}")
_PEOPLE_WERE_KILLED = re.compile(rf"(?P<list>{_PEOPLE_LIST})\s+(?:(?:were|are|have been|had been)\s+"
                                 rf"(?:(?:reportedly|all|also)\s+)?{_KILL_VERB}|(?:have |had )?(?:die|died))\b")
_PERSON_OR_GROUP = re.compile(rf"{_ONE_PERSON}|(?P<n>{NUMBER})\s+(?:{_ITEM_WORD}\s+){{0,3}}?{_ITEM_WORD}")


def _people_counted(s: str) -> tuple[int, set[str | None]] | None:
    """The sum of people named one by one, each a person or a counted group, told killed, and
    the sides they belong to."""
    for pattern in (_KILLING_PEOPLE, _PEOPLE_WERE_KILLED):
        m = pattern.search(s)
        if m is None or _counted_elsewhere(s, m, "list", pattern is _KILLING_PEOPLE) \
                or _PART.search(s[max(0, m.start() - 50):m.start()]):
            continue
        total, sides = 0, set()
        for item in _PERSON_OR_GROUP.finditer(m.group("list")):
            value = parse_number(item.group("n")) if item.group("n") else 1
            if value is None or _ANIMALS.search(item.group(0)):
                break
            total += value
            sides.add(_side_counted(item.group(0).split(maxsplit=1)[-1]))
        else:
            if m.group("bare") and total:
                total += 1
                sides.add(_side_counted(m.group("bare")))
            return (total, sides) if total else None
    return None


_THEM_KILLED = re.compile(r"\b(?:(?:kill(?:ed|ing)|executed|executing|beheaded|beheading|murdered|murdering)"
                          r"\s+them(?:\s+(?:all|both))?\b(?!\s+and\s+(?:injur|wound))"
                          r"|(?:shot|shooting)\s+them\s+(?:all\s+)?dead"
                          r"|(?:burn(?:ed|t|ing)|lynch(?:ed|ing)|beat(?:ing)?|hack(?:ed|ing)|ston(?:ed|ing))\s+them\s+(?:alive|to death))")
_PLURAL_GROUP = re.compile(rf"(?P<n>{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?[a-z]+(?:s|men|people|children)\b")
_ALSO = re.compile(r"\balso\b")
_ANY_NUMBER = re.compile(NUMBER)
_AND_ONE_MORE = re.compile(rf"(?:,\s*|\s)and\s+(?:(?:a|an|one|another)\s+(?!of\b)(?:[\w-]+\s+){{0,3}}?{_PERSONISH}\s+"
                           rf"(?:was\s+|were\s+)?(?:also\s+)?(?:killed|shot dead|shot and killed|died|slain)\b"
                           rf"|(?:also\s+)?(?:killed|shot dead|murdered)\s+(?:a|an|one|another)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON}\b"
                           rf"|another\s+(?:(?:later|subsequently|also)\s+)?(?:died|was killed|succumbed)\b)")
_BOTH_KILLED = re.compile(r"\b(?:kill(?:ed|ing|s)?|shot dead|shot and killed|gunned down|murdered|executed|beheaded)\s+both\b"
                          r"|\bboth\s+(?:of them\s+|men\s+|women\s+|victims\s+)?(?:were\s+|are\s+)?(?:later\s+)?(?:killed|shot dead|slain|murdered|executed|beheaded|died)\b")
_NOMINAL_DEATH = re.compile(r"(?:the )?(?:deaths?|killings?) of")
_NO_BEFORE = re.compile(r"\bno\s+$")
_NOBODY = re.compile(r"\b(?:no|nobody|none|neither|nor|not)\b[^.;,]{0,40}$")


def _counted_elsewhere(s: str, m: re.Match[str], number_group: str | int, verb_first: bool) -> bool:
    """Is this count of animals, of no one, a part of the event's count, or of deaths the
    event is blamed on rather than its own?"""
    before = s[max(0, m.start() - 50):m.start()]
    if verb_first:  # "accused of killing two", "tried to kill", "protested over the deaths of two"
        return bool(_ANIMALS.match(s, m.end(number_group)) or _ALLEGED.search(before[-40:]) or _OR_HURT.match(s, m.end())
                    or _PROTESTED.search(s[max(0, m.start() - 100):m.start()])
                    or _CAUSED_BY.search(before)  # "killed 17 ... after Israel killed three commanders"
                    or (_NOMINAL_DEATH.match(m.group(0)) and _CAUSE.search(before)))
    return bool(_ANIMALS.match(s, m.end(number_group)) or _PART.search(before)
                or _ANIMALS.search(m.group(0)[m.end(number_group) - m.start():])
                or _OR_HURT.match(s, m.end())
                or _NO_BEFORE.search(before)  # "no one was killed"
                or (not _PASSIVE.search(m.group(0)) and _ACTIVE_OBJECT.match(s, m.end())))


_WORD_OF_GROUP = r"(?:(?!(?:and|or|who|were|was|are|is|in|at|after|while)\b)[\w'-]+\s+)"
_STATE_DEAD = re.compile(rf"^\s*{_WORD_OF_GROUP}{{0,4}}?(?:soldiers?|troops|servicem[ae]n|policem[ae]n|police|officers?|guards?|"
                         r"gendarmes?|army|military|security (?:forces|personnel))\b")
_ARMED_DEAD = re.compile(rf"^\s*(?:of the\s+|of them\s+)?{_WORD_OF_GROUP}{{0,4}}?(?:militants?|rebels?|insurgents?|fighters?|"
                         r"jihadists?|gunm[ae]n|attackers?|assailants?|terrorists?|militiam[ae]n|bandits?|separatists?|(?:suicide )?bombers?|"
                         r"(?:drug )?suspects?|robbers?|kidnappers?|pirates?)\b")


_CIVILIAN_DEAD = re.compile(rf"^\s*{_WORD_OF_GROUP}{{0,3}}?(?:civilians|villagers|passengers|worshippers|children|"
                            r"schoolchildren|pupils|farmers|herders|shepherds|fishermen|traders|women|pilgrims)\b")


def _side_counted(after: str) -> str | None:
    """Whose dead a count tells, from the words after it: "state" (soldiers, police), "armed"
    (militants, rebels, gunmen), "civilian" (villagers, passengers, children: never a fighter),
    or None (people, anyone)."""
    state, armed = _STATE_DEAD.match(after), _ARMED_DEAD.match(after)
    if state and armed:
        return "state" if state.end() < armed.end() else "armed"
    return "state" if state else "armed" if armed else "civilian" if _CIVILIAN_DEAD.match(after) else None


def fatalities(sentence: str) -> tuple[int | None, dict[str, int]]:
    """(total killed, breakdown by group) reported for the sentence's event, or (None, {})."""
    killed, groups, _ = _dead(sentence)
    return killed, dict(groups)


def dead_sides(sentence: str) -> frozenset[str | None]:
    """Whose dead the sentence counts: "state" (soldiers, police), "armed" (militants, rebels,
    gunmen), "civilian" (villagers, passengers …), None (anyone else); empty when it counts none."""
    killed, _, sides = _dead(sentence)
    return frozenset(sides) if killed else frozenset()


_DETERMINER = re.compile(r"\b(?:a|an|one|another|the|his|her)\s")


@lru_cache(maxsize=2048)  # a continuing story asks again of the sentence its count came from
def _dead(sentence: str) -> tuple[int | None, dict[str, int], frozenset[str | None]]:
    """The sentence's count, its breakdown, and the sides its counted dead belong to (shared:
    callers copy before changing)."""
    killed, groups, sides = _count_dead(sentence)
    return killed, groups, frozenset(sides)


def _count_dead(sentence: str) -> tuple[int | None, dict[str, int], set[str | None]]:
    s = _RUNNING_TOTAL.sub("", " ".join(sentence.split())).lower()
    if _NO_CASUALTIES.search(s) and not re.search(r"\b(?:killed|died|dead)\b", s, re.IGNORECASE):
        return 0, {}, set()
    if not _DEATH_WORD.search(s) or is_cumulative(s):
        return None, {}, set()
    for pattern, counted in ((_BREAKDOWN, _COUNTED), (_BREAKDOWN_AFTER, _COUNTED), (_KILLED_LIST, _COUNTED),
                             (_GROUPS_KILLED, _COUNTED_GROUP)):
        m = pattern.search(s)
        if m and not _PART.search(s[max(0, m.start() - 50):m.start()]):
            groups = {}
            for g in counted.finditer(m.group("list")):
                value = parse_number(g.group("n"))
                if value is not None:
                    label = g.group(0)[len(g.group("n")):].strip().lower()
                    groups[label] = groups.get(label, 0) + value
            total = sum(groups.values())
            if total:
                return total, groups, {_side_counted(label) for label in groups}
    if (together := _people_counted(s)) is not None:
        return together[0], {}, together[1]
    best: int | None = None
    smallest: dict[str | None, int] = {}  # each side's smallest count, None for a count of anyone
    also: dict[int, int] = {}  # "... and four members of the PDF were also killed": more dead, by position
    counted_end = 0
    for pattern, n, mod in ((_KILLED_N, "n1", "mod1"), (_N_KILLED, "n2", "mod2"), (_N_DEAD, "n3", "mod3"),
                            (_N_WERE_KILLED, "n4", "mod4"), (_N_WORDS_DEAD, "n5", "mod5"), (_SHOT_N_DEAD, "n6", None),
                            (_LOST_N, "n7", "mod7"), (_BODIES_OF_N, "n8", "mod8")):
        for m in pattern.finditer(s):
            value = _count(m.group(n), m.group(mod) if mod else None)
            if value is None or _counted_elsewhere(s, m, n, pattern is _KILLED_N):
                continue
            if (low := _RANGE_BEFORE.search(s[max(0, m.start(n) - 25):m.start(n)])) and (
                    (low_value := parse_number(low.group("low"))) is not None):
                value = min(value, low_value)
            counted_end = max(counted_end, m.end())
            side = _side_counted(s[m.end(n):m.end(n) + 45])
            told_also = (_ALSO.search(s, max(0, m.start() - 12), m.start()) if pattern is _KILLED_N
                         else _ALSO.search(s, m.end(n), m.end()))
            if told_also and m.start(n) > 0 and not _ANY_NUMBER.search(s, m.end(n), told_also.start()):
                also[m.start(n)] = value
                continue
            # Conservative: the smallest figure stated for the event (e.g. "at least 19 ...
            # 19 soldiers") — and never a count that is only of the injured.
            best = value if best is None else min(best, value)
            smallest[side] = min(smallest.get(side, value), value)
    # "The Taliban kill 22 policemen ... troops who kill 12 of the insurgents": each side's dead,
    # counted apart, add up (ACLED sums an event's dead); a count of anyone keeps the smallest.
    if None not in smallest and len(smallest) >= 2:
        best = sum(smallest.values())
    if also:
        best = (best or 0) + sum(also.values())
    # "one soldier killed, four others wounded, and one assailant was shot and killed"
    if best is not None and _AND_ONE_MORE.search(s, counted_end):
        best += 1
    if best is None and (them := _THEM_KILLED.search(s)) is not None:
        # "captured two suspected thieves and burned them alive", "fired on two others, killing
        # them": the group counted last before the pronoun
        groups = [g for g in _PLURAL_GROUP.finditer(s, 0, them.start()) if not _ANIMALS.match(s, g.end("n"))]
        if groups and (value := parse_number(groups[-1].group("n"))) and not _NOBODY.search(s[max(0, them.start() - 60):them.start()]):
            return value, {}, {_side_counted(s[groups[-1].end("n"):groups[-1].end("n") + 45])}
    if best is None and (both := _BOTH_KILLED.search(s)) and not _NOBODY.search(s[max(0, both.start() - 60):both.start()]):
        return 2, {}, {None}  # "the explosion killed both of them"
    if best is None:  # one death told without a figure, unless "no one was killed"
        for pattern in (_ONE_KILLED, _SOMEONE_KILLED):
            one = pattern.search(s)
            if one and not _NOBODY.search(s[max(0, one.start() - 60):one.start() + 4]) \
                    and not _CAUSE.search(re.split(r"[,;]", s[max(0, one.start() - 50):one.start()])[-1]) \
                    and not _YEARS_AGO.match(s, one.end()) \
                    and not _counted_elsewhere(s, one, 0, True):
                who = _DETERMINER.search(s, one.start(), one.end())  # the one who died
                return 1, {}, {_side_counted(s[who.end():who.end() + 45]) if who else None}
    return best, {}, set(smallest)


# --- event days ----------------------------------------------------------------------------

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(?:(?:late|early)\s+)?(?:on\s+)?(?:(?:late|early)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\b(?:yesterday|overnight|last night|the previous day|the day before|on the eve)\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier in the day|in the past 24 hours|in the last 24 hours|in 24 hours)\b", re.IGNORECASE)
# A month as news writes it: in full, or abbreviated as wire style does ("Feb. 6", "Sept. 12",
# "14 Aug"). Abbreviations count only capitalised: "to mar 5" is no date.
_MONTH_NAME = (rf"(?:{'|'.join(_MONTH_NAMES)}|(?-i:"
               + "|".join(sorted((m.capitalize() for m in MONTH_ABBREVIATIONS), key=len, reverse=True)) + r"))\.?")
_DAY_MONTH = re.compile(rf"\b(?:on\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAME})(?![\w.])"
                        rf"|\b({_MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})",
                        re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|says|told|reported|announced|confirmed|added|stated|claimed|"
                       r"statement|tweeted|quoted)\s*(?:\w+\s+)?$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


def _month_number(name: str) -> int:
    """1-12 from a month's name in full or abbreviated ("Sept.", "Feb")."""
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or next(i for m, i in _MONTHS.items() if m.startswith(key[:3]))


# "between 17 December and 2 February 2016", "from 18 to 20 February 2020", "overnight between
# 24 and 25 March": a span of days, whose event began on the first.
_DAY_RANGE = re.compile(rf"\b(?:between|from)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?({_MONTH_NAME}))?"
                        rf"\s+(?:and|to|until|till)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_NAME})"
                        rf"(?:,?\s+((?:19|20)\d\d)(?!\d)|(?![\w.]))", re.IGNORECASE)


def _range_start(sentence: str, pub: dt.date | None) -> dt.date | None:
    """The first day of a span of days the sentence tells, if it tells one before any full date
    ("Around 26 August 2020 (between 22 and 31 August 2020)" is the 26th)."""
    m = _DAY_RANGE.search(sentence)
    if m is None or any(d.start < m.start() for d in find_dates(sentence[:m.start()])):
        return None
    first_month, last_month = _month_number(m.group(2) or m.group(4)), _month_number(m.group(4))
    if m.group(5):
        last_year = int(m.group(5))
    elif pub is not None:  # no year: the span's end is the last such day up to the publication
        last_year = pub.year - (1 if (last_month, int(m.group(3))) > (pub.month, pub.day + 1) else 0)
    else:
        return None
    try:
        return dt.date(last_year - (1 if first_month > last_month else 0), first_month, int(m.group(1)))
    except ValueError:
        return None


# A time before the news: a year before the publication's ("in 2011", "since mid-March 2011",
# "in November 2016"), or a span of the past ("last year", "for years", "in the past").
_YEAR_TOLD = re.compile(rf"\b(?P<preposition>since|in|during|by|from|until|of)\s+(?:(?:early|mid|late)[- ]?|the (?:end|start|beginning) of\s+)?"
                        rf"(?:{_MONTH}\s+)?(?P<year>(?:19|20)\d\d)\b(?![-/]\d)", re.IGNORECASE)
_PAST_SPAN = re.compile(r"\b(?:last year|(?:years|decades) ago|for (?:many |several |the past \w+ )?(?:years|decades)|"
                        r"in the past\b(?!\s+(?:\w+\s+)?(?:hours?|days?|weeks?|months?|years?|decades?|\d))|in (?:recent|previous|past) years)\b",
                        re.IGNORECASE)
# The past told in a relative clause, an aside or a cause explains or ranks the news, it is
# not the sentence's time: "rebels, who seized the town in 2016, attacked …", "sentenced for
# murders in 1982", "arrested after leaking a video in August 2024", "the deadliest since 2011".
_ASIDE_BEFORE = re.compile(r"\b(?:who|which|whose|where|when|that|after|for|over|against|from|following|amid|"
                           r"because|raising|bringing|convicted|accused|wanted)\b|\(", re.IGNORECASE)


def told_as_history(sentence: str, published: dt.datetime | None) -> bool:
    """Does the sentence tell the past (ACLED codes the news, not history): a time before the
    news in its own clause and no day of its own ("Daraa was the cradle of the uprising in
    2011", "Syria has been mired in war since 2011", "Rebels seized the town last year")?"""
    found = [m for m in (*_YEAR_TOLD.finditer(sentence), *_PAST_SPAN.finditer(sentence))
             if not (_ASIDE_BEFORE.search(sentence[:m.start()]) or _RANKED.search(sentence[:m.start()]))]
    if not found:
        return False
    # a span of the past always is; a year, when before the publication's (or "since" it, undated)
    past = [m for m in found if m.re is _PAST_SPAN
            or (published is not None and int(m.group("year")) < published.year)
            or (published is None and m.group("preposition").lower() == "since")]
    if not past:
        return False
    return event_day(sentence, published)[1] in ("published", None)


def event_day(sentence: str, published: dt.datetime | None) -> tuple[dt.date | None, str | None]:
    """(day the sentence's event happened, how it was found), or (None, None)."""
    pub = published.date() if published is not None else None
    if (start := _range_start(sentence, pub)) is not None:
        return start, "text:range"
    for match in find_dates(sentence):
        return match.value.date(), "text:date"
    m = _DAY_MONTH.search(sentence)
    if m and pub is not None:
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        try:
            candidate = dt.date(pub.year, _month_number(month), int(day))
        except ValueError:
            candidate = None
        if candidate is not None and candidate > pub + dt.timedelta(days=1):  # "on 30 December" read in January
            try:
                candidate = candidate.replace(year=pub.year - 1)
            except ValueError:  # "29 February" ahead of a leap year's publication: no such day a year before
                candidate = None
        if candidate is not None:
            return candidate, "text:day_month"
    if pub is None:
        return None, None
    for m in _WEEKDAY.finditer(sentence):
        if _REPORTED.search(sentence[max(0, m.start() - 25):m.start()]):
            continue  # "residents said on Monday": the day of the report, not of the event
        back = (pub.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        return pub - dt.timedelta(days=back), "text:weekday"
    if _YESTERDAY.search(sentence):
        return pub - dt.timedelta(days=1), "text:yesterday"
    if _TODAY.search(sentence):
        return pub, "text:today"
    return pub, "published"
