"""The cue vocabularies of the events stage's typing rules (types.py): what a sentence must say
for a rule to read it so, as patterns over the lower-cased sentence (cues.rx). The decisions
that read them, and the order in which they are read, are in types.py; each pattern's comment
says what it stands for in ACLED's codebook.
"""

from __future__ import annotations

import re

from transforms.events.cues import rx
from transforms.events.gazetteer import DEMONYMS

# --- instruments whose cues decide the type (the codebook's precedence) --------------------
SUICIDE = rx(r"suicide[- ](?:bomb|attack|car|vest|truck|blast|explosi|operation)",
              r"suicide bombers?", r"self[- ]detonat", r"blew (?:him|her|them)sel(?:f|ves) up",
              r"detonated (?:an? )?(?:explosive|suicide) (?:vest|belt)", r"explosive (?:vest|belt)")
CHEMICAL = rx(r"chemical (?:weapon|attack|agent|munition|bomb)", r"chlorine", r"sarin",
               r"mustard (?:gas|agent)", r"nerve (?:agent|gas)", r"toxic (?:gas|agent|chemical)", r"poison(?:ous)? gas",
               r"chemical[- ]laden", r"gas attack", r"chloropicrin", r"riot control agents?",
               r"phosgene", r"(?:munitions|ammunition|shells|bombs) (?:filled|laden|loaded) with (?:a )?(?:toxic|chemical|poison)")
AIR = rx(r"air[- ]?strikes?", r"air[- ]raids?", r"airstrikes?", r"drone (?:strike|attack|missile)s?",
          # "the coalition bombs the old quarter", "NATO bombing continues", "a bombing campaign"
          r"(?<!allied )(?:coalition|nato|air force|warplanes?|jets?|aircraft|regime) (?:\w+ )?(?:bomb|bombs|bombed|bombing)\b",
          r"bombing campaign", r"bombing (?:\w+ ){0,2}by (?:the )?(?:[\w-]+ ){0,2}(?:coalition|air force|warplanes?|jets?)\b",
          r"(?:struck|hit|bombed|targeted|attacked) by (?:\w+ ){0,2}(?:aircraft|warplanes?|jets?|"
          r"planes?|drones?|helicopters?)", r"gunship(?: helicopter)?s?\b", r"\bac-130",
          r"\b(?:f|su|mig)-\d+s?\b[^.]{0,40}\b(?:strike|struck|bomb|fire|fired|missiles?|launch)",
          r"(?:war|fighter |military )?(?:planes?|jets?)\b[^.]{0,40}\b(?:bomb|struck|strike|hit|pound|target|fire)",
          r"(?:air ?planes?|aircraft|warplanes?|helicopters?|uavs?)\b[^.]{0,40}\b(?:bomb|struck|strike|hit|pound|target|fired|"
          r"opened fire|opens fire|raid)",
          r"air forces?\b[^.]{0,20}\b(?:bomb|struck|strike|hit|pound|target|fire|raid|attack|launch)",
          r"helicopter gunships?", r"barrel bombs?",
          r"aerial (?:bombardment|bombing|attack|strike)", r"bombing raids?",
          r"(?:armed|attack|combat|kamikaze|suicide) drones?", r"drones?\b[^.]{0,30}\b(?:struck|hit|target|attack|bomb|fire)",
          r"unmanned aerial (?:vehicle )?(?:strike|attack)", r"air force (?:bomb|struck|strike|jets|planes)",
          r"strafed", r"airstruck", r"struck from the air", r"drones? (?:strike|attack|bomb)",
          r"(?:explosive-laden|explosives-laden|kamikaze|suicide|armed|attack|loitering) drones?",
          r"drones? (?:[\w-]+ ){0,5}(?:slammed|crashed|dropped|hit|struck|exploded|targeted)",
          r"(?:israeli|russian|us|u\.s\.|american|coalition|saudi|saudi-led|turkish|pakistani|iranian|"
          r"nigerian|military|precision|targeted|aerial|nato|french) (?:air |drone )?strikes?\b",
          r"strikes? (?:on|against|targeting) (?:a |an |the )?(?:car|vehicle|house|building|convoy|hideout|camp|position)",
          r"(?:military|army|air force|armed forces)(?: said it)? (?:has |have |had )?(?:bombs|bombed)\b",
          r"(?:government|regime|junta|army|military)(?:'s|’s)? (?:forces|troops) bomb\b",
          r"bombed (?:a|an|the) (?:\w+ )?(?:camp|encampment|hideout|base|position)",
          # a state that bombs a place drops its bombs from the air: "Sudan has bombed a village",
          # "the military bombs rebel-held towns" (a planted bomb is told as a noun: "a bomb hit";
          # a bombardment may be artillery's)
          r"(?:bombs|bombed) (?:the |a |an |several |two |three |four |\w+-held |rebel |militant |"
          r"insurgent |houthi |opposition )?(?:villages?|towns?|cities|city|districts?|targets|positions|"
          r"neighbou?rhoods?|residential areas?|hospitals?)\b",
          # aircraft that attack: "army helicopters attack a school" (not "a helicopter attacked by")
          r"(?:warplanes?|fighter jets?|jet ?fighters?|aircraft|helicopters?|gunships?) attack(?:s|ed|ing)?\b(?! by)")

# Fighting told (the codebook: an armed clash) and a weapon stopped (found, defused,
# intercepted: disrupted weapons use): what takes a weapon's use out of its own type.
COMBAT_WORDS = (r"clash", r"fighting", r"fought", r"battl", r"gun ?fights?", r"exchanged? (?:of )?fire",
                  r"ambush", r"firefights?")
STOPPED_WORDS = (r"defus", r"dismantl", r"seiz", r"recover", r"found", r"discover", r"foil", r"thwart",
                   r"intercept", r"shot down", r"disarm", r"controlled explosion",
                   # "after tens of explosive devices and mines were removed": cleared, not set off
                   r"(?:mines|devices|explosives|ieds|bombs) (?:were |was |had been |have been )?(?:removed|cleared)",
                   r"(?:removed|cleared|removing|clearing) (?:\w+ ){0,3}(?:land ?)?(?:mines|explosives|ieds|explosive devices)")
# Disrupted weapons use is a weapon stopped: found, seized, defused, intercepted.
DISRUPTED = rx(*STOPPED_WORDS, r"cache", r"confiscat", r"weapons? (?:haul|stockpile|depot)", r"bomb disposal",
                r"neutrali[sz]")
# Arrests are told as such: arrested, detained, held, taken into custody.
ARREST = rx(r"arrest", r"detain", r"detention", r"custody", r"apprehend", r"rounded up", r"round-up", r"jailed",
             r"imprison", r"held\b", r"taken in", r"picked up", r"nabbed", r"captured", r"remanded", r"charged")
