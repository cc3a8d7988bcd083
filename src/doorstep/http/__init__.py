"""What the API and the web pages share at the HTTP edge: authentication dependencies, the
caller's language, errors mapped to HTTP, security headers, limits, metrics and the visit
record's wire format. It imports services and core, never ``doorstep.api`` or ``doorstep.web``."""
