"""merge_reviews on synthetic scores: every rule of ARCHITECTURE.md's merge, one at a time."""

import datetime as dt

import pytest
from openpyxl.worksheet.formula import ArrayFormula

from factcheck.carry import AS_TYPED, ORIGIN
from factcheck.claims import annotate, claim_ids
from factcheck.columns import BASE_KEYS, REVIEWER_FIELDS, SUGGESTED, claim_id_of
from factcheck.errors import WorksheetError
from factcheck.merge import FUZZY_CUTOFF, fuzzy_pairs, has_reviewer_input, merge_reviews
from factcheck.segment import split_sentences
from factcheck.worksheet import PreviousWorkbook

TODAY = dt.date(2026, 11, 28)
ARTICLE = (
    "The bridge opened in 1962 and carries 38,000 vehicles a day.\n\n"
    "Repairs since 2019 have cost 212 million krona.\n\n"
    "The mayor said it was a lovely day.\n"
)
REVIEW = {
    "status": "Checked",
    "verdict": "Mostly true",
    "sources": "https://a.example/1\nhttps://b.example/2",
    "notes": "Ünïcödé — 漢字 ✓\nsecond line",
    "reviewer": "Zoë",
    "reviewed_on": dt.datetime(2026, 11, 2),
}


def claims_of(text, scores=None):
    sentences = [s for s in split_sentences(text) if s.kind == "sentence"]
    return annotate(sentences, scores or [0.9] * len(sentences))


def previous(rows, retired=(), added=(), base=None):
    return PreviousWorkbook(claims=list(rows), retired=list(retired), added_sentences=dict(added), history=[], base=base or {})


def first_run(text=ARTICLE, scores=None, threshold=0.5):
    return merge_reviews(claims_of(text, scores), threshold, None, TODAY).claims


def reviewed(rows, index, review=REVIEW):
    return [{**row, **review} if i == index else dict(row) for i, row in enumerate(rows)]


def test_exact_match_carries_every_reviewer_field_and_marks_unchanged():
    rows = reviewed(first_run(), 0)
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(rows), TODAY)
    assert [r["change"] for r in result.claims] == ["unchanged"] * 3
    assert {f: result.claims[0][f] for f in REVIEWER_FIELDS} == REVIEW
    assert result.report.kept == 3 and result.report.new == 0 and result.retired == []


def test_reworded_claim_is_carried_flagged_and_shows_the_old_text():
    rows = reviewed(first_run(), 1)
    edited = ARTICLE.replace("Repairs since 2019 have cost", "Repairs since 2019 cost")
    result = merge_reviews(claims_of(edited), 0.5, previous(rows), TODAY)
    [row] = [r for r in result.claims if r["claim"].startswith("Repairs")]
    assert row["change"] == "edited (re-check)"
    assert row["previous_text"] == "Repairs since 2019 have cost 212 million krona."
    assert {f: row[f] for f in REVIEWER_FIELDS} == REVIEW
    assert result.report.edited == 1


def test_an_edited_claim_stays_flagged_until_a_reviewer_touches_its_row():
    rows = reviewed(first_run(), 1)
    edited = ARTICLE.replace("Repairs since 2019 have cost", "Repairs since 2019 cost")
    flagged = merge_reviews(claims_of(edited), 0.5, previous(rows), TODAY).claims
    base = {r["claim_id"]: dict(r) for r in flagged}  # the Base sheet the flagging run wrote

    untouched = merge_reviews(claims_of(edited), 0.5, previous(flagged, base=base), TODAY)
    [row] = [r for r in untouched.claims if r["claim"].startswith("Repairs")]
    assert row["change"] == "edited (re-check)"
    assert row["previous_text"] == "Repairs since 2019 have cost 212 million krona."
    assert {f: row[f] for f in REVIEWER_FIELDS} == REVIEW
    report = untouched.report
    assert (report.kept, report.edited, report.awaiting_recheck) == (3, 0, 1)
    assert report.summary().endswith(", 1 still to re-check (edited on an earlier run)")
    # No Base row for the claim (an older workbook, a deleted sheet): the mark stays too.
    assert merge_reviews(claims_of(edited), 0.5, previous(flagged), TODAY).report.awaiting_recheck == 1

    for field, value in [("verdict", "False"), ("status", "In progress"), ("reviewed_on", dt.datetime(2026, 11, 29)), ("notes", None)]:
        acted = [{**r, field: value} if r["claim"].startswith("Repairs") else r for r in flagged]
        result = merge_reviews(claims_of(edited), 0.5, previous(acted, base=base), TODAY)
        assert [r["change"] for r in result.claims] == ["unchanged"] * 3, field
        assert result.report.awaiting_recheck == 0 and "re-check" not in result.report.summary()


