"""Background jobs: workers that run the jobs of models/job.py, woken through a queue library.

Imports nothing of its own at package level, so importing ``jobs.context`` loads no broker.
"""
