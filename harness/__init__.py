"""horserace: a competition evaluation harness for large-model applications."""

__version__ = "0.1.0"

# Where the store lives under the competition root unless --store says otherwise. Here, not in
# harness.store, so that the CLI can know it without importing SQLAlchemy.
DEFAULT_STORE = ".horserace/horserace.db"