# A grenade is thrown by hand; fired from a launcher, or rocket-propelled, it is shelling or part
# of a clash (the codebook), so those do not count.
GRENADE = rx(r"(?<!propelled )(?<!propelled-)grenades?\b(?![- ]?launch)",
              r"(?:threw|thrown|throws|throwing|hurled|hurling|lobbed|tossed) (?:a |an |two |some )?"
              r"(?:[\w-]+ )?(?:bombs?|explosives?|explosive devices?)")
SEXUAL = rx(r"rap(?:e|ed|es|ing|ist|ists)\b", r"gang-?rap", r"sexual", r"molest", r"defile", r"indecent",
             r"stripp?(?:ed)? (?:\w+ )?naked", r"forced (?:marriage|nudity|prostitution)")
# Demonstrators' own violence makes a violent demonstration, whatever force met it: the
# codebook's excessive force is against peaceful protesters. ("riot police" is no riot.)
RIOTING = rx(r"(?:thr(?:ew|own|owing|ow)|hurl(?:ed|ing|s)?|lobb(?:ed|ing)) (?:\w+ ){0,3}(?:stones|rocks|bottles|bricks|projectiles|molotov|"
              r"petrol bombs|fire ?bombs)", r"(?:stone[- ]?)?pelt", r"molotov", r"petrol[- ]bombs?",
              r"(?:stone|rock|brick|bottle|petrol[- ]bomb)[- ]throwing",
              r"(?:stones|rocks|bottles|bricks|projectiles|fireworks|objects) (?:\w+ ){0,3}(?:were |was )?(?:thrown|hurled)",
              r"with (?:a |an )?(?:rocks?|stones?|bricks?|bottles?)\b",
              r"set (?!(?:him|her|them)sel(?:f|ves)\b)(?:\w+ ){0,3}(?:on )?(?:fire|alight|ablaze)", r"torch(?:ed|ing)",
              r"burn(?:ed|t|ing) (?:\w+ ){0,3}(?:tyres|tires|vehicles?|cars?|buildings?|offices?|shops?|"
              r"property|houses?|police station)", r"vandali[sz]", r"loot", r"riot(?:ers?|ed|ing)\b",
              r"clash(?:ed|es)? with (?:the )?(?:police|security|soldiers|troops|army|military|gendarm)",
              r"clash(?:es|ed)? (?:broke out |erupted )?between (?:[\w-]+ ){0,3}(?:protesters|protestors|demonstrators) and (?:[\w-]+ ){0,2}"
              r"(?:police|security)", r"clash(?:es|ed)? between (?:[\w-]+ ){0,2}(?:police|security forces) and "
              r"(?:[\w-]+ ){0,3}(?:protesters|protestors|demonstrators)",
              # a monument brought down is property destroyed: "protesters tear down a statue"
              r"(?:tear|tears|tore|torn|pull|pulls|pulled|topple[sd]?|toppling) down (?:\w+ ){0,3}(?:statues?|monuments?)",
              r"toppl(?:e|es|ed|ing) (?:\w+ ){0,3}(?:statues?|monuments?)",
              r"(?:protesters|protestors|demonstrators) and (?:the )?(?:police|security forces) clash",
              r"violent (?:demonstrations?|protests?)", r"turn(?:s|ed)? violent", r"violence (?:broke|breaks) out",
              r"rampag", r"ston(?:ed|ing) (?:\w+ ){0,2}(?:motorists?|vehicles?|cars?|police|officers|buses)",
              r"barricad(?:ed|ing) (?:\w+ ){0,2}roads?", r"erect(?:ed|ing) barricades",
              r"(?:damag(?:ed|ing)|destroy(?:ed|ing)) (?:\w+ ){0,2}property", r"property damage",
              r"storm(?:s|ed|ing)? (?:and \w+ )?(?:the |a )?(?:\w+ ){0,2}(?:parliament|building|offices?|headquarters|"
              r"compound|palace|embassy|consulate|ministry|assembly)", r"ransack",
              r"(?:parliament|building|offices?|headquarters|compound|palace|embassy|consulate|ministry|assembly) "
              r"(?:\w+ ){0,2}(?:is|was|were|are|being) stormed",
              r"(?:thr(?:ew|own|owing|ow)|hurl(?:ed|ing|s)?) (?:\w+ ){0,3}missiles at", r"ston(?:ed|ing) (?:\w+ ){0,2}"
              r"(?:houses?|homes?|buildings?|offices?|shops?|windows)", r"(?:forcefully|forcibly) entered",
              r"(?:enter|entered|entering|break into|broke into) (?:\w+ ){0,4}by force", r"forced (?:their|its) way",
              r"running battles?", r"\bbrawl", r"burn(?:ed|t|ing) (?:\w+ ){0,3}mattresses",
              r"destroy(?:ed|ing) (?:\w+ ){0,3}(?:facilities|windows|furniture)", r"smash(?:ed|ing)",
              r"(?:beaten(?: up)?|beat up|attacked|assaulted) by (?:\w+ ){0,2}(?:demonstrators|protesters|protestors|rioters)")
# Violence of a crowd that is not a protest: communal, sectarian or ethnic riots, a lynch mob,
# vigilantes, football hooligans (the codebook's mob violence, where no demonstration is told).
# ("A mob" alone is no cue: a mob fighting the police is a violent demonstration.)
COMMUNAL = rx(r"(?:communal|sectarian|ethnic|religious|xenophobic|tribal|inter-?communal|inter-?ethnic|"
               r"inter-?religious|anti-?(?:muslim|christian|hindu|immigrant|foreigner)) (?:riots?|violence|clashes|"
               r"unrest|fighting|attacks?)", r"lynch", r"vigilante",
               r"(?:football|soccer) (?:fans|supporters|hooligans)", r"hooligan",
               r"(?:riots?|rioting|clashes|violence|fighting) between (?:\w+ ){0,3}(?:muslims|christians|buddhists|"
               r"hindus|sikhs|communities|tribes|clans|villagers|residents|fans|supporters|ethnic)")
PROTEST_WORD = rx(r"protest", r"demonstrat", r"rall(?:y|ies)\b", r"march(?:ed|es|ers)?\b", r"strik(?:e|es|ers|ing)\b")
# Force that breaks up a crowd without harming it: the codebook's protest with intervention,
# not a violent demonstration, when the demonstrators' own violence is not told.
DISPERSAL = rx(r"dispers", r"tear ?gas", r"water cannon", r"rubber bullets", r"pepper", r"batons?(?! rouge)",
                r"stun grenades?", r"flash ?bangs?", r"broke up", r"broken up", r"break up")
