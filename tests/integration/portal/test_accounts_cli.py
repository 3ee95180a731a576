"""`spin-portal-admin create-user` for practitioners and supervisors, and `password-link`."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from spin_portal.adapters.tables import PASSWORD_LINKS, USERS
from spin_portal.cli import app
from spin_portal.settings import PortalSettings
from spincore.db import make_engine
from sqlalchemy import select
from typer.testing import CliRunner

from tests.integration.portal.support import portal_settings
from tests.support.isolation import Isolation


def _rows(settings: PortalSettings) -> tuple[list[Any], list[Any]]:
    async def read() -> tuple[list[Any], list[Any]]:
        engine = make_engine(settings, pool_size=1)
        try:
            async with engine.connect() as conn:
                users = (await conn.execute(select(USERS).order_by(USERS.c.username))).all()
                links = (
                    await conn.execute(select(PASSWORD_LINKS).order_by(PASSWORD_LINKS.c.expires_at))
                ).all()
                return list(users), list(links)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_person_accounts_and_password_links_from_the_command_line(isolated: Isolation) -> None:
    settings = portal_settings(isolated)
    env = {
        "SPIN_DATABASE_URL": settings.database_url.get_secret_value(),
        "SPIN_DB_SCHEMA": settings.db_schema,
        "SPIN_PASSWORD_LINK_HOURS": "5",
    }
    runner = CliRunner()
    person = ["--institute", "inst-1", "--agency", "agency-1", "--site", "site-1"]
    lee = ["--username", "lee", "--role", "practitioner", "--practitioner", "guide-1"]
    link = ["--link", "--portal-url", "https://portal.example/"]
    created = runner.invoke(app, ["create-user", *lee, *person, *link], env=env)
    assert created.exit_code == 0, created.output
    assert "created practitioner lee" in created.output
    first = created.stdout.splitlines()[-1]
    assert first.startswith("https://portal.example/set-password/")

    kim = ["--username", "kim", "--role", "supervisor", "--password", "p" * 12]
    missing = runner.invoke(
        app, ["create-user", *kim, "--institute", "inst-1", "--agency", "agency-1"], env=env
    )
    assert missing.exit_code == 1
    assert "needs the practitioner it logs in as and their site" in missing.output

    again = runner.invoke(app, ["password-link", "lee"], env=env)
    assert again.exit_code == 0, again.output
    second = again.stdout.splitlines()[-1]
    assert second.startswith("http://127.0.0.1:8104/set-password/")
    unknown = runner.invoke(app, ["password-link", "nobody"], env=env)
    assert unknown.exit_code == 1
    assert "there is no active account 'nobody'" in unknown.output

    users, links = _rows(settings)
    assert [(u.username, u.role, u.site_id, u.practitioner_id) for u in users] == [
        ("lee", "practitioner", "site-1", "guide-1")
    ]
    tokens = [link.rsplit("/", 1)[1] for link in (first, second)]
    assert [link.token_hash for link in links] == [
        hashlib.sha256(token.encode()).hexdigest() for token in tokens
    ]
    now = datetime.now(UTC)  # the second link replaced the first; it lives SPIN_PASSWORD_LINK_HOURS
    assert links[0].expires_at <= now < links[1].expires_at <= now + timedelta(hours=5)
