"""The hiring conversation after an application: every step reaches the seeker (in-app, live, and through the
channels they chose), interviews are proposed, answered and reminded. One home for it.

models (notification settings, the outbound queue, interviews) · notifications (kinds, preferences, quiet
hours, the channels: e-mail over SMTP, SMS and WeChat-template gateways — each off until configured) · live
(new notices pushed through the live broker while a page is open) · interviews (propose, answer, remind,
record the outcome; the .ics) · forms · views/{seeker,enterprise,account} · templates/.

Kept import-light: ``webapp.models`` re-exports the models from here.
"""
