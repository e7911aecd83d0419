"""Trust and safety after publication: complaints (举报) from anyone signed in about a post, an enterprise or
a live room; the organizers' queue with a handling deadline; graded sanctions (warning → posting limit →
posts taken down → account closed), each with reason, evidence, audit and an appeal; and the abnormal-entity
list (异常名录) that keeps a closed firm's credit code and its people's phone and ID numbers from coming back.

models · complaints (filing, the queue, the target's history, automatic manual review) · sanctions (imposing,
lifting, appeals, the posting limit) · blocklist (the abnormal-entity list and its checks) · evidence (the
uploaded files) · views/{public,seeker,enterprise,organizer} · templates/.

The detector that stops unlawful text before publication is ``importers.compliance`` (one verdict for the
form, the import, the API and the live room); this package handles what gets through or is found later.
"""
