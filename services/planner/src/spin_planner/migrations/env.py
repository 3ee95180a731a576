from spincore.db.migrations import run_env

from spin_planner.adapters import (
    coaching_tables,  # noqa: F401 - its tables join the metadata
    vocabulary_tables,  # noqa: F401 - its tables join the metadata
)
from spin_planner.adapters.tables import metadata

run_env(metadata)
