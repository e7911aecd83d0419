"""就业见习 (人社部发〔2023〕47号 二（五）; 南开区办法 一、3; 和平区 四（九）).

The bureau recognises a firm as a 就业见习基地 (application, review, capacity); only a recognised base
publishes 见习岗位, and never more trainees at a time than its capacity; a 见习协议 (start, end, mentor) is
signed for a hired applicant and becomes the hire record the policy engine reads, so the monthly
见习生活费补贴 and the 留用奖励 are computed by the rules and found by 政策找人; retention is confirmed at
three and six months.

models · services · views/enterprise, views/organizer · templates/ · demo.
"""
