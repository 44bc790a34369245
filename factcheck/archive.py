"""The desk's archive: every reviewed claim and imported fact-check, with its embedding, in SQLite.

One file, no server. WAL mode lets a match read while another run writes; every write is one
transaction (``BEGIN IMMEDIATE``) and waits up to ``BUSY_SECONDS`` for another writer, so two
runs at once never corrupt it and a killed run leaves it as it was before that transaction.
A file that is not a factcheck archive (another program's database, a damaged file, anything
else) is refused and never written to.

Each claim has a key that says where it came from, so importing or recording again updates
the row instead of adding another: ``workbook:<workbook ID>#<claim ID>`` for a reviewer's
verdict in a worksheet (the ID the worksheet carries, so a moved or renamed worksheet keeps its
rows; ``workbook:<absolute path>#<claim ID>`` for one recorded before worksheets carried an ID),
``review:<url>#<claim text>`` for a published ClaimReview.

A copy of a worksheet (Save As, a reviewer's copy) is the same article's claims: neither it nor
the worksheet it was copied from is ever "checked before" for the other. A copy that needs an
ID of its own keeps the original's in front of it (``<original ID>.<its own>``), so the
archive knows the family of every worksheet it holds verdicts from.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from .errors import FactcheckError

ARCHIVE_ENVIRONMENT = "FACTCHECK_ARCHIVE"
ARCHIVE_NAME = "factcheck-archive.sqlite"
# "FCKA": marks the file as ours (SQLite's application_id header field).
APPLICATION_ID = 0x46434B41
SCHEMA_VERSION = 2
BUSY_SECONDS = 30.0
VECTOR_BLOCK = 32_768  # rows of vectors read at a time when searching (24 MiB in fp16)
EMBED_BLOCK = 4_096  # claims embedded at a time when an archive is embedded again
NOTES_SUMMARY_CHARS = 200
WORKBOOK, REVIEW = "workbook", "review"

SCHEMA = (
    """CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        verdict TEXT NOT NULL,
        sources TEXT NOT NULL,
        notes TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        reviewed_on TEXT NOT NULL,
        source TEXT NOT NULL,
        workbook TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        url TEXT NOT NULL,
        publisher TEXT NOT NULL,
        workbook_id TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX claims_by_workbook ON claims (workbook)",
    "CREATE INDEX claims_by_workbook_id ON claims (workbook_id)",
    # Apart from the text, so a search reads vectors and nothing else.
    "CREATE TABLE vectors (id INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE, embedding BLOB NOT NULL)",
    "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The words of each claim, for BM25 (SQLite's full-text index), kept in step by triggers.
    "CREATE VIRTUAL TABLE claim_words USING fts5 (text, content = 'claims', content_rowid = 'id')",
    # In how many claims each word occurs, read from the index above.
    "CREATE VIRTUAL TABLE claim_vocabulary USING fts5vocab (claim_words, 'row')",
    """CREATE TRIGGER claim_words_added AFTER INSERT ON claims BEGIN
        INSERT INTO claim_words (rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER claim_words_removed AFTER DELETE ON claims BEGIN
        INSERT INTO claim_words (claim_words, rowid, text) VALUES ('delete', old.id, old.text); END""",
    """CREATE TRIGGER claim_words_changed AFTER UPDATE OF text ON claims BEGIN
        INSERT INTO claim_words (claim_words, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO claim_words (rowid, text) VALUES (new.id, new.text); END""",
)
# What version 1 lacked: worksheets then had no ID of their own, and their verdicts were keyed
# by path. Their rows keep those keys until the worksheet is next recorded.
UPGRADE_FROM_1 = (
    "ALTER TABLE claims ADD COLUMN workbook_id TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX claims_by_workbook_id ON claims (workbook_id)",
)
# Words too common to say anything about which claim a sentence repeats.
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its not of on or she that the "
    "their they this to was we were will with you".split()
)
_WORD = re.compile(r"[^\W_]+")


