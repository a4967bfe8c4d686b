"""CLI command modules; each has register(app)."""
