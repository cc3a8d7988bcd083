"""Background jobs: the queue, its kinds and their delivery (huey workers or inline)."""
