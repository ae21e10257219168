"""How sure the events stage is that a sentence reports an event ACLED would code.

Pure module. The learned model's event probability is held back for a sentence telling an
accident, a disaster or a court's proceedings with no violence, only speaking of captives
already held, or only telling words said (a call, a warning, a pledge: statement_only) in
non_incident_factor, lifted for an incident the model under-rates (an agreement
concluded, an act of piracy, an arrest of a political or armed actor, a missile or drone
intercepted, fighting told as happening, an air strike told with what it did, a riot:
INCIDENT_FLOOR), and combined with its article's context (article_context,
context_probability), so that an article about a game or a company holds back its one
sentence that sounds like war.
"""

from __future__ import annotations

import re

from transforms.events.cues import ANOTHER_INCIDENT, has, rx, strip_reporting
from transforms.events.model import predict
from transforms.events.type_cues import (
    AGAINST_AGREEMENT,
    AGREEMENT_MADE,
    AGREEMENT_WORD,
    BASE,
    DEMONSTRATION_TOLD,
    HARM,
    POWER_SEIZED,
    PROPERTY_DESTROYED,
    RIOT_TOLD,
    TAKES,
)

LEAD_SENTENCES = 3


def article_context(title: str | None, sentences: list[str]) -> str | None:
    """What the article is about: its title and first sentences, read as one text; None for
    an untitled text no longer than that (a snippet is its own context). A short text under
    a headline (a feed entry's summary, a news brief) is read in its headline's context."""
    if len(sentences) <= LEAD_SENTENCES and not (title or "").strip():
        return None
    return " ".join([title or "", *sentences[:LEAD_SENTENCES]])


def combine(sentence_probability: float, article_probability: float) -> float:
    """A sentence's confidence in its article's context: both must say event, so an article
    about a game or a company holds back its one sentence that sounds like war."""
    return float(sentence_probability * article_probability)


def context_probability(context: str | None) -> float | None:
    """The probability that an article's context (article_context) reports an ACLED event;
    None without a context. No sentence's confidence in that article can exceed it."""
    return None if context is None else predict([context])[0][1]


# An accident or a disaster told with no violence: ACLED codes none of them, but "killing 12
# people" reads like an attack to the model. Such a sentence keeps a fifth of its confidence:
# under the default threshold whatever the model says, but still ranked (and written by a
# user who lowers --events-min-confidence far enough).
_VEHICLE = (r"(?:bus|minibus|coach|train|tram|truck|lorry|tanker|van|vehicle|car|ferry|boat|vessel|"
            r"plane|aircraft|airliner|helicopter|jet)s?")
# What explodes by itself: a vehicle or a site explodes by accident only when it carries fuel,
# gas or chemicals ("a car exploded" is a car bomb; "a tanker exploded" is not).
_FUEL = (r"(?:gas|fuel|oil|petrol|diesel|lpg|chemical|fireworks?)(?: \w+)? (?:tank(?:er)?|truck|lorry|cylinder|"
         r"pipeline|depot|plant|factory|warehouse|storage)s?|tanker(?: truck| lorry)?s?|tank trucks?|cylinders?|"
         r"pipelines?|boilers?|transformers?|refinery|refineries")
# A word between a vehicle and its accident that is no weapon ("a car bomb went off" is none).
_NO_WEAPON = r"(?:(?!bomb|rocket|missile|shell|grenade|explosive|land|mine\b|ied\b)[\w'-]+,? )"
# Animals whose attacks make news; not dogs (police dogs), nor plural tigers or lions (the Tamil
# Tigers, a team's Lions).
_ANIMAL = (r"(?:(?:great white |tiger |bull )?sharks?|crocodiles?|alligators?|leopards?|elephants?|"
           r"hippos?|hippopotamus|snakes?|hyenas?|wol(?:f|ves)|lioness(?:es)?|pumas?|cougars?|jaguars?|"
           r"(?:a|an|the) (?:\w+ ){0,2}?(?:lion|tiger|bear))")
