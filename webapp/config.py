"""Configuration read from the environment, with generated secrets kept under instance/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret(instance_path: Path, name: str) -> str:
    """Read a secret from instance/, generating it with mode 0600 on first use."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / name
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Production defaults; every value can be set from the environment."""

    def __init__(self, instance_path: Path) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or instance_secret(instance_path, "secret_key")
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'zone.sqlite3'}"
        )
        # Connections per process. gevent workers serve many requests at once: size the pool for the load
        # (and keep workers × (size + overflow) under PostgreSQL's max_connections).
        # Only when set: SQLAlchemy's defaults (5 + 10) apply otherwise, and an in-memory SQLite engine
        # refuses pool sizes.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        for option, variable in (("pool_size", "DB_POOL_SIZE"), ("max_overflow", "DB_MAX_OVERFLOW")):
            if os.environ.get(variable):
                self.SQLALCHEMY_ENGINE_OPTIONS[option] = int(os.environ[variable])
        self.MEILI_URL = os.environ.get("MEILI_URL")
        self.MEILI_MASTER_KEY = os.environ.get("MEILI_MASTER_KEY")
        self.MEILI_INDEX_PREFIX = os.environ.get("MEILI_INDEX_PREFIX", "zone_")
        self.MEILI_TIMEOUT = float(os.environ.get("MEILI_TIMEOUT", "2"))
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        # Login attempts: per account and address (a campus shares one NAT address; an attacker elsewhere
        # cannot use up the owner's budget), and a looser budget per address against password spraying.
        self.RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute")
        self.RATELIMIT_LOGIN_PER_ADDRESS = os.environ.get("RATELIMIT_LOGIN_PER_ADDRESS", "100 per minute")
        # Behind a reverse proxy: how many proxies set X-Forwarded-For / -Proto / -Host (0: none is
        # trusted and the header is ignored: a client cannot pick its own address for rate limits or the
        # audit log).
        self.PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
        self.RATELIMIT_APPLY = os.environ.get("RATELIMIT_APPLY", "30 per minute")
        self.RATELIMIT_MESSAGES = os.environ.get("RATELIMIT_MESSAGES", "20 per minute")
        self.RATELIMIT_HEADERS_ENABLED = True
        # Outside notification channels, each off until configured (services/channels.py).
        self.NOTIFY_SMTP_HOST = os.environ.get("NOTIFY_SMTP_HOST", "")
        self.NOTIFY_SMTP_PORT = int(os.environ.get("NOTIFY_SMTP_PORT", "25"))
        self.NOTIFY_SMTP_FROM = os.environ.get("NOTIFY_SMTP_FROM", "noreply@example.gov.cn")
        self.NOTIFY_SMTP_USER = os.environ.get("NOTIFY_SMTP_USER", "")
        self.NOTIFY_SMTP_PASSWORD = os.environ.get("NOTIFY_SMTP_PASSWORD", "")
        self.NOTIFY_SMTP_STARTTLS = _bool("NOTIFY_SMTP_STARTTLS", False)
        self.NOTIFY_SMS_URL = os.environ.get("NOTIFY_SMS_URL", "")
        self.NOTIFY_SMS_TOKEN = os.environ.get("NOTIFY_SMS_TOKEN", "")
        self.NOTIFY_WECHAT_URL = os.environ.get("NOTIFY_WECHAT_URL", "")
        self.NOTIFY_WECHAT_TOKEN = os.environ.get("NOTIFY_WECHAT_TOKEN", "")
        # 短信验证码 shown on the page instead of sent (the local demo without an SMS gateway; `flask serve`
        # on loopback turns it on when NOTIFY_SMS_URL is unset). Never in production: it tells who is
        # registered.
        self.VERIFICATION_CODES_ON_SCREEN = _bool("VERIFICATION_CODES_ON_SCREEN", False)
        self.PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
        self.VIRTUAL_NUMBER_URL = os.environ.get("VIRTUAL_NUMBER_URL", "")  # 隐私号 provider, if any
        self.VIRTUAL_NUMBER_TOKEN = os.environ.get("VIRTUAL_NUMBER_TOKEN", "")
        # 搜人才: what one firm may do a day (Beijing day; every member counts towards the firm's budget).
        self.TALENT_SEARCHES_PER_DAY = int(os.environ.get("TALENT_SEARCHES_PER_DAY", "200"))
        self.TALENT_VIEWS_PER_DAY = int(os.environ.get("TALENT_VIEWS_PER_DAY", "100"))
        self.TALENT_INVITES_PER_DAY = int(os.environ.get("TALENT_INVITES_PER_DAY", "20"))
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        # Server-side session lifetimes (services/sessions.py); staff (organizers, 服务专员, admins) see
        # many people's personal data and get shorter ones.
        self.SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
        self.SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", str(7 * 24)))
        self.STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))
        self.STAFF_SESSION_ABSOLUTE_HOURS = int(os.environ.get("STAFF_SESSION_ABSOLUTE_HOURS", "10"))
        # Live-room player embeds may come from these origins only (the CSP's frame-src; the console refuses
        # others). Space-separated, like a CSP source list.
        self.LIVE_EMBED_SOURCES = os.environ.get(
            "LIVE_EMBED_SOURCES",
            "https://player.bilibili.com https://live.bilibili.com https://v.qq.com https://channels.weixin.qq.com"
            " https://live.douyin.com https://player.youku.com https://www.huya.com https://www.douyu.com",
        )
        # Log lines as text (a console) or one JSON object per line (production); access lines with JSON.
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
        self.ACCESS_LOG = _bool("ACCESS_LOG", self.LOG_FORMAT == "json")
        self.METRICS_TOKEN = os.environ.get(
            "METRICS_TOKEN", ""
        )  # /metrics beyond loopback (webapp/metrics.py)
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024)))
        self.WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
        self.WTF_I18N_ENABLED = False  # no Flask-Babel: forms use WTForms' bundled zh messages
        self.SEARCH_SYNC_THREAD = _bool("SEARCH_SYNC_THREAD", False)
        self.SHARED_DATA_DIR = os.environ.get(
            "SHARED_DATA_DIR", str(Path(__file__).resolve().parent.parent.parent / "shared" / "data")
        )
        # Hybrid (keyword + title-vector) search: on when a title embedder has been trained (`flask search
        # init`, which needs the 职业分类大典 at OCCUPATIONS_CSV); keyword search otherwise.
        self.SEARCH_HYBRID = _bool("SEARCH_HYBRID", True)
        # Meilisearch segmentation: the THUOCL + 大典 dictionary and function-word stop words (measured both
        # ways in the issue notes; see search/dictionary.py).
        self.SEARCH_DICTIONARY = _bool("SEARCH_DICTIONARY", False)
        self.SEARCH_STOP_WORDS = _bool("SEARCH_STOP_WORDS", False)
        # jieba with the domain dictionaries: a pre-segmented title field and segmented queries (measured both
        # ways in the issue notes).
        self.SEARCH_JIEBA_FIELD = _bool("SEARCH_JIEBA_FIELD", False)
        # 职业分类大典 (2022) CSV: trains the occupation-space embedder for hybrid search.
        self.OCCUPATIONS_CSV = os.environ.get(
            "OCCUPATIONS_CSV", str(Path(self.SHARED_DATA_DIR) / "occupations" / "csco22.csv")
        )
        # 急需紧缺职业目录: the thresholds the review page proposes with until an organizer sets others (a
        # published catalogue keeps the ones it was proposed under, and the next review starts from them).
        self.SHORTAGE_MIN_RATIO = float(os.environ.get("SHORTAGE_MIN_RATIO", "1.5"))  # 求人倍率
        self.SHORTAGE_MIN_OPENINGS = int(os.environ.get("SHORTAGE_MIN_OPENINGS", "10"))  # people in a quarter
        self.SHORTAGE_MIN_FIRMS = int(os.environ.get("SHORTAGE_MIN_FIRMS", "3"))  # not one firm alone
        # Posting titles labelled with their 大典 code: train the title classifier and the occupation profiles
        # (`flask match train`).
        self.TITLE_CASES_CSV = os.environ.get(
            "TITLE_CASES_CSV", str(Path(self.SHARED_DATA_DIR) / "occupations" / "title_to_code_public.csv")
        )


def overrides_for_tests(tmp_path: Path) -> dict:
    """Settings a test app starts from (the caller adds its database and Meilisearch)."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "MEILI_INDEX_PREFIX": f"t{secrets.token_hex(4)}_",
        # As `make run` serves it (loopback, no SMS gateway); tests/test_verification.py also runs a real
        # HTTP SMS gateway with this off.
        "VERIFICATION_CODES_ON_SCREEN": True,
        # Everything else as shipped: hybrid search stays on (tests/conftest.py trains the embedder).
    }
