"""Rows of a call log matched between versions as reviewers change it: appended, inserted,
deleted, sorted, retyped."""

from factcheck.row_alignment import matched_rows, placed_rows


def row(*cells):
    return tuple((column, text) for column, text in enumerate(cells, start=1) if text)


HEADER = row("Who", "About", "Status")
PORT = row("Port authority", "traffic", "to call")
COUNCIL = row("Council", "budget", "to call")
HARBOUR = row("Harbour master", "ferries", "to call")
LUND = row("Lund's office", "quote", "to call")
SURVEY = row("Survey firm", "1962 count", "to call")
LOG = [HEADER, PORT, COUNCIL, HARBOUR, LUND, SURVEY]


def by_number(rows):
    return dict(enumerate(rows, start=1))


def test_rows_are_matched_through_appends_inserts_deletes_and_retyping():
    ferry = row("Ferry union", "ferries", "called")
    assert matched_rows(LOG, [*LOG, ferry]) == {n: n for n in range(6)}
    coastguard = row("Coastguard", "storm", "to call")
    assert matched_rows(LOG, [HEADER, PORT, coastguard, COUNCIL, HARBOUR, LUND, SURVEY]) == {0: 0, 1: 1, 2: 3, 3: 4, 4: 5, 5: 6}
    assert matched_rows(LOG, [HEADER, PORT, HARBOUR, LUND, SURVEY]) == {0: 0, 1: 1, 3: 2, 4: 3, 5: 4}  # Council deleted
    called = row("Harbour master", "ferries", "called")  # one cell of three retyped: the same row
    assert matched_rows(LOG, [HEADER, PORT, COUNCIL, called, LUND, SURVEY])[3] == 3
    assert matched_rows(LOG, [HEADER, PORT, coastguard, COUNCIL, called, LUND, SURVEY])[3] == 4  # and shifted
    # A row retyped in two of its three cells, where another was deleted, is no longer that row.
    assert 3 not in matched_rows(LOG, [HEADER, PORT, row("Harbour master", "fares", "called"), LUND, SURVEY])
    # Nor is one retyped whole where the row above it was deleted; but a row whose empty cells
    # were filled, its own kept, is the same row, however few it had.
    assert 5 not in matched_rows(LOG, [HEADER, PORT, COUNCIL, HARBOUR, LUND, row("Ferry union", "ferries", "called", "=LEN(A6)")])
    council = row("Council")
    assert matched_rows([HEADER, row("Port authority"), council], [HEADER, row("Port authority", "rang twice", "https://port.example"), row("Council", "left a message")]) == {0: 0, 1: 1, 2: 2}


def test_a_sorted_log_matches_each_row_even_one_retyped_as_well():
    called = row("Harbour master", "ferries", "called")
    called_back = row("Lund's office", "quote", "called back")
    sorted_log = [HEADER, COUNCIL, called, called_back, PORT, SURVEY]
    assert matched_rows(LOG, sorted_log) == {0: 0, 1: 4, 2: 1, 3: 2, 4: 3, 5: 5}
    assert matched_rows(LOG, [HEADER, *reversed(LOG[1:])]) == {0: 0, 1: 5, 2: 4, 3: 3, 4: 2, 5: 1}


def test_the_copys_rows_stand_on_the_workbooks_and_rows_it_added_come_below():
    coastguard = row("Coastguard", "storm", "to call")
    mine = by_number([HEADER, PORT, coastguard, COUNCIL, HARBOUR, SURVEY])  # the desk inserted a row, deleted Lund's
    mayor = row("Mayor's office", "opening date", "to call")
    theirs = by_number([HEADER, COUNCIL, HARBOUR, LUND, PORT, SURVEY, (), mayor])  # sorted, a row added under a blank one
    places = placed_rows(by_number(LOG), mine, theirs, [1, 2, 3, 4, 5, 6, 8])
    assert places.recorded == {1: 1, 2: 2, 3: 4, 4: 5, 6: 6}
    assert places.theirs == {1: 1, 2: 4, 3: 5, 5: 2, 6: 6, 8: 8}  # the blank row too: 7 is left empty
    assert places.matched == {1: 1, 2: 3, 3: 4, 4: 5, 5: 2, 6: 6}  # Lund's (4) too, which the desk deleted

    # Brought once already (this copy merged before, or another with the same row): not again.
    mine = by_number([*LOG, (), mayor])
    assert placed_rows(by_number(LOG), mine, by_number([*LOG, mayor]), [1, 2, 3, 4, 5, 6, 7]).theirs[7] == 8


