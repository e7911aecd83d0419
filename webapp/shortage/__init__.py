"""急需紧缺职业（工种）目录 from the zone's own data (人社部发〔2023〕47号 asks the bureau to publish one).

Per 职业分类大典 细类, region and quarter: openings (the headcount of posts published in the quarter),
seekers (people looking for work in the quarter whose desired titles the title classifier maps to the
occupation, in a place that covers the region) and 求人倍率 = openings ÷ seekers, with the quarters before
it. Organizers review the proposed list (thresholds as settings), publish a catalogue (page and .xlsx); posts
in a listed occupation carry a 急需 badge and a search facet.

models · coding (titles → 大典 codes for posts and seekers) · quarters · services (figures, proposal,
publishing, the current catalogues) · views/organizer, views/public · templates/ · demo.
"""
