"""Impactinkoop: social procurement for Dutch public organisations."""
