"""The ASGI entry point for uvicorn and gunicorn: ``doorstep.asgi:app``."""

import gc

from doorstep.app import create_app

app = create_app()

# The app imports ~300,000 long-lived objects (pandas, scikit-learn, LightGBM, DuckDB, the
# routes); every full collection walked them all and paused the worker for ~160 ms, which
# showed as p95 spikes under load. Freezing moves them out of the collector's way.
gc.collect()
gc.freeze()
