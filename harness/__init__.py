"""horserace: a competition evaluation harness for large-model applications."""

__version__ = "0.1.0"
