"""How hard a build works, owned by whoever runs it (the ``facts`` command): processes that
parse fact files, the garbage collector off while millions of objects are made, and seconds
spent per stage. A library caller gets a plain single-process build."""
from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Tuning:
    workers: int = 1  # processes parsing fact files (forked; one means in-process)
    gc_off: bool = False  # the build makes no cycles worth collecting
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, summed over processes

    def add(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - began)

    @contextmanager
    def running(self) -> Iterator[None]:
        was_enabled = gc.isenabled()
        if self.gc_off:
            gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()
