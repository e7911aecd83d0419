"""用工余缺调剂 (人社部发〔2023〕47号 二（二）: "对季节性用工需求明显的专精特新中小企业，探索建立
用工余缺调剂机制"; 天津: 人社服务专员 solve firms' shortages by 余缺调剂).

Firms declare staff they can spare for a while — each worker's consent on record — or the people they are
short of, by occupation, time window and place; the platform proposes matches between firms (the 大典
occupation the title classifier gives, the place, the overlap of the windows); the firm's 服务专员 brokers
one and records the placement.

models · services (declarations, proposals, placements) · views/enterprise, views/organizer · templates/.
"""
