"""Exit 0 when the PostgreSQL server for the test suite answers (used by `make test`)."""

import os
import sys

import sqlalchemy as sa

url = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
try:
    with sa.create_engine(url, connect_args={"connect_timeout": 3}).connect():
        pass
except sa.exc.OperationalError as exc:
    print(f"PostgreSQL not reachable at {url}: {exc.orig}", file=sys.stderr)
    sys.exit(1)
