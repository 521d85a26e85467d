"""A project take with its speech: the transcript, glossary and word table, text-based cuts."""
