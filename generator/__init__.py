"""Gongkai (公开): a static-site generator for Chinese department budget disclosures.

The pipeline reads off the sub-packages: ``load`` → ``validate`` → ``model`` →
``render`` → ``write`` → ``pdf``.
"""

__version__ = "0.1.0"
