"""Reframing: what a clip shows (people, shots, sharpness) and the camera path that keeps it in view."""