OLD_REPAIRS = "Repairs since 2019 have cost 212 million krona."
EDITED_ARTICLE = ARTICLE.replace("Repairs since 2019 have cost", "Repairs since 2019 cost")
SHORTER_EDITED = EDITED_ARTICLE.replace("Repairs since 2019 cost 212 million krona.\n\n", "")


def written(result):
    """The Base sheet a run writes: each claim's row on Claims, then those on Retired, with the
    tool's suggestions where a reviewer corrected a cell."""
    return {r["claim_id"]: {**r, **r.get(SUGGESTED, {})} for r in [*result.retired, *result.claims] if r.get("claim_id")}


def flagged_run():
    """The Repairs claim reviewed, then its sentence edited: marked edited (re-check)."""
    return merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(reviewed(first_run(), 1)), TODAY)


def rechecked(rows, verdict="False"):
    """``rows`` with the Repairs claim given a new verdict, as a reviewer re-checking it does."""
    return [{**r, "verdict": verdict} if r["claim"].startswith("Repairs") else r for r in rows]


def repairs(rows):
    [row] = [r for r in rows if r["claim"].startswith("Repairs")]
    return row


def test_an_edited_claim_under_the_threshold_keeps_its_mark_until_a_reviewer_touches_it():
    flagged = flagged_run()
    scores = [0.9, 0.1, 0.9]
    below = merge_reviews(claims_of(EDITED_ARTICLE, scores), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    assert [r["change"] for r in below.claims] == ["unchanged", "edited (re-check)", "unchanged"]
    assert below.claims[1]["previous_text"] == OLD_REPAIRS and below.claims[1]["verdict"] == "Mostly true"
    assert (below.report.kept, below.report.awaiting_recheck) == (3, 1)
    # Back over the threshold, still untouched: still marked.
    back = merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(below.claims, base=written(below)), TODAY)
    assert repairs(back.claims)["change"] == "edited (re-check)" and back.report.awaiting_recheck == 1
    # Re-checked while under the threshold: below threshold now.
    result = merge_reviews(claims_of(EDITED_ARTICLE, scores), 0.5, previous(rechecked(below.claims), base=written(below)), TODAY)
    assert [r["change"] for r in result.claims] == ["unchanged", "below threshold now", "unchanged"]
    assert result.claims[1]["verdict"] == "False" and "re-check" not in result.report.summary()


def test_an_edited_claim_keeps_its_mark_and_previous_text_on_retired_and_when_it_returns():
    flagged = flagged_run()
    gone = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    [retired] = gone.retired
    assert retired["change"] == "edited (re-check)" and retired["previous_text"] == OLD_REPAIRS
    assert retired["retired_reason"] == "no longer in the article" and retired["verdict"] == "Mostly true"
    assert gone.report.retired == 1
    still = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(gone.claims, gone.retired, base=written(gone)), TODAY)
    assert [r["change"] for r in still.retired] == ["edited (re-check)"]
    back = merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(still.claims, still.retired, base=written(still)), TODAY)
    row = repairs(back.claims)
    assert row["change"] == "edited (re-check)" and row["previous_text"] == OLD_REPAIRS
    assert {f: row[f] for f in REVIEWER_FIELDS} == REVIEW and back.retired == []
    assert (back.report.restored, back.report.awaiting_recheck) == (1, 1)
    assert back.report.summary().endswith("1 restored from Retired, 1 still to re-check (edited on an earlier run)")
    # No Base row to compare with (a workbook from an earlier version): the mark stays too.
    older = merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(still.claims, still.retired), TODAY)
    assert repairs(older.claims)["change"] == "edited (re-check)"


def test_an_edited_claim_re_checked_before_or_after_it_left_the_article_loses_its_mark():
    flagged = flagged_run()
    # Re-checked on Claims, then gone from the article: retired as any other claim.
    gone = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(rechecked(flagged.claims), base=written(flagged)), TODAY)
    assert [r["change"] for r in gone.retired] == ["retired"]
    # Gone while marked, then re-checked on Retired: retired, and restored, unmarked.
    gone = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    still = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(gone.claims, rechecked(gone.retired), base=written(gone)), TODAY)
    assert [(r["change"], r["verdict"]) for r in still.retired] == [("retired", "False")]
    back = merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(still.claims, still.retired, base=written(still)), TODAY)
    assert repairs(back.claims)["change"] == "restored from Retired" and back.report.awaiting_recheck == 0


def test_a_retired_claim_that_returns_edited_is_restored_for_a_re_check():
    gone = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(reviewed(first_run(), 1)), TODAY)
    assert [r["claim"] for r in gone.retired] == [OLD_REPAIRS]
    back = merge_reviews(claims_of(EDITED_ARTICLE), 0.5, previous(gone.claims, gone.retired, base=written(gone)), TODAY)
    row = repairs(back.claims)
    assert row["change"] == "edited (re-check)" and row["previous_text"] == OLD_REPAIRS
    assert {f: row[f] for f in REVIEWER_FIELDS} == REVIEW and back.retired == []
    assert (back.report.restored, back.report.new) == (1, 0)


