"""ACLED event and sub-event types of an English sentence, from cue lexicons.

Pure module. `classify(sentence)` returns the sub-event type the sentence reports, or None
when it reports no event. The decision follows the ACLED codebook's own precedence: how
violence was delivered (suicide bomb, chemical weapon, air strike, remote explosive,
grenade, shelling) decides before who fought whom; protests are coded by what happened to
and by the demonstrators; strategic developments only when no violence is reported.

The cues are word patterns, not phrases from any particular article: verbs, instruments and
participants as news and ACLED notes name them, with their inflections.
"""

from __future__ import annotations

import re

SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


def _rx(*patterns: str) -> re.Pattern[str]:
    # Matched against the lower-cased sentence: 3-4x faster than re.IGNORECASE here.
    return re.compile((r"\b(?:" + "|".join(patterns) + r")").lower())


# --- instruments ---------------------------------------------------------------------------
SUICIDE = _rx(r"suicide[- ](?:bomb|attack|car|vest|truck|blast|explosi|operation)",
              r"suicide bombers?", r"self[- ]detonat", r"blew (?:him|her|them)sel(?:f|ves) up",
              r"detonated (?:an? )?(?:explosive|suicide) (?:vest|belt)", r"explosive (?:vest|belt)")
CHEMICAL = _rx(r"chemical (?:weapon|attack|agent|munition|bomb)", r"chlorine", r"sarin",
               r"mustard", r"nerve (?:agent|gas)", r"toxic (?:gas|agent|chemical)", r"poison(?:ous)? gas",
               r"chemical[- ]laden", r"gas attack", r"irritants?", r"chloropicrin", r"riot control agents?",
               r"phosgene", r"(?:munitions|ammunition|shells|bombs) (?:filled|laden|loaded) with (?:a )?(?:toxic|chemical|poison)")
AIR = _rx(r"air ?strikes?", r"air[- ]raids?", r"airstrikes?", r"drone (?:strike|attack)s?",
          r"(?:war|fighter |military )?(?:planes?|jets?)\b[^.]{0,40}\b(?:bomb|struck|strike|hit|pound|target|fire)",
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
          r"(?:military|army|air force|armed forces)(?: said it)? bombed", r"bombed (?:a|an|the) (?:\w+ )?(?:camp|encampment|hideout|base|position)")
REMOTE = _rx(r"\bIEDs?\b", r"improvised explosive", r"roadside (?:bomb|blast|explosi)",
             r"land ?mines?", r"\bmines? (?:explo|blast|detonat)", r"(?:stepped|drove|ran) (?:on|over) (?:a |an )?(?:[\w-]+ ){0,2}mine",
             r"anti-?(?:personnel|tank) mines?", r"(?:hit|struck) by (?:a |an )?(?:[\w-]+ ){0,2}mine\b",
             r"buried (?:land ?)?mines?", r"mine blast",
             r"car bombs?", r"car[- ]bomb(?:ing)?s?", r"booby[- ]trap", r"explosive (?:device|charge)s?",
             r"bomb (?:exploded|went off|blast|detonat)", r"(?:bomb|explosive)s? (?:planted|hidden|attached)",
             r"vehicle[- ]borne", r"\bVBIEDs?\b", r"magnetic bomb", r"sticky bomb", r"remote[- ]controlled (?:bomb|device|explosive)",
             r"unexploded ordnance", r"\bUXO\b", r"(?:bomb|blast|explosion)s? (?:hit|struck|killed|tore|ripped|targeted|rocked|injured|wounded)",
             r"(?:bomb|blast|explosion)s? (?:in|at|near|outside|on) (?:a|an|the) (?:market|mosque|church|checkpoint|bus|station|school|crowded|busy)",
             r"bombings?\b", r"detonated", r"exploded", r"blew up")
GRENADE = re.compile(r"(?<!propelled )(?<!propelled-)(?<!stun )(?<!smoke )(?<!flash )"
                     r"\b(?:hand[- ])?grenades?\b(?! launcher)")
SHELLING = _rx(r"shell(?:ed|ing|s)\b", r"artillery", r"mortars?", r"rockets?", r"missiles?",
               r"howitzers?", r"bombard(?:ed|ment|ing|s)?", r"projectiles?", r"\bMLRS\b",
               r"(?:tank|heavy) (?:fire|shell)", r"katyusha", r"ballistic", r"cruise missile",
               r"pounded", r"rocket[- ]propelled", r"\bRPGs?\b", r"shelling")

# --- battles -------------------------------------------------------------------------------
CLASH = _rx(r"clash(?:ed|es|ing)?", r"(?<!to )fight(?:ing|s)?\b", r"fought", r"battl(?:e|ed|es|ing)\b",
            r"gun ?(?:fight|battle)s?", r"exchange(?:d|s)? (?:of )?(?:gun)?fire", r"firefights?",
            r"skirmish", r"engag(?:ed|ement)s?\b", r"ambush(?:ed|es)?", r"offensive", r"assault(?:ed)?",
            r"stormed", r"raided", r"attack(?:ed|s)? (?:an? |the )?(?:\w+ )?(?:military|army|police|security|"
            r"checkpoint|base|outpost|post|patrol|convoy|barracks|station|garrison|positions?|camp|troops|soldiers)",
            r"counter[- ]?attack", r"repelled", r"repulsed", r"hostilities", r"crossfire",
            r"came under (?:heavy )?(?:fire|attack)", r"trad(?:ed|ing) (?:gun)?fire", r"exchanges? (?:of fire|went on)",
            r"shoot-?out", r"exchanged shots", r"open(?:ed)? fire on (?:\w+ ){0,2}(?:soldiers|troops|police|forces|militants|rebels)")
