"""Excel/CSV importers for enterprises, posts and seekers: header mapping, value parsers, row-level reports.

No Flask import. (The importers arrive with the enterprises-and-vacancies issue.)
"""
