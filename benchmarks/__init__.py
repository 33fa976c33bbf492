"""Benchmarks: `make bench` runs them; `make test` (testpaths = tests) never does."""
