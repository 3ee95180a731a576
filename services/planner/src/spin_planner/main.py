"""Console entry point `spin-planner`: serves the API with settings from the environment."""

from spincore.runtime import serve

from spin_planner.api.app import create_app
from spin_planner.settings import PlannerSettings


def run() -> None:
    settings = PlannerSettings()
    serve(create_app(settings), settings)
