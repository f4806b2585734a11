"""Selectors: reads that return querysets or plain rows, never writing."""
