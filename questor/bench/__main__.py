"""`python -m questor.bench`: see questor/bench/run.py."""

from __future__ import annotations

from questor.bench.run import main

main()
