"""Tandem's process edge: settings, the ASGI app, its lifespan and the CLI."""
