"""policylang: support contracts as policy code, evaluated into one cited answer."""

__version__ = "0.1.0"
