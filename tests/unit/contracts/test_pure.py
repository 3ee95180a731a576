"""spin_contracts loads pydantic and the standard library, nothing of the runtime."""

import subprocess
import sys

RUNTIME = ("spincore", "fastapi", "faust", "aiokafka", "sqlalchemy", "minio", "jwt", "httpx")


def test_the_contracts_import_no_runtime_package() -> None:
    probe = (
        "import sys\n"
        "import spin_contracts.claims, spin_contracts.digest, spin_contracts.events\n"
        "import spin_contracts.topics\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    assert [name for name in RUNTIME if name in loaded] == []
