"""Offline geocoding: the GeoNames gazetteer (:mod:`.gazetteer`), its links to wirewatch's
own places (:mod:`.link`), toponym resolution (:mod:`.resolve`), and the one-off derivation
of the shipped region and country tables (:mod:`.derive`). See ``docs/places.md``.
"""