# A riot told as one ("the protest turned into a riot", "protesters rioted"); riot police are not.
RIOT_TOLD = re.compile(r"\briot(?:s|ed|ing|ers)?\b(?! (?:police|gear|squads?|control|units?|officers|act)\b)")
# The forces' less-lethal tools are an intervention's, not harm (the guidelines: tear gas, water
# cannon, batons, rubber bullets, without grave harm); HARM reads "baton", "rubber", "fired on".
LESS_LETHAL = re.compile(r"\b(?:(?:rubber|plastic)(?:[- ]coated)?(?: steel)? bullets?|baton(?:-wielding|-charged?|s)?|"
                         r"(?:tear ?gas|water cannons?|stun grenades?|pepper spray)(?: (?:is|was|were|are))? "
                         r"fired (?:at|on|into|upon)|fired? (?:\w+ )?(?:tear ?gas|water cannons?|stun grenades?)"
                         r"(?: (?:shells|canisters))?(?: (?:and|or) (?:\w+ ){0,2}?(?:tear ?gas|water cannons?|"
                         r"stun grenades?|rubber bullets))? (?:at|on|into|upon))\b")
# An agreement told as made or in force: a ceasefire, truce or peace deal agreed, signed or
# taking effect, prisoners exchanged or swapped ("a UN-brokered truce" names an earlier one). Violence
# against it (violated, despite, collapsed, rejected) is not one.
_AGREEMENT_NOUN = (r"(?:cease-?fires?|truces?|armistice|peace (?:deal|agreement|accord|treaty|pact)|"
                   r"prisoner (?:swap|exchange))")
AGREEMENT_MADE = re.compile(
    r"\b" + _AGREEMENT_NOUN + r"\b[^.;]{0,80}?\b(?:agreed|signed|reached|brokered|takes? effect|took effect|"
    r"comes? into (?:effect|force)|came into (?:effect|force)|in effect|begins?|began|starts?|started|holds|"
    r"holding|concluded|accepted)\b"
    r"|(?<!-)\b(?:agree|agrees|agreed|sign|signs|signed|reach|reaches|reached|broker|brokers|brokered|conclude|"
    r"concludes|concluded|accept|accepts|accepted)\b(?: (?:on|to))?[^.;]{0,40}?\b" + _AGREEMENT_NOUN + r"\b"
    # prisoners exchanged, told as done: "complete a prisoner swap", "swap prisoners", "exchange 200 prisoners"
    r"|\b(?:complet\w*|carr(?:y|ies|ied) out|conduct\w*|hold|holds|held)\b (?:\w+ ){0,4}?prisoner (?:swap|exchange)"
    r"|\b(?:swap(?:s|ped)?|exchang(?:es|ed))\b (?:\w+ ){0,4}?(?:prisoners|detainees|captives|prisoners of war|pows)\b")
# A ceasefire one side declares, ends or refuses to extend, or a war it declares, is its own
# change of activity, not an agreement between sides (ACLED codes a unilateral ceasefire so: 3 of
# the 4 dev notes that tell one; so did the news annotators, 21 labelled leads): unless the
# sentence tells another side agreeing (AGREED_BY_SIDES).
UNILATERAL_TRUCE = re.compile(
    r"\b(?:declar\w*|announc\w*|proclaim\w*|extend\w*)\b(?: (?:a|an|its|their|his|the))?(?: [\w-]+){0,3}? "
    r"(?:cease-?fires?|truces?)\b"
    r"|\bunilateral(?:ly)?(?:[- ][\w-]+){0,2}? (?:cease-?fires?|truces?)\b"
    r"|\b(?:end\w*|break\w*|broke|not extend|resum\w* (?:attacks|fighting|hostilities))\b(?: (?:a|an|its|their|the))?"
    r"(?: [\w-]+){0,3}? (?:cease-?fires?|truces?)\b"
    r"|\bdeclar\w* war\b")
AGREED_BY_SIDES = re.compile(r"\b(?:agree\w*|sign\w*|reach\w*|deal|accord|mutual|reciprocal|bilateral|negotiated|"
                             r"brokered|between)\b")
# An agreement is named as one (a deal, a truce, a release, talks concluded); without a word
# for it, "Agreement" is the model's echo of nearby words, and the model's next type is taken.
AGREEMENT_WORD = rx(r"agree", r"deal\b", r"accord", r"treaty", r"pact\b", r"cease-?fire", r"truce", r"armistice",
                     r"sign(?:ed|s|ing)?\b", r"releas", r"freed", r"frees\b", r"swap", r"exchang", r"handed over",
                     r"hand(?:s|ed)? over", r"negotiat", r"settlement", r"reconcil", r"surrender", r"amnesty",
                     r"memorandum", r"brokered", r"talks", r"peace", r"unilateral", r"lift(?:s|ed)?\b")
AGAINST_AGREEMENT = re.compile(r"\b(?:violat\w*|breach\w*|despite|broke|broken|collaps\w*|reject\w*|in defiance)\b")  # not "brokered"
# An intervention is told: protesters dispersed, arrested, gassed, blocked or stopped by force
# ("against police brutality" is what a protest is about, no intervention).
INTERVENTION = rx(r"dispers", r"arrest", r"detain", r"tear ?gas", r"water cannon", r"rubber bullets", r"pepper",
                   r"batons?", r"lathi", r"kettl", r"flash ?bangs?", r"less[- ]lethal", r"stun grenades?", r"intervene",
                   r"intervention", r"crack(?:ed)? ?down", r"broke up", r"broken up", r"break up", r"cleared", r"removed",
                   r"prevented", r"blocked by", r"stopped by", r"(?:pushed|forced|chased|drove|driven) (?:\w+ ){0,3}"
                   r"(?:back|away|out|off)", r"beat(?:en|ing)?\b", r"clash", r"scuffle", r"confront", r"tussle",
                   r"intercept", r"foil", r"obstruct", r"interfer", r"barred", r"sealed", r"stopp?(?:ed|ing)\b",
                   r"threaten", r"stand-?off", r"(?:shot|shoot|fired|firing) (?:\w+ ){0,2}in(?:to)? the air",
                   r"took down", r"disrupt", r"barricad", r"attack", r"forced", r"presence",
                   r"(?:police|security forces|troops|soldiers|officers|gendarmes) (?:\w+ ){0,3}(?:blocked|stopped|"
                   r"fired|charged|used|shot|attacked|assaulted|took|seized|confiscated|prevented)", r"custody", r"held\b")
# A weapon or an attack told as stopped before it did its harm: a missile or drone intercepted
# or shot down, a bomb defused, arms seized, a plot foiled (the codebook's disrupted weapons use).
WEAPON_STOPPED = re.compile(
    r"\b(?:intercept\w*|sh(?:o|oo)t(?:s|ing)? down|foil\w*|thwart\w*|defus\w*|seiz\w*|confiscat\w*|disarm\w*|"
    r"dismantl\w*)\b(?: [\w().'-]+){0,6}? (?:(?:ballistic |cruise )?missiles?|"
    r"rockets?|drones?|bombs?|explosives?|(?:explosive )?devices?|arms|weapons?|ammunition|plot|attack|"
    r"grenades?|mines?|ieds?|shipment|cache|massacre|assassination|bombing)\b"
    r"|\b(?:missiles?|rockets?|drones?|bombs?|plot|attack|massacre|assassination(?: attempt)?|bombing)\b"
    r"(?: [\w'-]+){0,6}? (?:was|were|is|are|being) "
    r"(?:intercepted|shot down|foiled|thwarted|defused)\b")