def test_an_edited_claim_back_in_the_wording_its_verdict_is_on_needs_no_re_check():
    flagged = flagged_run()
    # Edited back on Claims: unchanged, with no Previous text.
    reverted = merge_reviews(claims_of(ARTICLE), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    row = repairs(reverted.claims)
    assert (row["change"], row["previous_text"], row["claim"]) == ("unchanged", None, OLD_REPAIRS)
    assert {f: row[f] for f in REVIEWER_FIELDS} == REVIEW and "put back" not in row["notes"]
    assert (reverted.report.kept, reverted.report.edited, reverted.report.awaiting_recheck) == (3, 0, 0)
    # Gone while marked, then back in the wording from before the edit: restored, unmarked.
    gone = merge_reviews(claims_of(SHORTER_EDITED), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    back = merge_reviews(claims_of(ARTICLE), 0.5, previous(gone.claims, gone.retired, base=written(gone)), TODAY)
    row = repairs(back.claims)
    assert (row["change"], row["previous_text"], row["verdict"]) == ("restored from Retired", None, "Mostly true")
    assert (back.report.restored, back.report.new, back.report.awaiting_recheck) == (1, 0, 0) and back.retired == []


def test_an_edited_claim_edited_again_before_its_re_check_shows_the_wording_its_verdict_is_on():
    flagged = flagged_run()
    again = EDITED_ARTICLE.replace("Repairs since 2019 cost", "Repairs since 2019 have now cost")
    result = merge_reviews(claims_of(again), 0.5, previous(flagged.claims, base=written(flagged)), TODAY)
    row = repairs(result.claims)
    assert (row["change"], row["previous_text"]) == ("edited (re-check)", OLD_REPAIRS)
    # Once re-checked, the next edit shows the wording of the new verdict.
    result = merge_reviews(claims_of(again), 0.5, previous(rechecked(flagged.claims), base=written(flagged)), TODAY)
    assert repairs(result.claims)["previous_text"] == "Repairs since 2019 cost 212 million krona."


def test_a_different_sentence_is_not_a_fuzzy_match():
    rows = reviewed(first_run(), 1)
    changed = ARTICLE.replace("Repairs since 2019 have cost 212 million krona.", "Tolls will rise by 30 percent next year.")
    result = merge_reviews(claims_of(changed), 0.5, previous(rows), TODAY)
    assert "Tolls will rise by 30 percent next year." in [r["claim"] for r in result.claims if r["change"] == "new"]
    [retired] = result.retired
    assert retired["claim"].startswith("Repairs") and retired["retired_reason"] == "no longer in the article"
    assert retired["retired_on"] == TODAY and {f: retired[f] for f in REVIEWER_FIELDS} == REVIEW


def test_deleted_claims_without_input_are_dropped_not_retired():
    rows = first_run()
    result = merge_reviews(claims_of("The bridge opened in 1962 and carries 38,000 vehicles a day.\n"), 0.5, previous(rows), TODAY)
    assert result.retired == [] and result.report.dropped == 2


def test_claim_with_input_stays_when_its_score_falls_under_the_threshold():
    rows = reviewed(first_run(), 2)
    result = merge_reviews(claims_of(ARTICLE, [0.9, 0.9, 0.1]), 0.5, previous(rows), TODAY)
    assert [r["change"] for r in result.claims] == ["unchanged", "unchanged", "below threshold now"]
    assert result.claims[2]["verdict"] == "Mostly true"


def test_claim_without_input_leaves_when_its_score_falls():
    result = merge_reviews(claims_of(ARTICLE, [0.9, 0.9, 0.1]), 0.5, previous(first_run()), TODAY)
    assert len(result.claims) == 2 and result.report.dropped == 1


def test_hand_added_rows_are_kept_as_typed():
    hand = {"claim_id": None, "claim": "The mayor owns the ferry company.", "notes": "added by desk", "status": "To check"}
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous([*first_run(), hand]), TODAY)
    assert result.claims[-1] == {**hand, AS_TYPED: True, "change": "added by reviewer"}


@pytest.mark.parametrize("value", ["=SUBTOTAL(3,$A$2:$A$3)", 2, "MY-1", "c52ec2b7439", "C52ec2b7439x", ArrayFormula("A9", "=ROWS(A2:A8)")])
def test_a_claim_id_is_one_a_run_wrote(value):
    """What else a reviewer puts in Claim ID (the formula of a Data > Subtotals row, an ID of
    their own) names no claim, so no merge reads the row as a claim that left the article."""
    [claim_id, repeat] = claim_ids(["The dam cost 41 million euros.", "The dam cost 41 million euros."])
    assert (claim_id_of({"claim_id": f" {claim_id} "}), claim_id_of({"claim_id": repeat})) == (claim_id, f"{claim_id}-2")
    assert claim_id_of({"claim_id": value}) == ""


def test_an_id_a_reviewer_typed_keeps_their_row_on_claims():
    hand = {"claim_id": "MY-1", "claim": "The mayor owns the ferry company.", "verdict": "False"}
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous([*first_run(), hand]), TODAY)
    assert result.claims[-1] == {**hand, AS_TYPED: True, "change": "added by reviewer"}
    assert result.retired == [] and result.report.retired == 0


