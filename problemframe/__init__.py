"""problemframe: turn tickets into problems (pure domain: no I/O)."""
