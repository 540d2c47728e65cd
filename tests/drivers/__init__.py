"""Tests of cxnlp.drivers (a package so that other test files can import its synthetic data)."""