def claim_words(text: str) -> list[str]:
    """The words BM25 counts: lower case, accents dropped (as SQLite's unicode61 tokenizer
    does), stop words left out."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(folded) if w not in STOP_WORDS]


@dataclass(frozen=True, slots=True)
class WordCounts:
    """What BM25 needs to know of the whole archive: how many claims, their mean length in
    words, and in how many claims each word occurs."""

    claims: int
    mean_words: float
    claims_with: Mapping[str, int]


class ArchiveError(FactcheckError):
    """An archive that cannot be opened, is not ours, is damaged, or stayed locked."""


@dataclass(frozen=True, slots=True)
class ArchivedClaim:
    """A checked claim as the archive keeps it (the embedding apart)."""

    key: str
    text: str
    verdict: str = ""
    sources: str = ""
    notes: str = ""  # a summary: the first NOTES_SUMMARY_CHARS characters
    reviewer: str = ""
    reviewed_on: str = ""  # as given: ISO for worksheets, free text for some publishers
    source: str = ""  # "workbook", or the publisher of a ClaimReview
    workbook: str = ""  # the worksheet's path, for a reviewer's verdict
    claim_id: str = ""
    url: str = ""  # the ClaimReview's address
    publisher: str = ""
    workbook_id: str = ""  # the ID the worksheet carries, for a reviewer's verdict

    @property
    def where(self) -> str:
        """Where it was checked, for a person: the worksheet and claim, or the review's address."""
        if self.workbook:
            return f"{Path(self.workbook).name} {self.claim_id}".strip()
        return self.url or self.publisher


COLUMNS = tuple(f.name for f in fields(ArchivedClaim))


def review_key(url: str, text: str) -> str:
    """The key of a published review of ``text`` at ``url`` (one page may review several claims)."""
    return f"{REVIEW}:{url}#{hashlib.sha256(' '.join(text.split()).encode()).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class WorkbookIdentity:
    """A worksheet as the archive knows it: where it is now (an absolute path), and the ID it
    carries in its properties, which stays when the file is moved or renamed. The ID is empty
    for a worksheet without one (written by an older factcheck), whose verdicts go by path."""

    path: Path
    workbook_id: str = ""

    @property
    def family(self) -> str:
        """The ID of the worksheet this one was first copied from; its own ID when it is no copy."""
        return self.workbook_id.partition(".")[0]

    def as_copy(self) -> WorkbookIdentity:
        """This worksheet as a copy of the one whose ID it carries: an ID of its own, in that family."""
        return WorkbookIdentity(self.path, f"{self.family}.{new_workbook_id()}")

    def key(self, claim_id: str) -> str:
        """The archive key of this worksheet's verdict on ``claim_id``."""
        return f"{WORKBOOK}:{self.workbook_id or self.path}#{claim_id}"


def new_workbook_id() -> str:
    return uuid.uuid4().hex


def notes_summary(notes: str) -> str:
    notes = " ".join(notes.split())
    return notes if len(notes) <= NOTES_SUMMARY_CHARS else notes[: NOTES_SUMMARY_CHARS - 1] + "…"