# Developments the codebook codes as Other, which no other type names: a mass grave found, a
# coup (power seized, a leader removed by the military, state television taken), a
# weapons test (a missile fired into the sea, a nuclear test). Told with killing or fighting,
# they are that violence instead.
MASS_GRAVE = re.compile(
    r"\bmass graves?\b(?: [\w-]+){0,8}? (?:found|discovered|uncovered|unearthed|exhumed|located)\b"
    r"|\b(?:found|discover\w*|uncover\w*|unearth\w*|exhum\w*) (?:[\w\"-]+ ){0,4}mass graves?\b")
POWER_SEIZED = re.compile(
    r"\bcoup d'(?:e|é)tat\b|\b(?:military|army) (?:coup|takeover)\b|\bstag\w* (?:a |an )?(?:\w+ )?coup\b"
    r"|\b(?:failed|attempted|foiled|quashed) coup\b|\bcoup (?:attempt|against)\b"
    r"|(?<!who )(?<!that )(?<!which )\b(?:seiz\w*|took|takes|taken|taking|grab\w*) (?:\w+ ){0,2}power\b"
    r"|\b(?:seiz\w*|took|takes|taken|taking) control of the (?:government|state|country)\b"
    r"|\b(?:seiz\w*|took|takes?|taken|taking|gain\w*)(?: over| control of)? (?:the )?state (?:television|tv|radio|"
    r"broadcaster|media)\b"
    r"|\b(?:overthr\w*|toppl\w*|ousted|deposed)\b(?: \w+){0,6}? (?:in|by) (?:a |the )?(?:military|army|coup|soldiers)"
    r"|\b(?:removed|ousted|deposed) (?:\w+ ){0,3}(?:from|of) (?:power|office)\b")
WEAPONS_TEST = re.compile(
    r"\b(?:missile|rocket|nuclear|weapons?) tests?\b|\btest[- ]?(?:fir|launch)\w*"
    r"|\b(?:fire[sd]?|firing|launch\w*) (?:[\w-]+ ){0,5}(?:missiles?|rockets?|projectiles?) "
    r"(?:[\w-]+ ){0,6}?into (?:the )?(?:sea|waters|ocean|east sea|sea of japan|yellow sea)\b"
    r"|\b(?:missiles?|rockets?|projectiles?) (?:\w+ ){0,3}(?:fired|launched) (?:[\w-]+ ){0,6}?into (?:the )?"
    r"(?:sea|waters|ocean|east sea|sea of japan|yellow sea)\b")


# Property looted, burned or destroyed with no one harmed, no fight and no crowd's violence told:
# the codebook's looting/property destruction, whatever else the model reads.
PROPERTY_DESTROYED = re.compile(
    r"\b(?:loot\w*|ransack\w*|pillag\w*|torch(?:ed|es|ing)|set (?:\w+ ){0,4}(?:on )?(?:fire|alight|ablaze)|"
    r"burn(?:ed|t|s|ing) down|(?:burn(?:ed|t)|destroy\w*|demolish\w*|raz(?:ed|es)|vandali[sz]\w*|sabotag\w*|"
    r"tore down|tear(?:s|ing)? down) (?:\w+ ){0,4}(?:houses?|homes?|buildings?|shops?|offices?|mosques?|"
    r"churches?|temples?|schools?|vehicles?|cars?|buses|trucks?|property|properties|shrines?|villages?|markets?|"
    r"stores?|warehouses?|pipelines?|bridges?|towers?|crops|headquarters|stations?|facilit\w*|businesses|depots?))")
# Goods, money or animals taken by force: the codebook's looting (ACLED: "seized 100 heads of
# livestock", "took away goods", "stripped the passengers of their belongings").
PROPERTY_TAKEN = re.compile(
    r"\b(?:seiz\w*|stole|stolen|steal\w*|took away|taking away|takes away|carried away|carted away|made off with|"
    r"rob(?:bed|bing|s)?|extort\w*|rustl\w*|looted) (?:\w+ ){0,4}?(?:livestock|cattle|cows|goats|sheep|camels|"
    r"oxen|herds?|heads? of|goods|money|cash|belongings|motorbikes?|motorcycles?|vehicles?|phones?|equipment|food|"
    r"grain|crops|property|fertili[sz]ers?|clothes|valuables|supplies)\b"
    r"|\bstripped (?:\w+ ){0,4}of (?:their |his |her )?(?:belongings|valuables|phones|money|possessions)")
TAKEN_PEOPLE = rx(r"abduct", r"kidnap", r"hostages?")
CROWD = rx(r"riot", r"mobs?\b", r"crowds?\b", r"protesters", r"demonstrators", r"youths", r"unrest")
GATHERING = rx(r"gather", r"supporters", r"crowds?\b", r"thousands")
# Some sign of people protesting: a protest type names its demonstrators or their action. A toll
# "killed nationwide", read as force on protesters because its sources are activists, has none.
DEMONSTRATION_TOLD = rx(r"protest", r"demonstrat", r"rall(?:y|ies|ied)\b", r"march", r"strik(?:e|es|ers|ing)\b",
                         r"sit[- ]?ins?\b", r"vigil", r"picket", r"boycott", r"procession", r"chant", r"slogan",
                         r"placard", r"banner", r"petition", r"block",
                         r"occup", r"agitat", r"dharna", r"hartal", r"bandh", r"mourners", r"funeral", r"students?\b",
                         r"workers", r"unrest", r"riot", r"mobs?\b", r"crowds?\b", r"supporters",
                         r"gather(?:s|ed|ing)?\b(?! (?:(?:its|their|his|her|the) )?(?:information|reports?|news|evidence|intelligence|data))",
                         r"youths", r"dispers", r"tear ?gas", r"water cannon", r"staged?\b", r"demand",
                         r"(?:in|of|to show) support", r"solidarity", r"caravan", r"parade", r"flotilla", r"prayer",
                         r"\bwalk", r"human chain", r"commemorat", r"camp(?:ed|ing)?[- ]out",
                         r"(?:went|go|goes|take|takes|took|taking) to the streets?")
# The forces block, stop or break up the protesters, or arrest them (named as protesters: a
# protest with arrests told in passing is often peaceful in ACLED's notes).
_FORCES = r"(?:police|policemen|security forces|security personnel|authorities|soldiers|troops|officers|gendarmes)"
_STOPPING = (r"(?:blocked|stopped|prevented|intercepted|dispersed|broke up|repressed|interfered|surrounded|obstructed|"
             r"barred|foiled|cordoned off|pushed back|chased)")
