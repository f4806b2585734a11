"""Screens, one module per screen group. Views read through selectors and write through services."""
