"""matching/: estimator conventions, the tokenizer's dictionaries, explanations that add up to the
score, deterministic ties, sensible defaults for an empty profile; the product's 为你推荐 and 推荐人才
with masking."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sqlalchemy import select

from matching.features import FEATURES, Post, PostIndex, Seeker
from matching.occupations import TitleOccupationClassifier, clean_title
from matching.ranker import MatchRanker, top_k
from matching.skills import SkillExtractor
from matching.title_model import TitleModel
from matching.tokenizer import DomainTokenizer
from webapp.extensions import db
from webapp.models import Role, SeekerProfile

TODAY = date(2026, 11, 24)


def test_tokenizer_keeps_domain_words_and_pickles(tmp_path):
    words = tmp_path / "it.txt"
    words.write_text("机器学习\t100\n工业互联网\t50\n", encoding="utf-8")
    tok = DomainTokenizer([words], words=["大数据"])
    assert {"机器学习", "工业互联网", "大数据", "python"} <= set(
        tok("熟悉Python与机器学习，了解工业互联网和大数据")
    )
    again = pickle.loads(pickle.dumps(tok))
    assert again("机器学习工程师")[:1] == ["机器学习"]


def test_skill_extraction_respects_latin_word_boundaries():
    extractor = SkillExtractor(["C", "CAD", "PLC", "数据分析", "Python"])
    assert extractor.extract("熟练使用CAD和plc，会python做数据分析") == ["CAD", "PLC", "Python", "数据分析"]


def test_ranker_follows_estimator_conventions():
    ranker = MatchRanker(C=0.5)
    with pytest.raises(NotFittedError):
        ranker.decision_function(np.zeros((1, len(FEATURES))))
    rng = np.random.default_rng(0)
    X = rng.random((200, len(FEATURES)))
    y = (X[:, 2] + X[:, 3] > 1).astype(int)
    fitted = ranker.fit(X, y)
    assert fitted is ranker and ranker.coef_.shape == (len(FEATURES),)
    assert clone(ranker).get_params() == {"C": 0.5, "class_weight": "balanced"}
    assert not hasattr(clone(ranker), "coef_")
    restored = pickle.loads(pickle.dumps(ranker))
    assert np.allclose(restored.score_0_100(X[:5]), ranker.score_0_100(X[:5]))
    # learned from the feedback: skills and place matter most
    top_two = {FEATURES[i] for i in np.argsort(-ranker.coef_)[:2]}
    assert top_two == {"skills", "region"}


def test_explanations_add_up_to_the_score():
    ranker = MatchRanker.cold_start()
    x = np.linspace(0, 1, len(FEATURES))
    logit = sum(c for _, _, c in ranker.explain(x)) + ranker.intercept_
    assert ranker.score_0_100(x[None, :])[0] == pytest.approx(100 / (1 + np.exp(-logit)))


def test_ties_are_broken_by_id_deterministically():
    scores = np.array([50.0, 70.0, 50.0, 70.0])
    ids = np.array([9, 4, 3, 8])
    assert top_k(scores, ids, 4) == [1, 3, 2, 0]
    assert top_k(scores, ids, 2, frozenset({4})) == [3, 2]


def _posts() -> list[Post]:
    return [
        Post(1, "Python开发工程师", ["Python", "Django"], "负责后端开发", "120104", 4, 1, 15000,
             published=TODAY),
        Post(2, "数据分析师", ["SQL", "Python"], "负责数据分析与报表", "120104", 4, 0, 9000, published=TODAY),
        Post(3, "数据分析师", ["SQL", "Excel"], "负责数据分析", "320500", 4, 0, 12000, published=TODAY),
        Post(4, "机械设计工程师", ["SolidWorks"], "非标设备设计", "120000", 3, 3, 8000,
             published=TODAY - timedelta(days=90)),
    ]  # fmt: skip


def test_matching_seeker_ranks_the_right_post_first():
    index = PostIndex(_posts(), DomainTokenizer(), today=TODAY)
    me = Seeker(7, ["数据分析师"], ["SQL", "Python"], "统计学", ["120000"], 4, date(2025, 6, 30), 8000)
    scores = MatchRanker.cold_start().score_0_100(index.features(me))
    assert [int(index.ids[i]) for i in top_k(scores, index.ids, 2)] == [2, 3]
    assert scores.max() > 60 and scores.min() < 40


def test_empty_profile_gets_new_posts_in_the_desired_city_not_an_error():
    index = PostIndex(_posts(), DomainTokenizer(), today=TODAY)
    blank = Seeker(8, adcodes=["320500"])
    scores = MatchRanker.cold_start().score_0_100(index.features(blank))
    assert int(index.ids[top_k(scores, index.ids, 1)[0]]) == 3  # the only post in 苏州
    nothing = Seeker(9)
    assert np.isfinite(MatchRanker.cold_start().score_0_100(index.features(nothing))).all()


def test_title_classifier_conventions():
    X = ["Java开发工程师", "Java后端开发", "会计", "财务会计", "电工", "维修电工"]
    y = ["2-02-10-03", "2-02-10-03", "2-06-03-00", "2-06-03-00", "6-31-01-03", "6-31-01-03"]
    with pytest.raises(NotFittedError):
        TitleOccupationClassifier().predict(["会计"])
    model = TitleOccupationClassifier().fit(X, y)
    assert list(model.predict(["高级Java开发（双休）", "电工（急聘）"])) == ["2-02-10-03", "6-31-01-03"]
    assert clean_title("Java开发（双休）急聘") == "Java开发"
    assert pickle.loads(pickle.dumps(model)).predict(["会计主管"])[0] == "2-06-03-00"


def test_seeker_recommendations_with_reasons_and_dismiss(app, make, login_as):
    firm = make.enterprise()
    good = make.post(firm.id, title="数据分析师", skills=["SQL", "Python"], adcode="120104")
    make.post(firm.id, title="机械设计工程师", skills=["SolidWorks"], adcode="320500")
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.desired_titles, profile.skills, profile.desired_adcodes = (
            ["数据分析师"],
            ["SQL", "Python"],
            ["120000"],
        )
        db.session.commit()
    client = login_as(seeker)
    page = client.get("/me/recommendations").text
    assert page.index("数据分析师") < page.index("机械设计工程师")
    assert "推荐理由" in page and "技能匹配" in page and 'class="tag ok">SQL' in page
    client.post(f"/me/recommendations/{good.id}/dismiss")
    assert f'id="rec-{good.id}"' not in client.get("/me/recommendations").text


def test_talent_is_masked_until_the_seeker_applies(app, make, login_as):
    enterprise = make.user(Role.ENTERPRISE)
    post = make.post(enterprise.enterprise_id, title="数据分析师", skills=["SQL"])
    seeker = make.user(Role.SEEKER)
    with app.app_context():
        profile = db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == seeker.id))
        profile.name, profile.skills, profile.open_to_recommendation = "王小明", ["SQL"], True
        db.session.commit()
    client = login_as(enterprise)
    page = client.get(f"/enterprise/posts/{post.id}/talent").text
    assert "王**" in page and "王小明" not in page
    other = make.user(Role.ENTERPRISE)
    assert login_as(other).get(f"/enterprise/posts/{post.id}/talent").status_code == 403


@pytest.mark.slow
def test_cli_evaluations_print_results_beside_baselines(app, runner, tmp_path):
    from pathlib import Path

    dadian = Path(app.config["OCCUPATIONS_CSV"])
    if not dadian.exists():
        pytest.skip("职业分类大典 table not present")
    cases = tmp_path / "cases.csv"
    rows = ["job_name,expected_code,expected_name"]
    rows += [f"Java开发工程师{i},2-02-10-03,x" for i in range(6)] + [
        f"财务会计{i},2-06-03-00,x" for i in range(6)
    ]
    cases.write_text("\n".join(rows), encoding="utf-8")
    result = runner.invoke(
        args=["match", "eval-occupations", "--cases", str(cases), "--folds", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.output)
    assert report["top1"] >= report["baseline"]["top1"] and report["cases"] == 12
    corpus, queries, qrels = tmp_path / "c.tsv", tmp_path / "q.tsv", tmp_path / "r.tsv"
    corpus.write_text("c_id\tjobtitle\n1\tJava开发工程师\n2\t会计\n3\t电工\n", encoding="utf-8")
    queries.write_text("q_id\tjobtitle\n1\tJava后端开发\n", encoding="utf-8")
    qrels.write_text("1 0 1 1\n", encoding="utf-8")
    result = runner.invoke(
        args=[
            "match",
            "eval-titles",
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--qrels",
            str(qrels),
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["map"] == 1.0


def test_both_directions_agree():
    """A seeker's features against a post equal the post's features against that seeker."""
    from matching.features import SeekerIndex

    posts = _posts()
    seekers = [
        Seeker(7, ["数据分析师"], ["SQL", "Python"], "统计学", ["120000"], 4, date(2025, 6, 30), 8000),
        Seeker(8, ["机械设计"], ["SolidWorks"], "机械", ["320500"], 3, date(2019, 6, 30), 12000),
        Seeker(9, ["会计"], [], "", ["320000"], 4, None, None, {"高校毕业生"}),
        Seeker(10, [], [], "", ["120101", "320500"], 0, None, None),
        Seeker(11),
    ]
    tok = DomainTokenizer()
    by_post = PostIndex(posts, tok, today=TODAY)
    by_seeker = SeekerIndex(seekers, tok, today=TODAY)
    for j, s in enumerate(seekers):
        forward = by_post.features(s)
        for i, p in enumerate(posts):
            backward = by_seeker.features(p)[j]
            # the structured features match exactly; the text ones differ only by which side's vocabulary
            assert np.allclose(forward[i, 2:], backward[2:]), (s.id, p.id, forward[i], backward)


def test_ranker_trains_from_feedback_only_when_there_is_enough(app, make):
    from webapp.models import Application, MatchFeedback
    from webapp.services.recommendations import train_ranker

    firm = make.enterprise()
    posts = [make.post(firm.id, title=f"数据分析师{i}", skills=["SQL"]) for i in range(3)]
    seekers = [make.user(Role.SEEKER) for _ in range(2)]
    with app.app_context():
        profiles = db.session.scalars(select(SeekerProfile)).all()
        db.session.add(Application(seeker_id=profiles[0].id, post_id=posts[0].id))
        db.session.add(MatchFeedback(seeker_id=profiles[1].id, post_id=posts[1].id, kind="dismissed"))
        db.session.commit()
        path = Path(app.instance_path) / "models" / "ranker.joblib"
        message = train_ranker(path)
        assert "2 feedback rows (1 positive)" in message and "cold-start" in message and not path.exists()
        assert len(seekers) == 2


def _loan_and_lathe_classifier() -> TitleOccupationClassifier:
    X = ["信贷员", "贷款专员", "抵押贷款经纪人", "贷款干事", "车工", "数控车工", "铣工", "数控铣工"]
    y = ["4-05-01-01"] * 4 + ["6-18-01-01", "6-18-01-01", "6-18-01-02", "6-18-01-02"]
    return TitleOccupationClassifier().fit(X, y)


def test_title_encoder_conventions_and_unit_rows():
    from matching.titles import TitleEncoder

    with pytest.raises(NotFittedError):
        TitleEncoder().transform(["车工"])
    encoder = TitleEncoder(_loan_and_lathe_classifier()).fit(["信贷经理", "数控车工", "铣床操作工"])
    assert clone(encoder).get_params()["occupation_weight"] == encoder.occupation_weight
    rows = encoder.transform(["信贷经理", "数控车工", ""])
    assert np.allclose(np.sqrt(rows[:2].multiply(rows[:2]).sum(axis=1)), 1.0, atol=1e-5)
    assert rows[2].nnz == 0  # a blank title is close to nothing
    again = pickle.loads(pickle.dumps(encoder))
    assert np.allclose(again.transform(["车工"]).toarray(), encoder.transform(["车工"]).toarray())


def test_title_encoder_brings_one_occupations_titles_together():
    from matching.titles import TitleEncoder

    titles = ["贷款顾问", "数控车工师傅"]
    plain = TitleEncoder(None).fit(titles)
    with_occupations = TitleEncoder(_loan_and_lathe_classifier()).fit(titles)
    query = "抵押经纪人"  # shares no character with 贷款顾问 or with 数控车工师傅
    assert (plain.transform([query]) @ plain.transform(titles).T).nnz == 0
    scores = (with_occupations.transform([query]) @ with_occupations.transform(titles).T).toarray()[0]
    assert scores[0] > scores[1]  # the loan title is nearer through the 小类 space


def test_title_feature_uses_the_classifier_when_given():
    from matching.training import title_encoder

    posts = _posts()
    classifier = TitleOccupationClassifier().fit(
        ["数据分析师", "数据挖掘", "机械设计工程师", "机械制图员"],
        ["2-02-10-01", "2-02-10-01", "2-02-07-01", "2-02-07-01"],
    )
    me = Seeker(7, ["制图员"], [], "", [], 0, None, None)
    chars = TitleModel(encoders=())  # the classifier's effect alone, without the sentence encoders
    plain = PostIndex(posts, DomainTokenizer(), today=TODAY, title_encoder=chars).features(me)[:, 1]
    encoder = title_encoder(classifier).set_params(encoders=())  # the index clones it: the trained
    ours = PostIndex(posts, DomainTokenizer(), today=TODAY, title_encoder=encoder).features(me)[:, 1]
    # classifier is frozen inside; 制图员 now meets 机械设计工程师, more than Python开发 and more than before
    assert ours[3] > ours[1] and ours[3] > plain[3] + 0.2


def test_sentence_encoders_bring_titles_without_shared_characters_together():
    titles = ["机器学习工程师", "实施工程师", "财务专员", "数控车工", "算法工程师", "Java开发", "销售代表"]
    chars = TitleModel(encoders=()).fit(titles)
    ours = TitleModel().fit(titles)
    plain = chars.transform(["会计"]) @ chars.transform(titles).T
    scores = (ours.transform(["会计"]) @ ours.transform(titles).T)[0]
    assert abs(plain).max() < 1e-6  # 会计 shares no character with any of them
    assert titles[int(scores.argmax())] == "财务专员"
    norms = np.linalg.norm(ours.transform([*titles, ""]), axis=1)
    assert np.allclose(norms[:-1], 1.0, atol=1e-5) and norms[-1] == 0  # unit rows; a blank title is zero


def _fundraising_profiles(top: int = 20):
    from matching.profiles import OccupationProfiles

    texts = [
        "筹款专员",
        "从事为公益慈善组织募集捐赠资金、维护捐赠者关系的人员。",  # 2-07-11-02 (as in a fixture)
        "新闻主播",
        "在电视台、广播电台播报新闻、主持节目的人员。",
        "数控车工",
        "操作数控车床进行零件切削加工的人员。",
    ]
    codes = ["2-07-11-02"] * 2 + ["2-10-04-01"] * 2 + ["6-18-01-01"] * 2
    return OccupationProfiles(top=top).fit(texts, codes)


def test_occupation_profiles_conventions():
    from matching.profiles import OccupationProfiles

    with pytest.raises(NotFittedError):
        OccupationProfiles().transform(["筹款人"])
    profiles = _fundraising_profiles(top=2)
    assert clone(profiles).get_params()["top"] == 2
    assert list(profiles.classes_) == ["2-07-11-02", "2-10-04-01", "6-18-01-01"]
    rows = profiles.transform(["筹款人", "电视台主持人", "数控车床操作", "", "🙂"])
    assert rows.shape == (5, 3)
    assert np.allclose(np.sqrt(rows[:3].multiply(rows[:3]).sum(axis=1)), 1.0, atol=1e-5)
    assert all(rows[i].nnz <= 2 for i in range(5))  # cut to the top closest profiles
    assert rows[3].nnz == 0 and rows[4].nnz == 0  # nothing in common with any profile: the zero row
    scores = profiles.decision_function(["电视台主持人"])[0]
    assert scores.argmax() == 1  # 主持 and 电视台 are in 新闻主播's definition, not in its name
    again = pickle.loads(pickle.dumps(profiles))
    assert np.allclose(again.transform(["筹款人"]).toarray(), rows[0].toarray())


def test_title_encoder_meets_titles_through_the_profiles():
    from matching.titles import TitleEncoder

    titles = ["捐赠者关系经理", "数控车床师傅"]
    plain = TitleEncoder(None).fit(titles)
    encoder = TitleEncoder(None, _fundraising_profiles()).fit(titles)
    query = "筹款人"  # no character in common with either title
    assert (plain.transform([query]) @ plain.transform(titles).T).nnz == 0
    scores = (encoder.transform([query]) @ encoder.transform(titles).T).toarray()[0]
    assert scores[0] > scores[1]  # both sit near the fundraising profile (募集捐赠, 捐赠者关系)
    lexical, occupation, profile = encoder.block_weights()
    assert occupation == 0 and np.isclose(lexical + profile, 1.0) and np.isclose(profile / lexical, 0.5 / 0.4)


def test_title_encoder_cosine_is_the_weighted_sum_of_its_blocks():
    from matching.titles import TitleEncoder

    titles = ["贷款顾问", "数控车工师傅", "新闻主播"]
    encoder = TitleEncoder(_loan_and_lathe_classifier(), _fundraising_profiles()).fit(titles)
    lexical_w, occupation_w, profile_w = encoder.block_weights()
    assert np.isclose(lexical_w + occupation_w + profile_w, 1.0)
    q = ["数控车工", "电视台主持人"]
    ours = (encoder.transform(q) @ encoder.transform(titles).T).toarray()
    lexical = TitleEncoder(None).fit(titles)
    occupation = TitleEncoder(_loan_and_lathe_classifier(), occupation_weight=1, profile_weight=0).fit(titles)
    profiles = encoder.profiles
    expected = (
        lexical_w * (lexical.transform(q) @ lexical.transform(titles).T).toarray()
        + occupation_w * (occupation.transform(q) @ occupation.transform(titles).T).toarray()
        + profile_w * (profiles.transform(q) @ profiles.transform(titles).T).toarray()
    )
    assert np.allclose(ours, expected, atol=1e-5)


def test_trained_profiles_keep_only_described_occupations(tmp_path):
    from matching.training import train_occupation_profiles

    dadian = tmp_path / "csco.csv"
    dadian.write_text(
        "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
        "3,4-01-02-00,4010200,销售人员,,,4010200,销售人员\n"
        "4,4-01-02-01,4010201,营销员,从事产品推销的人员。,1.开拓市场,4010201,营销员、推销员\n",
        encoding="utf-8",
    )
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "job_name,expected_code,expected_name\n电话销售,4-01-02-01,营销员\n招募合伙人,8-00-00-00,不便分类\n"
        "销售实习生,4-01-02-00,销售人员\n",
        encoding="utf-8",
    )
    profiles = train_occupation_profiles(dadian, cases)
    assert list(profiles.classes_) == ["4-01-02-01"]  # titles labelled with coarser groups make no profile
    assert profiles.decision_function(["电话销售"])[0, 0] > profiles.decision_function(["推销员"])[0, 0] * 0.5


def test_title_classifier_learns_from_profile_features():
    from matching.training import frozen

    profiles = frozen(_fundraising_profiles())  # the 大典's own text: names, definitions; no labelled title
    X = ["筹款专员", "新闻主播", "数控车工"]
    y = ["2-07-11-02", "2-10-04-01", "6-18-01-01"]
    plain = TitleOccupationClassifier().fit(X, y)
    model = clone(TitleOccupationClassifier(profiles=profiles)).fit(X, y)  # frozen: clone keeps them fitted
    title = "电视台节目主持"  # shares no n-gram with any training title, only with 新闻主播's definition
    assert model.predict([title])[0] == "2-10-04-01"

    def margin(scores):  # 新闻主播's lead over the best other code
        return scores[1] - max(scores[0], scores[2])

    assert margin(model.decision_function([title])[0]) > margin(plain.decision_function([title])[0])
    # one title (the request path) scores as it does in a batch, and the fitted profiles travel with it
    batch = model.decision_function([title, "募集捐赠"])
    assert np.allclose(model.decision_function([title])[0], batch[0], atol=1e-5)
    again = pickle.loads(pickle.dumps(model))
    assert np.allclose(again.decision_function(["募集捐赠"]), batch[1:], atol=1e-5)
    assert clone(model).get_params()["profile_weight"] == 1.0
    with pytest.raises(NotFittedError):  # unfrozen, a clone's profiles are unfitted: an error, not a miss
        clone(TitleOccupationClassifier(profiles=_fundraising_profiles())).fit(X, y)


def test_occupation_suggestion_uses_the_saved_title_classifier(app, tmp_path):
    import joblib

    from webapp.services import compliance, recommendations

    dadian = tmp_path / "csco.csv"
    dadian.write_text(
        "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
        "4,4-05-01-01,4050101,信贷员,,,4050101,信贷员\n"
        "4,6-18-01-01,6180101,车工,,,6180101,车工\n"
        "4,6-18-01-02,6180102,铣工,,,6180102,铣工\n",
        encoding="utf-8",
    )
    app.config["OCCUPATIONS_CSV"] = str(dadian)
    with app.app_context():
        assert compliance.suggest_occupation("抵押经纪人") is None  # no name or alias is close enough
        assert compliance.suggest_occupation("数控车工（急聘）") == ("6-18-01-01", "车工")  # the name matches
        models = Path(app.instance_path) / "models"
        models.mkdir(parents=True, exist_ok=True)
        joblib.dump(_loan_and_lathe_classifier(), models / recommendations.TITLE_MODEL)
        assert compliance.suggest_occupation("抵押经纪人") == ("4-05-01-01", "信贷员")  # the classifier


def test_post_index_is_built_once_while_nothing_changes(app, make):
    import joblib

    from webapp.services import recommendations

    firm = make.enterprise()
    make.post(firm.id, title="数控车工", skills=["识图"])
    models = Path(app.instance_path) / "models"
    models.mkdir(parents=True, exist_ok=True)
    joblib.dump(_loan_and_lathe_classifier(), models / recommendations.TITLE_MODEL)
    joblib.dump(_fundraising_profiles(), models / recommendations.PROFILES_MODEL)
    with app.app_context():
        first = recommendations.post_index()
        assert first.titles.classifier is not None and first.titles.profiles is not None
        assert recommendations.post_index() is first  # served from memory, not rebuilt per request
        make.post(firm.id, title="铣工")
        assert recommendations.post_index() is not first  # a new post rebuilds it


def test_occupation_suggestion_gives_no_code_for_a_slogan(app, tmp_path):
    import joblib

    from webapp.services import compliance, recommendations

    dadian = tmp_path / "csco.csv"
    dadian.write_text(
        "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
        "4,4-05-01-01,4050101,信贷员,,,4050101,信贷员\n4,6-18-01-01,6180101,车工,,,6180101,车工\n",
        encoding="utf-8",
    )
    app.config["OCCUPATIONS_CSV"] = str(dadian)
    models = Path(app.instance_path) / "models"
    models.mkdir(parents=True, exist_ok=True)
    joblib.dump(_loan_and_lathe_classifier(), models / recommendations.TITLE_MODEL)
    with app.app_context():
        assert compliance.suggest_occupation("高薪急聘🙂") is None  # below the classifier's boundary, no name
        assert compliance.suggest_occupation("数控车工") == ("6-18-01-01", "车工")


def test_reasons_are_true_of_the_post():
    """地点合适 only for the city or district asked for (not the province); 符合见习条件 only on a 见习
    post."""
    from webapp.services.recommendations import _explain

    graduate = Seeker(7, ["数据分析师"], ["SQL"], "", ["320100"], 4, TODAY - timedelta(days=200), None)

    def reasons(post: Post) -> list[str]:
        index = PostIndex([post], DomainTokenizer(), today=TODAY, title_encoder=TitleModel(encoders=()))
        row = index.features(graduate)[0]
        return _explain(graduate, post, row, MatchRanker.cold_start())[0]

    # posts with few strong reasons, so that the four shown are not decided by the cut
    suzhou = Post(1, "行政助理", [], "整理档案", "320500", 0, 0, None, published=TODAY)
    nanjing = Post(2, "行政助理", [], "整理档案", "320102", 0, 0, None, published=TODAY)
    trainee = Post(3, "行政助理见习岗", [], "整理档案", "320102", 0, 0, None, True, published=TODAY)
    assert "地点合适" not in reasons(suzhou)  # same province, another city
    assert "地点合适" in reasons(nanjing)
    assert "符合见习条件" not in reasons(nanjing) + reasons(suzhou)
    assert "符合见习条件" in reasons(trainee)
    assert "薪资符合期望" not in reasons(nanjing)  # pay negotiable: no information, no reason