# Words before "fire" that make it gunfire ("a gunman opens fire on", "the heavy fire at").
_NOT_GUNFIRE = (r"(?:(?!opens?\b|opened|under\b|return|exchang|cross|heavy|gun|rifle|sniper|mortar|artillery|tank|"
                r"machine|live\b|friendly|enemy|rocket|cannon)[\w-]+ )")
HAZARD = rx(r"(?:military |army |air force |navy |police )?(?:plane|aircraft|airliner|helicopter|jet|transport)s? "
             r"(?:\w+ ){0,3}crash(?:ed|es)?\b",
             r"(?:coal ?mine|colliery) (?:gas )?(?:explosion|blast|fire)s?", r"coal ?mines?\b", r"collier(?:y|ies)",
             r"crash(?:ed|es)?\b", r"collid", r"collision", r"derail", r"capsiz", r"sank\b", r"sinking", r"shipwreck",
             r"accident", r"fire broke out", r"blaze", r"wildfire", r"bushfire", r"forest fire", r"earthquake", r"quake",
             r"flood", r"landslide", r"rockslide", r"mudslide",
             # the weather's storm, not troops who "storm the compound"
             r"(?:(?:a|the|tropical|snow|rain|sand|dust|hail|winter|severe|ice|thunder|wind) ?)storms?\b",
             r"cyclone", r"hurricane", r"typhoon", r"tornado", r"avalanche", r"volcan",
             r"(?:mount|mt\.?) \w+ (?:erupt|explod)", r"eruption of", r"heat ?wave",
             r"drought", r"tsunami", r"stampede", r"blizzard", r"meteor(?:ite)?s?\b", r"oil spill",
             r"(?:building|bridge|mine|dam|roof|wall|tunnel|stand|hotel|school|factory|house|home|church|mosque|temple|"
             rf"market|block|scaffold(?:ing)?|crane|stage|ceiling|floor) {_NO_WEAPON}{{0,8}}?collaps",
             r"lightning", r"gas (?:leak|explosion|blast)", r"mine (?:collapse|disaster|flood)",
             r"(?:mining|industrial) (?:accident|disaster)",
             r"(?:factory|plant|refinery|warehouse|chemical|boiler|tanker|fireworks?) (?:fire|explosion|blast)",
             # a fire that broke out, not one set: "a house fire", "a fire at a shopping centre"
             r"(?:house|home|apartment|building|hotel|factory|warehouse|market|hospital|school|nightclub|club|"
             r"prison|temple|church|mosque|mall|office|tower|residential|hostel|dormitory|train|bus|ship) fires?\b",
             rf"(?:a|the) {_NOT_GUNFIRE}{{0,2}}fire (?!fight)(?:at|in|on|occur\w*|kills|killed|destroys|destroyed|swept|sweeps|has swept|forces|"
             r"forced|engulf\w*|gutted|guts|rages|raged|spread|spreads|that|which)\b", r"in (?:a|the) fire\b(?! ?fight)",
             r"inferno", r"fighting (?:\w+ )?(?:fires|blazes|wildfires)",
             rf"{_VEHICLE} {_NO_WEAPON}{{0,8}}?(?:plunge[sd]?|plunging|roll(?:s|ed)? over|overturn\w*|"
             r"veer(?:s|ed)? off|skid(?:s|ded)? off|(?:runs?|ran|drives?|drove|falls?|fell|careen(?:s|ed)?|tumbled?) "
             r"(?:off|into|down))",
             r"(?:hit|struck|run over) by (?:a |an |the )?(?:\w+ )?(?:train|tram|truck|lorry|bus|car|vehicle)",
             r"(?:falling|fell|falls) from (?:a|an|the) ", r"tree (?:fell|falls)",
             rf"(?:{_FUEL}) {_NO_WEAPON}{{0,6}}(?:explod\w*|blew up|caught fire|catches fire|burst into flames)",
             rf"explosions? (?:\w+ ){{0,3}}?(?:at|in|on) (?:a|an|the) (?:\w+ ){{0,3}}?(?:{_FUEL}|coal mines?|tunnel|"
             r"factory|plant|warehouse|depot|fireworks? \w+)",
             r"(?:caught|catches|catch) (?:on )?fire", r"drown", r"fire (?:breaks|broke) out", r"sinks\b", r"overturn",
             r"(?:cholera|ebola|measles|influenza|flu|virus|disease|covid(?:-19)?) (?:outbreak|epidemic)",
             r"outbreak of (?:cholera|ebola|measles|influenza|flu|disease)",
             # an illness: "dies of the bubonic plague", "hospitalized with the virus"
             r"(?:die[sd]?|dying|death|deaths|ill|sick|hospitali[sz]ed|infected|diagnosed) (?:\w+ ){0,4}?"
             r"(?:of|from|with) (?:the )?(?:\w+ ){0,2}(?:plague|cholera|ebola|measles|influenza|flu|virus|"
             r"covid(?:-19)?|coronavirus|malaria|tuberculosis|disease|infection|illness)\b",
             r"(?:bubonic|pneumonic) plague",
             # an animal's attack: "killed in a shark attack", "mauled by a leopard"
             rf"{_ANIMAL} attacks?\b", rf"(?:attacked|mauled|killed|trampled|gored|bitten) (?:to death )?by "
             rf"(?:a |an |the )?(?:\w+ ){{0,2}}?{_ANIMAL}", r"\bmaul(?:s|ed|ing)\b", r"\bgored\b",
             rf"{_ANIMAL} {_NO_WEAPON}{{0,6}}?(?:attack(?:s|ed)|maul(?:s|ed)|trampl(?:es|ed)|gored|bit)\b")
