"""Every numeric measure in the seed documents, with its clause, through the policy engine and the
shipped rule files (policy/rules/*.toml). Boundaries: ages 16 and 24, exactly two years after graduation,
the third month of insurance, the rent-subsidy cap, exclusions, validity periods."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from policy import Case, CaseError, RuleError, evaluate, load_rule_files, parse_rule

RULES, PARAMS = load_rule_files()
NANKAI, HEPING = "天津市南开区", "天津市和平区"
GRAD = {"groups": ["高校毕业生"], "contract_months": 12, "insured_months": 3}


def answer(region: str, on: str = "2024-03-01", **parts: Any) -> dict:
    return evaluate(RULES, Case.from_dict({"region": region, "date": on, **parts}), PARAMS).to_dict()


def granted(ans: dict) -> dict[str, dict]:
    return {s["rule"]: s for s in ans["subsidies"]}


def missing(ans: dict) -> dict[str, str]:
    return {m["rule"]: m["missing"] for m in ans["missing"]}


# ---- the example case of the issue ----


def test_issue_example_case():
    ans = answer(
        NANKAI,
        enterprise={"size": "小型", "tier": "专精特新中小企业"},
        hires=[{"age": 23, "graduation_date": "2023-07-01", "registered_unemployed_months": 0, **GRAD}],
    )
    got = granted(ans)
    assert got["nankai2023.absorption"]["amount"] == 1000
    assert "高校毕业生" in got["nankai2023.absorption"]["reason"]
    assert got["nankai2023.social_insurance"]["months"] == 36
    assert got["nankai2023.post_subsidy"]["months"] == 12
    assert ans["one_time_total"] == 1000
    # 南开 一、1: 扩岗补助 与 一次性吸纳就业补贴 不重复享受
    assert "nankai2023.expansion" not in got
    assert ans["not_combined"][0]["rule"] == "nankai2023.expansion"
    for key in ("rule", "title", "beneficiary", "amount", "unit", "months", "source", "reason"):
        assert key in ans["subsidies"][0]


# ---- 南开区 (000) ----


@pytest.mark.parametrize("group", ["高校毕业生", "农民工"])
def test_nankai_1_absorption_1000_for_graduates_and_migrants(group):
    got = granted(answer(NANKAI, hires=[{**GRAD, "groups": [group]}]))
    assert got["nankai2023.absorption"]["amount"] == 1000


@pytest.mark.parametrize(("insured", "eligible"), [(2, False), (3, True)])
def test_nankai_1_stable_employment_boundary_third_month(insured, eligible):
    ans = answer(NANKAI, hires=[{**GRAD, "groups": ["农民工"], "insured_months": insured}])
    assert ("nankai2023.absorption" in granted(ans)) is eligible
    if not eligible:
        assert missing(ans)["nankai2023.absorption"] == "再缴纳 1 个月社会保险后可申领"


@pytest.mark.parametrize(("age", "eligible"), [(15, False), (16, True), (24, True), (25, False)])
def test_nankai_1_expansion_unemployed_youth_16_to_24(age, eligible):
    hire = {"age": age, "groups": ["登记失业人员"], "contract_months": 12, "insured_months": 3}
    got = granted(answer(NANKAI, hires=[hire]))
    assert ("nankai2023.expansion" in got) is eligible
    if eligible:
        assert got["nankai2023.expansion"]["amount"] == 1000


@pytest.mark.parametrize(
    ("on", "eligible"), [("2024-06-30", True), ("2024-07-01", True), ("2024-07-02", False)]
)
def test_nankai_1_expansion_exactly_two_years_after_graduation(on, eligible):
    # a 2022 graduate is not a "2023年高校毕业生": only the two-years-since-leaving branch can apply
    ans = answer(NANKAI, on=on, hires=[{"groups": ["高校毕业生"], "graduation_date": "2022-07-01"}])
    assert ("nankai2023.expansion" in granted(ans)) is eligible


def test_nankai_1_expansion_for_2023_graduates_by_year():
    ans = answer(NANKAI, on="2026-01-05", hires=[{"groups": ["高校毕业生"], "graduation_date": "2023-12-31"}])
    assert "nankai2023.expansion" in granted(ans)


def test_nankai_1_exclusion_keeps_expansion_when_only_it_applies():
    hire = {"age": 20, "groups": ["登记失业人员"], "contract_months": 12, "insured_months": 3}
    ans = answer(NANKAI, hires=[hire])
    assert "nankai2023.expansion" in granted(ans)
    assert "nankai2023.absorption" not in granted(ans)
    assert ans["not_combined"] == []


def test_nankai_2_insurance_and_post_subsidy_for_difficulty_any_size():
    hire = {"groups": ["就业困难人员"], "contract_months": 12, "insured_months": 3}
    got = granted(answer(NANKAI, enterprise={"size": "大型"}, hires=[hire]))
    assert got["nankai2023.social_insurance"]["months"] == 36
    assert got["nankai2023.post_subsidy"]["months"] == 12


@pytest.mark.parametrize(("size", "eligible"), [("小型", True), ("微型", True), ("中型", False)])
def test_nankai_2_graduates_only_for_small_and_micro(size, eligible):
    hire = {**GRAD, "graduation_date": "2023-07-01"}
    got = granted(answer(NANKAI, enterprise={"size": size}, hires=[hire]))
    assert ("nankai2023.social_insurance" in got) is eligible


@pytest.mark.parametrize(
    ("hire", "eligible"),
    [
        ({"groups": ["建档立卡"]}, True),
        ({"registered_unemployed_months": 6}, True),
        ({"registered_unemployed_months": 5}, False),
    ],
)
def test_nankai_2_tax_relief_7800_a_year_for_3_years(hire, eligible):
    got = granted(answer(NANKAI, hires=[{"groups": [], **hire}]))
    assert ("nankai2023.tax_relief" in got) is eligible
    if eligible:
        relief = got["nankai2023.tax_relief"]
        assert (relief["amount"], relief["unit"], relief["months"], relief["term_total"]) == (
            7800,
            "元/年",
            36,
            23400,
        )


@pytest.mark.parametrize(
    ("level", "amount"), [("中级工", 5000), ("高级工", 5500), ("技师", 7000), ("高级技师", 7000)]
)
def test_nankai_5_apprenticeship_by_certificate(level, amount):
    got = granted(answer(NANKAI, hires=[{"apprentice_certificate": level}]))
    assert got["nankai2023.apprenticeship"]["amount"] == amount
    assert got["nankai2023.apprenticeship"]["unit"] == "元/人/年"


def test_nankai_4_startup_loans_500k_person_3m_small_firm():
    person = granted(answer(NANKAI, person={"groups": ["高校毕业生"], "graduation_date": "2020-07-01"}))
    assert person["nankai2023.startup_loan_person"]["amount"] == 500000
    too_old = granted(answer(NANKAI, person={"groups": ["高校毕业生"], "graduation_date": "2018-07-01"}))
    assert "nankai2023.startup_loan_person" not in too_old
    firm = granted(answer(NANKAI, enterprise={"size": "微型", "founder_priority_group": True}))
    assert firm["nankai2023.startup_loan_enterprise"]["amount"] == 3000000
    assert firm["nankai2023.startup_loan_enterprise"]["term_total"] is None  # a loan limit is not money paid


def test_nankai_8_living_allowance_1000_for_difficulty_trainees():
    got = granted(answer(NANKAI, person={"groups": ["就业困难人员"], "in_training": True}))
    assert got["nankai2023.training_living"]["amount"] == 1000
    assert "nankai2023.training_living" not in granted(answer(NANKAI, person={"groups": ["就业困难人员"]}))


# ---- 和平区 (002), in force 2020-06-30 … 2025-06-29 ----


def test_heping_2_1_refund_half_of_last_years_premium():
    firm = {
        "unemployment_insured_months": 12,
        "layoff_within_target": True,
        "unemployment_premium_last_year": 84000,
    }
    assert granted(answer(HEPING, enterprise=firm))["heping2020.unemployment_refund"]["amount"] == 42000
    small = {
        "unemployment_insured_months": 12,
        "employees": 30,
        "layoff_rate": 0.2,
        "unemployment_premium_last_year": 9000,
    }
    assert granted(answer(HEPING, enterprise=small))["heping2020.unemployment_refund"]["amount"] == 4500
    over = {**small, "layoff_rate": 0.21}
    assert "heping2020.unemployment_refund" not in granted(answer(HEPING, enterprise=over))
    short = {**firm, "unemployment_insured_months": 11}
    assert missing(answer(HEPING, enterprise=short))["heping2020.unemployment_refund"].startswith(
        "再缴纳 1 个月失业保险"
    )


@pytest.mark.parametrize(("credential", "amount"), [("学历", 1000), ("职称", 1500), ("技能证书", 2000)])
def test_heping_2_1_upskilling_1000_1500_2000(credential, amount):
    got = granted(answer(HEPING, person={"employed": True, "credential": credential}))
    assert got["heping2020.upskilling"]["amount"] == amount


def test_heping_4_9_traineeship_80_percent_of_minimum_wage_and_3000_retention():
    firm = {"traineeship_base": True}
    hire = {
        "employment_type": "就业见习",
        "traineeship_months": 6,
        "served_traineeship_months": 6,
        "retained": True,
    }
    ans = answer(HEPING, enterprise=firm, hires=[hire])
    got = granted(ans)
    living = got["heping2020.traineeship_living"]
    assert living["amount"] == pytest.approx(
        0.8 * 2180
    )  # Tianjin minimum wage from 2021-07-01 (parameters.toml)
    assert living["months"] == 6
    assert got["heping2020.retention_reward"]["amount"] == 3000
    # the national measure is carried out by the district's quantified rule
    assert "national2023.traineeship" not in got
    assert any(d["rule"] == "national2023.traineeship" for d in ans["not_combined"])


def test_national_early_retention_counts_remaining_months():
    hire = {
        "employment_type": "就业见习",
        "traineeship_months": 6,
        "served_traineeship_months": 4,
        "retained": True,
    }
    got = granted(answer(NANKAI, hires=[hire]))
    assert got["national2023.early_retention"]["months"] == 2


def test_heping_4_10_absorption_1000_and_poor_village_2000_with_one_month():
    base = {"contract_months": 12, "insured_months": 3}
    got = granted(answer(HEPING, hires=[{**base, "groups": ["农村劳动力"]}]))
    assert got["heping2020.absorption"]["amount"] == 1000
    village = {"contract_months": 12, "insured_months": 1, "groups": ["困难村劳动力", "农村劳动力"]}
    ans = answer(HEPING, hires=[village])
    assert granted(ans)["heping2020.absorption_poor_village"]["amount"] == 2000
    assert "heping2020.absorption" not in granted(ans)  # same subsidy at the higher standard
    no_contract = {**base, "contract_months": 11, "groups": ["农村劳动力"]}
    assert "heping2020.absorption" not in granted(answer(HEPING, hires=[no_contract]))


@pytest.mark.parametrize(("size", "eligible"), [("中型", True), ("大型", False)])
def test_heping_4_10_absorption_graduates_only_for_sme(size, eligible):
    hire = {**GRAD, "graduation_date": "2023-07-01"}
    assert (
        "heping2020.absorption" in granted(answer(HEPING, enterprise={"size": size}, hires=[hire]))
    ) is eligible


@pytest.mark.parametrize(
    ("hire", "months"),
    [
        ({"groups": ["就业困难人员"], "gender": "女", "age": 35}, 36),
        ({"groups": ["就业困难人员"], "gender": "女", "age": 34}, 12),
        ({"groups": ["就业困难人员"], "gender": "男", "age": 45}, 36),
        ({"groups": ["特殊就业困难人员"], "gender": "男", "age": 30}, 36),
        ({"groups": ["建档立卡贫困劳动力"]}, 36),
    ],
)
def test_heping_4_10_social_insurance_three_years_or_one(hire, months):
    got = granted(answer(HEPING, enterprise={"size": "大型"}, hires=[hire]))
    kept = [s for s in got.values() if s["title"].startswith("社会保险补贴")]
    assert [s["months"] for s in kept] == [months]


def test_heping_4_10_no_one_year_insurance_for_care_and_housekeeping_firms():
    hire = {"groups": ["就业困难人员"], "gender": "男", "age": 30}
    got = granted(answer(HEPING, enterprise={"sectors": ["家政服务"]}, hires=[hire]))
    assert "heping2020.social_insurance_other" not in got
    assert got["heping2020.social_insurance"]["months"] == 36  # housekeeping firms get three years for them


@pytest.mark.parametrize(
    ("person", "rule", "basis", "months"),
    [
        (
            {"local_graduate": True, "graduation_date": "2023-07-01"},
            "heping2020.flexible_graduate",
            "2/3",
            24,
        ),
        ({"groups": ["特殊就业困难人员"]}, "heping2020.flexible_special_difficulty", "3/4", 36),
        (
            {"groups": ["就业困难人员"], "gender": "女", "age": 40},
            "heping2020.flexible_older_difficulty",
            "1/2",
            36,
        ),
    ],
)
def test_heping_4_11_flexible_employment_insurance_shares(person, rule, basis, months):
    got = granted(answer(HEPING, person={"flexible_employment": True, **person}))
    assert basis in got[rule]["basis"]
    assert got[rule]["months"] == months


def test_heping_4_12_service_post_up_to_1000_a_month_for_3_years():
    hire = {"groups": ["就业困难人员"], "service_post": True}
    got = granted(answer(HEPING, enterprise={"sectors": ["物业服务"]}, hires=[hire]))
    post = got["heping2020.service_post"]
    assert (post["amount"], post["months"], post["unit"]) == (1000, 36, "元/月（最高）")


def test_heping_5_13_startup_training_500_1000_1500():
    got = granted(
        answer(HEPING, institution={"course": "创业培训", "certified": 20, "started_within_half_year": 4})
    )
    assert got["heping2020.startup_training"]["amount"] == 500 * 20
    assert got["heping2020.startup_success"]["amount"] == 1000 * 4
    siyb = granted(answer(HEPING, institution={"course": "改善和扩大企业培训", "certified": 2}))
    assert siyb["heping2020.siyb_training"]["amount"] == 3000


def test_heping_5_14_first_business_grant_3000():
    person = {
        "local_hukou": True,
        "registered_unemployed_months": 6,
        "groups": [],
        "first_business": True,
        "business_registered_months": 12,
        "business_jobs": 1,
        "business_insured_months": 12,
    }
    assert granted(answer(HEPING, person=person))["heping2020.first_business_grant"]["amount"] == 3000
    early = {**person, "business_registered_months": 10, "business_insured_months": 10}
    hint = missing(answer(HEPING, person=early))["heping2020.first_business_grant"]
    assert "再正常经营 2 个月" in hint and "再连续缴纳 2 个月社会保险" in hint
    village = {"groups": ["困难村劳动力"], "business_registered_months": 3}
    assert granted(answer(HEPING, person=village))["heping2020.first_business_grant"]["amount"] == 3000


@pytest.mark.parametrize(
    ("premises", "jobs", "monthly"),
    [
        ("房屋", 0, 1000),
        ("房屋", 2, 2000),
        ("房屋", 3, 2500),
        ("房屋", 9, 2500),
        ("工位", 0, 300),
        ("工位", 1, 600),
        ("工位", 5, 600),
    ],
)
def test_heping_5_15_rent_subsidy_steps_and_cap(premises, jobs, monthly):
    person = {
        "groups": ["在校生"],
        "business_registered_months": 6,
        "premises": premises,
        "business_jobs": jobs,
    }
    rule = "heping2020.rent_house" if premises == "房屋" else "heping2020.rent_desk"
    got = granted(answer(HEPING, person=person))[rule]
    assert (got["amount"], got["months"], got["term_total"]) == (monthly, 24, monthly * 24)


def test_heping_5_15_rent_subsidy_only_in_first_year():
    person = {"groups": ["在校生"], "business_registered_months": 13, "premises": "房屋"}
    assert "heping2020.rent_house" not in granted(answer(HEPING, person=person))


def test_heping_5_16_incubator_500k_or_750k_plus_10k_and_3000():
    base = {"kind": "创业孵化基地", "incubated_firms": 3, "incubated_jobs": 10}
    got = granted(answer(HEPING, institution=base))
    assert got["heping2020.incubator_construction"]["amount"] == 500000
    assert got["heping2020.incubation"]["amount"] == 30000
    assert got["heping2020.incubator_jobs"]["amount"] == 30000
    students = granted(answer(HEPING, institution={**base, "student_founded_share": 0.5}))
    assert students["heping2020.incubator_construction_students"]["amount"] == 750000
    assert "heping2020.incubator_construction" not in students


def test_heping_5_17_startup_loans_300k_500k_3m():
    anyone = granted(answer(HEPING, person={"starting_business": True}))
    assert anyone["heping2020.startup_loan"]["amount"] == 300000
    priority = granted(answer(HEPING, person={"starting_business": True, "groups": ["在校生"]}))
    assert priority["heping2020.startup_loan_priority"]["amount"] == 500000
    assert "heping2020.startup_loan" not in priority
    firm = {"size": "小型", "employees": 50, "new_hire_share": 0.2}
    assert granted(answer(HEPING, enterprise=firm))["heping2020.startup_loan_enterprise"]["amount"] == 3000000
    big = {"size": "小型", "employees": 120, "new_hire_share": 0.1}
    assert "heping2020.startup_loan_enterprise" in granted(answer(HEPING, enterprise=big))
    short = {"size": "小型", "employees": 50, "new_hire_share": 0.19}
    assert "heping2020.startup_loan_enterprise" not in granted(answer(HEPING, enterprise=short))


def test_heping_5_18_competitions_up_to_300k_and_500k():
    assert (
        granted(answer(HEPING, person={"competition_award": True}))["heping2020.competition_award"]["amount"]
        == 300000
    )
    host = granted(answer(HEPING, institution={"kind": "创业大赛主办单位"}))
    assert host["heping2020.competition_host"]["amount"] == 500000


def test_heping_6_19_20_training_600_500_1000():
    assert (
        granted(answer(HEPING, enterprise={"online_trained": 10}))["heping2020.online_training"]["amount"]
        == 6000
    )
    village = granted(answer(HEPING, person={"in_training": True, "groups": ["困难村劳动力"]}))
    assert village["heping2020.poor_village_living"]["amount"] == 500
    low = granted(answer(HEPING, person={"in_training": True, "groups": ["低保家庭"]}))
    assert low["heping2020.training_living"]["amount"] == 1000
    inst = granted(answer(HEPING, institution={"course": "职业技能培训", "trainee_groups": ["困难村劳动力"]}))
    assert "120%" in inst["heping2020.poor_village_training"]["unit"]


@pytest.mark.parametrize(
    ("kind", "delivered", "per"), [("人力资源服务机构", 30, 600), ("职业院校", 30, 1000)]
)
def test_heping_7_24_delivery_rewards_from_30_people(kind, delivered, per):
    inst = {"kind": kind, "delivered": delivered, "contract_months": 12, "delivered_months": 3}
    got = granted(answer(HEPING, institution=inst))
    assert [s["amount"] for s in got.values()] == [per * delivered]
    assert granted(answer(HEPING, institution={**inst, "delivered": 29})) == {}


def test_heping_8_28_temporary_2000_only_until_end_of_2020_and_600_deduction():
    person = {"groups": ["登记失业人员", "低收入救助家庭"], "local_hukou": True}
    assert (
        granted(answer(HEPING, on="2020-12-31", person=person))["heping2020.temporary_living"]["amount"]
        == 2000
    )
    assert "heping2020.temporary_living" not in granted(answer(HEPING, on="2021-01-01", person=person))
    deduction = granted(answer(HEPING, person={"groups": ["低保家庭"], "first_job": True}))
    assert "600" in deduction["heping2020.income_deduction"]["unit"]


def test_heping_rules_end_after_five_years():
    hire = {"contract_months": 12, "insured_months": 3, "groups": ["农村劳动力"]}
    assert "heping2020.absorption" in granted(answer(HEPING, on="2025-06-29", hires=[hire]))
    assert "heping2020.absorption" not in granted(answer(HEPING, on="2025-06-30", hires=[hire]))


def test_rules_stay_in_their_district():
    hire = {"contract_months": 12, "insured_months": 3, "groups": ["农村劳动力"]}
    rules = set(granted(answer(NANKAI, hires=[hire])))
    assert not any(r.startswith("heping") for r in rules)
    assert not any(r.startswith("nankai") for r in granted(answer("天津市河西区", hires=[hire])))


# ---- the engine and the data format ----


def test_totals_add_once_and_monthly_amounts():
    hires = [
        {**GRAD, "groups": ["农村劳动力"]},
        {**GRAD, "groups": ["农村劳动力"]},
        {"groups": ["就业困难人员"], "service_post": True},
    ]
    ans = answer(
        HEPING, enterprise={"sectors": ["养老服务"]}, hires=[h | {"contract_months": 12} for h in hires]
    )
    assert ans["one_time_total"] == 2000
    assert ans["monthly_total"] == 1000


def test_unknown_facts_are_asked_for_not_guessed():
    ans = answer(HEPING, enterprise={"size": "大型"}, hires=[{"groups": ["就业困难人员"], "age": 50}])
    assert "需补充：性别" in missing(ans)["heping2020.social_insurance"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"date": "2024-03-01"}, "region is required"),
        ({"region": "火星", "date": "2024-03-01"}, "unknown region"),
        ({"region": NANKAI, "date": "2024-13-01"}, "date"),
        ({"region": NANKAI, "hires": [{"insured_months": "三"}]}, "hires[0].insured_months"),
        ({"region": NANKAI, "hires": [{"graduation_date": "去年"}]}, "hires[0].graduation_date"),
    ],
)
def test_bad_cases_name_the_field(case, message):
    with pytest.raises(CaseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Case.from_dict(case)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"scope": "planet"}, "scope"),
        ({"when": [{"fact": "shoe_size", "at_least": 1}]}, "unknown fact"),
        ({"when": [{"fact": "age", "between": [1]}]}, "between"),
        ({"amount": {"kind": "monthly"}}, "needs value"),
        ({"valid_from": "soon"}, "not a date"),
    ],
)
def test_bad_rules_are_refused_with_the_rule_id(patch, message):
    data = {**RULES[0].raw, **patch}
    with pytest.raises(RuleError, match=message) as err:
        parse_rule(data)
    assert RULES[0].id in str(err.value)


def test_rules_pickle_and_every_seed_file_parses():
    assert len(RULES) >= 45
    assert pickle.loads(pickle.dumps(RULES[0])).id == RULES[0].id
    clauses = {r.source for r in RULES}
    assert {
        "人社部发〔2023〕47号",
        "和平区进一步做好稳就业工作实施办法",
        "南开区人社局促进专精特新企业发展专项服务办法",
    } <= clauses


def test_a_traineeship_is_not_a_hire_for_employment_subsidies():
    trainee = {"groups": ["高校毕业生"], "graduation_date": "2023-07-01", "employment_type": "就业见习"}
    got = granted(
        answer(NANKAI, enterprise={"size": "小型"}, hires=[{**trainee, **GRAD, "groups": ["高校毕业生"]}])
    )
    assert not {"nankai2023.absorption", "nankai2023.expansion", "nankai2023.social_insurance"} & set(got)


def test_no_missing_hint_for_a_rule_already_paid_by_its_alternative():
    # 农民工 youth: 扩岗补助 now; 一次性吸纳就业补贴 would pay the same and cannot be combined
    hire = {"age": 20, "groups": ["登记失业人员", "农民工"], "contract_months": 12, "insured_months": 1}
    ans = answer(NANKAI, hires=[hire])
    assert "nankai2023.expansion" in granted(ans)
    assert "nankai2023.absorption" not in missing(ans)


def test_superseded_national_rule_names_the_local_rule_that_is_kept():
    person = {"starting_business": True, "first_business": True, "groups": ["在校生"]}
    ans = answer(HEPING, person=person)
    national = next(d for d in ans["not_combined"] if d["rule"] == "national2023.startup_loan")
    assert national["kept"] == "heping2020.startup_loan_priority"
    assert granted(ans)["heping2020.startup_loan_priority"]["months"] == 36


@pytest.mark.parametrize(("months", "eligible"), [(2, False), (3, True)])
def test_nankai_3_retention_reward_after_three_months_kept_on(months, eligible):
    hire = {"employment_type": "就业见习", "retained": True, "months_after_retention": months}
    ans = answer(NANKAI, enterprise={"traineeship_base": True}, hires=[hire])
    assert ("nankai2023.retention_reward" in granted(ans)) is eligible
    if not eligible:
        assert missing(ans)["nankai2023.retention_reward"] == "留用满 1 个月后可申领"
