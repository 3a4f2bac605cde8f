"""Heavy libraries imported on first use, so that commands which never touch them start fast.

`horserace run` validates every scorer before it calls a model, which imports the scorer
modules; numpy alone would add ~0.15 s to that start, though it is only needed to score.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """`name` as a module whose code runs on its first attribute access (the recipe of the
    importlib docs). It sits in sys.modules, so a plain `import name` elsewhere gets the same
    module object, loaded then if it was not yet."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
