"""The data exit keeps no tables of its own: the export reads the clinic's rows (selectors.py) and records
its event in the core's audit log."""