def subtotals(rows, by):
    """``rows`` as Data > Subtotals leaves them, grouped by the column ``by`` (claim ID counted):
    sorted by it, a row under each group with "<value> Count" and =SUBTOTAL(3,…) over the
    group, a Grand Count under all; each row with its place on Claims (``ORIGIN``)."""
    grouped = []
    for value in dict.fromkeys(row[by] for row in sorted(rows, key=lambda row: str(row[by]))):
        first = len(grouped) + 2
        grouped += [row for row in rows if row[by] == value]
        grouped.append({"claim_id": f"=SUBTOTAL(3,$A${first}:$A${len(grouped) + 1})", by: f"{value} Count"})
    grouped.append({"claim_id": f"=SUBTOTAL(3,$A$2:$A${len(grouped) + 1})", by: "Grand Count"})
    return [{**row, ORIGIN: ("Claims", number)} for number, row in enumerate(grouped, start=2)]


def test_rows_of_data_subtotals_are_the_reviewers_and_the_report_says_when_their_groups_came_apart():
    """Data > Subtotals by Verdict sorts the claims: the run lists them in article order again,
    keeps each subtotal row under the claim it followed (none is a claim that left, for
    Retired), and says the subtotals need applying again. By Status, which keeps the claims in
    article order, the subtotals still count their groups: nothing to say."""
    first, second, third = first_run()
    rows = [{**first, "verdict": "True", "status": "Checked"}, {**second, "verdict": "False", "status": "Checked"}, {**third, "verdict": "True", "status": "To check"}]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(subtotals(rows, "verdict")), TODAY)
    assert [row.get("claim") or row["verdict"] for row in result.claims] == [
        first["claim"], second["claim"], "False Count", third["claim"], "True Count", "Grand Count"
    ]
    assert result.retired == [] and (result.report.kept, result.report.retired, result.report.stale_subtotals) == (3, 0, 3)
    assert all(row[AS_TYPED] and row["change"] is None for row in result.claims if not row.get("claim"))
    assert result.report.summary().endswith(", 3 Data > Subtotals rows over claims now in article order again (apply Subtotals again)")

    in_order = merge_reviews(claims_of(ARTICLE), 0.5, previous(subtotals(rows, "status")), TODAY)
    assert [row.get("claim") or row["status"] for row in in_order.claims] == [
        first["claim"], second["claim"], "Checked Count", third["claim"], "To check Count", "Grand Count"
    ]
    assert in_order.report.stale_subtotals == 0 and "Subtotals" not in in_order.report.summary()


def test_rows_typed_between_claims_stay_under_their_claim_and_those_below_the_table_at_its_end():
    """Rows as a reviewer inserted them on a sheet they sorted: a note above every claim, one
    under the first claim, one under the third (which then leaves the article: the note goes
    under the nearest claim above it still listed), a total below the table. The article also
    gains a claim at the top."""
    first, second, third = first_run()
    top, note, orphan = ({"claim_id": None, "notes": text} for text in ("read against the print edition", "second source", "see above"))
    total = {"claim_id": None, "status": "Total", "verdict": "=COUNTA(N2:N8)"}
    rows = [top, first, note, third, orphan, second, total]
    edited = "The council has 40 ferries.\n\n" + ARTICLE.replace("The mayor said it was a lovely day.\n", "")
    result = merge_reviews(claims_of(edited), 0.5, previous(rows), TODAY)
    assert [r.get("claim") or r.get("notes") or r["status"] for r in result.claims] == [
        "read against the print edition", "The council has 40 ferries.", first["claim"], "second source", "see above", second["claim"], "Total",
    ]
    assert {r.get("change") for r in result.claims if not r.get("claim")} == {None}  # no claim in them: not labelled


def test_add_as_claim_promotes_a_sentence_below_threshold():
    candidates = claims_of(ARTICLE, [0.9, 0.9, 0.1])
    rows = first_run(scores=[0.9, 0.9, 0.1])
    assert len(rows) == 2
    added = {candidates[2].claim_id: candidates[2].text}
    result = merge_reviews(candidates, 0.5, previous(rows, added=added), TODAY)
    assert result.claims[2]["change"] == "promoted by reviewer" and result.report.promoted == 1
    assert result.promoted_sentences == {candidates[2].claim_id}
    again = merge_reviews(candidates, 0.5, previous(result.claims, added=added), TODAY)
    assert again.claims[2]["change"] == "unchanged" and again.report.promoted == 0


