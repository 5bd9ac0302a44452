"""Mystery Shopper: be a customer of your own business, every night, automatically."""

__version__ = "0.1.0"
