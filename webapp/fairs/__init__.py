"""Recruitment fairs and the "10+N" activity brands: one home for the fair domain.

models (brands, fairs, participations, fair posts, registrations) · services (use cases: create, publish,
sign up, review, register, check in, remind) · brands (the yearly activity calendar) · report (the fair's
results and its Excel export) · ical (the 招聘月历 feed) · forms · cli (``flask fairs …``) · demo ·
views/{public,seeker,enterprise,organizer,api} (registered on the audience blueprints; endpoint names
unchanged) · templates/ · activities/ (brand calendars as TOML).

Kept import-light: ``webapp.models`` re-exports the models from here.
"""