def test_promotion_follows_an_edited_sentence():
    candidates = claims_of(ARTICLE, [0.9, 0.9, 0.1])
    added = {candidates[2].claim_id: candidates[2].text}
    edited = claims_of(ARTICLE.replace("lovely day", "lovely day indeed"), [0.9, 0.9, 0.1])
    result = merge_reviews(edited, 0.5, previous(first_run(scores=[0.9, 0.9, 0.1]), added=added), TODAY)
    assert result.claims[2]["claim"] == "The mayor said it was a lovely day indeed."
    assert result.promoted_sentences == {edited[2].claim_id}


def test_a_retired_claim_that_returns_is_restored_with_its_work():
    rows = reviewed(first_run(), 1)
    shorter = ARTICLE.replace("Repairs since 2019 have cost 212 million krona.\n\n", "")
    gone = merge_reviews(claims_of(shorter), 0.5, previous(rows), TODAY)
    assert len(gone.retired) == 1
    back = merge_reviews(claims_of(ARTICLE), 0.5, previous(gone.claims, gone.retired), TODAY)
    assert back.retired == [] and back.report.restored == 1
    [row] = [r for r in back.claims if r["claim"].startswith("Repairs")]
    assert row["change"] == "restored from Retired" and row["notes"] == REVIEW["notes"]


def test_retired_rows_stay_retired_run_after_run():
    rows = reviewed(first_run(), 1)
    shorter = ARTICLE.replace("Repairs since 2019 have cost 212 million krona.\n\n", "")
    result = merge_reviews(claims_of(shorter), 0.5, previous(rows), TODAY)
    for _ in range(3):
        result = merge_reviews(claims_of(shorter), 0.5, previous(result.claims, result.retired), TODAY)
    assert len(result.retired) == 1 and result.retired[0]["notes"] == REVIEW["notes"]


def test_swapped_paragraphs_keep_their_work_by_claim_id():
    rows = reviewed(first_run(), 0)
    paragraphs = ARTICLE.strip().split("\n\n")
    swapped = "\n\n".join([paragraphs[1], paragraphs[0], paragraphs[2]])
    result = merge_reviews(claims_of(swapped), 0.5, previous(rows), TODAY)
    assert result.claims[1]["claim"].startswith("The bridge") and result.claims[1]["notes"] == REVIEW["notes"]
    assert {r["change"] for r in result.claims} == {"unchanged"}


def test_copied_rows_with_the_same_id_lose_nothing():
    rows = first_run()
    copy = {**rows[0], **REVIEW, "notes": "second opinion"}
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous([*reviewed(rows, 0), copy]), TODAY)
    notes = [r.get("notes") for r in result.claims]
    assert REVIEW["notes"] in notes and "second opinion" in notes


def test_fuzzy_pairs_take_the_best_match_once_and_respect_the_cutoff():
    new = claims_of("The dam cost 40 million euros in 2010.\n\nThe dam cost 41 million euros in 2011.\n")
    old = [
        {"claim_id": "C1", "claim": "The dam cost 41 million euros in 2011!"},
        {"claim_id": "C2", "claim": "Something else entirely, about ferries."},
    ]
    pairs = fuzzy_pairs(new, old)
    assert [(c.text, r["claim_id"]) for c, r in pairs] == [("The dam cost 41 million euros in 2011.", "C1")]
    assert FUZZY_CUTOFF >= 80


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_blank_values_are_not_reviewer_input(value):
    assert not has_reviewer_input({"notes": value})
    assert has_reviewer_input({"notes": "0"})


def test_what_a_reviewer_types_in_any_tool_column_is_put_back_and_kept_in_notes():
    first = first_run()
    base = {r["claim_id"]: {key: r.get(key) for key in BASE_KEYS} for r in first}  # the Base sheet the first run wrote
    typed = {"score": "0.2, I disagree", "suggested_sources": "council minutes", "checked_before": "yes, in March", "kind": "quote"}
    rows = [{**first[0], **typed, "notes": "mine"}, *first[1:]]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(rows, base=base), TODAY)
    row = result.claims[0]
    assert row["score"] == first[0]["score"] and row["kind"] == first[0]["kind"]
    assert row["notes"].splitlines() == [
        "mine",
        "[Checked before edited by a reviewer, put back by factcheck: yes, in March]",
        "[Kind edited by a reviewer, put back by factcheck: quote]",
        "[Score edited by a reviewer, put back by factcheck: 0.2, I disagree]",
        "[Suggested sources edited by a reviewer, put back by factcheck: council minutes]",
    ]
    assert result.report.tool_edits == 4


