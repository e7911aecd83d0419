"""The talent pool's facet titles, as the filter panel shows them."""

FACET_TITLES = {
    "city": "期望城市",
    "education": "学历",
    "major_category": "专业类",
    "graduation_year": "毕业届别",
    "experience": "工作经验",
    "skills": "技能",
    "target_groups": "人员类别",
    "job_status": "求职状态",
}
