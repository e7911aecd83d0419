import pytest

from importers.identifiers import make_uscc, mask_id_number, mask_phone, uscc_check_char, uscc_error
from webapp.pay import format_pay, monthly_band


@pytest.mark.parametrize(
    "code",
    ["914403001922038216", "91330100716105852F", "91110108551385082Q", "91110108551385082q "],
)
def test_published_credit_codes_validate(code):
    assert uscc_error(code) is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440300192203821", "18位"),
        ("914403001922038217", "校验位"),
        ("9144030019220382I6", "无效字符"),
        ("", "18位"),
    ],
)
def test_invalid_credit_codes_say_why(code, message):
    assert message in uscc_error(code)


def test_check_character_roundtrip():
    code = make_uscc("91120104MA05K8XY1")
    assert uscc_error(code) is None
    assert code[-1] == uscc_check_char(code[:17])


def test_masks_keep_only_the_edges():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "***"
    assert mask_id_number("120104200001011234") == "120*************34"
    assert "2000" not in mask_id_number("120104200001011234")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("month", 8000, 12000, 13), "8-12K·13薪"),
        (("month", 15000, 25000, 12), "15-25K"),
        (("month", 8500, 8500, 12), "8.5K"),
        (("day", 200, 300, 12), "200-300元/天"),
        (("hour", 25, None, 12), "25元/时"),
        (("negotiable", None, None, 12), "面议"),
        (("month", None, None, 12), "面议"),
    ],
)
def test_pay_is_written_the_way_boards_write_it(args, text):
    assert format_pay(*args) == text


def test_pay_band_edges():
    assert monthly_band(4999, "month") == "5K以下"
    assert monthly_band(5000, "month") == "5-8K"
    assert monthly_band(20000, "month") == "20K以上"
    assert monthly_band(200, "day") is None
