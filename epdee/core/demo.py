"""Demo-data hooks: apps register functions that seed_demo calls after the core data, in order."""

DEMO_SEEDERS: list[str] = []


_AFTER: dict[str, str] = {}


def register_demo_seeder(dotted_path: str, *, after: str | None = None) -> None:
    """Called from an app's ready(); the function receives seed_demo's stdout. `after` names a seeder this
    one needs to run after (apps are readied in INSTALLED_APPS order, which need not be the data's order)."""
    if after:
        _AFTER[dotted_path] = after
    if dotted_path not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(dotted_path)


def ordered_seeders() -> list[str]:
    ordered: list[str] = []

    def place(seeder, seen=()):
        if seeder in ordered or seeder in seen:
            return
        if seeder in _AFTER and _AFTER[seeder] in DEMO_SEEDERS:
            place(_AFTER[seeder], (*seen, seeder))
        ordered.append(seeder)

    for seeder in DEMO_SEEDERS:
        place(seeder)
    return ordered
