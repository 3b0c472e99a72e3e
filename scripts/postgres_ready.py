"""Exit 0 when the PostgreSQL of `make test`'s second pass answers; otherwise say what to start.

On a laptop without PostgreSQL that pass is skipped with this message; with CI=true the
Makefile turns the same answer into a failure.
"""

import sys

import psycopg


def main(url: str) -> int:
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"PostgreSQL at {url} does not answer ({first_line}).\n"
            "Start it (Debian: pg_ctlcluster <version> main start) or set TEST_DATABASE_URL;\n"
            "the PostgreSQL, Redis and RabbitMQ pass of `make test` is skipped.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
