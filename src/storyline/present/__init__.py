"""Front ends: the only package that talks to people (CLI, files, HTTP, pages)."""
