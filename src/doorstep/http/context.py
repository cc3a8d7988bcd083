"""Settings the API and the pages both hand to services: the customer-link context and the
road-time provider, built from the container's settings once, here."""

from __future__ import annotations

from doorstep.container import Container
from doorstep.visits.appointments.links import LinkContext
from doorstep.visits.routing import TravelMatrix
from doorstep.visits.routing.osrm import provider_from


def travel_of(c: Container) -> TravelMatrix | None:
    """The configured road-time provider (None: the embedded estimate)."""
    s = c.settings
    return provider_from(s.routing_travel, s.routing_osrm_url, s.routing_osrm_timeout)


def link_context(c: Container) -> LinkContext:
    s = c.settings
    return LinkContext(secret=s.secret_key, base_url=s.public_base_url, bank_name=s.bank_name,
                       hotline=s.bank_hotline, link_hours=s.appointment_link_hours)
