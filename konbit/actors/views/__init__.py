"""The registry's pages: groups and persons (``registry``), sourced statements
(``statements``), the actor-name review (``names``) and the network (``network``)."""
