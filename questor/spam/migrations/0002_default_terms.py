"""The shipped phrases and link shorteners (questor/spam/detector.py), editable in the admin."""

from __future__ import annotations

from typing import Any

from django.db import migrations


# Frozen copies of the detector's defaults as they were when this migration was written.
DEFAULT_PHRASES = (
    "100% guaranteed",
    "act now",
    "assignment help",
    "best price",
    "best rates",
    "betting tips",
    "buy now",
    "call now",
    "cash prize",
    "casino",
    "cheap price",
    "check out my",
    "click here",
    "click the link",
    "contact us today",
    "crypto giveaway",
    "customer care number",
    "dm me",
    "do my homework",
    "double your money",
    "earn money",
    "earn up to",
    "essay writing",
    "exam dumps",
    "financial freedom",
    "free trial",
    "get paid",
    "guaranteed results",
    "helpline number",
    "instant approval",
    "investment opportunity",
    "limited offer",
    "limited time",
    "lose weight",
    "make money",
    "money back",
    "no credit check",
    "online casino",
    "order now",
    "passive income",
    "payday loan",
    "promo code",
    "risk free",
    "seo services",
    "sign up now",
    "special offer",
    "toll free",
    "visit my website",
    "visit our website",
    "weight loss",
    "whatsapp",
    "work from home",
    "write my essay",
)
DEFAULT_SHORTENERS = (
    "bit.ly",
    "buff.ly",
    "cutt.ly",
    "goo.gl",
    "is.gd",
    "ow.ly",
    "rb.gy",
    "rebrand.ly",
    "shorturl.at",
    "t.co",
    "t.ly",
    "tiny.cc",
    "tinyurl.com",
    "v.gd",
)


def add_defaults(apps: Any, schema_editor: Any) -> None:
    SpamTerm = apps.get_model("spam", "SpamTerm")
    rows = [
        *(("phrase", text) for text in DEFAULT_PHRASES),
        *(("shortener", text) for text in DEFAULT_SHORTENERS),
    ]
    for kind, text in rows:
        SpamTerm.objects.get_or_create(kind=kind, text=text, defaults={"note": "shipped default"})


def remove_defaults(apps: Any, schema_editor: Any) -> None:
    apps.get_model("spam", "SpamTerm").objects.filter(note="shipped default").delete()


class Migration(migrations.Migration):
    dependencies = [("spam", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