REGAIN = _rx(r"recaptur(?:e|ed|es|ing)", r"re-?took", r"took back", r"tak(?:e|en|ing) back", r"won back",
             r"wrested back", r"dislodged", r"restored (?:[\w-]+ ){0,3}to (?:government|state|army|federal) control",
             r"regain(?:ed|ing)? (?:full |total )?control", r"retak(?:e|en|ing)", r"regain(?:ed|s)? control",
             r"regain(?:ed)? (?:the )?(?:town|city|village|area|territory|district)",
             r"liberat(?:e|ed|es|ing)", r"wrested (?:back )?control", r"back under (?:government|army|state) control",
             r"reclaim(?:ed)?", r"cleared (?:the )?(?:town|area|village|city) of", r"restored (?:state |government )?control")
OVERTAKE = _rx(r"seiz(?:e|ed|es|ing)(?: full)? control", r"took (?:full )?control", r"tak(?:e|en|ing) (?:full )?control",
               r"captur(?:e|ed|es|ing)\b", r"overr(?:an|un)", r"gained control", r"fell to", r"fell into the hands",
               r"seiz(?:e|ed|es|ing) (?:the )?(?:[\w-]+ ){0,3}(?:town|city|village|district|base|area|territory|headquarters|"
               r"airport|hill|locality|garrison|border crossing|bridge|port|oil field|mine|military camp|barracks|"
               r"station|compound|prison|post|outpost|neighbou?rhoods?|capital)",
               r"took over (?:the )?(?:[\w'’-]+ ){0,3}(?:compound|headquarters|station|base|post|town|city|prison|barracks)",
               r"taking (?:[\w-]+ ){0,3}(?:of )?(?:the )?(?:city|town|district|capital|village)", r"swept into",
               r"pushed into", r"stormed into",
               r"took over (?:the )?(?:town|city|village|district|base|area|locality)", r"conquer(?:ed)?",
               r"under (?:\w+ )?(?:rebel|militant|insurgent|jihadist) control", r"advanced (?:into|on)")

# --- violence against civilians ------------------------------------------------------------
SEXUAL = _rx(r"rap(?:e|ed|es|ing)\b", r"gang[- ]rap", r"sexual(?:ly)? (?:assault|abus|violen|exploit|attack)",
             r"sexual slavery", r"molest")
ABDUCT = _rx(r"abduct(?:ed|s|ing|ion)?", r"kidnap(?:ped|s|ping|pers)?", r"hostages?", r"taken captive",
             r"forc(?:ed|ible|ibly) disappear", r"enforced disappearance", r"went missing after (?:being )?taken",
             r"seized (?:\d+|two|three|several|a) (?:civilians|people|villagers|passengers|men|women|students|workers|farmers)",
             r"whisked away", r"carried off", r"ransom", r"whereabouts (?:remain |are |is )?(?:still )?unknown",
             r"(?:have|has) not (?:been )?heard from", r"forced (?:[\w-]+ ){0,3}into (?:a |an )?(?:car|vehicle|truck|pickup|van)",
             r"seized (?:a|an|the|\d+|two|three|four|five|several) (?:[\w-]+ ){0,2}(?:priest|pastor|imam|chief|"
             r"journalist|aid worker|engineer|official|teacher|students?|girls?|boys?|women|men|villagers|farmers)")
KILL = _rx(r"kill(?:ed|ing|s)?", r"shot dead", r"shot and killed", r"gunned down", r"murder(?:ed|s)?",
           r"execut(?:ed|ion)s?", r"behead(?:ed|ing)", r"massacr(?:e|ed)", r"slaughter(?:ed)?", r"hacked",
           r"stabbed", r"shot (?:at|and wounded|a |an |two|three|\d)", r"opened fire", r"torched (?:homes|houses|a village)",
           r"attack(?:ed|s)?", r"tortur(?:e|ed)", r"beat(?:en)?\b", r"assaulted", r"lynch", r"burn(?:ed|t) alive",
           r"dead\b", r"died", r"deaths?\b", r"bodies", r"wounded", r"injur(?:ed|ing)", r"raid(?:ed)?")
CIVILIANS = _rx(r"civilians?", r"villagers?", r"residents?", r"farmers?", r"herders?", r"women", r"woman",
                r"child(?:ren)?", r"students?", r"pupils?", r"teachers?", r"worshippers?", r"passengers?",
                r"traders?", r"merchants?", r"fishermen", r"miners?", r"journalists?", r"aid workers?",
                r"worke?rs?", r"displaced", r"refugees?", r"famil(?:y|ies)", r"chief", r"pastor", r"priest",
                r"imam", r"motorists?", r"shopkeepers?", r"boys?", r"girls?", r"men\b", r"man\b", r"people",
                r"persons?", r"elderly", r"doctors?", r"nurses?", r"council(?:lo|o)r", r"activists?",
                r"politician", r"candidate", r"official", r"businessm[ae]n", r"market", r"church", r"mosque",
                r"school", r"hospital", r"village", r"camp for (?:the )?displaced", r"IDP", r"homes?",
                r"drivers?", r"hunters?", r"loggers?", r"settlers?", r"pedestrians?", r"customers?", r"guests?",
                r"(?:community|religious|traditional|village|opposition|party) leaders?", r"elders?")
