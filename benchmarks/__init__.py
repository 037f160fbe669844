"""Benchmarks: a data generator, scenarios that measure Tandem through HTTP, and their results.

Run from the repository root, e.g. ``python -m benchmarks.run permission-overhead``.
"""
