"""dl-parity: the instrument that compares the twins (checker, tolerances, cases, CLI)."""
