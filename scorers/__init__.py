"""The scorer library: a registry of pure scoring functions and answer extractors."""
