"""API views, one module per sub-domain; each calls selectors (reads) and services (writes)."""
