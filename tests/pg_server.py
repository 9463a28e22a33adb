"""A real, throw-away PostgreSQL server for the tests of the shared index (issue 17).

``PgServer.start()`` runs ``initdb`` and ``pg_ctl start`` in a temporary folder, listening on
127.0.0.1 at a free port (and on a private unix socket), with password authentication over TCP, so
that a wrong password is really refused.  As root (CI), the server runs as the ``postgres`` system
user (PostgreSQL refuses to run as root) through ``runuser``.

Server binaries are looked for on PATH, then in ``/usr/lib/postgresql/*/bin`` (Debian's layout) and
``/usr/pgsql-*/bin``; ``PgServer.find_bin()`` returns None when there is none, and the tests skip,
saying so.  CI installs them with ``apt-get install -y postgresql`` (see the README).

Run as a script to keep a server up by hand: ``python tests/pg_server.py`` prints its admin URL.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ADMIN = "newslint_admin"
ADMIN_PASSWORD = "admin-pw-Kx81"


def _version_key(path: str) -> tuple[int, ...]:
    digits = [int(p) for p in path.replace("-", "/").split("/") if p.isdigit()]
    return tuple(digits)


class PgServer:
    def __init__(self, bindir: Path, root: Path, port: int, user: str | None, durable: bool = False):
        self.durable = durable  # False (tests): fsync off, for speed; True: the server's defaults
        self.bindir = bindir
        self.root = root
        self.port = port
        self.user = user  # system user the server runs as (None: this process's user)
        self.data = root / "data"
        self.sockets = root / "sock"
        self.log = root / "server.log"

    # -- finding and starting --------------------------------------------------------------------
    @staticmethod
    def find_bin() -> Path | None:
        found = shutil.which("pg_ctl")
        if found and (Path(found).resolve().parent / "initdb").exists():
            return Path(found).resolve().parent
        candidates = glob.glob("/usr/lib/postgresql/*/bin") + glob.glob("/usr/pgsql-*/bin")
        for cand in sorted(candidates, key=_version_key, reverse=True):
            if (Path(cand) / "pg_ctl").exists() and (Path(cand) / "initdb").exists():
                return Path(cand)
        return None

    @staticmethod
    def why_not() -> str | None:
        """None when a server can be started here, else why not (the skip reason)."""
        if PgServer.find_bin() is None:
            return (
                "no PostgreSQL server binaries (pg_ctl, initdb) on PATH or in /usr/lib/postgresql/*/bin;"
                " install them: apt-get install -y postgresql"
            )
        if os.geteuid() == 0:
            import pwd

            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root and no 'postgres' system user to run the server as"
            if shutil.which("runuser") is None:
                return "running as root and no runuser to start the server as 'postgres'"
        return None

    @classmethod
    def start(cls, durable: bool = False) -> PgServer:
        bindir = cls.find_bin()
        if bindir is None:
            raise RuntimeError(cls.why_not() or "no server")
        user = "postgres" if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="newslint-pg-"))
        server = cls(bindir, root, _free_port(), user, durable)
        server._init()
        server._start()
        return server

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.root)

    def _init(self) -> None:
        self.sockets.mkdir()
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
        if self.user is not None:
            import pwd

            entry = pwd.getpwnam(self.user)
            os.chmod(self.root, 0o755)
            for p in (self.root, self.sockets, pwfile):
                os.chown(p, entry.pw_uid, entry.pw_gid)
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            "--pwfile",
            str(pwfile),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")

    def _start(self) -> None:
        opts = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.log), "-w", "-t", "60", "start"
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- using ------------------------------------------------------------------------------------
    def url(self, dbname: str = "postgres", user: str = ADMIN, password: str | None = ADMIN_PASSWORD) -> str:
        auth = f"{user}:{password}@" if password is not None else f"{user}@"
        return f"postgresql://{auth}127.0.0.1:{self.port}/{dbname}"

    def admin(self, dbname: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(dbname), autocommit=True)

    def create_database(self, name: str) -> str:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_role(self, name: str, password: str) -> None:
        with self.admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port() -> int:
    """A port where nothing listens (for 'server down')."""
    return _free_port()


if __name__ == "__main__":  # keep a server up by hand (Ctrl-C stops it); --durable: default settings
    import sys

    server = PgServer.start(durable="--durable" in sys.argv)
    print(server.url(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
