"""Realtime: outbox relay, pub/sub bus (broadcaster backends with the faults
of broadcaster 0.3.1 fixed), fan-out and presence.

Nothing is imported here on purpose: importing one realtime module must not load a broker
client with it (tests/server/test_layers.py). Import the bus from ``realtime.bus``.
"""
