from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Role, SeekerProfile


def test_profile_round_trip(app, make, login_as):
    seeker = make.user(Role.SEEKER)
    client = login_as(seeker)
    response = client.post(
        "/me/profile",
        data={
            "name": "王同学",
            "phone": "13611112222",
            "education": "bachelor",
            "school": "天津大学",
            "major": "统计学",
            "graduation_date": "2026-06-30",
            "desired_titles": "数据分析师，Python开发工程师",
            "desired_cities": "天津、苏州",
            "desired_pay_min": "8000",
            "skills": "Python, SQL",
            "experiences": "2025.07-2025.09 某公司 数据分析实习生\n\n2024.07 社会实践",
            "groups": ["graduate"],
            "self_intro": "热爱数据",
        },
        follow_redirects=True,
    )
    assert "简历已保存" in response.text
    with app.app_context():
        p = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        assert p.desired_titles == ["数据分析师", "Python开发工程师"]
        assert p.desired_adcodes == ["120000", "320500"] and p.skills == ["Python", "SQL"]
        assert [e["text"] for e in p.experiences] == [
            "2025.07-2025.09 某公司 数据分析实习生",
            "2024.07 社会实践",
        ]
        assert p.groups == ["graduate"]
    page = client.get("/me/profile").text
    assert "数据分析师，Python开发工程师" in page and "天津市，苏州市" in page
    assert "[&#39;" not in page  # lists are shown as text, never as a Python repr
    assert "136****2222" in page


def test_profile_errors_are_in_chinese(make, login_as):
    client = login_as(make.user(Role.SEEKER))
    page = client.post(
        "/me/profile", data={"name": "", "phone": "123", "education": "nope", "desired_cities": "火星"}
    )
    assert (
        "请输入姓名" in page.text and "请输入正确的11位手机号" in page.text and "不是有效的选择" in page.text
    )
    page = client.post(
        "/me/profile",
        data={"name": "王", "phone": "13611112222", "education": "bachelor", "desired_cities": "火星"},
    )
    assert "暂不支持的城市：火星" in page.text


def test_recommendations_on_an_empty_zone(app, make, login_as):
    """A new zone with no posts yet: 为你推荐 says so instead of failing (the matcher fitted on no rows)."""
    from webapp.models import Role

    page = login_as(make.user(Role.SEEKER)).get("/me/recommendations")
    assert page.status_code == 200