def test_rows_typed_by_hand_on_retired_and_a_copied_retired_row_are_kept():
    first = first_run()
    old = {**first[0], **REVIEW, "retired_on": TODAY, "retired_reason": "no longer in the article"}
    typed = {"claim": "The editor cut: the dam holds 3 billion litres.", "verdict": "False"}
    retired = [typed, old, {**old, "notes": "a copy of the row above"}]
    result = merge_reviews(claims_of(ARTICLE.replace(first[0]["claim"], "")), 0.5, previous(first[1:], retired), TODAY)
    assert [(r.get("claim_id"), r["claim"], r.get("notes")) for r in result.retired] == [
        (None, typed["claim"], None),
        (first[0]["claim_id"], first[0]["claim"], REVIEW["notes"]),
        (None, first[0]["claim"], "a copy of the row above"),
    ]


def test_a_claim_that_leaves_goes_under_the_retired_claims_above_a_total_typed_under_them():
    first = first_run()
    gone = {**first[0], **REVIEW, "retired_on": TODAY, "retired_reason": "no longer in the article"}
    total = {"verdict": "=COUNTA(P2:P2)"}
    rows = reviewed(first[1:], 0)
    result = merge_reviews(claims_of(ARTICLE.replace(first[0]["claim"], "").replace(first[1]["claim"], "")), 0.5, previous(rows, [gone, total]), TODAY)
    assert [r.get("claim_id") for r in result.retired] == [first[0]["claim_id"], first[1]["claim_id"], None]
    assert result.retired[-1] == {**total, AS_TYPED: True}


def test_typing_put_back_before_is_not_added_to_notes_again():
    """The same typing back in a tool cell (a reviewer's copy merged again) adds no second line."""
    first = first_run()
    base = {r["claim_id"]: {key: r.get(key) for key in BASE_KEYS} for r in first}
    line = "[Kind edited by a reviewer, put back by factcheck: quote]"
    rows = [{**first[0], "kind": "quote", "notes": f"mine\n{line}"}, *first[1:]]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(rows, base=base), TODAY)
    assert result.claims[0]["notes"] == f"mine\n{line}" and result.claims[0]["kind"] == first[0]["kind"]


def test_tool_cells_typed_on_a_claim_whose_sentence_is_then_edited_are_kept_in_notes():
    """The edited sentence is found by what the article said, not by the reviewer's typing in
    the Claim cell, and its Previous text is the article's old sentence."""
    first = first_run()
    base = {r["claim_id"]: dict(r) for r in first}
    retyped = "Repairs since 2019 have cost the council, per its own accounts, 212 million krona (audit pending)."
    rows = reviewed([{**r, "claim": retyped, "said_by": "the auditor"} if r["claim"].startswith("Repairs") else r for r in first], 1)
    edited = ARTICLE.replace("Repairs since 2019 have cost", "Repairs since 2019 cost")
    result = merge_reviews(claims_of(edited), 0.5, previous(rows, base=base), TODAY)
    [row] = [r for r in result.claims if r["claim"].startswith("Repairs")]
    assert row["change"] == "edited (re-check)" and row["previous_text"] == "Repairs since 2019 have cost 212 million krona."
    assert f"[Claim edited by a reviewer, put back by factcheck: {retyped}]" in row["notes"]
    assert row["said_by"] == "the auditor" and "Said by" not in row["notes"]  # a correction stands
    assert result.report.edited == 1 and result.report.new == 0


def test_a_corrected_said_by_stands_until_the_reviewer_empties_it():
    first = first_run()
    base = {r["claim_id"]: {key: r.get(key) for key in BASE_KEYS} for r in first}
    rows = [{**first[0], "said_by": "the harbour master"}, *first[1:]]
    once = merge_reviews(claims_of(ARTICLE), 0.5, previous(rows, base=base), TODAY)
    row = once.claims[0]
    assert (row["said_by"], row["notes"], once.report.tool_edits) == ("the harbour master", None, 0)
    assert row[SUGGESTED] == {"said_by": first[0]["said_by"]}  # what the Base sheet records
    again = merge_reviews(claims_of(ARTICLE), 0.5, previous(once.claims, base=written(once)), TODAY)
    assert again.claims[0]["said_by"] == "the harbour master"
    emptied = [{**again.claims[0], "said_by": None}, *again.claims[1:]]
    back = merge_reviews(claims_of(ARTICLE), 0.5, previous(emptied, base=written(again)), TODAY)
    assert back.claims[0]["said_by"] == first[0]["said_by"] and SUGGESTED not in back.claims[0]