# Violence told: acts, weapons and armed groups. State forces alone are not: "a military
# helicopter crashed" and "a lorry ran into two police cars" are accidents. Beside a court's
# proceedings they still are (STATE_FORCES): "… captured by police", "troops … charged".
STATE_FORCES = rx(r"troops", r"soldier", r"army", r"military", r"police")
VIOLENCE = rx(r"attack", r"gunm[ae]n", r"militan", r"rebel", r"insurgen", r"terror", r"bomb", r"shot\b",
               r"shoot", r"gun", r"fighting", r"fought", r"clash", r"protest", r"demonstrat", r"riot", r"arson",
               r"sabotag", r"kidnap", r"abduct", r"shell", r"rocket", r"missile", r"air ?strike", r"airstrike",
               r"drone", r"explo", r"ieds?\b", r"grenade", r"massacre", r"loot", r"torch", r"set (?:\w+ )?(?:on )?fire",
               r"arrest", r"killed by", r"murder", r"assassin", r"war\b", r"jihad", r"extremist",
               r"storm(?:s|ed|ing)?\b(?! (?:warning|surge|damage|season|front|system|drain))", r"beat(?:en|ing)?\b",
               r"assault", r"lynch", r"mob\b", r"vandal", r"hostilit", r"violen", r"raid", r"fired\b",
               r"barricad", r"block(?:ed|ing|ade)", r"ablaze", r"alight", r"stone", r"land ?mine", r"molotov",
               r"open(?:s|ed|ing)? fire", r"vigil", r"march", r"rall(?:y|ies|ied)", r"stab", r"knife", r"machete",
               r"behead", r"hostage", r"execut", r"ambush", r"mortar", r"artillery", r"gunfire", r"sniper",
               r"hijack", r"besieg", r"fire ?fights?\b", r"tear ?gas", r"pepper spray", r"water cannon",
               r"bullet", r"detain", r"seiz", r"captur", r"deliberate", r"intentional", r"on purpose")
NON_INCIDENT_FACTOR = 0.2
# A court's or prosecutor's proceedings (a sentence, a verdict, a charge): told without
# violence, what they are about is history or ordinary crime, and the codebook codes neither.
JUDICIAL = rx(r"sentenced", r"sentences? (?:him|her|them)", r"(?:found|pleads?|pleaded) (?:not )?guilty",
               r"convict", r"acquit", r"court (?:\w+ )?(?:rules?|ruled|orders?|ordered|grants?|granted|finds?|found|"
               r"upholds?|upheld|hears?|heard|rejects?|rejected|dismiss)", r"charged with", r"charges? against",
               r"indict", r"on trial", r"trial of", r"verdict", r"jailed for", r"(?:prison|life|death) sentence",
               r"extradit", r"lawsuit", r"sues\b", r"sued\b", r"charges? (?:\w+ ){1,4}with", r"go(?:es)? on trial")