FORCES_STOPPED = re.compile(rf"\b{_FORCES}\b(?: \w+){{0,3}}? {_STOPPING}\b"
                            rf"|\b(?:were|was) (?:\w+ )?{_STOPPING} by (?:the )?(?:\w+ )?{_FORCES}\b"
                            rf"|\b(?:were|was) met by (?:the )?(?:\w+ )?{_FORCES}\b"
                            r"|\b(?:arrested|detained) (?:\w+ ){0,3}(?:protesters|demonstrators|participants|marchers)\b"
                            r"|\b(?:protesters|demonstrators|participants|marchers) (?:were |was )?(?:\w+ )?(?:arrested|detained)\b")
# Captives released or rescued as the news (the codebook's agreement: prisoner or hostage releases), not an
# abduction told with its victims' later release. The captives are named after the verb, or are
# its subject in the passive; the taking, if told, is background: told after the release, in a
# relative clause ("who were kidnapped"), or dated ("abducted last month").
_CAPTIVES = (r"(?:hostages?|captives?|prisoners?|detainees?|soldiers|sailors|seamen|fishermen|crew|passengers|"
             r"workers|tourists|journalists?|nationals|citizens|civilians|children|girls|boys|students|women|men|"
             r"people|couple|family|engineers|doctors|nurses|priests?|nuns|missionar\w+|activists?|officials?|"
             r"officers?|policemen|staff|employees|pilots?|miners|farmers|villagers|traders|teachers|pupils|"
             r"schoolgirls|schoolchildren|members|leaders?|businessm[ae]n|contractors|drivers|"
             r"[a-z]+(?:ans|ese|is|ish|ch)\b|(?:pakistan|iraq|israel|nepal|bangladesh|kuwait|saudi|yemen|somal|afghan)i|"
             r"ship|vessel|tanker|carrier)")
_MEDIA = r"(?:videos?|footage|statements?|reports?|photos?|images?|pictures?|audio|recordings?|names|lists?|details|figures|data|documents?)\b"
# A rescue is a release won by force; "rescue" as a noun (rescue teams, a rescue operation) is not one.
_RESCUE = (r"rescu(?:es|ed|ing)|rescue(?! (?:teams?|crews?|workers?|operations?|efforts?|missions?|services?|"
           r"personnel|attempts?|boats?|ships?|helicopters?|squads?|units?|officials?|cent(?:er|re)s?|bids?|raids?|"
           r"plans?|dut(?:y|ies)|and)\b)")
RELEASE_TOLD = re.compile(
    r"(?<!to )\b(?:releas(?:e|es|ed|ing)|free(?:s|d|ing)?|set(?:s|ting)? free|" + _RESCUE + r")\b"
    r"(?! (?:\w+ ){0,3}?" + _MEDIA + r") (?:[\w'-]+,? ){0,6}?" + _CAPTIVES
    + r"|\b(?P<passive>(?:is|are|was|were|been|be|being|get|gets|got) (?:\w+ ){0,2}?(?:released|freed|set free|rescued))\b")
TAKING = re.compile(r"\b(?:abduct\w*|kidnap\w*|hijack\w*|seiz\w*|captur\w*|arrest\w*|detain\w*|"
                     r"t(?:ake|akes|ook|aking|aken) (?:\w+ ){0,3}?(?:as )?(?:a )?hostages?|held (?:hostage|captive)|"
                     r"holding)")
TAKING_BACKGROUND = re.compile(
    r"(?:who|that|which|they|he|she) (?:\w+ ){0,2}?(?:were|was|had|have|has|been)\b[^.;]{0,12}$|after (?:being )?$"
    r"|(?:had been|have been|has been) $")
PAST_TIME = re.compile(r"^[^.;]{0,40}?\b(?:ago|last (?:week|month|year)|earlier|since|in (?:19|20)\d\d)\b")


COMBAT = rx(*COMBAT_WORDS)
# Excessive force is lethal or seriously injuring force against protesters (the codebook);
# tear gas, dispersal or arrests alone are an intervention.
HARM = rx(r"kill", r"died", r"dead", r"death", r"shot", r"shoot", r"live (?:ammunition|rounds|fire|bullets)",
           r"bullet", r"fired (?:at|on|into|upon)", r"open(?:ed)? fire", r"injur", r"wound", r"beat", r"hospital",
           r"gunfire", r"baton", r"lathi", r"assault", r"brutal", r"tortur", r"fatal", r"stabb", r"run over",
           r"rubber", r"pellet", r"whip", r"hurt")
# A planted or remotely set off bomb (not a grenade or a shell: their own types).
EXPLOSIVE = rx(r"car[- ]bombs?", r"road ?side bombs?", r"improvised explosive", r"ieds?\b", r"vbieds?\b",
                r"land ?mines?", r"explosive devices?", r"booby[- ]trap", r"bomb blasts?",
                r"bombs? (?:exploded|went off|blast|ripped|detonated|planted|hidden|attached)",
                r"(?:planted|remote-controlled|remotely detonated|magnetic|sticky|parcel|time) bombs?",
                r"explosions? (?:rocked|ripped|hit|tore)", r"bomb attacks?", r"bombings?\b", r"blasts?\b", r"mine (?:attack|blast|explo)", r"with (?:a |an )?(?:land)?mines?\b",
                r"(?:stepped on|struck|hit|ran over|drove over) (?:a |an )?(?:land)?mine\b")
# Any word for an explosive, for a remote explosive the model names: broader than EXPLOSIVE,
# which decides the type over the model's.
EXPLOSIVE_WORD = rx(r"bomb", r"explos", r"explod", r"blast", r"ieds?\b", r"mines?\b", r"landmine", r"detonat",
                     r"booby", r"device", r"dynamite", r"grenade", r"bl[eo]wn? up", r"blow up", r"ordnance",
                     r"uxos?\b")
# Fire from a distance: mortars, artillery, rockets, missiles not from the air (AIR decides first).
# (a bombardment from the air is an air strike: AIR decides before this is read)
SHELLING = rx(r"mortars?", r"artillery", r"shell(?:ed|ing|s)\b", r"bombard(?:s|ed|ing|ment|ments)?\b",
              r"rockets?\b", r"rocket[- ]propelled",
               r"katyusha", r"howitzers?", r"missiles?\b", r"gunboats?", r"warships?", r"naval (?:fire|vessels?|ships?|forces? (?:fired|shelled|struck))")


# (people captured are no territory: "110 militants are captured", "captured the pilot")
_CAPTIVES_TAKEN = r"(?! (?:\w+ ){0,2}(?:militants|fighters|soldiers|troops|rebels|pilots?|members|people|civilians|prisoners|hostages|suspects|commanders?)\b)"
TERRITORY = rx(r"seiz", r"captur(?!ed\b)", r"captured" + _CAPTIVES_TAKEN + r"(?<!are captured)(?<!were captured)", r"recaptur", r"re-?took", r"re-?tak", r"took (?:back|over|full control|control)",
                r"tak(?:e|en|ing) (?:back|over|full control|control)", r"(?:gained|regained|wrested|assumed|established|imposed|in) control",
                r"overr[au]n", r"regain", r"liberat", r"fell to", r"fall of", r"withdr[ae]w", r"pull(?:ed)? out",
                r"handed (?:over|control)", r"hand(?:ed)? over", r"vacat", r"abandon", r"retreat", r"advanc",
                r"control of", r"cleared", r"entered", r"expelled", r"drove out", r"chased")
