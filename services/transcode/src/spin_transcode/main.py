"""Console entry point `spin-transcode`: serves the API with settings from the environment."""

from spincore.runtime import serve

from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings


def run() -> None:
    settings = TranscodeSettings()
    serve(create_app(settings), settings)
