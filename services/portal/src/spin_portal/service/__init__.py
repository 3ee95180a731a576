"""The portal's writes: use cases of a command and their dependencies, each owning its
transaction (and the outbox row of any event it publishes)."""
