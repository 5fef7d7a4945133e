"""`make bench`: load tests of the whole app as `make run` serves it (questor/bench/run.py)."""
