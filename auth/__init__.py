"""Who the caller is and what they may do: passwords, tokens, roles, the permission gate."""
