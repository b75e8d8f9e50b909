"""Every write of the actors part: the registry (``registry``) and the resolution of
actor names to groups (``resolver``)."""
