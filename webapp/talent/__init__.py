"""The talent pool (人才库): résumés of seekers who chose to be found, indexed in Meilisearch, searched by
firms (搜人才) and by the bureau (organizers and 服务专员, with a separate consent); one home for it.

documents (what the résumé index may hold: no name, phone, ID number, e-mail or birth date) · majors (the
本科专业目录 categories) · index (the index, its settings and the outbox delivery) · search (the query path
both audiences share) · services (limits, opening a card, invitations, all audited) · models
(invitations) · forms · cli (``flask search eval-talent``) · views/{enterprise,organizer,seeker} ·
templates/.

Kept import-light: ``webapp.models`` re-exports the models from here.
"""