ARMED_SIDE = _rx(r"soldiers?", r"troops?", r"army", r"military", r"police(?:men|man|officers?)?",
                 r"security (?:forces|personnel|agents|officers)", r"gendarm", r"militants?", r"rebels?",
                 r"insurgents?", r"fighters?", r"militia(?:s|men)?", r"jihadists?", r"guerrillas?",
                 r"forces", r"checkpoint", r"base", r"outpost", r"patrol", r"convoy", r"barracks",
                 r"garrison", r"positions?", r"guards?", r"marines", r"paramilitar", r"commandos?",
                 r"special forces", r"national guard", r"self-defen[cs]e", r"vigilantes?", r"combatants?",
                 r"bandits?", r"gunmen", r"armed (?:men|group)s?", r"cartel", r"gang members?", r"sicarios")

# --- protests and riots --------------------------------------------------------------------
PROTEST = _rx(r"protest(?:ed|ing|s|ers?)?", r"demonstrat(?:ed|ion|ions|ors?|ing)", r"rall(?:y|ied|ies)",
              r"(?<!\d )(?<!\d)march(?:ed|es|ers)?\b(?!,? \d)", r"sit-?ins?\b", r"picket(?:ed|s|ing)?\b", r"strikers\b",
              r"(?:on|a|general|national|labou?r|workers'?|teachers'?|doctors'?|nurses'?) strike\b",
              r"strike action", r"striking (?:workers|teachers|doctors|nurses|miners|drivers|employees)",
              r"walk-?out", r"boycott", r"vigils?\b", r"gathered (?:in|outside|at|to)",
              r"hunger strike", r"took to the streets", r"chant(?:ed|ing)\b", r"dharnas?",
              r"staged (?:a |an )?(?:[\w-]+ ){0,2}(?:protest|demonstration|rally|march|sit-in|strike|vigil)",
              r"blocked (?:the )?(?:road|highway|street|entrance)s? (?:in|to) protest")
RIOT_VIOLENCE = _rx(r"(?<!anti-)riot(?:ed|ing|s|ers)?\b(?! police| gear| squad| control| unit| officers)",
                    r"(?:threw|hurled|hurling|throwing) (?:[\w-]+ ){0,2}(?:stones|rocks|petrol|molotov|bottles|projectiles|bricks)",
                    r"petrol bombs?", r"set (?:[\w-]+ ){0,4}(?:ablaze|alight|on fire)", r"barricad(?:e|ed|es|ing)",
                    r"burn(?:ed|t|ing) (?:[\w-]+ ){0,2}(?:tyres|tires|trucks|cars|vehicles|buses|police)",
                    r"stone[- ]?(?:pelting|throwing)", r"pelted", r"molotov", r"torch(?:ed|ing)", r"set (?:ablaze|fire|on fire)",
                    r"burn(?:ed|t|ing) (?:tyres|tires|cars|vehicles|a police|police|shops|buildings|government)",
                    r"vandali[sz](?:ed|ing)", r"smash(?:ed|ing)", r"ransack(?:ed)?", r"clash(?:ed|es)? with (?:the )?(?:police|security|riot)",
                    r"attack(?:ed)? (?:police|security forces|officers|a police)", r"injur(?:ed|ing) (?:\w+ )?(?:police|officers)",
                    r"(?:looted|looting)", r"stormed", r"damag(?:ed|ing) (?:property|vehicles|shops|buildings)")
INTERVENTION = _rx(r"dispers(?:e|ed|ing)", r"tear ?gas", r"water cannons?", r"rubber bullets?", r"baton",
                   r"(?:arrest(?:ed|ing)?|detain(?:ed|ing)?) (?:[\w-]+ ){0,3}(?:protesters|demonstrators|participants|marchers|"
                   r"activists|students|people|them|dozens|several|organi[sz]ers|\d+)",
                   r"(?:protesters|demonstrators|participants|marchers|people|dozens|\d+) (?:were |was )?(?:arrested|detained)",
                   r"arrests", r"broke up", r"break up", r"pepper spray",
                   r"stun grenades?", r"forcibly (?:removed|evicted|cleared)", r"cleared (?:the )?(?:protest|camp|square|sit)",
                   r"charged (?:at|the) (?:protesters|demonstrators|crowd)", r"scuffl", r"push(?:ed)? back", r"blocked (?:the )?(?:march|protesters)")