# What a court case is about ("convicted of the murder of", "charged with attacks") is no violence
# told now: the grounds are left out when looking for violence.
_JUDICIAL_GROUNDS = re.compile(
    r"\b(?:convicted (?:\w+ ){0,4}?of|charged with|charges? (?:\w+ ){1,4}with|accused (?:\w+ ){0,3}?of|guilty (?:of|to)|"
    r"acquitted (?:\w+ ){0,3}?of|"
    r"sentenced (?:\w+ ){0,8}?(?:for|over)|on trial (?:for|over)|trials? (?:of|for|over)|indicted (?:for|on|over))"
    r"(?:(?! (?:after|as|while|when|following|before|amid|during) )[^.;,])*")


# Captives already held, and what is said about them: talks, demands, deadlines, threats,
# appeals. The taking was the event (ACLED codes it once, when it happens); "militants holding
# three UN workers hostage began talks" is no new one, and neither is a threat to kill them.
CAPTIVES_HELD = rx(r"hold(?:s|ing)? (?:\w+ ){0,6}?(?:hostages?|captives?)\b", r"held (?:\w+ ){0,3}?(?:hostage|captive)\b",
                   r"hostages?\b", r"captives?\b", r"kidnappers", r"captors", r"hostage-takers?", r"abductors")
CAPTIVES_SPOKEN_OF = rx(r"talks", r"negotiat", r"deadline", r"demand", r"ransom", r"alive", r"fate", r"threat",
                        r"vow", r"appeal", r"urg(?:e|es|ed|ing)\b", r"plea", r"hope", r"ultimatum", r"video",
                        r"statement", r"release of", r"(?:secure|seek|win|demand)\w* (?:the |their |his |her )?release")
# What would make it news of its own: the taking, a killing, a release or a rescue told as done
# ("would kill", "to free" and "a beheading" threatened are not).
CAPTIVES_ACTED_ON = rx(r"(?<!to )(?<!would )(?<!will )(?<!'d )kill(?:ed|s|ing)?\b", r"behead(?:ed|s)\b", r"executed",
                       r"\bshot\b", r"firing", r"murder", r"the beheading of", r"(?<!be )freed",
                       r"(?<!be )(?<!video )(?<!statement )released", r"rescu", r"storm(?:ed|s|ing)", r"raid", r"arrest", r"detain", r"abduct(?:ed|s|ing)\b",
                       r"kidnapp(?:ed|s|ing)\b", r"seiz", r"(?:took|taken|take|taking) (?:\w+ ){0,5}?(?:hostage|captive)",
                       r"escap", r"attack", r"bomb", r"clash", r"protest", r"demonstrat", r"rall(?:y|ies|ied)\b",
                       r"march(?:ed|es|ing)\b", r"strike")


# A word every CAPTIVES_HELD pattern has: most sentences have none, and skip the stripping.
_CAPTIVE_WORD = re.compile(r"hostage|captive|captors|kidnappers|abductors")


def captives_only_spoken_of(sentence: str) -> bool:
    """Does lower-cased `sentence` speak of captives already held (talks, demands, threats)
    and tell nothing done to them or by their captors?"""
    if not _CAPTIVE_WORD.search(sentence):
        return False
    s = strip_reporting(sentence)
    return has(CAPTIVES_HELD, s) and has(CAPTIVES_SPOKEN_OF, s) and not has(CAPTIVES_ACTED_ON, s)


