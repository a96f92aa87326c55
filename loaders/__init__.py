"""Files in, validated facts out, SQLite written: imported as ``diplofacts.loaders``."""
from .build import BuildReport, build, seeds_digest, up_to_date
from .check import check
from .lint import lint
from .problems import BuildFailed, NotAFactsDatabase, Problem
from .tuning import Tuning

__all__ = ["BuildFailed", "BuildReport", "NotAFactsDatabase", "Problem", "Tuning", "build", "check", "lint", "seeds_digest", "up_to_date"]
