"""Model serializers whose fields are built once per class.

DRF's ModelSerializer rebuilds its fields from the model's metadata for every instance: 8 ms
for a dossier with its timeline, paid on every intake and every page of the dossier list. The
fields do not depend on the instance or the request, so they are built once and copied, which
costs a fraction of that: a plain field by a shallow copy (binding it to its serializer only
sets its own attributes), a field that holds other fields (a nested serializer, a list's child)
by a deep copy, as DRF copies declared fields.
"""

import copy

from rest_framework.serializers import BaseSerializer


def _holds_fields(field) -> bool:
    return (
        isinstance(field, BaseSerializer)
        or hasattr(field, "child")
        or hasattr(field, "child_relation")
    )


def _shallow_copy(field):
    # What copy.copy does for these plain objects, without its generic protocol (3× the cost).
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    return clone


class FieldsBuiltOnceMixin:
    """Put before ``serializers.ModelSerializer`` (or ``Serializer``); for serializers whose
    fields depend on nothing but the class (no ``get_fields`` that reads the context). Input
    serializers too: validating keeps no state on a field (errors go to the serializer)."""

    def get_fields(self):
        cls = type(self)
        prototype = cls.__dict__.get("_fields_prototype")
        if prototype is None:
            prototype = super().get_fields()
            cls._fields_prototype = prototype
        return {
            name: copy.deepcopy(field) if _holds_fields(field) else _shallow_copy(field)
            for name, field in prototype.items()
        }
