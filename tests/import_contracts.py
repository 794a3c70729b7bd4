"""A custom import-linter contract for the layers (pyproject.toml's contract_types; docs/architecture.md).

own_modules: in each of `packages`, the modules named in `own` (views, forms, admin, urls, ...) are that app's
own: only modules inside the same app may import them. Other apps use its models, selectors and services.
`entry_points` (optional) may import them too: the `joinedup` command runs a file-only command directly.
"""

from typing import Any, cast

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class OwnModulesContract(Contract):
    type_name = "own_modules"

    packages = fields.ListField(subfield=fields.StringField())
    own = fields.ListField(subfield=fields.StringField())
    entry_points = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        packages = cast(list[str], self.packages)
        own = cast(list[str], self.own)
        entry_points = set(cast(list[str], self.entry_points or []))
        illegal = []
        for package in packages:
            for name in own:
                module = f"{package}.{name}"
                if module not in graph.modules:
                    continue
                for target in {module} | graph.find_descendants(module):
                    for importer in sorted(graph.find_modules_that_directly_import(target)):
                        if (
                            importer == package
                            or importer.startswith(f"{package}.")
                            or importer in entry_points
                        ):
                            continue
                        details = graph.get_import_details(importer=importer, imported=target)
                        lines = sorted({d["line_number"] for d in details})
                        illegal.append({"importer": importer, "imported": target, "lines": lines})
        illegal.sort(key=lambda i: (i["importer"], i["imported"]))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("An app's own modules may only be imported from within that app:", bold=False)
        output.new_line()
        illegal: list[dict[str, Any]] = check.metadata["illegal"]
        for item in illegal:
            lines = ", ".join(map(str, item["lines"]))
            output.print_error(f"- {item['importer']} -> {item['imported']} (l.{lines})", bold=False)
            output.new_line()
