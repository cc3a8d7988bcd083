"""One contact log for every channel: caps, the third-party rule and effective collection
read it."""
