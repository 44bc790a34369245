"""Who said it, read in context: quotations split by their attribution, "he said", described channels."""

from openpyxl import load_workbook

from factcheck.check import check_article
from factcheck.claims import annotate
from factcheck.details import attributions, said_by, source_hints, source_type
from factcheck.segment import split_sentences, turns

from .reviewing import sheet_rows

ARTICLE = """“The harbour is full. We need a second quay,” Mayor Ann Berg said in an interview with
the Harbour Post newspaper.

“Why wait? Why not now?” she asked. “The money is there.”

“Costs will rise,” port director Tom Vik said at a briefing, as quoted by Nordic Wire.
“We will publish the figures,” the wire service quoted Vik as saying.
He added that tolls would stay at 40 krona.
"""


def said_by_each():
    sentences = [s for s in split_sentences(ARTICLE) if s.kind == "sentence"]
    return {s.plain_text: who for s, who in zip(sentences, attributions([s.plain_text for s in sentences], [s.paragraph for s in sentences]))}


def test_first_sentence_of_a_quotation_takes_the_attribution_after_it():
    found = said_by_each()
    assert found["“The harbour is full."] == "Ann Berg (interview with Harbour Post)"
    assert found["We need a second quay,” Mayor Ann Berg said in an interview with the Harbour Post newspaper."] == "Ann Berg (interview with Harbour Post)"


def test_pronoun_and_following_quotation_resolve_to_the_last_speaker():
    found = said_by_each()
    assert found["“Why wait?"] == "Ann Berg"
    assert found["Why not now?” she asked."] == "Ann Berg"
    assert found["“The money is there.”"] == "Ann Berg"


def test_a_sentence_opening_with_he_said_takes_the_last_speaker():
    assert said_by_each()["He added that tolls would stay at 40 krona."] == "Vik"


def test_a_described_channel_gets_the_name_given_before():
    found = said_by_each()
    assert found["“Costs will rise,” port director Tom Vik said at a briefing, as quoted by Nordic Wire."] == "Tom Vik (as quoted by Nordic Wire)"
    assert found["“We will publish the figures,” the wire service quoted Vik as saying."] == "Vik (quoted by Nordic Wire, the wire service)"


def test_a_speaker_named_before_a_who_clause_is_the_last_speaker():
    sentences = split_sentences("Anna Berg, who has led the union since 2019, said 300 jobs would go. She added that talks would resume in May.")
    assert attributions([s.plain_text for s in sentences], [1, 1]) == ["Anna Berg", "Anna Berg"]


def test_sentences_without_attribution_stay_blank():
    sentences = split_sentences("Prices rose 5 percent. The bridge opened in 1962.")
    assert attributions([s.plain_text for s in sentences], [1, 1]) == ["", ""]


def test_documents_and_outlets_are_source_hints_with_their_type():
    text = "Traffic doubled, according to a 2025 survey by the council's transport department, Reuters reported."
    hints = source_hints(text)
    assert hints == ["2025 survey by the council's transport department", "Reuters"]
    assert [source_type(h) for h in hints] == ["document", "outlet"]
    assert source_type("https://stats.example/a") == "URL"
    owned = "Riders fell, the transit authority's own forecast shows, and the IMF's 2024 review agrees; he said the council's audit was late."
    assert source_hints(owned) == ["transit authority's own forecast", "IMF's 2024 review", "council's audit"]
    assert {source_type(h) for h in source_hints(owned)} == {"document"}


def test_data_named_with_who_published_it_is_a_source_hint_ending_with_the_publishers_name():
    cases = {
        "Wheat prices fell 8%, according to figures from the agriculture ministry.": ["figures from the agriculture ministry"],
        "There were 212 cases, provisional data released by the Health Security Agency on Monday show.": [
            "provisional data released by the Health Security Agency"
        ],
        "Pasteurisation kills the virus, according to tests published by the food safety authority in May.": [
            "tests published by the food safety authority"
        ],
        "A 2024 audit by the National Audit Office relied on records provided by the Defence Ministry, which were incomplete.": [
            "2024 audit by the National Audit Office",
            "records provided by the Defence Ministry",
        ],
        "A 2023 inquiry by the Parliamentary Health Committee criticised staffing levels.": [
            "2023 inquiry by the Parliamentary Health Committee"
        ],
        "Youth unemployment reached 14.9%, according to statistics issued by Eurostat last month.": [
            "statistics issued by Eurostat"
        ],
        # A place, a time or a range is no publisher; nor is a data word with none named.
        "Exports rose, according to figures from Scotland.": [],
        "The figures from 2019 to 2023 show a steady rise.": [],
        "Official figures show unemployment at 4.1%.": [],
        "Detective Helen Marsh will lead the review of the force's handling of the case.": [],
    }
    for text, hints in cases.items():
        assert source_hints(text) == hints, text
    assert {source_type(h) for h in source_hints(next(iter(cases)))} == {"document"}