def test_a_corrected_said_by_goes_to_retired_and_comes_back_with_its_claim():
    first = first_run()
    base = {r["claim_id"]: {key: r.get(key) for key in BASE_KEYS} for r in first}
    rows = [{**first[0], **REVIEW, "said_by": "the harbour master"}, *first[1:]]
    gone = merge_reviews(claims_of(ARTICLE.replace(first[0]["claim"], "")), 0.5, previous(rows, base=base), TODAY)
    [retired] = gone.retired
    assert retired["said_by"] == "the harbour master" and retired[SUGGESTED] == {"said_by": first[0]["said_by"]}
    back = merge_reviews(claims_of(ARTICLE), 0.5, previous(gone.claims, gone.retired, base=written(gone)), TODAY)
    assert back.claims[0]["said_by"] == "the harbour master" and back.report.restored == 1


def test_notes_and_put_back_lines_over_a_cell_are_refused_saying_what_to_shorten():
    first = first_run()
    base = {r["claim_id"]: dict(r) for r in first}
    line = "[Kind edited by a reviewer, put back by factcheck: quote]"

    def merged(notes, kind="quote", origin=None):
        rows = [{**first[0], "notes": notes, "kind": kind, **({ORIGIN: origin} if origin else {})}, *first[1:]]
        return merge_reviews(claims_of(ARTICLE), 0.5, previous(rows, base=base), TODAY)

    fits = "n" * (32_767 - len(line) - 1)  # to the last character a cell takes
    assert merged(fits).claims[0]["notes"] == f"{fits}\n{line}"
    with pytest.raises(WorksheetError, match=r"^Claims row 7 \(claim C\w+\): Notes holds 32,710 characters of the reviewer's, .* takes 58 more: 32,768 in all, over the 32,767 a cell takes; shorten Notes by at least 1 character, or clear what was typed in Kind, and run again$"):
        merged(fits + "n", origin=("Claims", 7))
    # Whatever the reviewer cuts from Notes, the line for a long Kind does not fit: that is what to shorten.
    long_kind = "q" * 32_740
    with pytest.raises(WorksheetError, match=r"^claim C\w+: Notes holds 2 characters .* shorten what was typed in Kind, and run again$"):
        merged("ok", kind=long_kind)
    assert len(merged(None, kind="q" * (32_767 - len(line) + len("quote"))).claims[0]["notes"]) == 32_767


def test_a_row_deleted_from_claims_comes_back_with_its_work_while_its_claim_is_listed():
    """Deleting a row by mistake loses nothing: the Base sheet holds the work the last run wrote."""
    second = merge_reviews(claims_of(ARTICLE), 0.5, previous(reviewed(first_run(), 1)), TODAY)
    base = written(second)
    kept = [r for r in second.claims if not r["claim"].startswith("Repairs")]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(kept, base=base), TODAY)
    [row] = [r for r in result.claims if r["claim"].startswith("Repairs")]
    assert row["change"] == "deleted row, listed again" and {f: row[f] for f in REVIEWER_FIELDS} == REVIEW
    assert (result.report.relisted, result.report.new, result.report.kept) == (1, 0, 2)
    assert result.report.summary().endswith(", 1 deleted from Claims but listed again, with their work")
    again = merge_reviews(claims_of(ARTICLE), 0.5, previous(result.claims, base=written(result)), TODAY)
    assert [r["change"] for r in again.claims] == ["unchanged"] * 3


def test_a_row_whose_claim_id_was_cleared_is_found_again_by_its_sentence():
    """A Delete over a range that took in Claim ID: the row keeps its place and is not listed twice."""
    second = merge_reviews(claims_of(ARTICLE), 0.5, previous(reviewed(first_run(), 1)), TODAY)
    repairs = second.claims[1]
    cleared = [{**r, "claim_id": None} if r is repairs else r for r in second.claims]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(cleared, base=written(second)), TODAY)
    assert [r["claim_id"] for r in result.claims] == [r["claim_id"] for r in second.claims]
    assert result.claims[1]["change"] == "unchanged" and {f: result.claims[1][f] for f in REVIEWER_FIELDS} == REVIEW
    assert (result.report.ids_put_back, result.report.relisted, result.report.kept) == (1, 0, 3)
    assert result.report.summary().endswith(", 1 found by sentence (Claim ID cleared)")
    # Its claim gone from the article, the found row goes to Retired with its work, as any would.
    gone = merge_reviews(claims_of(ARTICLE.replace(repairs["claim"], "")), 0.5, previous(cleared, base=written(second)), TODAY)
    [retired] = gone.retired
    assert retired["claim_id"] == repairs["claim_id"] and retired["verdict"] == REVIEW["verdict"]
    assert all(r["claim_id"] for r in gone.claims)


