"""Daily dispatch (§7): gather a branch-day, build the routing problem, store the plan."""
