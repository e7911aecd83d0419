"""Excel/CSV importers for enterprises, posts and seekers: safe reading, header mapping (rapidfuzz), value
parsers, and a plan with a row-level report. No Flask import: the web app's ``services.imports`` writes a plan
to the database in one transaction.
"""

from importers.plan import ImportPlan, RowIssue, plan_import
from importers.safety import ImportRefused

__all__ = ["ImportPlan", "ImportRefused", "RowIssue", "plan_import"]
