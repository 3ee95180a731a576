"""Console entry point `spin-portal`: serves the API with settings from the environment."""

from spincore.runtime import serve

from spin_portal.api.app import create_app
from spin_portal.settings import PortalSettings


def run() -> None:
    settings = PortalSettings()
    serve(create_app(settings), settings)
