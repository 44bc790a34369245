"""Where a claim is usually verified: a hint per kind of claim, or per subject the sentence names.

A court sentence is checked in the court's records and an election result in the official
count, whatever the grammar of the sentence; so a claim whose own words put it in one of
``SUBJECTS`` takes that subject's hint, and otherwise its kind's. Hints live in
``sources.toml``; a desk's file replaces any of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from .details import FIGURE_TYPES, Detail
from .errors import DataError

SOURCES_FILE = Path(__file__).with_name("sources.toml")


def load_where_to_check(extra: str | Path | None = None) -> dict[str, str]:
    """Per claim kind and subject, where such a fact is usually verified: ``sources.toml``, then ``extra``."""
    hints: dict[str, str] = {}
    for path in (SOURCES_FILE, extra):
        if path is None:
            continue
        try:
            table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("where_to_check", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise DataError(f"cannot read the sources file {path}: {exc}") from None
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise DataError(f"{path}: [where_to_check] must map each kind of claim or subject to a line of text")
        hints.update(table)
    return hints


def _words(pattern: str) -> re.Pattern[str]:
    """``pattern`` between word boundaries. Subject words are written in lower case and searched
    for in the sentence lowered (re.IGNORECASE took three times as long over these lists); names
    that are only themselves in capitals are searched for as written."""
    return re.compile(rf"\b(?:{pattern})\b")


# Firefighters' drills, strikes and union are no incident.
_NO_INCIDENT = _words(
    r"training\sexercise|(?:fire|evacuation)\sdrills?|on\sstrike|strike\saction|walk(?:\s|-)?out|pay\s(?:dispute|offer|deal)"
    r"|(?:firefighters|fire\sbrigades?)(?:'|’)?\sunion"
    r"|dispute\sover\spay"
)
# A vote of a chamber on a bill is no election: "MPs backed the bill by 320 votes to 280".
_CHAMBER_VOTE = _words(
    r"mps|lawmakers|legislators|senators|councillors|councilors|parliament\svoted"
    r"|the\s(?:[\w-]+\s)?(?:bill|motion|amendment)|the\svote\son|votes?\sto\s[\d,]+|(?:no-)?confidence\svote"
    r"|vote\sof\s(?:no\s)?confidence"
)
# "by-election", "general election" and "re-election" name one too: the word boundary falls before "election".
_ELECTION_WORDS = r"elections?|referendum"
_ELECTION_NAMED = _words(_ELECTION_WORDS)

# A sentence stating what a law or rule requires, allows or forbids: "under the 2019 act",
# "the rules cap donations", "are required to publish", "may be held without charge".
_STATES_A_RULE = _words(
    r"(?<![a-z0-9]\s)under\s(?:the\s|a\s|state\s|federal\s|new\s|current\s|existing\s|\d{4}\s|\w+(?:'s"
    r"|’s)\s)?(?:[\w'’-]+\s){0,4}(?:law|laws|act|rules|regulations?|decree|ordinance|directive|constitution|treaty"
    r"|charter|code)"
    r"|(?:law|laws|act|rules|regulations|constitution|treaty|code|bylaws?|agreement|accord)\s(?:still\s|also\s"
    r"|now\s)?(?:requires?|allows?|caps?|bans?|bars?|limits?|lets|forbids?|prohibits?|obliges?|sets)"
    r"|(?:is|are)\s(?:not\s)?(?:legally\s)?(?:required|allowed|permitted|obliged|entitled|banned|forbidden|barred"
    r"|prohibited)\s(?:to|from)"
    r"|(?:has|have)\sto\s(?:notify|publish|register|declare|report|disclose|keep|show|provide)"
    r"|must\s(?:not\s)?(?:be\s)?(?:kept|keep|published|publish|notified|notify|shown|show|provided|provide|registered"
    r"|register|declared|declare|brought|held|disclosed|disclose|report|reported|receive|carry|wear|display|stop|obtain"
    r"|apply|given|paid|approved|tested|licensed)"
    r"|may\s(?:only\s|not\s)?be\s(?:held|questioned|detained|kept|published|sold|used)"
    r"|(?:police|officers)\smay\s(?:hold|detain|search)|can(?:not)?\s(?:only\s)?(?:vote|be\sheld|be\sdetained)"
    r"|(?:it\sis|makes?\sit)\s(?:illegal|unlawful|a\scrime|an\soffence)\sto"
    r"|(?:is|are)\s(?:now\s)?(?:banned|illegal|unlawful|compulsory|mandatory)|under\s(?:the\s)?constitution"
    r"|(?:allowed|required|permitted|banned|prohibited|illegal|unlawful|mandatory|crime|offence)\sunder"
)

# A team's score in digits or words: "21 points to 19", "twenty-one points to nineteen".
_SCORE = (
    r"(?:\d{1,3}|(?=[eftnos])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)"
)

# Each subject's words, in the order that decides between two: a fine the court imposed on a
# club is the court's, a poll of voters before an election the pollster's, a study of patients
# the study's, a drugmaker's profit its own filings', an ambush of police the war's, money for
# waiting lists the budget's, a stabbing outside a hospital the police's, heatstroke in a
# heatwave the health service's, landslides a quake set off the quake's, a launch firm's revenue
# its filings', the score of a team called the Comets the league's.
SUBJECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "court",
        _words(
            r"sentenced|sentencing|(?:suspended|prison|jail|custodial|life|community)\ssentences?"
            r"|criminal\s(?:hearing|trial|case|cases)|convicted|conviction|acquitted|acquittal|jailed|guilty|indicted"
            r"|indictment|prosecutors?|prosecution|defendants?|jury|jurors|verdict|retrial|bail(?!\sout)|remanded"
            r"|lawsuits?|sued|suing|injunction|class\saction|extradit(?:ed|ion)|tribunal|magistrates|in\sdamages"
            r"|charged\s(?:(?:a|an|two|three|four|five|\d+)\s(?:[\w-]+\s){0,3})?with\s(?!(?:overseeing|leading|running"
            r"|managing|the\stask))"
            r"|(?:stood|stand|stands|standing|on|murder|fraud|criminal|his|her|their)\strial(?!\s(?:run|period|basis))"
            r"|(?:the|a)\sjudges?"
            r"|(?:supreme|high|crown|district|magistrates'?|county|federal|constitutional|criminal|family|youth|sheriff"
            r"|circuit|superior|appeals?)\scourt"
            r"|court\sof\s(?:appeal|arbitration|justice|session|protection)|appeals\scourt"
            r"|the\sbench\s(?:fined|ordered|sentenced|heard|imposed)"
            r"|(?:the|a)\scourt(?:'s|’s)?\s(?:heard|was\stold|ruled|ordered|found|case|hearing|order|ruling|decision)"
            r"|(?:in|to|before|by)\s(?:the\s)?court|(?:crown|magistrates'?|the)\scourts"
            r"|(?:country|nation|state)(?:'s|’s)\scourts"
        ),
    ),
    (
        "poll",
        _words(
            r"opinion\spolls?|exit\spolls?|pollsters?|margin\sof\serror"
            r"|polls?\s(?:of|by|for|conducted|carried\sout|published|suggests?|showed|shows|found|finds|puts?|gives?"
            r"|gave)"
            r"|polling\s(?:by|for|firm|company|suggests|shows|showed|found)"
            r"|surveys?\s(?:of|by|for|conducted|carried\sout|published|suggests?|showed|shows|found|finds|recorded"
            r"|counted|logged)"
            r"|respondents|yougov|ipsos|gallup|opinium|savanta|survation|pew\sresearch|morning\sconsult|quinnipiac|ifop"
            r"|forsa"
            r"|(?:voters|adults|people|britons|americans|parents|workers|those)\s(?:polled|surveyed|questioned|asked"
            r"|sampled)"
            r"|interviewed\s[\d,]+\s(?:voters|adults|people|respondents)|(?:latest|weekly|monthly)\stracker"
            r"|\d+(?:\.\d+)?%\sof\s(?:voters|adults|people|respondents|britons|americans)\s(?:say|said|think|believe"
            r"|back|support|want|oppose)"
            r"|questionnaire|tracker\spoll"
        ),
    ),
    (
        "election",
        _words(
            rf"{_ELECTION_WORDS}|re-elected"
            r"|(?:was|were|been|be|is|newly)\selected|turnout|votes?\scast"
            r"|(?:took|won|received|got|polled|gained|lost|with)\s[\d,]+\svotes|ballots?|constituency|constituencies"
            r"|polling\s(?:stations?|day)|(?:the\s)?polls\s(?:closed|opened|close|open)"
            r"|(?:at|to)\sthe\s(?:polls|ballot\sbox)|by\s(?:just\s|only\s)?[\d,]+\svotes"
            r"|voters\s(?:rejected|approved|backed|chose|returned|ousted)|(?:his|her|their)\sseat\b|majority\sof\s[\d,]+"
            r"|share\sof\sthe\svote|of\sthe\s(?:popular\s)?vote\b(?!\son)|precincts?\sreporting"
            r"|seats\son\s(?:the\s)?(?:[\w-]+\s)?council"
            r"|won\s(?:a\s)?(?:second|third|fourth|fifth|sixth|new|further)\sterm|swing\s(?:of|to|from|against)\s"
            r"|landslide\s(?:victory|win|defeat)|by\sa\slandslide|run-?offs?|of\sthe\s[\d,]+\sseats"
            r"|(?:won|win|wins|lost|lose|loses|gained|gain|gains|held|hold|holds|took|take|retained|retain|kept"
            r"|flipped)\s(?:the\s|a\s|[\d,]+\s|\w+(?:'s|’s)\s|(?:their|its)\sfirst\s)?seats?(?!\sbelts?)"
        ),
    ),
    (
        "study",
        _words(
            r"stud(?:y|ies)\s(?:published|by|of|from|in|led|found|finds|suggests?|showed|shows|involving|tracked"
            r"|followed)"
            r"|(?:new|the|a|latest|recent|landmark|large|major|small)\s(?:[\w-]+\s)?stud(?:y|ies)|researchers|scientists"
            r"|(?:economists|academics)\s(?:at|from)|research\s(?:by|from|at|led|published|suggests|shows|showed|found)"
            r"|the\sauthors\s(?:found|said|wrote|say|report|reported)|treatment\sarm|control\sgroup|peer-reviewed"
            r"|(?:a|the)\spaper\s(?:in|published)|paper\s(?:found|finds|showed|shows|suggested|suggests)"
            r"|(?:the|a|in)\sjournal"
            r"|published\sin\s(?:the\s)?(?:journal|nature|science|cell|plos|new\sengland\sjournal)|lancet"
            r"|nature\smedicine|bmj|jama|preprint|meta-analysis|randomi[sz]ed|placebo"
            r"|(?:vaccine|drug|clinical|phase[\s-](?:\d|i+|one|two|three))\strials?"
            r"|trials?\s(?:of\s[\d,]+|involving|found|showed|shows|suggests?)"
        ),
    ),
    (
        "company",
        _words(
            r"pre-tax|pretax|(?:operating|net|gross|underlying)\s(?:profits?|loss|losses|income)"
            r"|(?:annual|quarterly|half-year|full-year|(?:first|second|third|fourth)-quarter)\s(?:profits?|results"
            r"|revenues?|sales|earnings|loss|losses)"
            r"|(?:sales|revenues?)\sof\s(?:its|their)|boardroom\s(?:battle|row|coup|fight|clash|shake-up)"
            r"|the\s(?:retailer|carmaker|airline|chain|supermarket|lender|insurer|miner|brewer)\s(?:closed|opened|cut"
            r"|shed|axed|hired|sold|bought|acquired)"
            r"|profit\swarning|like-for-like|agreed\sto\s(?:buy|acquire|sell|merge)|a\sdeal\sworth"
            r"|(?:this|last|next)\syear(?:'s|’s)\s(?:profits?|revenues?|sales|earnings)"
            r"|(?:first|second)-half\s(?:profits?|results|revenues?|sales|earnings|loss|losses)"
            r"|(?:its|their|the\s(?:company|firm|group|bank|retailer|carmaker|airline|chain|supermarket)(?:'s"
            r"|’s))\s(?:\w+\s)?(?:shares|share\sprice|stock|results|market\svalue|sales|revenues?|turnover|profits?"
            r"|earnings|losses)"
            r"|the\s(?:company|firm)(?:'s|’s)\s(?:[\w-]+\s){0,2}(?:history|workforce|staff|employees|customers|fleet"
            r"|stores|shops|branches|factories|plants|offices|record|figures)|a\scompany\srecord"
            r"|the\s(?:company|firm)\s(?:now\s|also\s|currently\s)?(?:employs|carried|carries|operates|runs|serves"
            r"|served|delivered|opened|closed|sold|shipped|produced|makes|made)\s"
            r"|(?:reported|posted|made|announced|recorded|booked|delivered)\s(?:a\s|an\s)?(?:[\w-]+\s)?(?:profits?|loss"
            r"|losses|revenues?|earnings)"
            r"|shares\s(?:rose|fell|jumped|slumped|climbed|dropped|gained|lost|closed|surged|plunged|tumbled|slid)"
            r"|share\sprice|stock\sprice|market\s(?:value|capitali[sz]ation)|dividends?"
            r"|takeover\s(?:bid|offer|deal|talks|approach)|acquisition|merger|buyout|stock\sexchange|shareholders"
            r"|job\scuts"
            r"|(?<!tax\s)(?<!state\s)(?<!public\s)(?:revenues?|turnover)\s(?:rose|fell|jumped|grew|climbed|dropped"
            r"|slumped|increased|decreased|declined|doubled|halved)"
            r"|(?:cut|cuts|cutting|axe|axed|axing|shed|sheds|shedding|eliminated|eliminate|lay\soff|laid\soff|hire"
            r"|hired|hiring|create|created|creating)\s(?:about\s|around\s|some\s|more\sthan\s|nearly\s"
            r"|up\sto\s)?[\d,]+\s(?:jobs|staff|workers|employees|roles|positions|posts|people|engineers|drivers)"
        ),
    ),
    (
        "conflict",
        _words(
            r"troops|soldiers|fighters|militants|militias?|(?<!tory\s)(?<!labour\s)(?<!backbench\s)(?<!party\s)rebels"
            r"|rebel\s(?:commanders?|forces|fighters|groups?|army|troops|-held|held)|insurgents|jihadists|paramilitar\w+"
            r"|armed\s(?:forces|groups?)|(?:by|the|an|its|their)\sarmy(?!\sof)|shelling|shelled|air\s?strikes?"
            r"|drone\s(?:strikes?|attacks?)|drones\s(?:struck|hit|attacked)|missiles?|artillery|ceasefire|cease-fire"
            r"|truce|(?<!party\'s\s)(?<!party’s\s)front\s?lines?|front-line(?!\s(?:workers|staff|services))"
            r"|(?:re)?captured\s(?:the\s)?(?:[\w-]+\s)?(?:town|city|village|airport|district|province|region|port|base"
            r"|bridge)"
            r"|(?:seized|took|taken|regained|lost)\scontrol"
            r"|(?:controlled|held)\sby\s(?:the\s)?(?:army|rebels|militants|fighters|forces|militias?)|siege|besieged"
            r"|hostages?|prisoners?\sof\swar|prisoner\s(?:swap|exchange)|exchanged\s[\d,]+\sprisoners"
            r"|(?:military|ground|counter-?)\soffensive|offensive\s(?:on|against)|invasion|invaded|occupied\sterritor\w+"
            r"|occupation\sof"
            r"|(?<!price\s)(?<!trade\s)(?<!culture\s)(?<!bidding\s)(?<!turf\s)(?<!world\s)war(?!\s(?:of\swords"
            r"|for\stalent|chest|on|correspondents?))"
            r"|killed\sin\s(?:an?\s)?(?:attack|strike|air\s?strike|bombing|shelling|fighting|clashes)"
            r"|fighting\s(?:in|around|near)"
            r"|clashes\s(?:between|with)\s(?:the\s)?(?:[\w-]+\s)?(?:forces|troops|army|rebels|militants|fighters"
            r"|militias?)"
            r"|ambush(?:ed)?|bombardment|(?:car|roadside)\sbombs?|peacekeep\w+"
        ),
    ),
    (
        "government",
        _words(
            r"(?:council|councillors|cabinet|government|ministry|ministers|treasury|department|authority|agency"
            r"|commission|administration|mayor|city\shall|county|municipality|home\soffice|board|trust)(?:'s"
            r"|’s)?(?:\s(?:of|for|in)\s[\w-]+(?:\s[\w-]+)?)?(?:,\s[^,]{1,60},)?\s(?:[\w-]+\s){0,2}(?:approved|agreed"
            r"|allocated|earmarked|set\saside|ring-fenced|pledged|committed|spent|overspent|cut|froze|frozen|poured"
            r"|awarded|scrapped|signed\soff|voted\sthrough|bailed\sout|paid\sout|budgeted|invested|granted|handed"
            r"|borrowed|ordered)"
            r"|(?:budget|funding|grant|bailout|subsidy)\sof\s"
            r"|[\d.,]+\s?(?:m|bn|million|billion)?\s(?:grant|bailout|subsidy)|contract\s(?:was\s|has\sbeen\s)?awarded"
            r"|awarded\sthe\s(?:[\w-]+\s)?contract|(?:spending|funding)\s(?:cuts?|freeze|increases?|rises?)|bailout"
            r"|bailed\sout|stimulus\spackage|subsid(?:y|ies|ised|ized)|taxpayers?(?:'|’)?\s(?:money|cash)"
            r"|public\s(?:money|funds|spending|purse|works\scontracts?|contracts?)|earmarked|ring-fenced"
            r"|cost\s(?:the\s)?(?:council|government|taxpayers?|state|city|ministry|treasury|county)"
        ),
    ),
    (
        "crime",
        _words(
            r"arrested|arrests?"
            r"|armed\swith\s(?:an?\s)?(?:knife|knives|machete|gun|guns|pistol|rifle|firearm|weapons?|crossbow|axe"
            r"|hammer)"
            r"|tasered|police|detectives|crimes?|criminals?|offences?|offenders|burglar(?:y|ies)|robber(?:y|ies)|thefts?"
            r"|stolen|shoplifting|stabbings?|stabbed|shootings?|shot\sdead|murders?|murdered|homicides?|assaults?"
            r"|assaulted|fraud|scams?|cocaine|heroin|cannabis|smuggl\w+|trafficking|gangs?|suspects?|manhunt"
        ),
    ),
    (
        "health",
        _words(
            r"cases\sof|confirmed\scases|new\scases|infections?|infected|outbreaks?"
            r"|(?:came\sback|returned)\spositive|(?:have|has|had|with)\sthe\svirus|fell\sill|norovirus"
            r"|tested\spositive(?!\sfor\s(?:an?\s)?(?:banned|prohibited|performance|steroids?|doping|cocaine|cannabis"
            r"|drugs|alcohol))|positive\s(?:tests|cases)"
            r"|(?<!since\sthe\s)(?<!during\sthe\s)(?<!before\sthe\s)(?<!after\sthe\s)(?:epidemic|pandemic)|vaccin\w*"
            r"|jabs?|immuni[sz]ation|notifications\sof|(?:scarlet|yellow|typhoid|lassa)\sfever"
            r"|world\shealth\sorgani[sz]ation|(?:first|second|third|booster|vaccine)\sdoses?"
            r"|doses\sof\s(?:the\s)?vaccine|hospital\s(?:treatment|care|beds?)|hospital\sadmissions"
            r"|admissions\s(?:for|to\shospital|with)|hospitali[sz]\w*|intensive\scare|patients"
            r"|response\stimes|waiting\s(?:lists?|times?)(?!\sfor\s(?:social\s|council\s)?(?:housing|homes))|a&e|emergency\sdepartments?"
            r"|deaths\sfrom|mortality|life\sexpectancy|cancers?|diabetes|obesity|measles|heat\s?stroke|hypothermia|flu"
            r"|influenza|covid(?:-19)?|coronavirus|malaria|cholera|hiv|tuberculosis|dengue|mpox|ebola|polio|diseases?"
            r"|diagnosed|doctors|nurses|midwives|prescriptions?|overdoses?|suicides?"
        ),
    ),
    (
        "earthquake",
        _words(
            r"(?<!political\s)(?:earth)?quakes?"
            r"|(?<!market\s)tremors?(?!\s(?:through|across|in\sthe\s(?:\w+\s)?markets?))"
            r"|aftershocks?(?!\sof\sthe\s(?:\d{4}\s)?(?:financial\s)?(?:crash|crisis|recession|referendum|vote|scandal))"
            r"|(?<!brightened\sto\s)(?<!brightens\sto\s)(?<!brightness\sof\s)magnitude(?:[\s-]|\s(?:of|to|down\sto"
            r"|up\sto)\s)\d"
            r"|geological\ssurvey|seismic(?!\sshift)|seismolog\w+|richter"
            r"|epicent(?:re|er)(?!\sof\sthe\s(?:[\w-]+\s)?(?:crisis|outbreak|scandal|row|protests?|debate|boom|slump))"
            r"|tsunamis?|volcano(?:es|s)?|volcanic(?!\stemper)|volcanolog\w+"
            r"|eruptions?(?!\sof\s(?:anger|violence|protest|fury))|last\serupted"
            r"|(?:began|started|kept|continued|been)\serupting|lava|ash\s(?:cloud|plume|column)"
        ),
    ),
    (
        "weather",
        _words(
            r"hottest|coldest|warmest|wettest|driest|sunniest|windiest|snowiest|heat\s?waves?|temperatures?|rainfall"
            r"|(?:\d+\s?)?(?:millimet(?:re|er)s|mm|inches|centimet(?:re|er)s|cm)\sof\s(?:rain|snow)|fog|heavy\srain"
            r"|torrential\srain|washed\sout|snowfall|snowstorms?|snow|blizzards?|burst\s(?:its|their)\sbanks"
            r"|droughts?(?!\sof\s(?:goals|wins|titles|trophies))|floods?(?!\sof)|flooding|flooded|floodwaters?"
            r"|wildfires?|bushfires?|forest\sfires?|hurricanes?|typhoons?|cyclones?|tornado(?:e)?s?|landslides?"
            r"|mudslides?|avalanches?|monsoon|el\sni[nñ]o|hail|hailstones?|storm\ssurges?"
            r"|(?:tropical\s)?storms?\s(?:hit|brought|battered|caused|swept|made|dumped|knocked|killed|struck|forced"
            r"|whipped|left)"
            r"|storm\s[a-z]+\s(?:hit|brought|battered|caused|swept|made|dumped|killed|struck|left)|gales?|gusts"
            r"|met\soffice|weather\s(?:service|office|bureau|agency)|meteorolog\w+"
        ),
    ),
    (
        "sport",
        _words(
            r"goals?\s(?:in|against|for|from)|crashed\sout\sof"
            r"|scored(?!\s(?:an?\s)?(?:average|highly|well|poorly|below|above|\d+(?:\.\d+)?\s?(?:%|per|percent"
            r"|out)))(?!\san?\s(?:[\w-]+\s)?(?:victory|win|success|coup|point)\b)"
            r"|goalless|drought\sof\sgoals|goal\sdrought|without\sscoring|conceded\s(?:just\s|only\s)?\w+\sgoals?"
            r"|course\srecord|the\sfixture|play-offs?|world\sno\.?\s\d+|bowled\sout|\d+(?:\.\d)?\sovers"
            r"|in\sstraight\ssets|(?:championship|league|world|major)\stitle|hat-trick|own\sgoal|striker|midfielder"
            r"|goalkeeper|premier\sleague|champions\sleague"
            r"|league\s(?:title|table(?!\sof\s(?:[\w-]+\s)?(?:schools|hospitals|universities|colleges|councils|trusts"
            r"|prisons|forces))|match|game|leaders|season|cup|champions)"
            r"|formula\sone|grand\sprix|olympics?|olympic|paralympic\w*|world\scup|grand\sslam|wimbledon"
            r"|tour\sde\sfrance|six\snations|super\sbowl|medals?|medallist|medalist"
            r"|(?:on|to|reached|make|made)\sthe\spodium|podium\s(?:finish|place)|world\srecord|personal\sbest"
            r"|semi-finals?|quarter-finals?|(?:cup|league|play-off|grand)\sfinal|(?:reached|into|won|lost)\sthe\sfinal"
            r"|in\sthe\sfinal\s(?:on|against|at)|wickets?|innings|touchdowns|scored\sa\stouchdown"
            r"|marathon(?!\s(?:talks|session|negotiations|meeting|debate|sitting))"
            r"|(?:100|200|400|800|1,?500|5,?000|10,?000)m|transfer\sfee|signed\sfor"
            r"|signed\s(?:[\w-]+\s)?(?:winger|striker|midfielder|defender|goalkeeper|forward|full-back)|relegat\w+"
            r"|title\srace|world\srankings?|(?:winning|losing|unbeaten|winless)\s(?:streak|run)"
            r"|(?:straight|consecutive)\s(?:games|wins|defeats|matches|victories|titles)"
            r"|(?:won|win|wins|winning|clinched|retained|defended)\s(?:the|his|her|their|its|a)\s(?:[\w-]+\s)?(?:title"
            r"|crown|trophy|cup|championship|medal|stage|final|tournament|series|grand\sslam)"
            r"|(?:won|lost|drew)\s\d{1,2}[-–]\d{1,2}"
            r"|\d{1,2}[-–]\d{1,2}\s(?:win|victory|defeat|draw|loss|home\swin|away\swin)"
            r"|(?:beat|beaten|beating|defeated|thrashed|edged|hammered|routed|overcame|drew\swith|lost\sto"
            r"|losing\sto)\s(?!(?:the\s|an?\s)?(?:[\w-]+\s)?(?:bill|motion|amendment|proposals?|measure|plan"
            r"|resolution)\b)(?:[\w'’-]+\s){1,5}\d{1,2}[-–]\d{1,2}"
            r"|(?:league|cup|international|competitive|home|away)\s(?:games|matches|fixtures|wins|defeats|draws"
            r"|appearances|starts|caps|goals)"
            r"|points\s(?:behind|clear|adrift|ahead\sof|off\sthe\s(?:top|pace))|games?\s(?:left|remaining|to\splay)"
            r"|goal\sdifference|(?:top|bottom)\sof\sthe\s(?:table|league|standings)|in\sthe\s(?:table|standings)"
            r"|(?:league|average|home)\sattendances?|final\sscore|(?:half|full)-time\sscore|goal(?=!)"
            r"|(?:the|men's|women's|men’s|women’s)\s(?:100|200|400|800|1,?500|5,?000|10,?000)\s?(?:m|metres|meters)\b"
            r"|time\strials?|(?:leader's|leader’s|yellow|pink|green|polka-dot)\sjersey"
            rf"|{_SCORE}\spoints\sto\s{_SCORE}\b(?![.,]\d)"
            r"|(?:european|olympic|commonwealth|championship|meet|course|area)\srecords?|clock(?:ed|ing)\s\d"
            r"|(?:crowd|attendance)\sof\s(?:about\s|more\sthan\s|nearly\s|almost\s)?[\d,]+(?=.*\b(?:stadium|ground|park"
            r"|arena)\b)"
        ),
    ),
    (
        "space",
        _words(
            r"spacecraft|space\s(?:agency|station|probe|telescope|mission|flight|programme|program|shuttle|tourists?)"
            r"|spacewalks?|astronauts?|cosmonauts?|taikonauts?|(?:space|lunar|mars|asteroid|deep-space|solar)\sprobes?"
            r"|probes?\s(?:reached|reaches|landed|lands|entered|enters|was\slaunched|flew|flies|orbited|orbits"
            r"|touched\sdown)"
            r"|(?:in|into|entered|enter|reached|reach|from)\s(?:[\w-]+\s){0,3}orbit"
            r"|(?:low|lower|higher|polar|geostationary|geosynchronous|sun-synchronous|transfer|stable)\sorbit"
            r"|orbiting\s(?:outpost|laboratory|station|observatory|telescope)|orbiters?|landers?"
            r"|(?:the|a|its|mars|lunar|moon)\srover\b|martian|on\smars|to\smars|(?:cargo|crew|space|return)\scapsules?"
            r"|capsule\s(?:splashed|landed|docked|returned)|splashed\sdown|splashdown"
            r"|(?:first|second|third|upper)\sstage(?=\s(?:shut|failed|fired|ignit|separat|engine|did\snot))|payloads?"
            r"|(?:un)?crewed\s(?:flight|mission|launch|spacecraft|capsule|landing)|near-earth\s(?:objects?|asteroids?)"
            r"|launch\s(?:range|site|window|vehicle|operator|provider)s?|spaceports?"
            r"|(?:ground|mission|flight)\scontrollers?|(?:around|orbiting|landed\son|landing\son|on)\sthe\smoon"
            r"|orbit(?:ed|ing|s)?\s(?:around\s)?(?:the\s)?(?:earth|moon|sun|mars|venus|jupiter|saturn|asteroid|planet"
            r"|comet)"
            r"|lunar|moon\slanding|landed\son\s(?:the\s)?(?:moon|mars)"
            r"|the\smoon(?:'s|’s)\s(?:surface|south\spole|far\sside)|mars\s(?:rover|mission|lander|orbiter)|asteroids?"
            r"|comets?|exoplanets?|light-years?|solar\ssystem|telescopes?"
            r"|launch(?:ed|es)?\s(?:[\w,-]+\s){0,6}(?:rocket(?![s-])(?!\sattacks?)|into\sorbit|satellites?)"
            r"|rocket\slaunch(?:es)?|satellites?\sinto\sorbit|lift-?off|launch\spad|mission\scontrol"
        ),
    ),
    (
        "emergency",
        _words(
            r"firefighters?|fire\s(?:crews?|engines?|service|brigade|and\srescue|fighters|appliances|officers|chief"
            r"|broke\sout|started|spread|destroyed|ripped|tore|swept|gutted|damaged)|(?:house|flat|chimney|kitchen"
            r"|factory|warehouse|barn|mill|hotel|school|hospital|electrical|car|bus|vehicle|grass|moorland|tower"
            r"|block)\sfires?|blazes?|ablaze|smoke\sinhalation|(?:caught|catch|catches|catching|set)\sfire"
            r"|(?:burned|burnt)\s(?:down|out)|well\salight|explosions?(?!\sin\s(?:demand|sales|popularity|interest"
            r"|prices|growth|use|the\snumber))|exploded|blasts?(?!\sfurnace)|gas\sleaks?|smell\sof\sgas"
            r"|(?:gas|fumes|smoke)\s(?:escaped|leaked|poured)|(?:the|a)\sfire\s(?:caused|left|killed|destroyed|at|in)"
            r"|road\s(?:deaths|casualties|fatalities)|killed\sor\sseriously\sinjured|(?:deaths|killed)\son\s(?:the\s)?roads?"
            r"|(?:gas|chemical|ammonia|chlorine|fuel|toxic)\s(?:leaks?|spills?|clouds?)"
            r"|(?:building|bridge|footbridge|viaduct|roof|ceiling|wall|tower|block|stand|crane|tunnel|balcony"
            r"|scaffolding|dam|mine|shaft|house|flats)\s(?:[\w-]+\s){0,3}(?:collapsed|collapses|caved\sin|came\sdown"
            r"|gave\sway)|(?:partly|partially)\scollapsed"
            r"|collapse\sof\s(?:the\s|a\s)?(?:[\w-]+\s)?(?:building|bridge|footbridge|viaduct|roof|tower|block|stand"
            r"|crane|tunnel|balcony|dam|mine)"
            r"|(?:car|road|traffic|lorry|bus|coach|motorway|train|rail|plane|air|helicopter|motorcycle|motorbike|van"
            r"|tram|minibus|boating|diving|climbing|industrial|workplace|mining|farm)\s(?:crash|collision|accident)e?s?"
            r"|collisions?|collided|crashed\s(?:into|onto|near|off)|crash-land\w*|head-on|derail\w*"
            r"|(?:left|came\soff|veered\soff|overshot)\sthe\s(?:tracks|rails|road|runway|carriageway)"
            r"|(?:plane|aircraft|helicopter|jet)\s(?:came|went)\sdown|struck\sthe\s(?:hillside|mountain|ground|sea|water)"
            r"|(?:car|lorry|bus|coach|van|vehicle|tanker|truck|minibus|tractor|boat)\s(?:[\w-]+\s)?overturned"
            r"|capsiz\w+|ran\saground|pile-ups?|jack-knifed|knocked\sdown\sby|hit\sby\sa\s(?:[\w-]+\s)?"
            r"(?:car|lorry|bus|van|train|tram|vehicle)"
            r"|(?:ferry|boat|ship|vessel|trawler|yacht|dinghy|barge|canoe|kayak)\s(?:[\w-]+\s){0,3}(?:sank|sunk|sinking)"
            r"|(?:killed|died|injured|hurt)\sin\s(?:an?|the)\s(?:[\w-]+\s)?(?:crash|collision|accident|fire|blaze"
            r"|explosion|blast)"
            r"|accident\sinvestigat\w+|(?:air|rail|marine)\saccidents?"
            r"|rescuers?|rescue\s(?:teams?|workers|crews?|services?|helicopters?|operation|mission|boats?)"
            r"|rescued(?!\s(?:an?\s|the\s)?(?:point|draw|deal|company|firm|talks|season|bank|club|economy))"
            r"|lifeboats?|coastguard|search\sand\srescue|airlifted|winched|trapped\s(?:in|under|inside|by|on|beneath)\s"
            r"(?:(?:the|a|an|their|his|her|upper|a\scollapsed)\s)?(?:[\w-]+\s)?(?:rubble|wreckage|debris|cars?|vehicles?"
            r"|lifts?|elevators?|buildings?|flats?|house|homes?|mine|cave|well|shaft|water|mud|snow|ice|ledge|cliff"
            r"|fire|blaze|floors?|rooftops?|roofs?|basement|tunnel|cable\scar)"
            r"|pulled\s(?:\w+\s)?from\sthe\s(?:wreckage|rubble|water|sea|river|building|car)|wreckage"
            r"|evacuat\w+|cordon(?:ed)?|ambulances?|paramedics|emergency\s(?:services|crews|call|workers)"
            r"|(?:999|911|112)\scalls?|major\sincident"
            r"|(?:taken|rushed|airlifted|flown)\sto\shospital|treated\s(?:at\sthe\sscene|for\s(?:burns|smoke|minor"
            r"|injuries|cuts|shock))|(?:serious|minor|life-threatening|life-changing|critical)\sinjuries"
        ),
    ),
    (
        "person",
        _words(
            r"(?:was|is)\sborn(?!\s(?:abroad|outside|overseas|elsewhere|in\sanother))|born\s(?:in|on|at|to)\s"
            r"|(?:died|dies|death)\s(?:[\w,'’-]+\s){0,5}(?:aged|at\sthe\sage\sof)|(?:died|dies)\sat\s\d{2,3}\b"
            r"|has\sdied|passed\saway"
            r"|died\s(?:peacefully|suddenly|unexpectedly|in\s(?:his|her|their)\ssleep|at\s(?:his|her|their)\shome"
            r"|after\sa\s(?:short|long|brief)|in\s(?:1[89]|20)\d\d)"
            r"|died\s(?:[\w'’-]+\s){0,3}(?:hospital|hospice|care\shome|nursing\shome)"
            r"|(?:he|she)\s(?:has\s|had\s)?died|(?:he|she)\swas\s\d{1,3}(?=\.?$)"
            r"|aged\s\d{1,3}(?=,?\s(?:died|dies|has\sdied|passed))"
            r"|graduat(?:ed|ing)|educated\sat|(?:a|her|his)\s(?:degree|doctorate|phd)\s(?:in|from)"
            r"|studied\s(?:law|medicine|at|under)|grew\sup\s(?:in|on)"
            r"|(?:only|eldest|youngest|second|third)\s(?:child|son|daughter)\sof|(?:daughter|son)\sof\sa\s"
            r"|(?:he|she|they)\s(?:married|wed)|(?:couple|pair)\swed|married\s(?:in|the|his|her|a|an)\s|never\smarried"
            r"|(?:first|second)\smarriage|(?:is|are)\ssurvived\sby|survived\sby\s(?:his|her|their|a|an|two|three"
            r"|four|five|six)|survives\s(?:him|her)|(?:he|she)\sleaves\s(?:his|her|a|an|two|three|four|five|six"
            r"|behind)"
            r"|obituar\w+"
        ),
    ),
)


# Names and abbreviations that are only themselves in capitals ("Judge Carr", "WHO", "NBA").
_NAMES = {
    subject: _words(pattern)
    for subject, pattern in {
        "court": r"Judge\s[A-Z]\w+",
        "company": r"(?:[Ss]hares\s(?:in|of)|(?:[Ee]arnings|[Rr]evenues?|[Ss]ales|[Pp]rofits?|[Tt]urnover)\sat)"
        r"\s(?:the\s[\w-]+\s(?:[\w-]+\s)?)?[A-Z]\w*|[Ss]ales\sof\s[A-Z][\w-]*(?:\s[A-Z][\w-]*)*(?:'s|’s)|IPO"
        r"|[A-Z]\w*(?:'s|’s)\s(?:(?:annual|quarterly|half-year|full-year|operating|net|pre-tax"
        r"|underlying)\s)?(?:revenues?"
        r"|profits?|turnover|earnings|share\sprice|market\svalue)",
        "health": r"MMR|WHO|NHS|GPs?",
        "person": r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:,\s[^,]{1,80},)?\sdied",
        "space": r"NASA|ESA|JAXA|ISRO|CNSA|Roscosmos|SpaceX|ISS",
        "sport": r"NBA|NFL|NHL|MLB|FIFA|UEFA|ATP|WTA",
    }.items()
}


def _subject_or_rule(text: str) -> str:
    """"law/rule" when the sentence states a rule, else its subject, else ``""``."""
    lowered = text.lower()
    if _STATES_A_RULE.search(lowered):
        return "law/rule"
    for subject, words in SUBJECTS:
        if subject == "election" and _CHAMBER_VOTE.search(lowered) and not _ELECTION_NAMED.search(lowered):
            continue
        if subject == "emergency" and _NO_INCIDENT.search(lowered):
            continue
        if words.search(lowered) or (subject in _NAMES and _NAMES[subject].search(text)):
            return subject
    return ""


def claim_subject(text: str) -> str:
    """The first of ``SUBJECTS`` whose words the sentence uses, or ``""``; none for a sentence
    stating a rule ("Under state law, a suspect must be brought before a judge within 48
    hours"), which the law's own text settles, whatever it is about."""
    found = _subject_or_rule(text)
    return "" if found == "law/rule" else found


def _hint_key(kind: str, details: Sequence[Detail], text: str) -> str:
    """The hint a claim takes: a quotation's or a forecast's by its kind (a recording, the
    forecast's source), "law/rule" for a sentence stating a rule, else its subject's (a race's
    distance is in the official results, a rover's in the agency's records), else "measure"
    for a statistic whose only figures are measures (who measured it), else its kind's."""
    if kind in ("quotation", "prediction"):
        return kind
    if found := _subject_or_rule(text):
        return found
    if kind == "statistic" and {d.type for d in details} & FIGURE_TYPES == {"measure"}:
        return "measure"
    return kind


def where_to_check_line(kind: str, details: Sequence[Detail], text: str, hints: Mapping[str, str]) -> str:
    """The where-to-check line for a claim: its key's hint, or its kind's when a desk blanked that."""
    return hints.get(_hint_key(kind, details, text)) or hints.get(kind, "")