def default_archive(output_folder: str | Path) -> Path:
    """Where the archive is when no path is given: ``$FACTCHECK_ARCHIVE``, else
    ``factcheck-archive.sqlite`` in the folder that holds the worksheets."""
    configured = os.environ.get(ARCHIVE_ENVIRONMENT, "").strip()
    return Path(configured).expanduser() if configured else Path(output_folder) / ARCHIVE_NAME


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """What one store did: rows added, rows changed, rows already as given."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


class Archive:
    """An open archive. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path, *, create: bool = True, model: str | None = None):
        """Open ``path``, creating it when ``create`` and absent. ``model`` names the sentence
        encoder whose vectors the caller reads or writes: an archive made with another is refused."""
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise ArchiveError(f"no archive at {self.path}")
        if self.path.is_dir():
            raise ArchiveError(f"{self.path} is a folder; give the archive's file name")
        new = not self.path.exists() or self.path.stat().st_size == 0
        if new:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ArchiveError(f"cannot create the archive {self.path}: {exc.strerror or exc}") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open the archive {self.path}: {exc}") from None
        try:
            self._prepare_when_free(model)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise self._error(exc) from None
        except ArchiveError:
            self.db.close()
            raise

    def _prepare_when_free(self, model: str | None) -> None:
        # Switching a new file to WAL takes its lock in steps, and SQLite answers "busy" at once,
        # without waiting, when another run holds the next step (waiting could deadlock). Setting
        # up is idempotent, so it is tried again until BUSY_SECONDS have passed.
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                return self._prepare(model)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def _prepare(self, model: str | None) -> None:
        # One statement, so both are read from the same committed state of the file.
        application_id, tables = self.db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id()), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        # No tables and no application id: an empty file, or one another run is setting up right
        # now (its schema is not committed yet), so ours to set up. Anything else unmarked is not.
        if application_id != APPLICATION_ID and (tables or application_id != 0):
            raise ArchiveError(f"{self.path} is not a factcheck archive (another program's database); refusing to touch it")
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode = WAL")
        if application_id != APPLICATION_ID:
            with self.transaction():
                # Another run may have set it up while this one waited for the lock.
                if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    for statement in SCHEMA:
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 1:
            with self.transaction():
                # Another run may have upgraded it while this one waited for the lock.
                if self.db.execute("PRAGMA user_version").fetchone()[0] == 1:
                    for statement in UPGRADE_FROM_1:
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise ArchiveError(f"{self.path} is a factcheck archive of version {version}; this factcheck reads version {SCHEMA_VERSION}")
        if model is not None:
            self.use_model(model)

    @property
    def model(self) -> str | None:
        """The sentence encoder the archive's vectors are from; None until one is recorded."""
        rows = self._read("SELECT value FROM settings WHERE name = 'model'")
        return rows[0][0] if rows else None

    @property
    def replaced_models(self) -> list[str]:
        """The encoders the archive's vectors were from before ``reembed`` replaced them, oldest first."""
        rows = self._read("SELECT value FROM settings WHERE name = 'replaced_models'")
        return [model for model in rows[0][0].split("\n") if model] if rows else []

    def use_model(self, model: str) -> None:
        """Record ``model`` as the archive's encoder, or refuse when its vectors are another's."""
        recorded = self.model
        if recorded is None:
            with self.transaction():
                self.db.execute("INSERT OR IGNORE INTO settings VALUES ('model', ?)", (model,))
            recorded = self.model  # another run may have recorded its own first
        if recorded == model:
            return
        if model in self.replaced_models:
            # A desk sharing the archive re-embedded it for a later factcheck: going back would
            # flip it again under them.
            raise self._replaced(model, recorded, "upgrade factcheck to use it")
        raise ArchiveError(
            f"{self.path} holds embeddings from the sentence encoder {recorded}, not this factcheck's ({model}); "
            f"run 'factcheck archive reembed --archive {self.path}' once to embed its claims again with this one"
        )

    def _replaced(self, model: str, recorded: str | None, advice: str) -> ArchiveError:
        return ArchiveError(
            f"{self.path} was embedded again with the sentence encoder {recorded}, which replaced this factcheck's ({model}); {advice}"
        )

    def reembed(self, model: str, embed, *, block: int = EMBED_BLOCK, back: bool = False) -> int:
        """Give every claim a vector from ``embed`` (``model``'s, unit length) and record ``model``
        as the archive's encoder; returns how many claims. Claims are embedded ``block`` at a time
        outside any transaction, so other runs read and write meanwhile; one transaction at the
        end embeds what they added or changed, then writes every vector. Until it commits, or if
        it is stopped, the archive is as it was. Going back to an encoder the archive's replaced
        is refused unless ``back``."""
        if model in self.replaced_models and not back:
            raise self._replaced(model, self.model, "upgrade factcheck, or pass --back to embed it with the older encoder again")

        def embed_rows(rows: Sequence[tuple[int, str]]) -> None:
            if rows:
                vectors = embed([text for _, text in rows])
                self.db.executemany(
                    "INSERT OR REPLACE INTO temp.embedded_again VALUES (?, ?, ?)",
                    ((row_id, text, vector.astype(np.float16).tobytes()) for (row_id, text), vector in zip(rows, vectors)),
                )

        try:
            # Kept in SQLite's temporary storage, not in memory: a million claims' vectors are a GB.
            self.db.execute("CREATE TEMP TABLE embedded_again (id INTEGER PRIMARY KEY, text TEXT NOT NULL, embedding BLOB NOT NULL)")
            try:
                last = -1
                while rows := self.db.execute("SELECT id, text FROM claims WHERE id > ? ORDER BY id LIMIT ?", (last, block)).fetchall():
                    embed_rows(rows)
                    last = rows[-1][0]
                with self.transaction():
                    embed_rows(self.db.execute(
                        "SELECT id, claims.text FROM claims LEFT JOIN temp.embedded_again AS again USING (id) "
                        "WHERE again.id IS NULL OR again.text != claims.text"
                    ).fetchall())
                    self.db.execute(
                        "INSERT OR REPLACE INTO vectors (id, embedding) SELECT id, embedding FROM temp.embedded_again JOIN claims USING (id)"
                    )
                    earlier = self.model
                    replaced = [m for m in self.replaced_models if m not in (model, earlier)]
                    replaced += [earlier] if earlier is not None and earlier != model else []
                    for name, value in (("model", model), ("replaced_models", "\n".join(replaced))):
                        self.db.execute(
                            "INSERT INTO settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value)
                        )
                    return self.db.execute("SELECT count(*) FROM claims").fetchone()[0]
            finally:
                self.db.execute("DROP TABLE temp.embedded_again")
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> ArchiveError:
        message = str(exc)
        if _is_busy(exc):
            return ArchiveError(f"the archive {self.path} stayed locked by another run for {BUSY_SECONDS:g} s; try again")
        if "not a database" in message or "malformed" in message or "corrupt" in message:
            return ArchiveError(f"{self.path} is not a factcheck archive, or is damaged ({message}); refusing to touch it")
        return ArchiveError(f"archive {self.path}: {message}")

    def transaction(self) -> "_Transaction":
        """A write transaction: taken at once (so a second writer waits), committed or rolled back whole."""
        return _Transaction(self)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __len__(self) -> int:
        return self._read("SELECT count(*) FROM claims")[0][0]

    def _read(self, sql: str, parameters: Sequence = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def existing(self, keys: Iterable[str]) -> dict[str, ArchivedClaim]:
        """The archived claims with these keys."""
        keys = list(keys)
        found: dict[str, ArchivedClaim] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self._read(f"SELECT {', '.join(COLUMNS)} FROM claims WHERE key IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((row[0], ArchivedClaim(*row)) for row in rows)
        return found

    def store(
        self,
        claims: Sequence[ArchivedClaim],
        embed,
        *,
        replace_workbook: WorkbookIdentity | None = None,
    ) -> StoreCounts:
        """Add or update ``claims`` in one transaction; ``embed(texts)`` gives vectors for the
        claims whose text is new to the archive. With ``replace_workbook``, that worksheet's
        claims not among ``claims`` are removed (their verdict was cleared or the claim retired),
        those recorded under its ID wherever it was and those recorded under its path."""
        claims = list({c.key: c for c in claims}.values())
        before = self.existing(c.key for c in claims)
        if replace_workbook is not None and replace_workbook.workbook_id:
            # Verdicts recorded under the worksheet's path, before it carried an ID, take the
            # ID's keys in place: the same rows, not removed and added again.
            by_path = WorkbookIdentity(replace_workbook.path)
            new = {by_path.key(c.claim_id): c.key for c in claims if c.key not in before}
            before |= {new[old.key]: old for old in self.existing(new).values()}
        to_embed = [c for c in claims if c.key not in before or before[c.key].text != c.text]
        vectors = embed([c.text for c in to_embed]) if to_embed else np.zeros((0, 0), np.float32)
        vector_of = {c.key: v for c, v in zip(to_embed, vectors)}
        added = updated = removed = 0
        words_added = 0  # the running totals BM25 reads (word_counts), kept in step here
        try:
            with self.transaction():
                for claim in claims:
                    old = before.get(claim.key)
                    if old == claim:
                        continue
                    values = [getattr(claim, name) for name in COLUMNS]
                    words_added += len(claim_words(claim.text)) - (len(claim_words(old.text)) if old else 0)
                    if old is None:
                        cursor = self.db.execute(
                            f"INSERT INTO claims ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", values
                        )
                        row_id, added = cursor.lastrowid, added + 1
                    else:
                        assignments = ", ".join(f"{name} = ?" for name in COLUMNS)
                        row_id = self.db.execute(f"UPDATE claims SET {assignments} WHERE key = ? RETURNING id", [*values, old.key]).fetchone()[0]
                        updated += 1
                    if claim.key in vector_of:
                        blob = vector_of[claim.key].astype(np.float16).tobytes()
                        self.db.execute("INSERT OR REPLACE INTO vectors (id, embedding) VALUES (?, ?)", (row_id, blob))
                if replace_workbook is not None:
                    kept = {c.key for c in claims}
                    stale = [
                        (key, text)
                        for key, text in self.db.execute(
                            f"SELECT key, text FROM claims WHERE {_OF_WORKBOOK}", _of_workbook(replace_workbook)
                        )
                        if key not in kept
                    ]
                    for key, text in stale:
                        self.db.execute("DELETE FROM claims WHERE key = ?", (key,))
                        words_added -= len(claim_words(text))
                    removed = len(stale)
                for name, change in (("claims", added - removed), ("words", words_added)):
                    self.db.execute(
                        "INSERT INTO settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
                        (name, change, change),
                    )
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        return StoreCounts(added, updated, len(claims) - added - updated, removed)

    def original_of(self, workbook: WorkbookIdentity) -> Path | None:
        """The other worksheet file, still there, that the archive holds verdicts from under this
        worksheet's ID: this one is a copy of it (not the same file moved). None when there is none."""
        if not workbook.workbook_id:
            return None
        rows = self._read(
            "SELECT DISTINCT workbook FROM claims WHERE workbook_id = ? AND workbook != ?", (workbook.workbook_id, str(workbook.path))
        )
        return next((Path(path) for (path,) in rows if Path(path).exists()), None)

    def vector_blocks(
        self, exclude_workbook: WorkbookIdentity | None = None, block: int = VECTOR_BLOCK
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(row ids, fp16 vectors) a block at a time, leaving out one worksheet's own claims and
        those of its copies and of the worksheet it was copied from."""
        sql = "SELECT vectors.id, embedding FROM vectors"
        parameters: tuple = ()
        if exclude_workbook is not None:
            sql += f" JOIN claims USING (id) WHERE NOT ({_OF_FAMILY})"
            parameters = (exclude_workbook.family, str(exclude_workbook.path))
        try:
            cursor = self.db.execute(sql + " ORDER BY vectors.id", parameters)
            while rows := cursor.fetchmany(block):
                ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), -1)
                yield ids, vectors
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def word_counts(self, words: Iterable[str]) -> WordCounts:
        """The archive's claim count, mean claim length, and each of ``words``' claim count."""
        words = sorted(set(words))
        counts: dict[str, int] = {}
        for start in range(0, len(words), 500):
            chunk = words[start : start + 500]
            counts.update(self._read(f"SELECT term, doc FROM claim_vocabulary WHERE term IN ({', '.join('?' * len(chunk))})", chunk))
        totals = dict(self._read("SELECT name, value FROM settings WHERE name IN ('claims', 'words')"))
        claims = int(totals.get("claims", 0))
        return WordCounts(claims, int(totals.get("words", 0)) / claims if claims else 0.0, counts)

    def claims_by_id(self, row_ids: Iterable[int]) -> dict[int, ArchivedClaim]:
        ids = list(dict.fromkeys(row_ids))
        found: dict[int, ArchivedClaim] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._read(f"SELECT id, {', '.join(COLUMNS)} FROM claims WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((row[0], ArchivedClaim(*row[1:])) for row in rows)
        return found

    def counts(self) -> Counter:
        """Claims by (source, verdict)."""
        return Counter({(source, verdict): n for source, verdict, n in self._read(
            "SELECT source, verdict, count(*) FROM claims GROUP BY source, verdict"
        )})


# A worksheet's rows: those under its ID (recorded wherever it was then) and those recorded under
# its path without an ID. Rows with another ID are another worksheet's, even at the same path
# (this one's predecessor there, moved away but not yet run in its new place).
_OF_WORKBOOK = "(workbook_id = ?1 AND ?1 != '') OR (workbook_id = '' AND workbook = ?2)"


# A worksheet's family: its rows as above, and those of every worksheet whose ID is of the same
# family (?1), the one it was copied from and their other copies.
_OF_FAMILY = (
    "(?1 != '' AND (workbook_id = ?1 OR substr(workbook_id, 1, length(?1) + 1) = ?1 || '.')) OR (workbook_id = '' AND workbook = ?2)"
)


def _of_workbook(workbook: WorkbookIdentity) -> tuple[str, str]:
    return workbook.workbook_id, str(workbook.path)


def _is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class _Transaction:
    def __init__(self, archive: Archive):
        self.archive = archive

    def __enter__(self) -> None:
        try:
            self.archive.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self.archive._error(exc) from None

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            self.archive.db.execute("ROLLBACK" if exc_type else "COMMIT")
        except sqlite3.DatabaseError as error:
            if exc_type is None:
                raise self.archive._error(error) from None
