"""Places: gazetteer, name normalisation and geoparsing."""

from warlog.places.gazetteer import Gazetteer, PlaceAlias, build_gazetteer
from warlog.places.geoparse import Geoparser
from warlog.places.normalize import normalize_name, phonetic_key

__all__ = [
    "Gazetteer",
    "Geoparser",
    "PlaceAlias",
    "build_gazetteer",
    "normalize_name",
    "phonetic_key",
]
