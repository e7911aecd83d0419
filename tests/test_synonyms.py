from search.semantic import Occupation
from search.synonyms import occupation_synonyms


def test_alias_groups_become_mutual_synonyms():
    occupations = [
        Occupation("2-02-07-01", "机械设计工程技术人员", "机械设计工程技术人员,夹具工程师,机械设计", ""),
        Occupation("2-02-10-03", "地理信息系统工程技术人员L/S", "GIS工程师,地理信息系统工程技术人员L/S", ""),
        Occupation("1-06-01-00", "企业经理", ",".join(f"经理{i}" for i in range(12)), ""),  # too broad
        Occupation("6-18-01-01", "车工", "车工", ""),  # nothing to pair
        Occupation("4-01-01-01", "营业员", "营业员,店", ""),  # one-character term dropped
    ]
    synonyms = occupation_synonyms(occupations, max_group=8)
    assert synonyms["夹具工程师"] == ["机械设计", "机械设计工程技术人员"]
    assert synonyms["GIS工程师"] == ["地理信息系统工程技术人员"]  # the L/S marker is stripped
    assert "经理1" not in synonyms and "车工" not in synonyms and "店" not in synonyms