# Words said, not done: a call, an appeal, a demand, a warning, a wish, a pledge, a promise, a
# speech, a condemnation or praise. ACLED codes no statements; "Morsi called on the opposition
# to unite" read like the war news around it to the model.
STATEMENT = rx(r"call(?:s|ed|ing)? (?:on|upon|for)\b", r"urg(?:e|es|ed|ing)\b", r"appeal(?:s|ed|ing)? (?:to|for)\b",
               r"want(?:s|ed)?\b", r"hop(?:e|es|ed)\b", r"wish(?:es|ed)?\b", r"demand(?:s|ed|ing)?\b",
               r"warn(?:s|ed|ing)?\b", r"vow(?:s|ed)?\b", r"pledg(?:e|es|ed)\b", r"promis(?:e|es|ed)\b",
               r"address(?:es|ed)\b", r"condemn", r"denounc", r"critici[sz]", r"praised?\b", r"welcom(?:e|es|ed)\b")
# What a statement may also tell that the codebook codes: a change to an armed group (a pledge
# of allegiance, a merger, a defection, a new group, recruits), a coup or mutiny, a state of
# emergency, a curfew or an evacuation ordered, property burnt or damaged, blows, rape, a
# crossing prevented, land grabbed.
_CODED_ACT = rx(r"allegiance", r"merg", r"defect", r"join", r"splinter", r"split", r"disband", r"dissol",
                r"form(?:s|ed|ing)? (?:a |an |the )?(?:new )?(?:\w+ )?(?:group|militia|party|alliance|coalition|front)",
                r"recruit", r"new members", r"coup", r"mutin", r"emergency", r"curfew", r"evacuat", r"burn", r"destroy",
                r"damag", r"vandal", r"hit\b", r"kick", r"push", r"rape", r"sexual", r"prevent", r"grab")


# What a statement asks for, vows or warns of is not what happened: "called on all rebel groups
# to pull out of Idlib", "vowed to recapture Aleppo". The words after "to" are set aside.
_ASKED = re.compile(r"\b(?:call(?:s|ed|ing)? (?:on|upon)|urg(?:e|es|ed|ing)|appeal(?:s|ed|ing)? to|vow(?:s|ed)?|"
                    r"pledg(?:e|es|ed)|promis(?:e|es|ed)|demand(?:s|ed|ing)?|warn(?:s|ed|ing)?)\b"
                    r"([^.;]{0,60}?)\bto\b(?:(?!\bbut\b)[^.;,])*")
# "…, said the official, who did not want to be named": a source's anonymity, not a statement.
_ANONYMOUS = re.compile(r"\b(?:did not|didn't|does not|declined to|refused to) (?:want to )?be (?:named|identified)\b")
# Armed actors named as those spoken to or of ("called on all rebel groups") are no violence
# in a statement: what they did would have to be told by a verb.
_ARMED_ACTOR = re.compile(r"\b(?:rebel|militant|militia|insurgent|terrorist|jihadist|extremist|gunm[ae]n)s?\b")


def statement_only(sentence: str) -> bool:
    """Does lower-cased `sentence` only tell words said (STATEMENT) and no incident: no violence,
    harm, demonstration, agreement, property destroyed, place taken, power seized, base set up
    or other act the codebook codes? ("The US and France call on Turkey to stop shelling" tells
    shelling only as what is to stop: strip_reporting sets it aside; what is called for, vowed
    or warned of is set aside too, and armed actors' names alone are no violence.)"""
    sentence = _ANONYMOUS.sub(" ", sentence)
    if not has(STATEMENT, sentence):
        return False
    told = _ARMED_ACTOR.sub(" ", _ASKED.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + m.group(1),
                                            strip_reporting(sentence)))
    return not (has(VIOLENCE, told) or has(HARM, told) or has(DEMONSTRATION_TOLD, told)
                or has(AGREEMENT_WORD, told) or has(_CODED_ACT, told) or has(BASE, told)
                or PROPERTY_DESTROYED.search(told) or TAKES.search(told) or POWER_SEIZED.search(told))


