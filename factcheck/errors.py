"""The library's own exceptions; the CLI turns each into one line and exit code 2."""


class FactcheckError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""


class DocumentError(FactcheckError):
    """An article that cannot be read: missing, a folder, empty, binary or undecodable."""


class ModelError(FactcheckError):
    """A model directory that is missing or not a usable sequence classifier."""


class WorksheetError(FactcheckError):
    """A workbook that cannot be written or is not ours to replace."""


class DataError(FactcheckError):
    """Training, evaluation or scoring data that is missing or malformed."""
