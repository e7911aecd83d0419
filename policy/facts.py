"""The facts a rule can test, with the Chinese words used to explain a decision.

A subject (one hire, one person, one enterprise or one institution) is a flat mapping of facts; the
hiring enterprise's facts are reachable as ``enterprise.<name>``. A fact that grows with time (months
of social insurance paid, months in business) turns an unmet minimum into a "what is missing" hint
instead of a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    label: str
    unit: str = ""
    # For facts that grow with time: how to say "N more units and it qualifies".
    progress: str = ""

    def show(self, value: object) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list | tuple | set | frozenset):
            return "、".join(str(v) for v in value) or "无"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value}{self.unit}"


FACTS: dict[str, Fact] = {
    # the person (a hire, a seeker, an entrepreneur)
    "age": Fact("年龄", "岁"),
    "gender": Fact("性别"),
    "graduation_date": Fact("毕业时间"),
    "groups": Fact("人员类别"),
    "registered_unemployed_months": Fact("登记失业时长", "个月"),
    "local_hukou": Fact("本市户籍"),
    "local_graduate": Fact("本市高校毕业生"),
    "talent_settled_years": Fact("“海河英才”落户年限", "年"),
    "in_training": Fact("参加补贴类职业培训"),
    "employed": Fact("在职职工"),
    "employed_since_graduation": Fact("离校后已就业"),
    "first_job": Fact("首次就业"),
    "starting_business": Fact("在本区创业"),
    "credential": Fact("新取得的证书"),
    "flexible_employment": Fact("个体经营或灵活就业"),
    "first_business": Fact("首次创办企业"),
    "business_registered_months": Fact("企业注册经营时长", "个月", "再正常经营 {n} 个月"),
    "business_jobs": Fact("带动就业人数", "人"),
    "business_insured_months": Fact("连续缴纳社会保险", "个月", "再连续缴纳 {n} 个月社会保险"),
    "premises": Fact("创业场地"),
    "competition_award": Fact("创新创业大赛获奖"),
    # the hire
    "contract_months": Fact("劳动合同期限", "个月"),
    "insured_months": Fact("已缴纳社会保险", "个月", "再缴纳 {n} 个月社会保险"),
    "employment_type": Fact("用工形式"),
    "traineeship_months": Fact("见习期", "个月"),
    "served_traineeship_months": Fact("已见习", "个月", "再见习 {n} 个月"),
    "retained": Fact("见习后留用"),
    "retained_early": Fact("见习期满前提前留用"),
    "months_after_retention": Fact("留用后工作", "个月", "留用满 {n} 个月"),
    "apprentice_certificate": Fact("学徒培训取得证书"),
    "service_post": Fact("托底安置服务型岗位"),
    "public_welfare_post": Fact("公益性岗位"),
    # the enterprise
    "enterprise.size": Fact("企业规模"),
    "enterprise.tier": Fact("企业梯度"),
    "enterprise.sectors": Fact("企业类型/行业"),
    "enterprise.employees": Fact("在职职工", "人"),
    "enterprise.founder_priority_group": Fact("由重点群体创办"),
    "enterprise.traineeship_base": Fact("经认定的就业见习基地"),
    "enterprise.layoff_within_target": Fact("不裁员或裁员率低于本市调查失业率控制目标"),
    "enterprise.unemployment_insured_months": Fact("依法缴纳失业保险", "个月", "再缴纳 {n} 个月失业保险"),
    "enterprise.layoff_rate": Fact("裁员率"),
    "enterprise.unemployment_premium_last_year": Fact("上年度实际缴纳失业保险费", "元"),
    "enterprise.new_loan_eligible_hires": Fact("当年新招用符合创业担保贷款条件人员", "人"),
    "enterprise.new_hire_share": Fact("新招用人员占在职职工比例"),
    "enterprise.online_trained": Fact("开展线上职业技能培训人数", "人"),
    # institutions (training, human-resources service, vocational school, incubator)
    "kind": Fact("机构类型"),
    "course": Fact("培训项目"),
    "certified": Fact("取得结业证书学员", "人"),
    "started_within_half_year": Fact("培训后半年内成功创业", "人"),
    "trainee_groups": Fact("学员类别"),
    "delivered": Fact("一次性输送人数", "人"),
    "delivered_months": Fact("输送人员就业或实习时长", "个月", "输送人员再稳定就业 {n} 个月"),
    "incubated_firms": Fact("新增孵化企业", "户"),
    "incubated_jobs": Fact("在孵企业新增带动就业", "人"),
    "student_founded_share": Fact("大学生创办在孵企业占比"),
}


def fact(name: str) -> Fact:
    try:
        return FACTS[name]
    except KeyError:
        raise KeyError(f"unknown fact {name!r}; known: {', '.join(sorted(FACTS))}") from None