EXCESSIVE = _rx(r"live (?:ammunition|fire|rounds|bullets)", r"opened fire on (?:\w+ ){0,2}(?:protesters|demonstrators|crowd|marchers)",
                r"fired (?:live |real )?(?:bullets|shots) (?:at|into) (?:the )?(?:protesters|demonstrators|crowd)",
                r"(?:protesters?|demonstrators?|marchers?) (?:were |was )?(?:\w+ ){0,3}(?:killed|shot dead|shot|died)",
                r"(?:killed|shot dead|shot|killing) (?:\w+ ){0,3}(?:protesters?|demonstrators?|marchers?)",
                r"killing (?:at least )?\w+ (?:people|protesters|demonstrators)",
                r"(?:shot|killed|shot dead|opened fire on) (?:[\w-]+ ){0,4}(?:people|civilians|youths|students|residents) "
                r"(?:who were )?(?:protesting|demonstrating|marching)",
                r"(?:fired|opened fire|shot) (?:[\w-]+ ){0,4}(?:on|at|into) (?:[#\w-]+ ){0,3}(?:protesters|demonstrators|crowds?|marchers|students|mourners)",
                r"shot dead (?:[\w-]+ ){0,4}(?:protesters|demonstrators|marchers)",
                r"(?:shot dead|killed) (?:[\w-]+ ){0,4}(?:during|at) (?:a |an |the )?(?:[\w-]+ )?(?:march|protest|demonstration|rally)",
                r"live (?:rounds|ammunition|bullets) (?:at|on|into)")
MOB = _rx(r"mobs?\b", r"lynch(?:ed|ing|ings)?", r"vigilante (?:justice|killing)", r"angry (?:crowd|residents|villagers|youths|mob)",
          r"(?:residents|villagers|youths|crowds?|locals|students|worshippers) (?:[\w-]+ ){0,8}(?:beat|hacked|burned|stoned|lynched|clubbed)",
          r"accused of (?:[\w-]+ ){0,2}(?:theft|stealing|witchcraft|blasphemy|sorcery|kidnapping|being a (?:thief|witch))",
          r"suspected (?:of )?(?:thie(?:f|ves)|witch(?:es)?|kidnappers?|cultists?|robbers?|rapists?)",
          r"set upon", r"(?:beaten|burned|burnt|stoned|clubbed) to death by",
          r"(?:crowd|residents|villagers|youths) (?:\w+ ){0,3}(?:beat|burned|attacked|killed|stoned|set upon)",
          r"jungle justice", r"mob justice", r"(?:beaten|burned|stoned) to death by (?:a |an )?(?:crowd|mob|residents|villagers)",
          r"communal (?:clash|violence)", r"(?:rival|two) (?:groups|communities|clans|factions) of (?:residents|youths|villagers)",
          r"(?:supporters|members) of (?:rival )?(?:parties|party|political)", r"football fans", r"hooligans",
          r"street fight", r"brawl")

# --- strategic developments ----------------------------------------------------------------
AGREEMENT = _rx(r"agreed (?:[\w-]+ ){0,6}to (?:extend|hold|form|share|release|exchange|end|stop|halt|withdraw|"
                r"implement|resume|swap|observe|respect|reopen)",
                r"exchang(?:e|ed|ing) (?:[\w-]+ ){0,3}prisoners", r"prisoner (?:swap|exchange|release)s?",
                r"(?:signed|agreed|reached|struck|concluded|brokered|announced|declared|accepted|"
                r"agreed to|entered into|sealed)\b[^.]{0,40}\b(?:agreement|ceasefire|cease-fire|truce|deal|accord|pact|"
                r"memorandum|settlement|treaty)",
                r"signed (?:[\w-]+ ){0,3}(?:truce|pact|deal|accord|agreement|ceasefire)",
                r"(?:agreement|ceasefire|cease-fire|truce|deal|accord|pact) (?:was|were|has been) "
                r"(?:signed|agreed|reached|struck|concluded|brokered|announced|declared)",
                r"(?:ceasefire|cease-fire|truce|accord|agreement) (?:took|takes) effect", r"signed (?:a|an|the) ", r"prisoner (?:swap|exchange)", r"exchange of prisoners",
                r"released (?:\w+ ){0,3}(?:hostages|prisoners|detainees|captives) (?:in exchange|as part of)",
                r"reached a deal", r"agreed to (?:a|stop|end|cease|withdraw|exchange|release)", r"memorandum of understanding",
                r"reconciliation (?:deal|agreement)", r"armistice", r"negotiated settlement", r"peace treaty")
ARREST = _rx(r"arrest(?:ed|s|ing)?\b", r"detain(?:ed|s|ing)?\b",
             r"(?:police|security|operatives|agents|troops|soldiers|forces|officers|detectives) (?:[\w-]+ ){0,3}picked up", r"apprehend(?:ed)?", r"taken into custody",
             r"in custody", r"round(?:ed)? up", r"nabbed", r"held for questioning", r"picked up by (?:police|security)",
             r"custody", r"raid(?:ed)? (?:the )?(?:home|house|office)s? of", r"incarcerat", r"extradit")
DISRUPT = _rx(r"defus(?:e|ed|ing)", r"dismantl(?:e|ed|ing)", r"deactivat(?:e|ed)", r"neutrali[sz]ed (?:an? )?(?:bomb|explosive|IED|device|mine)",
              r"seiz(?:e|ed|ing|ure) (?:of )?(?:[\w-]+ ){0,3}(?:weapons|arms|ammunition|explosives|rifles|guns|firearms|rockets|"
              r"drones|cache|explosive materials|bomb-making|munitions|grenades|mortar rounds)",
              r"(?:weapons|arms|ammunition|explosives) (?:cache|depot|stockpile)s? (?:was |were )?(?:found|seized|discovered|uncovered)",
              r"(?:found|discovered|uncovered|recovered|confiscated|unearthed) (?:[\w-]+ ){0,3}(?:weapons|arms|ammunition|explosives|rifles|cache|IEDs?|bombs?|grenades?|mines?)",
              r"(?:depot|cache|stockpile) of (?:arms|weapons|explosives|ammunition)",
              r"(?:stopped|intercepted|seized) (?:[\w-]+ ){0,3}(?:vehicle|car|truck|van) (?:packed|laden|loaded|rigged) with explosives",
              r"intercept(?:ed|s|ing)?", r"shot down", r"downed (?:a |an |two |\d )?(?:\w+ )?(?:drone|aircraft|missile|UAV)",
              r"foil(?:ed|s)?", r"thwart(?:ed)?", r"bomb disposal", r"controlled explosion", r"air defen[cs]es? (?:destroyed|downed|intercepted)",
              r"detonated (?:safely|in a controlled)", r"demined", r"mine clearance")
