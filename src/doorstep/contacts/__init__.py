"""One contact log for every channel: caps, the third-party rule and 有效催收 read it."""
