"""Solvers turn Requests into Responses: endpoint, python (worker subprocesses), predictions."""
