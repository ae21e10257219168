"""Tests that run newsbeam on a real Apache Flink cluster (see cluster.py)."""
