"""The commands of `python -m benchmarks.run`, one module per scenario (run.py registers them)."""