# A place named as taken ("seized the town", "took control of"): the codebook
# codes the battle in which territory changes hands by who took it, not as an armed clash.
PLACE_TAKEN = rx(
    r"(?:seiz(?:e|ed|es|ing)|captur(?:e|ed|es|ing)|recaptur(?:e|ed|es|ing)|re-?took|re-?tak(?:e|es|en|ing)|"
    r"overr[au]n|liberat(?:e|ed|es|ing)|reclaim(?:s|ed|ing)?|took|tak(?:e|es|en|ing)) (?:back |over |full )?"
    r"(?:(?:the|a|an|two|three|several|\d+|small|key|strategic|rebel|militant|border|northern|southern|"
    r"eastern|western|nearby|remaining|last|main|whole|entire|most of the|part of the|parts of the|all|army|"
    r"military|government|enemy|police|insurgent|[\w-]+-held)\s+){0,3}"
    r"(?:towns?|city|cities|villages?|districts?|areas?|localit(?:y|ies)|border (?:post|crossing|town)s?|"
    r"bases?|military bases?|camps?|positions?|hills?|airport|airbase|port|strongholds?|settlements?|"
    r"checkpoints?|outposts?|territor(?:y|ies)|region|province|neighbou?rhoods?|suburbs?|headquarters|"
    r"count(?:y|ies)|municipalit(?:y|ies)|island|bridge)\b",
    r"(?:took|tak(?:e|es|en|ing)|gained|regained|wrested|assumed|seized) (?:back |full |complete |total )?"
    r"control (?:of|over)\b")
# A base told as established: the place and the founding verb together ("established
# fortifications" or "reinforcements sent to their base" are no new base).
_BASE_PLACE = (r"(?:(?:air)?bases?|headquarters|camps?|outposts?|posts?|positions?|offices?|barracks|garrisons?|"
               r"command (?:cent(?:er|re)s?|posts?)|strongholds?|hideouts?|military facilit(?:y|ies))\b")
BASE = rx(r"set (?:up )?(?:a |their |its )?(?:new )?(?:air)?base", r"(?:establish\w*|set(?:s|ting)? up|open(?:s|ed|ing)?|buil[dt]\w*|"
           r"construct\w*|install\w*|creat\w*|relocat\w*|mov(?:e|es|ed|ing)) (?:[^ ]+ ){0,6}?" + _BASE_PLACE,
           _BASE_PLACE + r" (?:[^ ]+ ){0,4}(?:was |were |is |are |being |been )?(?:established|set up|opened|built)",
           r"(?:serv\w*|used) as (?:\w+ ){0,3}(?:camps?|bases?|headquarters)", r"into (?:\w+ ){0,2}(?:camps?|bases?)\b",
           r"stationed", r"garrisoned")


# Who gains the territory decides between the two battle types (the codebook: government
# forces regain; a non-state actor overtakes), whatever the verb: rebels "recapture" too.
TAKES = re.compile(r"\b(?:seiz|captur|recaptur|re-?took|re-?tak|overr[au]n|liberat|regain|reclaim|overt(?:ook|aken)|"
                    r"(?:took|tak(?:e|es|en|ing)) (?:back |full |over )*(?:control|over|back)|"
                    r"(?:gained|wrested|assumed) control|drove out|expelled|"
                    r"(?P<fell>fell|fallen|falls) (?:in)?to (?:the hands of )?)")
BY_AGENT = re.compile(r"^[^.;,]{0,40}?\bby\s+")  # "... was captured on Monday by rebels"
NOT_SUBJECT = re.compile(r"\b(?:and|with|by|against|alongside|of|attacked|ambushed|fought|repelled|dislodged|"
                          r"ousted)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$")
FROM_LOSER = re.compile(r"^[^.;,]{0,60}?\bfrom\s+(?:the\s+)?")  # "... retaken from the rebels"
# A place that changes hands without a fight (the codebook: after a withdrawal or a deal) is
# a non-violent transfer, not a battle; so is one where no fighting is known ("no information
# on whether fighting took place": ACLED's coders then code a non-violent transfer).
NO_FIGHT = re.compile(r"\b(?:without (?:a |any )?|no |there was no |not a )"
                      r"(?:fight|fighting|resistance|shots? (?:being |was |were )?fired|a shot|"
                      r"clash|clashes|confrontation|battle)s?\b"
                      r"|\b(?:no information|no reports?|unclear|not clear|unknown|uncertain) "
                      r"(?:on |about |as to |of )?(?:whether|if) (?:any |there was |there were )?"
                      r"(?:fighting|clash|fight|battle)(?:es|s)?\b")
# Forces withdrawn or pulled out of somewhere: the ground they leave changes hands without a
# fight. Not support, a candidate or a delegation withdrawn from talks, a deal or a race.
WITHDRAWAL = re.compile(r"\b(?:withdr[ae]w\w*|pull(?:ed|s|ing)? (?:out|back))\b"
                        r"(?! (?:\w+ ){0,4}?(?:support|talks|negotiations?|deal|agreement|accord|treaty|pact|"
                        r"coalition|government|alliance|elections?|race|contest|candidacy|bid|recognition|"
                        r"ambassadors?|envoys?|delegations?|diplomats?|funding|aid|sanctions?|charges?|"
                        r"complaint|lawsuit|case|bill|proposal|motion)\b)")
WITHOUT_FIGHT = re.compile(r"\b(?:withdr[ae]w|withdrawn|pull(?:ed|s)? out|vacat|abandon|"
                            r"hand(?:ed|s)? (?:over|back)|peacefully|unopposed)|" + NO_FIGHT.pattern)
FIGHT = re.compile(r"\b(?:clash|fight|battl|attack|kill|shell|bomb|assault|fired|gunfire|"
                    r"exchange of fire|offensive|wounded|injured|dead|casualt)")


# Armed groups fighting for a government: the codebook's "government forces or their
# affiliates" regain territory ("the pro-government militia took control of Hatra").
_AFFILIATE = (r"(?:forces|troops|militias?|fighters) loyal to (?:the )?(?:\w+ )?(?:government|president|regime|state)",
              r"pro-(?:government|regime)", r"(?:government|regime|state)-(?:backed|allied|aligned)",
              r"loyalists of (?:the )?(?:exiled )?(?:government|president)")
GOVERNMENT_AFFILIATE = rx(*_AFFILIATE)
REGAINING = rx(r"re-?(?:took|takes?|taken|taking|captur\w*|gain\w*|claim\w*)", r"liberat(?:e|es|ed|ing)\b", r"wrest\w* back",
                 *_AFFILIATE)


