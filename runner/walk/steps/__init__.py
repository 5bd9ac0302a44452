"""One module per action, registered by its YAML key (see base.py; catalogue.py loads them)."""