def non_incident_factor(sentence: str) -> float:
    """NON_INCIDENT_FACTOR for a sentence telling an accident, a disaster or a court's
    proceedings and no violence, only speaking of captives already held, or only telling
    words said (statement_only); else 1."""
    s = sentence.lower()
    if captives_only_spoken_of(s) or statement_only(s):
        return NON_INCIDENT_FACTOR
    if not (has(HAZARD, s) or has(JUDICIAL, s)):
        return 1.0
    # "…, police said" tells who reported it, and "a gas explosion" is the hazard itself:
    # neither is the violence that rules an accident out
    told = _JUDICIAL_GROUNDS.sub(" ", HAZARD.sub(" ", strip_reporting(s)))
    if has(VIOLENCE, told) or (has(STATE_FORCES, told) and has(JUDICIAL, s)):
        return 1.0
    return NON_INCIDENT_FACTOR


def non_incident_factors(sentences: list[str]) -> list[float]:
    """non_incident_factor of each sentence of one text, in order. A sentence right after an
    accident or a disaster, with no violence of its own and opening no other incident
    ("Elsewhere, …"), goes on telling it ("A fire swept through the market. At least 80
    people died.") and is held back alike, and so may the next. (A verdict passes nothing on:
    what follows one is often the protest or the arrest it led to.)"""
    factors: list[float] = []
    telling_accident = False  # the sentence before told an accident, or went on telling one
    for sentence in sentences:
        factor = non_incident_factor(sentence)
        lowered = sentence.lower()
        if factor < 1.0:
            telling_accident = has(HAZARD, lowered)
        elif (telling_accident and not ANOTHER_INCIDENT.search(sentence)
              and not has(VIOLENCE, strip_reporting(lowered))):
            factor = NON_INCIDENT_FACTOR
        else:
            telling_accident = False
        factors.append(factor)
    return factors


# Incidents the codebook codes that the model, trained mostly on the wording of violence on
# land, gives under 0.2: an agreement concluded (the model learned that talk of peace is
# politics), an act of piracy (ACLED's notes code hijackings at sea as abductions), and the
# arrests, interceptions, fighting, air strikes and riots below. A sentence telling one as its
# news, and no accident or verdict, keeps at least this much.
INCIDENT_FLOOR = 0.5
# Not concluded: refused, hoped for, proposed, promised, conditional or failed ("ready to agree
# to a ceasefire", "will sign", "unless a truce is reached", "fail to agree").
_NOT_CONCLUDED = re.compile(r"\b(?:will|would|could|may|might|shall|to|not|n't|never|if|unless|ready|refus\w*|fear\w*|"
                            r"fail\w*|hop\w*|propos\w*|plans?|urg\w*|calls?|called|demand\w*|threat\w*|"
                            r"expected|seek\w*|sought|wants?|offer\w*|push\w*|tentative|draft|potential|"
                            r"possible|resume|implement\w*)\b[^.;]{0,30}$")
# Told as background: dated before the news ("signed a peace deal in 2009", "last year"), or a
# state that goes on ("the ceasefire holds", "in effect").
_BACKGROUND = re.compile(r"^[^.;]{0,30}?\b(?:ago|last (?:week|month|year|summer|winter|spring|autumn)|earlier|since|"
                         r"(?:in|of) (?:19|20)\d\d|"
                         r"in (?:january|february|march|april|may|june|july|august|september|october|"
                         r"november|december))\b")
_ONGOING = re.compile(r"\b(?:holds|holding|in effect)\b")


def _told_as_news(sentence: str, found: re.Match[str], dated_inside: bool = False) -> bool:
    """Is the cue `found` in lower-cased `sentence` its news: not refused, hoped for or
    conditional (_NOT_CONCLUDED, read before it), not dated before the news (_BACKGROUND, read
    after it, or from its start when a date can stand inside it: "an airstrike last summer killed")?"""
    dated = sentence[found.start() if dated_inside else found.end():]
    return not (_NOT_CONCLUDED.search(sentence[:found.start()]) or _BACKGROUND.search(dated))


