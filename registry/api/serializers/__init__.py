"""Serializers of the registry API: one read shape per spec schema, input shapes that validate bodies."""
