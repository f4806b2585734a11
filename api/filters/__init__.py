"""FilterSets, one module per sub-domain."""