# Within the act told, what makes it no act: "pirates will attack", "pirates who tried to seize".
_NOT_TOLD = re.compile(r"\b(?:will|would|could|may|might|to|tr(?:y|ies|ied)|attempt\w*|threat\w*)\b")
# Pirates who hijack, seize, capture, attack, kidnap or fire, or what was taken by pirates.
PIRACY = re.compile(r"\bpirates?\b[^.;]{0,60}?\b(?:hijack|seiz|captur|attack|kidnap|abduct|fire)"
                    r"|\b(?:hijack|seiz|captur|attack|kidnap|abduct)\w*[^.;]{0,60}?\bby (?:\w+ )?pirates\b")


# An arrest of a political or organised armed actor (the codebook's *Arrests*: "Turkey arrests
# 21 people with alleged links to ISIL", "opposition leader Bobi Wine is arrested"), which the
# model, trained on notes that tell violence, under-rates as it does an agreement. Ordinary
# crime's arrests name none of these.
ARREST = re.compile(r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|apprehend(?:s|ed)?|round(?:s|ed)? up|"
                    r"rounded up|taken into custody|the arrest of|the detention of)\b")
POLITICAL_ACTOR = re.compile(
    r"\b(?:militants?|militias?|terror\w*|jihad\w*|extremis\w*|insurgents?|rebels?|guerrillas?|separatists?|"
    r"isil|isis|islamic state|daesh|al[- ]qaeda|al[- ]shabaa?b|taliban|boko haram|hezbollah|hamas|"
    r"coup|plot\w*|opposition|dissidents?|activists?|protesters?|demonstrators?|journalists?|reporters?|"
    r"student leaders?|party (?:leaders?|members?|officials?)|cartel|pirates?)\b")


def arrest_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell, as its news, an arrest of a political or organised armed
    actor: not sought, called for or threatened, not dated before the news?"""
    found = ARREST.search(sentence)
    return found is not None and POLITICAL_ACTOR.search(sentence) is not None and _told_as_news(sentence, found)


# A missile, rocket or drone intercepted or shot down: the codebook's *Disrupted weapons use*
# (or the attack it stopped), which the model reads as talk of defence. Not a test.
_MUNITION = r"(?:ballistic |cruise |guided )?(?:missiles?|rockets?|drones?|projectiles?|uavs?)"
INTERCEPTION = re.compile(rf"\b(?:intercept(?:s|ed|ing)?|shot down|shoots? down|downed)\b[^.;]{{0,40}}?\b{_MUNITION}\b"
                          rf"|\b{_MUNITION}\b[^.;]{{0,40}}?\b(?:is|are|was|were|been) (?:\w+ )?(?:intercepted|shot down|downed)\b")
_TEST = re.compile(r"\b(?:tests?|testing|drills?|exercises?)\b")
_DENIED = re.compile(r"\b(?:den(?:y|ies|ied)|apologi[sz]\w*)\b")


def interception_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell, as its news, a missile, rocket or drone intercepted or
    shot down: not denied, hoped for or a test, not dated before the news?"""
    found = INTERCEPTION.search(sentence)
    if found is None or _TEST.search(sentence) or _DENIED.search(sentence):
        return False
    return _told_as_news(sentence, found)


# An air or drone strike told with what it did ("Airstrikes on Sanaa kill eight", "a U.S.
# airstrike destroys a money hub"): the codebook's *Air/drone strike*; the model, trained on
# notes in the past tense, under-rates news' present.
_AIR = r"(?:air[- ]?strikes?|airstrikes?|drone strikes?|air raids?|bombing raids?)"
AIRSTRIKE = re.compile(rf"\b{_AIR}\b[^.;]{{0,40}}?\b(?:kill\w*|hit|hits|destroy\w*|wound\w*|target\w*|struck)\b"
                       rf"|\b(?:carr(?:y|ies|ied) out|launch\w*|conduct\w*)\b[^.;]{{0,30}}?\b{_AIR}\b")


