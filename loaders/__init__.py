"""Files in, validated facts out, SQLite written: imported as ``diplofacts.loaders``."""
from .build import BuildReport, build, seeds_digest
from .check import check
from .problems import BuildFailed, Problem
from .tuning import Tuning

__all__ = ["BuildFailed", "BuildReport", "Problem", "Tuning", "build", "check", "seeds_digest"]
