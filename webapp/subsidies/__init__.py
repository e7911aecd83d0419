"""Employment subsidies (就业补贴): one home for the subsidy domain's web side.

models (rule versions, parameters, hire records, 政策找人 runs and claims) · services (rules from the
``policy/`` engine into the database, the calculator, 政策找人) · claims (the claim workflow and its export) ·
forms · cli (``flask policy …``) · views/{seeker,enterprise,organizer} (registered on the audience blueprints;
endpoint names unchanged) · templates/. The rule engine itself stays the pure library ``policy/``.

Kept import-light: ``webapp.models`` re-exports the models from here.
"""
