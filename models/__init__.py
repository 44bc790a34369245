"""The models factcheck ships, installed inside the package as ``factcheck.models``."""
