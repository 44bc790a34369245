"""Existing outputs built to hurt the reader: zip bombs, XML entity bombs, damaged and encrypted files.

Each is refused before anything is written: exit code 2, one line, the file untouched.
"""

import shutil
import time
import zipfile

import openpyxl
import pytest

from factcheck import ClaimScorer, check_article
from factcheck import worksheet
from factcheck.worksheet import ForeignWorkbookError, WorksheetError, read_previous_workbook

from .conftest import EXAMPLE_ARTICLE
from .test_cli import assert_one_line_error, factcheck

MB = 1024 * 1024
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


@pytest.fixture(scope="module")
def real_workbook(tmp_path_factory, tiny_model):
    """A workbook a real run wrote, as bytes."""
    output = tmp_path_factory.mktemp("real") / "bridge.xlsx"
    check_article(EXAMPLE_ARTICLE, output, threshold=0.0, scorer=ClaimScorer(tiny_model))
    return output.read_bytes()


def rewrite(source, target, replace=None, extra=None):
    """Copy the zip at ``source`` to ``target``, member by member, with some members replaced
    (name -> bytes) and ``extra`` (name, megabytes of zeros) streamed in at the end."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, (replace or {}).get(item.filename, old.read(item.filename)))
        if extra:
            name, megabytes = extra
            zeros = bytes(MB)
            with new.open(name, "w", force_zip64=True) as member:
                for _ in range(megabytes):
                    member.write(zeros)


def zip_bomb(folder, real, megabytes):
    source = folder / "real.xlsx"
    source.write_bytes(real)
    bomb = folder / "bomb.xlsx"
    rewrite(source, bomb, extra=("xl/media/zeros.bin", megabytes))
    return bomb


def entity_bomb(folder, real, part="xl/worksheets/sheet1.xml"):
    source = folder / "real.xlsx"
    source.write_bytes(real)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode("utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    # The whole expansion, 10^9 "lol"s, lands in a cell of the Claims sheet.
    body = body.replace("<v>", "<v>&lol9;", 1) if "<v>" in body else body.replace("</", "&lol9;</", 1)
    bomb = folder / "laughs.xlsx"
    rewrite(source, bomb, replace={part: (BILLION_LAUGHS + body).encode("utf-8")})
    return bomb


def truncated(folder, real):
    path = folder / "truncated.xlsx"
    path.write_bytes(real[: len(real) // 2])
    return path


def encrypted(folder, real):
    """What Excel saves with a password: an OLE2 compound file, not a zip."""
    path = folder / "encrypted.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"EncryptedPackage" + bytes(4096))
    return path


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def newer_zip(folder, real):
    """A zip whose directory asks for a newer zip version (6.4) than Python's zipfile reads."""
    path = folder / "newer.xlsx"
    entry = real.index(b"PK\x01\x02")  # the first central directory entry
    path.write_bytes(real[: entry + 6] + (64).to_bytes(2, "little") + real[entry + 8 :])
    return path


def deflate64(folder, real):
    """A zip with its members marked Deflate64 (method 9), which Python's zipfile cannot inflate."""
    path = folder / "deflate64.xlsx"
    data = bytearray(real)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + 2] = (9).to_bytes(2, "little")
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda d, r: zip_bomb(d, r, 210), r"would inflate to 2\d\d,\d{3},\d{3} bytes .* over the 209,715,200-byte limit"),
        (lambda d, r: entity_bomb(d, r), r"not a factcheck worksheet \((not a readable|a damaged or unsafe part)"),
        (truncated, r"not a factcheck worksheet \(not a readable \.xlsx workbook\)"),
        (encrypted, r"not a factcheck worksheet \(not a readable \.xlsx workbook\)"),
        (newer_zip, r"not a factcheck worksheet \(not a readable \.xlsx workbook\)"),
        (deflate64, r"not a factcheck worksheet \(not a readable \.xlsx workbook\)"),
    ],
    ids=["zip-bomb", "billion-laughs", "truncated", "encrypted", "newer-zip", "deflate64"],
)
def test_hostile_existing_output_is_refused_by_the_command(tmp_path, tiny_model, real_workbook, make, pattern):
    output = make(tmp_path, real_workbook)
    before = output.read_bytes()
    started = time.monotonic()
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert time.monotonic() - started < 60
    assert_one_line_error(result, pattern)
    assert str(output) in result.stderr
    assert output.read_bytes() == before
    assert not (tmp_path / ".history").exists()
    assert not list(tmp_path.glob("*.tmp.xlsx"))


