"""Outgoing e-mail: SMTP when configured, otherwise the mail log table (embedded default)."""