def test_a_cleared_claim_id_two_rows_could_take_is_not_guessed():
    """The original with its ID cleared and a copy of it: either could be the claim, so both stay
    the reviewer's rows and the claim comes back from Base, as a deleted row does."""
    second = merge_reviews(claims_of(ARTICLE), 0.5, previous(reviewed(first_run(), 1)), TODAY)
    repairs = {**second.claims[1], "claim_id": None}
    rows = [second.claims[0], repairs, second.claims[2], {**repairs, "verdict": "False"}]
    result = merge_reviews(claims_of(ARTICLE), 0.5, previous(rows, base=written(second)), TODAY)
    assert (result.report.ids_put_back, result.report.relisted) == (0, 1)
    assert [r["verdict"] for r in result.claims if r["change"] == "added by reviewer"] == [REVIEW["verdict"], "False"]


def test_a_deleted_row_whose_claim_is_under_the_threshold_or_gone_stays_deleted():
    second = merge_reviews(claims_of(ARTICLE), 0.5, previous(reviewed(first_run(), 1)), TODAY)
    base = written(second)
    kept = [r for r in second.claims if not r["claim"].startswith("Repairs")]
    under = merge_reviews(claims_of(ARTICLE, [0.9, 0.1, 0.9]), 0.5, previous(kept, base=base), TODAY)
    gone = merge_reviews(claims_of(ARTICLE.replace("Repairs since 2019 have cost 212 million krona.", "")), 0.5, previous(kept, base=base), TODAY)
    for result in (under, gone):
        assert not any(r["claim"].startswith("Repairs") for r in [*result.claims, *result.retired])
        assert (result.report.relisted, result.report.dropped) == (0, 0)


@pytest.mark.parametrize("opening", ["14:10 ", "MINISTER: ", "OSLO, May 4 (Wire) - "])
def test_a_claim_read_apart_from_a_time_label_or_dateline_it_was_written_with_needs_no_re_check(opening):
    """A workbook an older splitter wrote has "14:10 The bridge opened…" where this one reads the
    time apart: the article did not change, so the claim keeps its work unmarked."""
    paragraphs = ARTICLE.strip().split("\n\n")
    old_rows = []
    for row in reviewed(first_run(), 0):
        claim = f"{opening}{row['claim']}"
        old_rows.append({**row, "claim": claim, "claim_id": claim_ids([claim])[0]})
    article = "\n\n".join(f"{opening}{paragraph}" for paragraph in paragraphs)
    result = merge_reviews(claims_of(article), 0.5, previous(old_rows), TODAY)
    assert [r["claim"] for r in result.claims] == [r["claim"] for r in first_run()]
    assert [r["change"] for r in result.claims] == ["unchanged"] * 3
    assert [r["previous_text"] for r in result.claims] == [None] * 3
    assert {f: result.claims[0][f] for f in REVIEWER_FIELDS} == REVIEW
    assert (result.report.kept, result.report.edited) == (3, 0)
    # A real edit beside such an opening is still one to re-check.
    edited = article.replace("have cost", "cost")
    result = merge_reviews(claims_of(edited), 0.5, previous(old_rows), TODAY)
    assert [r["change"] for r in result.claims] == ["unchanged", "edited (re-check)", "unchanged"]


def test_a_claim_an_older_splitter_joined_to_a_headline_and_byline_is_the_same_claim():
    """Text saved one line a paragraph: an older splitter read "Bridge turns 60 By Ana Lee The
    bridge opened…" as one sentence, this one reads the headline and byline apart. The article
    did not change, so the claim keeps its work, unmarked, and nothing is retired."""
    headline = "Bridge turns 60\nBy Ana Lee\n"
    old_rows = []
    for row in reviewed(first_run(), 0):
        claim = f"Bridge turns 60 By Ana Lee {row['claim']}" if row["claim"].startswith("The bridge") else row["claim"]
        old_rows.append({**row, "claim": claim, "claim_id": claim_ids([claim])[0]})
    article = headline + ARTICLE.replace("\n\n", "\n")
    # The headline is a sentence too, scored low: the claim scored highest takes the row.
    claims = claims_of(article, [0.1, 0.9, 0.9, 0.9])
    result = merge_reviews(claims, 0.5, previous(old_rows), TODAY, article)
    listed = [r for r in result.claims if r["change"] != "below threshold now"]
    assert [r["claim"] for r in listed] == [r["claim"] for r in first_run()]
    assert [r["change"] for r in listed] == ["unchanged"] * 3
    assert {f: listed[0][f] for f in REVIEWER_FIELDS} == REVIEW
    assert not any("edited by a reviewer" in str(r["notes"]) for r in result.claims)
    assert (result.report.kept, result.report.edited, result.report.new, result.report.retired) == (3, 0, 0, 0)
    # Where the article changed (a new headline), the old sentence no longer stands in it.
    changed = article.replace("turns 60", "turns sixty")
    result = merge_reviews(claims_of(changed, [0.1, 0.9, 0.9, 0.9]), 0.5, previous(old_rows), TODAY, changed)
    assert result.claims[0]["change"] != "unchanged"
