"""Leaderboard statistics: paired bootstrap intervals, rank ranges and track aggregates.

Pure functions over numpy arrays and small dataclasses; the store and the CLI feed them.
``bootstrap`` resamples per-task metrics, ``ranking`` turns resamples into paired tests,
rank ranges and tie groups, ``aggregate`` combines tasks into a track score.
"""
