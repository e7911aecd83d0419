"""The bureau's own work with its firms (扬帆计划, 人社部发〔2023〕47号): every 专精特新 firm has a
人社服务专员 who keeps its file (一企一档: contacts, visits and calls — who, what was asked, what was
promised), answers the needs the firm raises (企业吹哨，专员服务: people, training, policy, a fair slot,
each with a response deadline) by turning them into what the platform already does (a 推荐人才 search, a
fair invitation, a policy notice), and organizers see which needs are overdue, specialist by specialist.

models · services (the caseload and its figures, contact records, needs and their deadlines) ·
views/{specialist,enterprise} · templates/.
"""
