"""Engines run the per-article pipeline over many articles and feed the single writer."""
