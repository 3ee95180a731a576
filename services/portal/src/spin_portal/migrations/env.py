from spincore.db.migrations import run_env

from spin_portal.adapters import coaching_tables  # noqa: F401 - its tables join the metadata
from spin_portal.adapters.tables import metadata

run_env(metadata)