TRANSCRIPT = """Morning Report, 6 December

PRESENTER: Minister, waiting lists are at a record high, aren't they?

MINISTER: No. The waiting list has fallen for four months in a row, to 7.4 million.
As the Office for National Statistics said on Tuesday, 2.1 million people are waiting.

We have recruited 20,000 more nurses since 2023.

Joe Biden: (00:12) We created 15 million jobs.
"""


def test_a_transcripts_turns_give_said_by_to_the_sentences_that_name_no_speaker(tmp_path, tiny_model):
    pieces = split_sentences(TRANSCRIPT)
    assert [p.text for p in pieces if p.kind == "furniture"] == ["PRESENTER:", "MINISTER:", "Joe Biden: (00:12)"]
    scored = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(scored, [0.9] * len(scored), turns=[turn_of[p.index] for p in scored])
    said = {c.text: c.said_by for c in claims}
    assert said["Minister, waiting lists are at a record high, aren't they?"] == "Presenter"
    assert said["The waiting list has fallen for four months in a row, to 7.4 million."] == "Minister"
    assert said["As the Office for National Statistics said on Tuesday, 2.1 million people are waiting."] == "Office for National Statistics"
    assert said["We have recruited 20,000 more nurses since 2023."] == "Minister"  # the turn goes on
    assert said["We created 15 million jobs."] == "Joe Biden"
    article = tmp_path / "interview.txt"
    article.write_text(TRANSCRIPT, encoding="utf-8")
    check_article(article, tmp_path / "interview.xlsx", threshold=0.0, model=tiny_model)
    claims_sheet = load_workbook(tmp_path / "interview.xlsx")["Claims"]
    header = [cell.value for cell in claims_sheet[1]]
    rows = {row[header.index("Claim")]: row[header.index("Said by")] for row in claims_sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["We created 15 million jobs."] == "Joe Biden" and "MINISTER: No." not in rows


def test_a_transcript_saved_one_line_a_paragraph_reads_as_with_blank_lines():
    """Word's "Save as Plain Text" and a copy from a browser leave no blank lines between turns."""
    blank_lines, one_line_each = (split_sentences(text) for text in (TRANSCRIPT, TRANSCRIPT.replace("\n\n", "\n")))
    assert [(p.plain_text, p.kind) for p in one_line_each] == [(p.plain_text, p.kind) for p in blank_lines]
    assert turns(one_line_each) == turns(blank_lines)
    assert {"Minister", "Joe Biden"} <= {turn.speaker for turn in turns(one_line_each)}


def turns_of(text: str) -> dict[str, str]:
    """Each sentence of ``text`` with the speaker whose turn it is in ("" for none)."""
    pieces = split_sentences(text)
    return {p.plain_text: turn.speaker for p, turn in zip(pieces, turns(pieces)) if p.kind == "sentence"}


def test_a_parliaments_record_names_members_by_their_label_and_ministers_by_the_name_in_brackets():
    said = turns_of(
        "Oral Questions: waiting times for hip operations\n\n"
        "1. Mr. Peter Aldridge (Fenby West) (Con): What steps is the Secretary of State taking?\n\n"
        "The Secretary of State for Health (Dr. Naomi Kerr): Waiting lists have fallen for six months.\n\n"
        "Ms. Yasmin Khalid (Bradwell South) (Lab): Will she confirm that 412,000 people are waiting?\n\n"
        "PRESENTER (KATE MORRIS): Good evening.\n\n"
        "Mr FERGUSSON (Tallong) (LP): My question is to the Prime Minister.\n\n"
        "Mr. HARLAND. Mr. President, eleven hospitals in my State have closed since 2015.\n\n"
        "Dr. Kerr: The correct figure is 288,000."
    )
    assert said == {
        # A title whose words after the colon open in lower case is no turn.
        "Oral Questions: waiting times for hip operations": "",
        "What steps is the Secretary of State taking?": "Mr. Peter Aldridge",
        "Waiting lists have fallen for six months.": "Dr. Naomi Kerr",
        "Will she confirm that 412,000 people are waiting?": "Ms. Yasmin Khalid",
        "Good evening.": "Kate Morris",
        # Capitals are the record's type: Australia's Hansard, the US Congressional Record.
        "My question is to the Prime Minister.": "Mr Fergusson",
        "Mr. President, eleven hospitals in my State have closed since 2015.": "Mr. Harland",
        # A label in short names the person an earlier label named in full.
        "The correct figure is 288,000.": "Dr. Naomi Kerr",
    }


# One interview as three transcription services export it.
INTERVIEW_TURNS = [
    ("Presenter", "Good morning. Why was the ferry cancelled again?"),
    ("Kari Holm", "We have invested 2.4 billion kroner in the ferry network since 2019."),
    ("Presenter", "But passenger numbers fell by 12% last year."),
    ("Kari Holm", "Numbers rose by 3% according to the operator."),
]
INTERVIEW_TIMES = ["00:00", "00:07", "00:31", "01:02:36"]


def test_transcription_services_labels_give_each_turn_its_speaker_and_its_time_in_the_recording():
    exports = {
        # Rev: the label and its time above the speech
        "rev": "\n\n".join(f"{who}: ({at})\n{speech}" for (who, speech), at in zip(INTERVIEW_TURNS, INTERVIEW_TIMES)),
        # Otter: name, two spaces, time
        "otter": "\n\n".join(f"{who}  {at.removeprefix('0')}\n{speech}" for (who, speech), at in zip(INTERVIEW_TURNS, INTERVIEW_TIMES)),
        # Descript and many others: the time, then the label, on the speech's line
        "descript": "\n\n".join(f"[{at if at.count(':') == 2 else '00:' + at}] {who.upper()}: {speech}" for (who, speech), at in zip(INTERVIEW_TURNS, INTERVIEW_TIMES)),
    }
    for service, text in exports.items():
        pieces = split_sentences(text)
        said = {p.plain_text: turn for p, turn in zip(pieces, turns(pieces)) if p.kind == "sentence"}
        assert [p.kind for p in pieces].count("furniture") == 4, service  # the labels, out of the claims
        assert {text: turn.speaker for text, turn in said.items()} == {
            "Good morning.": "Presenter",
            "Why was the ferry cancelled again?": "Presenter",
            "We have invested 2.4 billion kroner in the ferry network since 2019.": "Kari Holm",
            "But passenger numbers fell by 12% last year.": "Presenter",
            "Numbers rose by 3% according to the operator.": "Kari Holm",
        }, service
        times = [said[text].said_at for text in ("Why was the ferry cancelled again?", "We have invested 2.4 billion kroner in the ferry network since 2019.", "Numbers rose by 3% according to the operator.")]
        assert times == {"rev": ["00:00", "00:07", "01:02:36"], "otter": ["0:00", "0:07", "1:02:36"], "descript": ["00:00:00", "00:00:07", "01:02:36"]}[service]


def test_a_numbered_or_unknown_speaker_and_a_time_alone_open_turns():
    pieces = split_sentences(
        "Speaker 1 (00:12):\nWhy was the ferry cancelled?\n\n"
        "Unknown Speaker  0:15\nPassenger numbers fell by 12% last year.\n\n"
        "[00:01:23] We have invested 2.4 billion kroner since 2019.\n\n"
        "[00:01:40,250] Speaker 2: That is not true.\n\n"
        "Ursula von der Leyen: (00:02:05) We will double the fund."
    )
    said = {p.plain_text: (turn.speaker, turn.said_at) for p, turn in zip(pieces, turns(pieces)) if p.kind == "sentence"}
    assert said == {
        "Why was the ferry cancelled?": ("Speaker 1", "00:12"),
        "Passenger numbers fell by 12% last year.": ("", "0:15"),
        "We have invested 2.4 billion kroner since 2019.": ("", "00:01:23"),
        "That is not true.": ("Speaker 2", "00:01:40"),
        "We will double the fund.": ("Ursula von der Leyen", "00:02:05"),
    }


def test_a_speakers_name_may_open_with_a_capital_outside_ascii():
    pieces = split_sentences("ØYVIND HAUGE: Where will the homes be built?\n\nÉmile Lund: On the old shipyard site.")
    assert [(p.plain_text, turn.speaker) for p, turn in zip(pieces, turns(pieces)) if p.kind == "sentence"] == [
        ("Where will the homes be built?", "Øyvind Hauge"),
        ("On the old shipyard site.", "Émile Lund"),
    ]


def test_one_label_with_a_time_in_the_recording_is_a_turn_where_one_without_is_a_dateline():
    timed = split_sentences("[00:00:10] Good evening.\n\n[00:00:13] Senator Warren: We have put $2.4 billion into this network.")
    assert [(p.plain_text, turn.speaker) for p, turn in zip(timed, turns(timed)) if p.kind == "sentence"] == [
        ("Good evening.", ""),
        ("We have put $2.4 billion into this network.", "Senator Warren"),
    ]
    untimed = split_sentences("Good evening.\n\nSenator Warren: We have put $2.4 billion into this network.")
    assert "Senator Warren: We have put $2.4 billion into this network." in [p.plain_text for p in untimed]


def test_a_clock_time_or_a_results_line_is_no_recording_time():
    pieces = split_sentences(
        "[14:02] The minister arrived.\n\n14:10 She confirmed the ferry would run.\n\n"
        "Eliud Kipchoge 2:01:09 in Berlin broke the record.\n\nLondon marathon: 2:02:37 for Kipchoge."
    )
    assert {turn for turn in turns(pieces)} == {turns(pieces)[0]} and not turns(pieces)[0].said_at
    assert "Eliud Kipchoge 2:01:09 in Berlin broke the record." in [p.plain_text for p in pieces if p.kind == "sentence"]


def test_a_claims_time_in_the_recording_closes_its_suggested_sources(tmp_path, tiny_model):
    article = tmp_path / "interview.txt"
    article.write_text("\n\n".join(f"{who}: ({at})\n{speech}" for (who, speech), at in zip(INTERVIEW_TURNS, INTERVIEW_TIMES)), encoding="utf-8")
    check_article(article, tmp_path / "interview.xlsx", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(tmp_path / "interview.xlsx")}
    claim = rows["We have invested 2.4 billion kroner in the ferry network since 2019."]
    assert claim["said_by"] == "Kari Holm"
    assert claim["suggested_sources"].splitlines()[-1] == "Said at 00:07 in the recording"
    later = rows["Numbers rose by 3% according to the operator."]  # a speaker of its own, the turn's time
    assert later["suggested_sources"].splitlines()[-1] == "Said at 01:02:36 in the recording"
    assert not any(label in rows for label in ("Kari Holm: (00:07)", "Presenter: (00:00)"))


def test_labels_that_open_news_paragraphs_are_no_speakers():
    for text in (
        "NEW DELHI: The Centre on Monday said growth was 7%.\n\nIt gave no details.",
        "Inflation: Prices rose 3%.\n\nJobs: Unemployment fell to 4%.",
        "What We Know: Two people died.\n\nWhy It Matters: The road is shut.",
        "BREAKING: The road is shut.\n\nUPDATE: It has reopened.",
    ):
        pieces = split_sentences(text)
        assert [p.kind for p in pieces] == ["sentence"] * len(pieces), text
        assert {turn.speaker for turn in turns(pieces)} == {""}


def test_a_turn_ends_at_a_section_title_and_labels_may_stand_alone_or_name_a_role():
    said = turns_of(
        "THE CHAIR: The committee will come to order.\n\nJean-Luc Moreau: (00:00:04)\n\nWe signed the treaty.\n\n"
        "The early years\n\nShe was born in Whitby in 1961.\n\nMary Ann Cole: (00:00:19) We doubt it."
    )
    assert said == {
        "The committee will come to order.": "The Chair",
        "We signed the treaty.": "Jean-Luc Moreau",
        "The early years": "",
        "She was born in Whitby in 1961.": "",
        "We doubt it.": "Mary Ann Cole",
    }


def test_a_day_between_a_subject_and_said_is_no_speaker():
    assert said_by("The ministry on Tuesday said growth slowed.") == ""
    assert said_by("May said the deal was done.") == "May"
    assert said_by("Growth slowed, the ministry said on Tuesday.") == "ministry"


def test_a_role_set_off_before_the_name_names_the_person():
    assert said_by("The company’s chief executive, Anna Berg, said the plant would close.") == "Anna Berg"
    assert said_by("A spokeswoman for the fire service, Ida Holm, 41, who joined in 2020, said 240 crews were out.") == "Ida Holm"
    assert said_by("“We have never seen a fire move this fast,” said the service’s chief officer, Tomas Reil.") == "Tomas Reil"
    assert said_by("The plant will close, said the company's chief executive, Anna Berg, on Tuesday.") == "Anna Berg"
    assert said_by("“It is contained,” the incident commander, Area Manager Colin Bright, told me.") == "Colin Bright"


def test_a_name_set_off_by_commas_that_is_no_speaker_is_not_taken():
    assert said_by("The firm's founder, Lars Dahl, died in 2019, the company said.") == "company"
    assert said_by("The agency's director, Finn Bakke, said to be close to the minister, has resigned.") == ""
    assert said_by("Kieran Holt, of Brackley Drive, Sennick, admitted causing death by dangerous driving.") == ""
    assert said_by("Police in the northern city, Tromsø, said two men had been arrested.") != "Tromsø"
    assert said_by("The ship's captain, Eva Lind, was rescued.") == ""


def test_a_speech_verb_in_the_perfect_names_its_speaker_but_a_place_never_does():
    assert said_by("Holloway, who led the council from 2014 to 2021, has said he will appeal.") == "Holloway"
    assert said_by("The government has promised to train 10,000 extra nurses by 2029.") == "government"
    assert said_by("Schools will stay shut tomorrow, the council has confirmed.") == "council"
    assert said_by("Police in Pellam County have confirmed 27 cases of measles.") == ""
    assert said_by("Investors greeted the remarks with relief, traders in London said.") == ""
