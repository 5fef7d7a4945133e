"""Helpers with no domain knowledge. Nothing here imports a questor app."""
