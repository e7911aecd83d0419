"""Monitoring the zone against the bureau's targets (扬帆计划): the 江苏 measures (苏人社发〔2023〕63号)
ask that 专精特新企业 absorb 100,000 insured hires by 2025, of which 高校毕业生, 高技能人才 and
副高级以上专业技术人才 are at least 15 %, 10 % and 5 %, and that at least 100 fairs and 10,000 posts are
held and published a year.

Targets are data per region and year that organizers edit (audited). The figures come from the zone's own
records: hire records (insured, in a 专精特新 firm of the region), fairs held, posts published and policy
claims paid, month by month in 北京时间, each linked to the records behind it and exported to .xlsx.

models · services (figures, months, records) · views/organizer · templates/.
"""
