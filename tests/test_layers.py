"""The layers of docs/architecture.md: lint-imports keeps them (make lint); here its custom contract is checked."""

import grimp

from tests.import_contracts import OwnModulesContract


def _contract() -> OwnModulesContract:
    options = {"packages": ["app.situations", "app.perspectives"], "own": ["views", "admin"]}
    return OwnModulesContract(name="own", session_options={}, contract_options=options)


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="import x")
    return graph


def test_it_flags_an_app_importing_another_apps_admin():
    check = _contract().check(_graph(("app.perspectives.admin", "app.situations.admin")), verbose=False)
    assert not check.kept
    assert check.metadata["illegal"] == [
        {"importer": "app.perspectives.admin", "imported": "app.situations.admin", "lines": [3]}
    ]


def test_it_lets_an_app_import_its_own_views_and_another_apps_selectors():
    graph = _graph(
        ("app.situations.urls", "app.situations.views"),
        ("app.perspectives.views", "app.situations.selectors"),
        ("app.perspectives.models", "app.situations.models"),
    )
    assert _contract().check(graph, verbose=False).kept