BASE = _rx(r"establish(?:ed|es|ing)? (?:a |an |new )?(?:\w+ )?(?:base|camp|headquarters|outpost|post|position)",
           r"set(?:ting)? up (?:a |an |new )?(?:\w+ )?(?:base|camp|headquarters|outpost|checkpoint|position)",
           r"(?:new|opened a) (?:military |forward )?(?:base|headquarters|outpost)", r"deployed to (?:a new|establish)",
           r"built (?:a |an )?(?:new )?(?:base|camp|outpost)", r"station(?:ed)? (?:troops|forces) (?:permanently|at a new)",
           r"observation (?:point|post)", r"install(?:ed)? (?:a |an |its )?(?:[\w-]+ ){0,3}(?:administration|headquarters|base|camp)",
           r"(?:opened|set up|established) (?:a |an )?(?:[\w-]+ ){0,3}(?:liaison office|command cent(?:er|re))")
LOOT = _rx(r"loot(?:ed|ing|s)?", r"plunder(?:ed)?", r"pillag", r"ransack(?:ed)?", r"torch(?:ed|ing)",
           r"set (?:ablaze|fire to|on fire)", r"burn(?:ed|t|ing) (?:down )?(?:[\w-]+ ){0,4}(?:homes|houses|huts|shops|vehicles|cars|buildings|village|school|church|mosque|crops|granar|property|office)",
           r"set fire to (?:[\w-]+ ){0,4}(?:homes|houses|huts|shops|vehicles|cars|buildings|village|school|church|mosque|crops|office)",
           r"destroy(?:ed|ing)? (?:\w+ ){0,3}(?:homes|houses|property|shops|crops|buildings|school|church|mosque|telecom|mast|bridge|infrastructure|office)",
           r"demolish(?:ed|ing)?", r"vandali[sz](?:ed|ing)", r"arson", r"stole(?:n)? (?:\w+ ){0,3}(?:cattle|livestock|goods|property|cars|vehicles|money)",
           r"rustl(?:ed|ing)", r"extort(?:ed|ion)", r"razed", r"bulldoz(?:ed|ing)", r"sabotag(?:e|ed)")
TRANSFER = _rx(r"withdr(?:ew|awn|awal) from", r"pull(?:ed)? out of", r"handed over (?:control|the (?:town|city|base|area|territory))",
               r"hand(?:ed|s|ing)? over (?:\w+ ){0,3}(?:to the|control)", r"took over (?:\w+ ){0,3}without (?:a )?(?:fight|resistance)",
               r"(?:entered|took over|deployed in|moved into) (?:\w+ ){0,4}(?:after|following) (?:the )?(?:withdrawal|departure|retreat)",
               r"evacuat(?:ed|ion) of (?:fighters|rebels|militants|troops)", r"vacated", r"relinquish(?:ed)?",
               r"transfer(?:red)? (?:of )?(?:control|territory|the base)", r"without (?:a )?(?:fight|resistance|clashes|firing a shot)",
               r"retreated from", r"abandon(?:ed)? (?:\w+ ){0,2}(?:positions|base|town|posts)", r"unopposed",
               r"handing (?:it|them|\w+ ){0,3}(?:over )?to", r"handed (?:[\w-]+ ){1,6}(?:over )?to (?:the )?",
               r"walked into", r"took over (?:[\w-]+ ){0,4}(?:after|as) (?:\w+ ){0,3}(?:left|withdrew|pulled out)",
               r"without a shot", r"handing it over")
# Unmistakable hand-overs: checked before territory taken by force and before agreements.
TRANSFER_STRONG = _rx(r"without (?:a |any )?(?:fight|resistance|a shot|firing a shot|clashes|fighting)", r"unopposed",
                      r"handed over (?:the )?(?:[\w-]+ ){0,3}(?:garrison|base|town|city|camp|control|territory|post|airfield|area)",
                      r"after (?:the )?(?:[\w-]+ ){0,4}(?:withdrew|pulled out|retreated|left)\b", r"without a shot")
