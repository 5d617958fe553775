"""The records: values and vocabularies (``values``), a trial page's records (``trial``)
and a results page's (``results``); ``plain`` turns any of them into JSON-ready data."""

# The records are the public API: each module's __all__, all re-exported here.
from ctgov_parse.model import results, trial, values
from ctgov_parse.model.results import *  # noqa: F403
from ctgov_parse.model.trial import *  # noqa: F403
from ctgov_parse.model.values import *  # noqa: F403

__all__ = sorted([*results.__all__, *trial.__all__, *values.__all__])


def _register_wire() -> None:
    import enum

    import attrs

    from ctgov_parse.model import wire

    exported = [globals()[name] for name in __all__]
    wire.register(
        value
        for value in exported
        if isinstance(value, type) and (attrs.has(value) or issubclass(value, enum.Enum))
    )


_register_wire()
