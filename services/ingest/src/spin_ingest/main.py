"""Console entry point `spin-ingest`: serves the API with settings from the environment."""

from spincore.launch import serve

from spin_ingest.api.app import create_app
from spin_ingest.settings import IngestSettings


def run() -> None:
    settings = IngestSettings()
    serve(create_app(settings), settings)
