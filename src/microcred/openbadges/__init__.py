"""Open Badges 3.0 / 2.0 and CLR 2.0: models, offline JSON-LD, RDFC-1.0, keys, proofs, status, baking.

A framework-free library: it imports neither Django nor any other ``microcred`` module.
"""
