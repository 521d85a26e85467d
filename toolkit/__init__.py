"""machmal: plan, shoot, subtitle, reformat and export short recruiting videos.

The library never prints or exits; it raises :class:`toolkit.errors.MachmalError` subclasses.
"""

__version__ = "0.1.0"