# Unorganised people as the assailants (villagers, residents, a mob, a group of men): the
# codebook's mob violence, not an armed actor's attack on civilians.
_CROWD_SUBJECT = (r"(?:villagers|residents|locals|inhabitants|mobs?|youths?|students|mourners|passengers|"
                  r"crowds?|community members|worshippers|fans|vigilantes|people from|"
                  r"(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+) (?:\w+ )?(?:men|individuals|youths)|"
                  r"(?:a |an )?(?:\w+ )?(?:group|gang|band) of (?:\w+ ){0,2}?(?:men|people|persons|individuals|youths?|"
                  r"villagers|residents|locals))")
# The crowd is the subject: it opens a sentence (after a date or a few words such as "angry local"),
# and the verb after it is active.
CROWD_ASSAILS = re.compile(r"(?:^|[.;:]\s+|\),?\s+|^on [^,]{3,40}, )(?:\w+ ){0,3}?" + _CROWD_SUBJECT
                           + r"\b(?: (?!(?:are|is|was|were|been|being|be)\b)\w+){0,4}? "
                           r"(?:attack|assault|beat|kill|lynch|hack|ston|chase|accost|tortur|burn|set upon|stab|thrash|"
                           r"manhandl)(?:s|ed|ing)?\b(?! by\b)")
ARMED_ASSAILANTS = rx(r"gunm[ae]n", r"armed", r"militants?", r"soldiers?", r"troops", r"police", r"rebels?",
                        r"insurgents?", r"fighters?", r"militia", r"jihadists?", r"bandits?", r"terrorists?",
                        r"masked", r"security forces", r"gangs?\b")


# A protest the model reads as peaceful where protesters were shot, killed or fired on: the
# codebook's excessive force (the harm done to them, not what the protest is about).
LETHAL_FORCE = rx(r"(?:kill|shot|shoot|wound|injur)\w* (?:\w+ ){0,3}(?:protesters?|demonstrators?|marchers?)",
                   r"(?:protesters?|demonstrators?|marchers?) (?:\w+ ){0,2}(?:killed|shot|wounded|injured)",
                   r"(?:open(?:ed)? fire |fired (?:\w+ ){0,3}?)(?:at|on|into) (?:the )?(?:protest|demonstrat|crowd|march)")
GRAVE_FORCE = rx(r"(?:kill(?:s|ed|ing)?|shot dead|shot and killed) (?:\w+ ){0,3}(?:protesters?|demonstrators?|marchers?)",
                  r"(?:protesters?|demonstrators?|marchers?) (?:\w+ ){0,2}(?:were |was )?(?:killed|shot dead)",
                  r"(?:drove|drives|driving|plough\w*|plow\w*|ram(?:s|med|ming)?) (?:\w+ ){0,3}into (?:the |a )?"
                  r"(?:crowd|protest|demonstrat|march|rally)")
# What a protest is about is not what happened at it: "against police brutality and the
# death of George Floyd" tells no force used on these protesters.
PROTEST_CAUSE = re.compile(
    r"\b(?:against|over|in support of|in solidarity with|demanding|to demand|denouncing|condemning|"
    r"calling for|to call for|in protest (?:of|at|against|over)|in memory of|to mourn|to commemorate|"
    r"(?:seeking |demand(?:ing)? )?justice for)\s"
    r"(?:(?!\b(?:were|was|when|but|as|before|until|while|leading|after|then|with)\b)[^.;,]){0,80}")
# Control won at the ballot box is no territory: "voted for control of the state Legislature".
POLITICAL_CONTROL = re.compile(
    r"\b(?:(?:vot(?:e|es|ed|ing)|elections?|races?|battles?|fight(?:ing)?|campaign(?:ing)?|bids?) for|"
    r"w[oi]n(?:s|ning)?|retain(?:s|ed|ing)?|keep(?:s|ing)?|kept|los(?:e|es|ing|t)|flip(?:s|ped|ping)?|"
    r"hold(?:s|ing)?|held|gain(?:s|ed|ing)?|regain(?:s|ed|ing)?|took|tak(?:e|es|en|ing)) "
    r"(?:full |majority |back |narrow |partisan )?control of (?:the |both )?(?:[\w-]+ ){0,3}?"
    r"(?:house|senate|congress|parliament|legislatures?|assembly|council|chambers?|board|majority|government)\b")
# People named by nationality ("a Palestinian", "a Briton"), and the words for a person that
# may follow ("a French national"): see _UNARMED.
_PEOPLE_BY_NATION = ("|".join(sorted((re.escape(d) for d in DEMONYMS if " " not in d), key=len, reverse=True))
                     + r"|briton|frenchm[ae]n|englishm[ae]n|dutchm[ae]n|irishm[ae]n")
_PERSON = (r"(?:national|citizen|man|men|woman|women|boy|girl|teen\w*|child|children|youths?|civilians?|"
           r"workers?|farmers?|journalists?|tourists?|nationals|citizens|hostages?)")
# Who was hit decides between a battle and violence against civilians (the codebook): a
# clash needs two armed, organised sides; civilians, suspects and bystanders killed by one
# armed side, with no fighting told, are attacked.
_UNARMED = (r"(?:civilians?|villagers?|farmers?|herders?|residents?|(?:drug |criminal )?suspects?|women|children|"
            r"students?|teachers?|worshippers?|journalists?|traders?|passengers?|motorists?|pedestrians?|"
            r"tourists?|aid workers?|migrants?|refugees?|pilgrims?|shoppers?|patients?|bystanders?|mourners?|"
            r"(?:a|an|one|two|three) (?:\w+ )?(?:man|woman|boy|girl|men|women)|"
            # a person named by nationality alone ("shot and killed a Palestinian", "gunned down a
            # Briton"), not an armed one ("an Israeli soldier", "two Afghan policemen")
            r"(?:a|an|one|two|three|four|five|\d+) (?:" + _PEOPLE_BY_NATION + r")s?(?: " + _PERSON + r")?"
            r"(?= (?:as|who|in|at|near|on|after|during|when|while|and|was|were|is|are|from|outside|inside)\b|[,.;]|$))\b")
UNARMED_VICTIMS = rx(r"(?:kill|shot|shoot|gunned down|murder|execut|hack|behead|stabb)\w* (?:\w+ ){0,3}" + _UNARMED,
                      r"left (?:\w+ ){0,3}" + _UNARMED + r" dead",
                      _UNARMED + r" (?:\w+ ){0,4}(?:was|were|is|are|had been|have been|has been) (?:\w+ ){0,2}"
                      r"(?:killed|shot|murdered|executed|gunned down|hacked|beheaded|stabbed)",
                      r"vigilante[- ]style")
