"""The ASGI entry point for uvicorn and gunicorn: ``doorstep.api.asgi:app``."""

from doorstep.api.app import create_app

app = create_app()
