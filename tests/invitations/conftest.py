from tests.situations.conftest import as_user, cast  # noqa: F401  (the situations cast and its client helper)
