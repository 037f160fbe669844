"""Thin query, mutation and subscription functions: parse input, ask the gate, call the domain."""
