"""Errors of the policy engine that more than one module raises."""


class CaseError(ValueError):
    """Input that is not a usable case; the message says which field."""
