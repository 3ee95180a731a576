from spincore.db.migrations import run_env

from spin_planner.adapters.tables import metadata

run_env(metadata)
