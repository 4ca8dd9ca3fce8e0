"""Files `problemframe init` writes, shipped as package data."""
