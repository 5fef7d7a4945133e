"""A read-compatible subset of the Stack Exchange API 2.3, under /2.3/ (and /2.2/), so
that existing Stack Exchange clients work against Questor unchanged. See docs/se-api.md."""
