"""Demo-data hooks: apps register functions that seed_demo calls after the core data, in order."""
DEMO_SEEDERS: list[str] = []


def register_demo_seeder(dotted_path: str) -> None:
    """Called from an app's ready(); the function receives seed_demo's stdout."""
    if dotted_path not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(dotted_path)
