"""Tests of the report renderer (run by CTest as reports.unit: python3 -m unittest discover)."""
