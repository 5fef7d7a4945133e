"""Inbox, following and email notifications.

Sits above qa: it reads qa's models, and qa calls it only through questor/qa/notify.py
(imports made at call time). Other apps post to someone's inbox with
`questor.notifications.events.notify(recipient_id, kind=..., text=..., url=...)`.
"""