def airstrike_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell an air or drone strike and what it did, as its news:
    not denied or apologised for, not hoped for, not dated before the news?"""
    found = AIRSTRIKE.search(sentence)
    return found is not None and not _DENIED.search(sentence) and _told_as_news(sentence, found, dated_inside=True)


# Fighting told as happening ("Heavy fighting is reported in the northern suburbs", "clashes
# erupt in the capital"): the codebook's *Armed clash* (or the demonstration or battle for a
# place it is part of), which the model reads as background in news' present tense. Not a
# cause or a backdrop ("since heavy fighting broke out", "the scene of heavy fighting").
FIGHTING = re.compile(
    r"\b(?:heavy|fierce|intense|renewed|fresh) (?:fighting|clashes|battles?|gunfights?)\b"
    r"|\bfighting (?:is|are|was|were|has been|have been) (?:\w+ )?(?:reported|taking place|underway|ongoing)"
    r"|\bfighting (?:erupts?|erupted|breaks? out|broke out|takes? place|took place|rages?|raged|continues|continued)\b"
    r"|\bclashes (?:erupt|erupted|break out|broke out)\b")
_BACKDROP = re.compile(r"\b(?:since|after|amid|following|despite|scene of|to deal with|end|ending|halt|stop|"
                       r"over|because of|due to)\b[^.;]{0,12}$")


def fighting_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell fighting happening as its news, not as a cause, a
    backdrop or a hope, nor dated before the news?"""
    found = FIGHTING.search(sentence)
    if found is None:
        return False
    return not _BACKDROP.search(sentence[:found.start()]) and _told_as_news(sentence, found)


def riot_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell a riot (not riot police) as its news: the codebook's
    *Violent demonstration* or *Mob violence*, not hoped for, not dated before the news?"""
    found = RIOT_TOLD.search(sentence)
    return found is not None and _told_as_news(sentence, found, dated_inside=True)


# Every agreement, piracy, arrest, interception, fighting, air-strike and riot cue names one of these.
_FLOOR_WORD = re.compile(r"cease|truce|armistice|peace|prisoner|detainee|captive|pows|pirate|arrest|detain|"
                         r"apprehend|rounds? up|rounded up|custody|detention|intercept|shot down|shoots? down|downed|"
                         r"fighting|clashes|battle|gunfight|strike|air raid|bombing raid|riot")


def agreement_concluded(sentence: str) -> bool:
    """Does lower-cased `sentence` tell an agreement concluded as its news: AGREEMENT_MADE,
    not opposed (AGAINST_AGREEMENT), not refused, hoped for or conditional, not background?"""
    made = AGREEMENT_MADE.search(sentence)
    if made is None or has(AGAINST_AGREEMENT, sentence) or _ONGOING.search(made.group()):
        return False
    return _told_as_news(sentence, made)


def piracy_told(sentence: str) -> bool:
    """Does lower-cased `sentence` tell an act of piracy as its news: not feared, threatened or
    attempted, not dated before the news, not before a court?"""
    found = PIRACY.search(sentence)
    if found is None or has(JUDICIAL, sentence) or _NOT_TOLD.search(found.group()):
        return False
    return _told_as_news(sentence, found)


def sentence_confidence(text: str, probability: float, article: float | None = None,
                        factor: float | None = None) -> float:
    """The shipped confidence of a sentence: the model's event probability, held back for an
    accident, a disaster or a court's proceedings (`factor`, by default non_incident_factor
    of the sentence alone; non_incident_factors reads it in its text), else at least
    INCIDENT_FLOOR for an incident the model under-rates (an agreement concluded, piracy, a
    political arrest, an interception, fighting), in its article's context
    when it has one (combine). training/train_events.py measures this same figure."""
    factor = non_incident_factor(text) if factor is None else factor
    probability *= factor
    if factor == 1.0 and probability < INCIDENT_FLOOR:
        lowered = text.lower()
        if _FLOOR_WORD.search(lowered):  # most sentences name none: skip the attribution strip
            told = strip_reporting(lowered)
            if (agreement_concluded(told) or piracy_told(told) or arrest_told(told)
                    or interception_told(told) or fighting_told(told) or airstrike_told(told)
                    or riot_told(told)):
                probability = INCIDENT_FLOOR
    return probability if article is None else combine(probability, article)
