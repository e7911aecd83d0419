"""What a new password must not be: short, common (zxcvbn's frequency lists and common Chinese passwords),
or built from the account's own phone number, account or name."""

from __future__ import annotations

from webapp.services import ServiceError

MIN_LENGTH = 8
MIN_SCORE = 2  # zxcvbn: 0 too guessable … 4 very unguessable; 2 resists online guessing
# Common in Chinese password leaks and absent from zxcvbn's English-based lists (pinyin and number phrases).
COMMON_CHINESE = {
    "woaini1314", "woaini520", "woaini123", "5201314", "1314520", "520520520", "iloveyou1314", "woaiwojia",
    "aini1314", "zhang123456", "wang123456", "li123456", "liu123456", "qq123456", "qq123456789",
    "abc123456", "aa123456", "a123456789", "1qaz2wsx", "1q2w3e4r", "qwe123456", "zxcvbnm123", "88888888",
    "66666666", "11223344", "147258369", "123456789a", "woaizhongguo", "zhongguo123", "huawei123",
}  # fmt: skip


def check_new_password(password: str, *personal: str) -> None:
    """Raise a ServiceError (Chinese) when ``password`` is too weak for an account; ``personal``: the phone
    number, account and name, which a password must not be built from."""
    if len(password) < MIN_LENGTH:
        raise ServiceError(f"密码至少需要{MIN_LENGTH}位")
    lowered = password.lower()
    hints = [p.strip().lower() for p in personal if p and len(p.strip()) >= 4]
    if lowered in COMMON_CHINESE or _score(password, []) < MIN_SCORE:
        raise ServiceError(
            "密码太常见或太容易被猜到（如 12345678、woaini1314），请换一个更长、更不规律的密码"
        )
    if any(hint in lowered or lowered in hint for hint in hints):
        raise ServiceError("密码不能包含手机号、账号或姓名")


def _score(password: str, hints: list[str]) -> int:
    from zxcvbn import zxcvbn

    return zxcvbn(password[:72], user_inputs=hints)["score"]
