"""FilterSets shared by the screens and the API (one FilterSet serves both, as in NetBox)."""