CHANGE = _rx(r"recruit(?:ed|ing|ment|s)?", r"training (?:camp|of|new)", r"trained (?:\w+ )?(?:recruits|fighters)",
             r"conscription", r"rejoin(?:ed)?", r"breakaway", r"inaugurat(?:e|ed)", r"secretary[- ]general",
             r"named (?:[\w-]+ ){0,4}as (?:its |the )?(?:new )?", r"(?:new|changed) (?:its )?name",
             r"suspend(?:ing|ed|s)? (?:its |all |their )?(?:[\w-]+ ){0,2}operations", r"end(?:ing|ed|s)? (?:its |the |their )?ceasefire",
             r"dissolution", r"handed in (?:[\w-]+ ){0,4}weapons", r"disarmament", r"ordered (?:its |their )?fighters",
             r"new (?:leader|commander|chief|emir)", r"appoint(?:ed)? (?:a |as )?(?:new )?(?:leader|commander|head|emir)",
             r"appointment of (?:a |its |the )?(?:new )?(?:leader|commander|head|emir|chief)",
             r"merg(?:e|ed|er)", r"split from", r"defect(?:ed|ion|ions)?", r"pledged allegiance", r"join(?:ed)? forces",
             r"formed (?:a |an )?(?:new )?(?:alliance|coalition|group|militia)",
             r"banned", r"ban on", r"dissolv(?:e|ed)", r"relocat(?:e|ed)", r"disband(?:ed)?", r"surrender(?:ed)?",
             r"laid down (?:their )?(?:arms|weapons)", r"demobili[sz]", r"deploy(?:ed|ment|s)? (?:of )?(?:\w+ ){0,3}(?:troops|soldiers|forces|police)",
             r"reinforcements", r"mobili[sz](?:ed|ation)", r"declared (?:a |an )?", r"announced (?:a |an |the )",
             r"sanction", r"designated (?:as )?(?:a )?terror", r"imposed", r"suspended (?:operations|activities)", r"rebrand")

# The numeric half of NOT_EVENT: no word to gate on, so a small pattern of its own.
NOT_EVENT_NUMBERS = re.compile(r"\d+ years since|\b\d-\d\b|(?:\$|us\$|€)\s?\d")

OTHER = _rx(r"coup\b", r"coup d", r"seized power", r"took power", r"overthr(?:ew|own)", r"ousted (?:the )?president",
            r"martial law", r"state of emergency", r"curfew", r"internet (?:shutdown|blackout|services|access)",
            r"(?:shut|cut) (?:down |off )?(?:the )?(?:mobile )?internet", r"mass graves?", r"displac(?:ed|ement) of",
            r"fled their homes", r"suspended (?:[\w-]+ ){0,2}internet", r"closed military zone",
            r"annulled", r"dissolved (?:state|all|government) institutions", r"suspended the constitution")

# Words that make "attack"/"shooting"/"strike" not violence.
NOT_EVENT = _rx(r"heart attacks?", r"panic attacks?", r"cyber ?attacks?", r"asthma attacks?",
                r"floods?\b", r"flash flood", r"lightning", r"(?:mine|building|bridge|wall|roof|canopy) collapse",
                r"collapsed", r"overturned", r"tanker (?:truck )?(?:explosion|exploded|fire)", r"fire (?:at|in|broke out)",
                r"genocide memorial", r"to mark", r"league\b", r"\bcup\b",
                r"(?:would|will|to) (?:hold|stage|launch|organi[sz]e) (?:a |an )?(?:[\w-]+ ){0,2}(?:protests?|strikes?|march(?:es)?|rall(?:y|ies))",
                r"next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)", r"earthquake", r"landslide", r"mudslide", r"cyclone", r"hurricane",
                r"typhoon", r"storm\b", r"tornado", r"avalanche", r"drought", r"heatwave", r"wildfire", r"tsunami",
                r"(?:road|traffic|car|bus|train|plane|boat|mining|industrial) (?:accident|crash)", r"plunged into",
                r"collided", r"capsized", r"derail", r"gas (?:cylinder|leak)", r"cholera", r"outbreak", r"epidemic",
                r"pandemic", r"covid", r"drowned", r"electrocut", r"stampede", r"building collapse",
                r"shares", r"stocks?\b", r"percent", r"per cent", r"contract", r"bowl(?:ers|ing)",
                r"wickets?", r"innings", r"scor(?:ed|ing) (?:twice|a goal|\d)", r"rout\b",
                r"battle of the bands", r"contest\b", r"concert", r"festival", r"music fans", r"summoned (?:[\w-]+ ){0,4}(?:ambassador|envoy)",
                r"lodged (?:a )?(?:formal )?protest", r"diplomatic protest", r"court\b", r"judge", r"prosecutor",
                r"last year", r"(?:planned|upcoming) (?:[\w-]+ ){0,2}(?:protests?|rall(?:y|ies)|marches|demonstrations?)",
                r"ahead of (?:[\w-]+ ){0,3}(?:protests?|rall(?:y|ies)|marches|demonstrations?)",
                r"shooting (?:a |the )?(?:film|movie|scene|video|photos?|hoops|guard)", r"photo shoot",
                r"(?:market|stock|share|crypto|price)s? (?:crash|plunge)", r"hunger strike (?:ended|called off)",
                r"(?:penalty|free) kick", r"striker", r"goal", r"match", r"tournament", r"championship",
                r"election (?:campaign|rally) (?:was|is) (?:planned|scheduled)", r"anniversary", r"commemorat",
                r"sentenced", r"convicted", r"acquitted", r"verdict", r"trial of", r"court (?:ruled|heard|found)",
                r"film", r"novel", r"video game", r"will (?:hold|stage) (?:a )?(?:protest|rally|march|strike)",
                r"plans? to (?:protest|march|rally|strike)", r"called (?:for|on) (?:\w+ ){0,3}(?:protests?|strikes?)",
                r"threatened to (?:protest|strike|attack|withdraw)")


