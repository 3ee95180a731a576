"""Where the portal's account names were imported from before they moved: the roles and the
viewer to `domain.accounts`, the SQL to `adapters.accounts`. Kept so that the callers (routes,
tools, benches, tests) move in a later step."""

from __future__ import annotations

from spin_portal.adapters.accounts import (
    agency_account,
    agency_accounts,
    close_session,
    create_user,
    end_sessions,
    forget_failures,
    open_session,
    password_matches,
    recent_failures,
    record_failure,
    set_active,
    set_password,
    stored_hash,
    username_taken,
    viewer_of_session,
)
from spin_portal.domain.accounts import (
    AGENCY_ROLES,
    MIN_PASSWORD,
    PERSON_ROLES,
    AccountError,
    PortalRole,
    Viewer,
    check_password_length,
    check_scope,
)

__all__ = [
    "AGENCY_ROLES",
    "MIN_PASSWORD",
    "PERSON_ROLES",
    "AccountError",
    "PortalRole",
    "Viewer",
    "agency_account",
    "agency_accounts",
    "check_password_length",
    "check_scope",
    "close_session",
    "create_user",
    "end_sessions",
    "forget_failures",
    "open_session",
    "password_matches",
    "recent_failures",
    "record_failure",
    "set_active",
    "set_password",
    "stored_hash",
    "username_taken",
    "viewer_of_session",
]
