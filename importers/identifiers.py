"""Chinese identifiers: 统一社会信用代码 (GB 32100-2015), phone and ID numbers (masking, birth date, gender).

Used by the importers and the web app alike; no Flask import.
"""

from __future__ import annotations

import re
from datetime import date

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def uscc_error(code: str) -> str | None:
    """None when the code is valid, else a message in Chinese saying what is wrong."""
    code = normalize_uscc(code)
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if not USCC_RE.match(code):
        return "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return None


def make_uscc(first17: str) -> str:
    """Complete 17 characters into a valid code (used by demo data and tests)."""
    return first17 + uscc_check_char(first17)


def mask_phone(phone: str) -> str:
    """138****5678; anything shorter than 7 characters is hidden entirely."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    """张** for 张三丰; "求职者" for no name."""
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else "求职者"


def mask_id_number(number: str) -> str:
    """Keep the first 3 and last 2 characters of an ID number."""
    number = number or ""
    if len(number) < 6:
        return "*" * len(number)
    return f"{number[:3]}{'*' * (len(number) - 5)}{number[-2:]}"


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def normalize_id_number(number: str) -> str:
    return (number or "").strip().upper().replace(" ", "")


def id_number_error(number: str) -> str | None:
    """None when an 18-digit 居民身份证号码 is well formed (GB 11643 check digit, a real birth date), else a
    message in Chinese."""
    number = normalize_id_number(number)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "身份证号应为18位（最后一位可为X）"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(number, ID_WEIGHTS, strict=False)) % 11]
    if check != number[17]:
        return "身份证号校验位不正确，请核对"
    if birth_date_from_id(number) is None:
        return "身份证号中的出生日期无效"
    return None


def is_phone(value: str) -> bool:
    return bool(PHONE_RE.match(value or ""))


def birth_date_from_id(number: str) -> date | None:
    """The birth date in an 18-digit 居民身份证号码 (digits 7–14), or None."""
    number = (number or "").strip()
    if len(number) != 18 or not number[:17].isdigit():
        return None
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender_from_id(number: str) -> str | None:
    """男 or 女 from the 17th digit (odd is male), or None."""
    number = (number or "").strip()
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "男" if int(number[16]) % 2 else "女"
