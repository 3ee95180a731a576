from spincore.db.migrations import run_env

from spin_portal.adapters.tables import metadata

run_env(metadata)
