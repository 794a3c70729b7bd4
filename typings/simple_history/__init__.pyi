# django-simple-history ships no type hints. These stubs type only what the project subclasses (its admin);
# the rest of the package stays untyped (ignore_missing_imports in pyproject.toml).
