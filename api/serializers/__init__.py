"""Serializers, one module per sub-domain."""
