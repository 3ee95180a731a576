"""The site uploader is a client: it loads the contracts, never the server or its runtime."""

import subprocess
import sys

SERVER = ("spincore", "spin_ingest", "fastapi", "faust", "aiokafka", "sqlalchemy", "minio")


def test_the_uploader_imports_no_server_package() -> None:
    probe = (
        "import sys\n"
        "import spin_upload.cli\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    assert "spin_contracts" in loaded
    assert [name for name in SERVER if name in loaded] == []
