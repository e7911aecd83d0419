"""Livestream job fairs (直播带岗): one home for the live-room domain.

models (sessions, segments, messages, viewer records) · broker (SSE fan-out across workers) · rooms (state,
snapshot, publish) · console (schedule and the organizer's console) · applying (边看边投, viewer records) ·
reports (counters, funnel) · ticker · forms · views/{organizer,public,api} (registered on the audience
blueprints; endpoint names unchanged) · templates/.

Kept import-light: ``webapp.models`` re-exports the models from here.
"""
