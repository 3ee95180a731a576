from spincore.db.migrations import run_env

from spin_transcode.adapters.tables import metadata

run_env(metadata)