def test_rows_that_share_most_cells_but_not_their_first_are_never_paired():
    """A log sorted, a column filled and half the statuses retyped: every call is found, each
    by its own row, though many rows share their topic and status with others."""
    import random

    log = [row(f"caller {n}", f"topic {n % 7}", "to call") for n in range(300)]
    order = list(range(300))
    random.Random(1).shuffle(order)
    edited = [row(f"caller {n}", f"topic {n % 7}", "called" if place % 2 else "to call", f"555 {n:04d}") for place, n in enumerate(order)]
    matches = matched_rows(log, edited)
    assert len(matches) == 300 and all(log[i][0] == edited[j][0] for i, j in matches.items())


def test_rows_the_copy_inserted_in_the_middle_go_under_the_row_above_them_there():
    coastguard, ferry = row("Coastguard", "storm", "to call"), row("Ferry union", "ferries", "called")
    pilots, mayor = row("Pilot station", "fog", "to call"), row("Mayor's office", "opening date", "to call")
    mine = by_number([HEADER, PORT, pilots, COUNCIL, HARBOUR, SURVEY])  # the desk inserted a row, deleted Lund's
    theirs = by_number([HEADER, PORT, coastguard, COUNCIL, HARBOUR, ferry, LUND, SURVEY, mayor])
    places = placed_rows(by_number(LOG), mine, theirs, range(1, 10), inserting=True)
    # Coastguard under Port authority, after the desk's own row there; Ferry union under the
    # Harbour master; the mayor's office, under every row, below the workbook's last.
    assert places.inserted == ((4, 1), (6, 1))
    assert places.theirs == {1: 1, 2: 2, 3: 4, 4: 5, 5: 6, 6: 7, 8: 8, 9: 9}
    assert places.recorded == {1: 1, 2: 2, 3: 5, 4: 6, 6: 8}
    # Two rows inserted together stay together, in the copy's order; without inserting, they come below.
    theirs = by_number([HEADER, PORT, coastguard, ferry, COUNCIL, HARBOUR, LUND, SURVEY])
    places = placed_rows(by_number(LOG), by_number(LOG), theirs, range(1, 9), inserting=True)
    assert (places.inserted, places.theirs[3], places.theirs[4], places.theirs[5]) == (((3, 2),), 3, 4, 5)
    assert placed_rows(by_number(LOG), by_number(LOG), theirs, range(1, 9)).theirs[3] == 7
    # Brought once already: where it stands, not inserted again.
    mine = by_number([HEADER, PORT, coastguard, ferry, COUNCIL, HARBOUR, LUND, SURVEY])
    places = placed_rows(by_number(LOG), mine, theirs, range(1, 9), inserting=True)
    assert (places.inserted, places.theirs[3], places.theirs[4]) == ((), 3, 4)


def test_in_a_table_a_row_typed_where_another_was_deleted_is_another_row_even_sharing_half_its_cells():
    lund, ferry = row("Lund's office", "quote", "to call", "=LEN(A[0])"), row("Ferry union", "ferries", "to call", "=LEN(A[0])")
    # The default status and the row's own formula are half the cells: in a table of calls,
    # under a header row, the caller tells the rows apart; in free text, half will do.
    assert matched_rows([HEADER, lund], [HEADER, ferry], table=True) == {0: 0}
    assert matched_rows([HEADER, lund], [HEADER, ferry]) == {0: 0, 1: 1}
    called = row("Lund's office", "quote", "called", "=LEN(A[0])")
    assert matched_rows([HEADER, lund], [HEADER, called], table=True) == {0: 0, 1: 1}
