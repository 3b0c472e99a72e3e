"""Benchmarks run by `make bench`; each module compares us with a peer."""
