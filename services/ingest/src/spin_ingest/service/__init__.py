"""Use cases of ingest: create, receive, finish, terminate and expire uploads."""
