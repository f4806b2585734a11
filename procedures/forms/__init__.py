"""Forms, one module per screen group."""