# Demonstrators in a clash: the codebook's violent demonstration, not two armed sides ("clashes
# between police and opposition demonstrators"); armed supporters are an armed side.
DEMONSTRATORS_CLASH = re.compile(
    r"\bclash\w* (?:between|with) (?:(?!armed\b)[\w'()-]+ ){0,6}?"
    r"(?:protest\w*|demonstrat\w*|rioters|strikers|striking|worshippers|supporters)\b")
_ARMED_SIDE = (r"(?:soldiers?|troops|militants?|rebels?|fighters?|insurgents?|jihadists?|militiam[ae]n|militia|"
               r"assailants?|attackers?|gunm[ae]n|policem[ae]n|police officers?|gendarmes?|guards?|security forces)")
TWO_ARMED_SIDES = rx(*COMBAT_WORDS, r"exchange of fire", r"shoot-?outs?", r"returned fire", r"engaged", r"cross-?fire",
                      r"repel", r"encounter", r"fire ?fight", r"responded",
                      r"attack\w* (?:\w+ ){0,3}(?:gendarmerie|police (?:station|post)|posts?|base|camp|patrols?|"
                      r"checkpoints?|barracks|army|military|security|positions?)\b",
                      _ARMED_SIDE + r" (?:\w+ ){0,6}(?:(?:were|was|are|is|been) (?:\w+ ){0,2}(?:killed|wounded|injured|"
                      r"gunned down|shot|captured)|died|(?<!shot )dead)",
                      r"(?:kill|wound|injur|captur|shoot|shot)\w* (?:(?!by\b)\w+ ){0,3}" + _ARMED_SIDE)  # not its agent

# So is an arrest in which people are killed or hurt; but what the arrested are suspected of
# ("over the killing of", "charged with murder") is the arrest's ground, not harm done in it.
ARREST_GROUNDS = re.compile(
    r"\b(?:suspect(?:ed)? of|on suspicion of|suspected in|accused of|on charges? of|charged with|in connection with|"
    r"linked to|for (?:alleged |his |her |their )?(?:involvement|role|part)|over (?:the|a|an|his|her)|"
    r"for (?:the |a |an )?(?:\d{4} )?(?:alleged )?(?:murder|killing|kill|attack|shooting|bombing|execution|assassination)|"
    r"wanted (?:for|in)|responsible for|perpetrators? of|masterminds? of|plot\w*|planning|"
    r"after (?:they|he|she|it) (?:had )?(?:killed|murdered|shot|attacked))[^.;]*")
PEOPLE_HARMED = rx(r"(?<!to )kill(?:s|ed|ing)?\b(?! (?:\w+ )?(?:livestock|cattle|goats|cows|animals))", r"\bdead\b",
                    r"died", r"murder", r"(?<!to )behead", r"shot dead", r"shot and (?:killed|injured|wounded)",
                    r"(?:was|were) shot\b", r"stabb", r"injur", r"wound", r"tortur", r"hacked", r"(?<!to )execut",
                    r"brutali[sz]", r"bod(?:y|ies) (?:\w+ ){0,4}(?:was |were )?(?:found|recovered|discovered)")
# "No fatalities and/or injuries reported", "causes no injuries", "released unharmed"
NO_HARM = re.compile(r"\b(?:no|neither|nor|without|not|unharmed|unhurt)\b[^.;]{0,40}"
                      r"(?:fatalit|injur|casualt|kill|dead|death|hurt|wound|harm)\w*")


# A place someone tried to take has not changed hands (the codebook: a battle, not a transfer).
ATTEMPTED_TAKING = re.compile(
    r"\b(?:try|tries|tried|trying|attempt(?:s|ed|ing)?|bids?|sought|seek(?:s|ing)?|push(?:es|ed|ing)?|"
    r"fail(?:s|ed|ing)?|aim(?:s|ed|ing)?|plans?|planned|planning|"
    # "launch an operation to capture Raqqa": the battle for the place, not its taking
    r"operations?|offensives?|campaigns?|assaults?|drives?) to (?:\w+ )?(?:seize|capture|take|retake|"
    r"recapture|regain|overrun|liberate)\b")


# Forces moved, reinforced or deployed, security measures ordered, and no violence, arrest or
# protest told: the codebook's change to group/activity (ACLED: "Security measures: ...").
DEPLOYMENT = rx(r"reinforcements?", r"(?:re)?deploy(?:s|ed|ing|ment|ments)?\b",
                 r"(?:activat|mobili[sz]|call)\w* (?:up |in )?(?:\w+ ){0,3}(?:national guard|troops|reserv\w+|"
                 r"service members)", r"joint patrols?", r"evacuation orders?", r"(?:military|armou?red) (?:columns?|convoys?)",
                 r"curfews?", r"lockdowns?", r"beefed up", r"(?:heightened|tightened|stepped up|stepping up) security",
                 r"(?:troops|soldiers|troopers|forces) (?:were |was )?(?:sent|dispatched)",
                 r"(?:sent|dispatched) (?:\w+ ){0,3}(?:troops|soldiers|troopers|police officers)")
# A group's make-up changed: disbanded, dissolved (not a parliament or a government: the state's
# institutions are no armed or political group), merged, renamed, split, or sworn to another
# group ("pledges allegiance to the new caliph"). The codebook's change to group/activity when
# no violence, arrest, protest or agreement (a surrender's oath of loyalty) is told.
GROUP_REMADE = rx(r"disband(?:s|ed|ing|ment)?\b", r"dissol(?:ve|ves|ved|ving|ution)\b(?! (?:of )?(?:the |its |their )?(?:\w+ )?(?:parliament|government|assembly|cabinet|legislature|senate|congress|council|court)s?\b)",
                  r"merg(?:e|es|ed|ing|er) (?:\w+ ){0,6}?(?:with|into)\b",
                  r"(?:pledg|swe|swor|vow)\w* (?:its |their |his )?(?:allegiance|loyalty|bay'?ah)",
                  r"(?:is|was|are|were|been|be) renamed", r"rebrand\w*", r"splinter(?:s|ed)? from",
                  r"split (?:off )?from", r"breakaway (?:faction|group|wing)")
# A settlement told beside it: a group's oath or disbanding as part of a surrender or a deal.
SETTLEMENT = rx(r"surrender", r"agree", r"deal\b", r"accord", r"treaty", r"cease-?fire", r"truce", r"armistice",
                r"amnesty", r"negotiat", r"brokered", r"peace")
UNREST = rx(r"riot", r"unrest", r"violen", r"kidnap", r"abduct", r"revolt", r"uprising", r"insurg", r"attack")
# Buildings demolished or blown up by those who hold the ground, no one harmed: property
# destruction, not a remote explosive (ACLED: "blew up residential buildings ... in controlled
# explosions" is looting/property destruction).
DEMOLITION = rx(r"controlled (?:explosions?|demolitions?)",
                 r"(?:blew|blow|blows|blown|blowing) up (?:\w+ ){0,3}(?:houses?|homes|buildings?|residential|"
                 r"apartments?|tunnels?|shops?|mosques?|schools?)", r"demolish\w*")
