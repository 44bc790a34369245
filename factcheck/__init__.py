"""factcheck: find the checkable factual claims in a news article and write a reviewer worksheet.

The library face; the ``factcheck`` command is a thin layer over these names.
"""

__version__ = "0.1.0"

from .archive import Archive, ArchiveError, default_archive
from .batch import BatchReport, check_articles
from .check import RunReport, check_article
from .combine import CombineReport, Conflict, merge_copies
from .document import Document, read_document
from .errors import DataError, DocumentError, FactcheckError, ModelError, WorksheetError
from .figures import differing_figures
from .matcher import SentenceEmbedder, find_matches
from .reviews import import_review_files
from .scorer import ClaimScorer
from .segment import Sentence, split_sentences
from .worksheet import read_worksheet

__all__ = [
    "Archive",
    "ArchiveError",
    "SentenceEmbedder",
    "default_archive",
    "differing_figures",
    "find_matches",
    "import_review_files",
    "BatchReport",
    "ClaimScorer",
    "CombineReport",
    "Conflict",
    "DataError",
    "Document",
    "DocumentError",
    "FactcheckError",
    "ModelError",
    "RunReport",
    "Sentence",
    "WorksheetError",
    "__version__",
    "check_article",
    "check_articles",
    "merge_copies",
    "read_document",
    "read_worksheet",
    "split_sentences",
]
