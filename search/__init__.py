"""Meilisearch integration: provisioning, index settings, documents, sync (outbox) and queries.

Nothing here imports Flask; the web app and the CLI pass configuration in.
"""