def _has(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


# Every cue above contains one of these stems; a sentence with none reports no event, and
# one cheap search spares it the twenty full lexicons (most sentences of a story are talk).
_ANY_CUE = re.compile(
    r"\b(?:kill|dead|die|death|shot|shoot|gun|murder|execut|behead|massac|slaughter|hack|stab|tortur|"
    r"beat|assault|attack|lynch|burn|raid|wound|injur|bod(?:y|ies)|clash|fight|fought|battl|fire|"
    r"skirmish|engag|ambush|offensive|storm|repel|repuls|hostil|bomb|blast|explo|detonat|blew|"
    r"shell|artiller|mortar|rocket|missile|howitzer|bombard|projectile|\bMLRS|tank|katyusha|"
    r"pound|\bRPG|IED|\bmines?\b|landmine|booby|ordnance|\bUXO|grenade|chemical|chlorine|"
    r"sarin|gas|nerve|toxic|poison|air ?strike|air[- ]raid|drone|plane|jet|helicopter|aerial|"
    r"strafe|airstruck|suicide|self[- ]detonat|vest|belt|recaptur|retook|retak|regain|liberat|"
    r"wrest|reclaim|clear|restor|seiz|took|tak(?:e|en|ing) (?:full )?control|captur|overr|"
    r"gained control|fell|conquer|control|advanc|rap(?:e|ed|es|ing)\b|sexual|molest|abduct|"
    r"kidnap|hostage|captive|disappear|whisk|carried off|protest|demonstrat|rall|march|sit-?in|"
    r"picket|strik|walk-?out|boycott|vigil|gather|took to the streets|chant|block|riot|stone|"
    r"pelt|molotov|torch|ablaze|vandal|smash|ransack|loot|dispers|tear ?gas|water cannon|rubber|"
    r"baton|arrest|detain|broke up|break up|pepper|stun|forcibl|charged|scuffl|push|live|mob|"
    r"vigilante|angry|justice|communal|rival|supporters|fans|hooligan|brawl|agree|ceasefire|"
    r"cease-fire|truce|deal|accord|pact|treaty|signed|prisoner|exchange|release|memorandum|"
    r"settlement|armistice|apprehend|custody|round(?:ed)? up|nabbed|questioning|picked up|"
    r"incarcerat|extradit|defus|dismantl|deactivat|neutrali|weapon|arms|ammunition|cache|"
    r"intercept|shot down|downed|foil|thwart|disposal|air defen|demin|establish|set(?:ting)? up|"
    r"base|headquarters|outpost|station|plunder|pillag|destroy|demolish|arson|stole|rustl|"
    r"extort|razed|bulldoz|sabotag|withdr|pull(?:ed)? out|hand|vacat|relinquish|transfer|"
    r"without|retreat|abandon|evacuat|recruit|train|leader|commander|chief|emir|appoint|merg|"
    r"split|defect|allegiance|join|formed|curfew|emergency|ban|dissolv|relocat|disband|"
    r"surrender|laid down|demobili|martial|deploy|reinforcement|mobili|declared|announced|"
    r"sanction|designat|imposed|suspend|rebrand|warplane|gunship|retook|re-took|unexplod|counter|"
    r"cross|confiscat|gang|firefight|shootout|uav|vbied|mlrs)".lower(),
)


# Who said it is not what happened: "…, police said", "according to residents".
_REPORTING = re.compile(
    r"\b(?:(?:police|officials?|witnesses|residents|sources|"
    r"authorities|army|military|spokesm[ae]n|spokesperson|media|activists|medics|doctors|observatory|"
    r"monitors?|group|ministry|governor|diocese|agency|un|united nations)\s+(?:said|say|says|told|reported|confirmed)"
    r"(?:\s+on\s+\w+)?|according to (?:[^\s,.;]+ ?){1,6}(?=[,.;]|$))")
# Causes and background in a subordinate phrase are not the reported event:
# "imposed a curfew following a spate of killings", "…, who was killed last month".
_BACKGROUND = re.compile(
    r"\b(?:following|amid|after|in response to|in the wake of|over|to end|to stop|pledging to end)\s+"
    r"[^,.;]{0,60}?\b(?:killings?|violence|clashes|attacks?|unrest|fighting|protests?|raids?|abductions?)\b"
    r"|\b(?:who|which) (?:was|were|had been) (?:[\w-]+ ){0,6}?(?:last (?:week|month|year)|in \d{4}|earlier this \w+)")
_ATTRIBUTION_WORD = re.compile(r"\b(?:said|say|says|told|reported|confirmed|according)\b")
_BACKGROUND_WORD = re.compile(r"\b(?:following|amid|after|response|wake|over|end|stop|who|which)\b")
_STATE_FORCES = _rx(r"soldiers?", r"troops?", r"army", r"military", r"police", r"security forces",
                    r"security personnel", r"gendarm", r"riot police", r"officers")
_STRONG_CLASH = _rx(r"clash", r"fight", r"fought", r"battl", r"gun ?(?:fight|battle)", r"exchange", r"firefight",
                    r"skirmish", r"traded", r"came under", r"engag", r"crossfire", r"shoot-?out", r"ambush")
_ARMED_TARGET = _rx(r"soldiers?", r"troops?", r"army", r"military", r"police(?:men|man| officers?| station| post)?",
                    r"security forces", r"checkpoint", r"base", r"outpost", r"patrol", r"convoy", r"barracks",
                    r"militants", r"rebels", r"fighters", r"insurgents", r"positions", r"garrison")
_CROWD = _rx(r"supporters", r"youths?", r"crowds?", r"demonstrators", r"protesters", r"rioters", r"students",
             r"residents", r"fans", r"mobs?")
_HARD_VIOLENCE = _rx(r"kill(?:ed|ing|s)\b", r"shot\b", r"shoot", r"clash", r"gun ?(?:fight|battle)", r"exchange(?:d)? (?:of )?fire",
                     r"firefight", r"died", r"dead\b", r"wounded", r"injured", r"fought", r"battle")


def classify(sentence: str) -> str | None:
    """The ACLED sub-event type `sentence` reports, or None (no event)."""
    s = " ".join(sentence.split())
    if not s or not any(ch.islower() for ch in s):
        return None  # a heading in capitals is not a report
    s = s.lower()
    if not _ANY_CUE.search(s):
        return None
    if _ATTRIBUTION_WORD.search(s):
        s = _REPORTING.sub(" ", s)
    if _BACKGROUND_WORD.search(s):
        s = _BACKGROUND.sub(" ", s)
    if ((_has(NOT_EVENT, s) or NOT_EVENT_NUMBERS.search(s))
            and not (_has(_VIOLENT_VERB, s) and _has(ARMED_SIDE, s))):
        return None
    protest = _has(PROTEST, s)
    # Remote violence: the instrument decides, also at a rally.
    if _has(SUICIDE, s):
        return "Suicide bomb"
    if _has(CHEMICAL, s):
        return "Chemical weapon"
    if _has(GRENADE, s):
        return "Grenade"
    if _has(AIR, s):
        return "Air/drone strike"
    if protest:
        if _has(EXCESSIVE, s) or (_has(_VIOLENT_VERB, s) and _has(_STATE_FORCES, s)
                                  and _has(_HARD_VIOLENCE, s)):
            return "Excessive force against protesters"
        if _has(RIOT_VIOLENCE, s):
            return "Violent demonstration"
        if _has(INTERVENTION, s):
            return "Protest with intervention"
        if not _has(KILL, s) or _has(_PEACEFUL, s):
            return "Peaceful protest"
    if _has(AGREEMENT, s) and not _has(_HARD_VIOLENCE, s):
        return "Agreement"
    if _has(SEXUAL, s):
        return "Sexual violence"
    if _has(MOB, s):
        return "Mob violence"
    if _has(_RIOT_WORD, s) or (_has(RIOT_VIOLENCE, s) and _has(_CROWD, s)):
        return "Violent demonstration"
    if _has(DISRUPT, s):
        return "Disrupted weapons use"
    if _has(REMOTE, s):
        return "Remote explosive/landmine/IED"
    if _has(SHELLING, s):
        return "Shelling/artillery/missile attack"
    if _has(ABDUCT, s):
        return "Abduction/forced disappearance"
    if _has(TRANSFER_STRONG, s) and not _has(_HARD_VIOLENCE, s):
        return "Non-violent transfer of territory"
    if _has(REGAIN, s):
        return "Government regains territory"
    if _has(OVERTAKE, s) and not _has(ARREST, s):
        return "Non-state actor overtakes territory"
    if _has(TRANSFER, s):
        return "Non-violent transfer of territory"
    if _has(OTHER, s) and not _has(_HARD_VIOLENCE, s):
        return "Other"
    if _has(ARREST, s) and not _has(_HARD_VIOLENCE, s):
        return "Arrests"
    if _has(CLASH, s):
        # Storming a church is an attack on civilians; a battle needs two armed sides.
        if not _has(_STRONG_CLASH, s) and _has(CIVILIANS, s) and not _has(_ARMED_TARGET, s):
            return "Attack"
        return "Armed clash"
    if _has(KILL, s) and _has(_VIOLENT_VERB, s):
        # Who was hit decides: armed men killing a civilian is an attack, not a battle.
        if _has(CIVILIANS, s) or not _has(_ARMED_TARGET, s):
            return "Attack"
        return "Armed clash"
    if _has(LOOT, s):
        return "Looting/property destruction"
    if _has(BASE, s):
        return "Headquarters or base established"
    if _has(CHANGE, s):
        return "Change to group/activity"
    if _has(OTHER, s):
        return "Other"
    if _has(AGREEMENT, s):
        return "Agreement"
    if _has(ARREST, s):
        return "Arrests"
    return None


_PEACEFUL = re.compile(r"\bpeaceful(?:ly)?\b")
_RIOT_WORD = re.compile(r"\briot(?:ed|ing|s|ers)?\b")

# A death or wound word alone ("died", "wounded") is not an attack: someone must have done it.
_VIOLENT_VERB = _rx(r"kill(?:ed|ing|s)\b", r"shot", r"gunned down", r"murder", r"execut", r"behead",
                    r"massacr", r"slaughter", r"hacked", r"stabbed", r"opened fire", r"attack", r"tortur",
                    r"beat(?:en)?\b", r"assaulted", r"lynch", r"burn(?:ed|t) alive", r"raid")


def event_type(sub_event_type: str) -> str:
    return SUB_EVENT_TYPES[sub_event_type]
