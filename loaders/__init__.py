"""Files in, validated facts out, SQLite written: imported as ``diplofacts.loaders``.

The names of ``__all__`` are loaded from their modules on first use, so that importing one
module of the package (the site imports ``coverage``, ``facts serve`` imports ``seedsdigest``)
does not import the build and everything it needs: ``facts serve`` and the site start sooner.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers see them (``as``: re-exported)
    from .build import BuildReport as BuildReport
    from .build import build as build
    from .build import seeds_digest as seeds_digest
    from .build import up_to_date as up_to_date
    from .check import check as check
    from .lint import lint as lint
    from .problems import BuildFailed as BuildFailed
    from .problems import NotAFactsDatabase as NotAFactsDatabase
    from .problems import Problem as Problem
    from .tuning import Tuning as Tuning

_MODULE_OF = {
    "BuildReport": "build", "build": "build", "seeds_digest": "build", "up_to_date": "build",
    "check": "check", "lint": "lint",
    "BuildFailed": "problems", "NotAFactsDatabase": "problems", "Problem": "problems",
    "Tuning": "tuning",
}

__all__ = sorted(_MODULE_OF)


class _Package(types.ModuleType):
    """``diplofacts.loaders`` itself. Three of its names are also its modules' (``build``,
    ``check``, ``lint``): importing such a module sets it on the package, which would hide the
    function of the same name, so that assignment is ignored and the name stays the function."""

    def __getattr__(self, name: str) -> Any:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", self.__name__), name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