def test_a_part_that_inflates_too_far_is_refused_even_under_the_total_limit(tmp_path, real_workbook):
    bomb = zip_bomb(tmp_path, real_workbook, 2)  # 2 MB of zeros deflate about 1000:1
    with pytest.raises(WorksheetError, match=r"part xl/media/zeros\.bin would inflate from [\d,]+ to 2,097,152 bytes, over the 200:1 limit"):
        read_previous_workbook(bomb)


def test_the_total_limit_is_a_module_constant(tmp_path, real_workbook, monkeypatch):
    source = tmp_path / "real.xlsx"
    source.write_bytes(real_workbook)
    assert read_previous_workbook(source).claims
    monkeypatch.setattr(worksheet, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(WorksheetError, match="over the 1,000-byte limit") as refused:
        read_previous_workbook(source)
    assert not isinstance(refused.value, ForeignWorkbookError)  # --force does not override it


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet6.xml", "docProps/custom.xml", "xl/workbook.xml"])
def test_entity_declarations_in_any_part_are_refused_without_expansion(tmp_path, real_workbook, part):
    bomb = entity_bomb(tmp_path, real_workbook, part)
    started = time.monotonic()
    with pytest.raises(ForeignWorkbookError, match="not a factcheck worksheet"):
        read_previous_workbook(bomb)
    assert time.monotonic() - started < 5


def test_force_replaces_a_damaged_workbook_but_not_a_zip_bomb(tmp_path, tiny_model, real_workbook):
    damaged = truncated(tmp_path, real_workbook)
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", damaged, "--model", tiny_model, "--force")
    assert result.returncode == 0, result.stderr
    shutil.rmtree(tmp_path / ".history")
    bomb = zip_bomb(tmp_path, real_workbook, 2)
    assert_one_line_error(factcheck("check", EXAMPLE_ARTICLE, "-o", bomb, "--model", tiny_model, "--force"), "200:1 limit")
    assert not (tmp_path / ".history").exists()


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
def test_a_damaged_sheet_found_only_while_reading_rows_is_refused(tmp_path, real_workbook, part):
    source = tmp_path / "real.xlsx"
    source.write_bytes(real_workbook)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    damaged = tmp_path / "damaged.xlsx"
    rewrite(source, damaged, replace={part: xml[: len(xml) // 2]})
    with pytest.raises(ForeignWorkbookError, match=r"not a factcheck worksheet \(a damaged or unsafe part: ParseError\)"):
        read_previous_workbook(damaged)


@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_a_workbook_saved_in_another_format_is_refused_saying_how_to_save_it(tmp_path, real_workbook, suffix):
    """A LibreOffice user saves the workbook as .ods, or .xls for an old Excel: every command
    that reads it says so and how to save an .xlsx, and leaves it as it was."""
    from .test_end_to_end import converted

    workbook = tmp_path / "bridge.xlsx"
    workbook.write_bytes(real_workbook)
    saved = converted(workbook, tmp_path, suffix)
    before = saved.read_bytes()
    pattern = r"bridge\.%s is an? .* save it as Excel 2007-365 \(\.xlsx\)" % suffix
    for command in (("check", EXAMPLE_ARTICLE, "-o", saved), ("merge", workbook, saved), ("export", "--format", "csv", saved)):
        assert_one_line_error(factcheck(*command), pattern)
    assert saved.read_bytes() == before and workbook.read_bytes() == real_workbook
