"""The spam check: pure functions over text, no Django and no network.

Each signal looks at one thing and returns a Signal: a score (0 when it saw nothing) and
an explanation a moderator can check against the post. `detect` adds the scores; a post
whose total reaches the hold score (1.0 by default) is held for review. Scores are set so
that one unmistakable sign holds a post alone (a blocked link domain, a near copy of an
earlier post, a call to action with a link that has nothing to do with the question),
while weaker signs (a pasted-twice block, a few listed phrases) must agree.

The same detector screens posts written on the site (questor.qa.screening) and legacy
pages brought in by importers, which also use `clean_scraped_text` to repair two faults
typical of scraped Q&A pages: text pasted twice and promotional lines injected into it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Shipped defaults: copied into the admin-editable table by a data migration. --------

DEFAULT_PHRASES: tuple[str, ...] = (
    "100% guaranteed", "act now", "assignment help", "best price", "best rates", "betting tips",
    "buy now", "call now", "cash prize", "casino", "cheap price", "check out my",
    "click here", "click the link", "contact us today", "crypto giveaway", "customer care number",
    "dm me", "do my homework", "double your money", "earn money", "earn up to", "essay writing",
    "exam dumps", "financial freedom", "free trial", "get paid", "guaranteed results",
    "helpline number", "instant approval", "investment opportunity", "limited offer",
    "limited time", "lose weight", "make money", "money back", "no credit check",
    "online casino", "order now", "passive income", "payday loan", "promo code", "risk free",
    "seo services", "sign up now", "special offer", "toll free", "visit my website",
    "visit our website", "weight loss", "whatsapp", "work from home", "write my essay",
)  # fmt: skip

# Link shorteners hide where a link goes; new accounts rarely need them.
DEFAULT_SHORTENERS: tuple[str, ...] = (
    "bit.ly", "buff.ly", "cutt.ly", "goo.gl", "is.gd", "ow.ly", "rb.gy", "rebrand.ly",
    "shorturl.at", "t.co", "t.ly", "tiny.cc", "tinyurl.com", "v.gd",
)  # fmt: skip

# Link domains that are never legitimate here; empty by default, filled by moderators.
DEFAULT_DOMAINS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lists:
    """The admin-editable phrases and link domains (defaults above)."""

    phrases: tuple[str, ...] = DEFAULT_PHRASES
    domains: tuple[str, ...] = DEFAULT_DOMAINS
    shorteners: tuple[str, ...] = DEFAULT_SHORTENERS


@dataclass(frozen=True)
class Signal:
    name: str
    score: float
    explanation: str


@dataclass(frozen=True)
class Verdict:
    score: float
    threshold: float
    signals: tuple[Signal, ...]

    @property
    def is_spam(self) -> bool:
        return self.score >= self.threshold

    @property
    def reasons(self) -> str:
        """One line per signal that fired, for the moderator queue."""
        return "\n".join(
            f"{signal.name} ({signal.score:+.2f}): {signal.explanation}"
            for signal in self.signals
            if signal.score
        )


# Words --------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _wordset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves also get got one two many much may might must shall us im ive dont cant its
    there's it's i'm i've don't can't isn't aren't wasn't weren't won't let let's"""
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]\"']+")
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_PHONE = re.compile(r"(?:\+?\d[\s().-]?){9,}\d")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)])\s+")


def _fold(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    return _WORD.findall(_fold(_URL.sub(" ", text)))


def stem(word: str) -> str:
    """A light suffix stripper: enough for "claimed" to meet "claim", "teams" "team"."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix, keep in (("ing", 4), ("ed", 4), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1 and len(word) > keep:
            if suffix == "es" and not word.endswith(("sses", "ches", "shes", "xes")):
                continue
            if suffix == "s" and word.endswith("ss"):
                continue
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in STOPWORDS and len(word) > 1}


def links(text: str) -> list[str]:
    return [match.rstrip(".,;:!?") for match in _URL.findall(text)]


def link_domain(url: str) -> str:
    if not re.match(r"(?i)https?://", url):
        url = "http://" + url
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _domain_matches(host: str, domain: str) -> bool:
    domain = domain.lower().strip().removeprefix("www.")
    return bool(domain) and (host == domain or host.endswith("." + domain))


def sentences(text: str) -> list[str]:
    """Sentences, never across lines (a line break ends one in pasted text)."""
    found: list[str] = []
    for line in text.splitlines():
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def _normal_line(line: str) -> str:
    return " ".join(_WORD.findall(_fold(line)))


# Signal: a block of lines repeated within the post -----------------------------------


@dataclass(frozen=True)
class RepeatedBlock:
    first: int  # index of the block's first line, first copy
    copy: int  # index of the block's first line, later copy
    length: int  # lines in the block (non-blank lines)
    lines: tuple[str, ...]


def _significant(normal: str) -> bool:
    return len(normal) >= 25 or len(normal.split()) >= 5


def repeated_blocks(text: str) -> list[RepeatedBlock]:
    """Runs of non-blank lines that appear again later in the text (each copy once).

    A run counts when its lines add up to at least 40 characters and one of them is a
    real sentence (not "Thanks!" or a closing brace).
    """
    raw = text.splitlines()[:2000]
    rows = [(index, _normal_line(line)) for index, line in enumerate(raw) if line.strip()]
    normals = [normal for _, normal in rows]
    found: list[RepeatedBlock] = []
    covered: set[int] = set()  # positions already explained as a later copy
    for j in range(len(rows)):
        if j in covered:
            continue
        best: tuple[int, int] = (0, 0)  # (length, i)
        for i in range(j):
            if normals[i] != normals[j] or not normals[i]:
                continue
            length = 0
            while (
                j + length < len(rows)
                and i + length < j
                and normals[i + length] == normals[j + length]
                and normals[j + length]
            ):
                length += 1
            if length > best[0]:
                best = (length, i)
        length, i = best
        if not length:
            continue
        block = normals[j : j + length]
        if sum(len(line) for line in block) < 40 or not any(_significant(x) for x in block):
            continue
        covered.update(range(j, j + length))
        found.append(
            RepeatedBlock(
                first=rows[i][0],
                copy=rows[j][0],
                length=length,
                lines=tuple(raw[rows[j + k][0]] for k in range(length)),
            )
        )
    return found


def repeated_runs(text: str) -> list[RepeatedBlock]:
    """Runs of non-blank lines repeated right after themselves (pasted twice), each
    later copy once; blank lines between the copies do not matter.

    Unlike `repeated_blocks`, a line or block that comes back later, after other text,
    is not a run: quoting an earlier sentence is ordinary, pasting it twice in a row is a
    scraping fault. A run needs one real sentence (not "Thanks!" or a closing brace).
    """
    raw = text.splitlines()
    rows = [(index, _normal_line(line)) for index, line in enumerate(raw) if line.strip()]
    normals = [normal for _, normal in rows]
    found: list[RepeatedBlock] = []
    start = 0
    while start < len(rows):
        run = 0
        for length in range(1, (len(rows) - start) // 2 + 1):
            if normals[start + length] != normals[start]:
                continue  # a copy starts with the same line: skip the slice compare
            block = normals[start : start + length]
            if (
                block == normals[start + length : start + 2 * length]
                and all(block)
                and any(_significant(line) for line in block)
            ):
                run = length
                break
        if not run:
            start += 1
            continue
        copy = start + run
        while normals[copy : copy + run] == normals[start : start + run]:
            found.append(
                RepeatedBlock(
                    first=rows[start][0],
                    copy=rows[copy][0],
                    length=run,
                    lines=tuple(raw[rows[copy + k][0]] for k in range(run)),
                )
            )
            copy += run
        start = copy
    return found


def repeated_block_signal(text: str) -> Signal:
    blocks = repeated_blocks(text)
    if not blocks:
        return Signal("repeated block", 0.0, "")
    repeated_chars = sum(len(line) for block in blocks for line in block.lines)
    share = repeated_chars / max(1, len(text.strip()))
    score = 0.8 if (len(blocks) >= 2 or share >= 0.5) else 0.5
    first = blocks[0]
    quoted = " / ".join(line.strip() for line in first.lines)[:160]
    more = f" (and {len(blocks) - 1} more repeated block(s))" if len(blocks) > 1 else ""
    return Signal(
        "repeated block",
        score,
        f"{first.length} line(s) appear twice, at lines {first.first + 1} and "
        f"{first.copy + 1}: “{quoted}”{more}.",
    )


# Signal: promotional calls to action unrelated to the question -----------------------

# Verbs that open a call to action ("Visit…", "Grab…") or carry one ("…claim it").
CTA_VERBS = _wordset(
    """visit click buy order call contact join register subscribe download grab claim
    shop hire enroll enrol book apply unlock discover boost purchase install redeem
    sign try check get start whatsapp dm telegram email message text"""
)
# Verbs from that list that open ordinary advice too ("Try asking…", "Check whether…"):
# they make a call to action only with something to sell in the same sentence.
_WEAK_CTA = frozenset(
    {"try", "check", "get", "start", "book", "apply", "call", "join", "email", "message", "text"}
)
SALES_WORDS = _wordset(
    """free discount discounts offer offers deal deals cheap cheapest sale bonus exclusive
    guaranteed guarantee limited coupon promo trial price prices pricing affordable instant
    instantly hurry today bargain save savings win winner prize"""
)
COMMERCE_WORDS = _wordset(
    """website site store shop agency product products package packages subscription
    membership platform theme themes template templates blog portal app download service
    services course courses certificate"""
)
MONEY_WORDS = _wordset("""earn earning income profit cash money payout dollars""")
_READER_QUESTION = re.compile(
    r"(?i)^\s*(?:have|are|do|did|would|want|need|looking|wish|tired)\b.*\byou(?:r)?\b"
    r"|^\s*(?:looking for|want to|need a|need an|tired of)\b"
)
_MONEY = re.compile(r"[$€£₹]\s?\d|\d\s?%|\d+\s?(?:usd|eur|dollars)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PromoCheck:
    is_call_to_action: bool
    cues: float
    notes: tuple[str, ...]

    @property
    def is_promotional(self) -> bool:
        return self.is_call_to_action and self.cues >= 1.5


def promo_cues(sentence: str) -> PromoCheck:
    """Does this sentence call the reader to act, and does it sell something?"""
    tokens = words(sentence)
    if not tokens:
        return PromoCheck(False, 0.0, ())
    notes: list[str] = []
    cues = 0.0
    first = (
        tokens[0]
        if tokens[0] not in {"please", "just", "so", "and", "now"}
        else (tokens[1] if len(tokens) > 1 else "")
    )
    imperative = first in CTA_VERBS
    reader_question = bool(_READER_QUESTION.search(_fold(sentence))) and sentence.rstrip().endswith(
        ("?", "?!")
    )
    has_link = bool(_URL.search(sentence) or _EMAIL.search(sentence) or _PHONE.search(sentence))
    sales = sorted({token for token in tokens if token in SALES_WORDS})
    commerce = sorted({token for token in tokens if token in COMMERCE_WORDS})
    money = sorted({token for token in tokens if token in MONEY_WORDS})
    other_verbs = sorted({stem(token) for token in tokens[1:] if stem(token) in CTA_VERBS})
    if sales:
        cues += min(2.0, float(len(sales)))
        notes.append("sales words " + ", ".join(sales))
    if commerce:
        cues += 1.0
        notes.append("selling " + ", ".join(commerce))
    if money or _MONEY.search(sentence):
        cues += 1.0
        notes.append("money")
    if has_link:
        cues += 1.0
        notes.append("a link or contact")
    if other_verbs and (imperative or reader_question):
        cues += 0.5
    if "!" in sentence:
        cues += 0.5
    strong_opening = (imperative and first not in _WEAK_CTA) or reader_question
    if imperative and first not in _WEAK_CTA:
        cues += 0.5  # "Visit…", "Buy…", "Shop…" sell by themselves
    weak_opening = imperative and first in _WEAK_CTA and (sales or commerce or money or has_link)
    is_cta = bool(strong_opening or weak_opening or (has_link and (sales or money)))
    if is_cta:
        notes.insert(0, "asks the reader to act")
    return PromoCheck(is_cta, cues, tuple(notes))


def _has_contact(text: str) -> bool:
    return bool(_URL.search(text) or _EMAIL.search(text) or _PHONE.search(text))


def _line_contacts(text: str) -> dict[str, bool]:
    """Each sentence → whether its line (paragraph) carries a link, address or number."""
    contacts: dict[str, bool] = {}
    for line in text.splitlines():
        has = _has_contact(line)
        for part in sentences(line):
            contacts[part] = contacts.get(part, False) or has
    return contacts


def _overlap(stems: set[str], reference: set[str]) -> float:
    return len(stems & reference) / len(stems) if stems else 1.0


@dataclass(frozen=True)
class UnrelatedLine:
    text: str
    overlap: float
    has_link: bool
    notes: tuple[str, ...]


def unrelated_promotions(text: str, *, title: str = "", question: str = "") -> list[UnrelatedLine]:
    """Sentences that sell something and share (almost) no words with the question.

    The question is `title` plus `question` (an answer's question), or, for a question,
    its own other sentences: the ones that are not promotional themselves, and not copies
    of the sentence being judged.
    """
    found: list[UnrelatedLine] = []
    parts = sentences(text)
    line_of = _line_contacts(text)
    checks = [promo_cues(part) for part in parts]
    normal = [_normal_line(part) for part in parts]
    seen: set[str] = set()
    for index, (part, check) in enumerate(zip(parts, checks, strict=True)):
        if not check.is_promotional or normal[index] in seen:
            continue
        stems = content_stems(part)
        if len(stems) < 2:
            continue
        reference_text = [title, question]
        if not question:
            reference_text += [
                other
                for k, other in enumerate(parts)
                if normal[k] != normal[index] and not checks[k].is_promotional
            ]
        reference = content_stems(" ".join(reference_text))
        overlap = _overlap(stems, reference)
        if overlap <= 0.2:
            seen.add(normal[index])
            found.append(
                UnrelatedLine(
                    text=part,
                    overlap=overlap,
                    has_link=line_of.get(part, False),
                    notes=check.notes,
                )
            )
    return found


@dataclass(frozen=True)
class Advert:
    calls: tuple[str, ...]  # calls to action that give a link, address or number
    selling: tuple[str, ...]  # other sentences that sell (prices, offers, products)


def advert(text: str) -> Advert | None:
    """A post that is an advertisement: a call to action with contact details, and more
    selling besides (another call to action, a price, an offer)."""
    parts = sentences(text)
    line_of = _line_contacts(text)
    checks = [promo_cues(part) for part in parts]
    calls = [
        part
        for part, check in zip(parts, checks, strict=True)
        if check.is_promotional and line_of.get(part, False)
    ]
    promotional = [part for part, check in zip(parts, checks, strict=True) if check.is_promotional]
    selling = [
        part
        for part, check in zip(parts, checks, strict=True)
        if part not in calls and check.cues >= 1.5
    ]
    if calls and (len(promotional) >= 2 or selling):
        return Advert(calls=tuple(calls), selling=tuple(selling))
    return None


def promotion_signal(text: str, *, title: str = "", question: str = "") -> Signal:
    """Calls to action unrelated to the question, and posts that are adverts."""
    lines = unrelated_promotions(text, title=title, question=question)
    selling = advert(text)
    said: list[str] = []
    score = 0.0
    if lines:
        score += 0.6 + 0.3 * (len(lines) - 1) + (0.4 if any(line.has_link for line in lines) else 0)
        first = lines[0]
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        link = " next to a link or contact" if first.has_link else ""
        said.append(
            f"“{first.text[:160]}” is a call to action ({'; '.join(first.notes)}){link}, "
            f"sharing {first.overlap:.0%} of its words with the question{more}"
        )
    if selling is not None:
        score += 0.65
        said.append(
            f"reads as an advert: “{selling.calls[0][:120]}” with contact details, and "
            f"{len(selling.calls) + len(selling.selling) - 1} more selling sentence(s)"
        )
    if not said:
        return Signal("promotion", 0.0, "")
    return Signal("promotion", min(1.0, score), "; ".join(said) + ".")


# Signal: listed phrases and link domains ---------------------------------------------


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in _fold(phrase).split())
    return re.compile(rf"(?<![\w]){escaped}(?![\w])")


def listed_terms_signal(text: str, lists: Lists) -> Signal:
    folded = _fold(text)
    phrases = [phrase for phrase in lists.phrases if _phrase_pattern(phrase).search(folded)]
    hosts = {link_domain(url) for url in links(text)}
    domains = sorted(
        {domain for domain in lists.domains for host in hosts if _domain_matches(host, domain)}
    )
    if not phrases and not domains:
        return Signal("listed phrases and domains", 0.0, "")
    score = min(1.0, 0.35 * len(phrases) + 1.0 * len(domains))
    said = []
    if domains:
        said.append("blocked link domain " + ", ".join(domains))
    if phrases:
        said.append(
            "listed phrase"
            + ("s " if len(phrases) > 1 else " ")
            + ", ".join(f"“{phrase}”" for phrase in phrases[:6])
        )
    return Signal("listed phrases and domains", score, "; ".join(said) + ".")


# Signal: many links or link shorteners from a new account ----------------------------


def links_signal(text: str, lists: Lists, *, new_account: bool) -> Signal:
    if not new_account:
        return Signal("links from a new account", 0.0, "")
    found = sorted({url.lower() for url in links(text)})
    shortened = sorted(
        {
            link_domain(url)
            for url in found
            if any(_domain_matches(link_domain(url), short) for short in lists.shorteners)
        }
    )
    score = 0.0
    said = []
    if shortened:
        score += 0.8
        said.append("link shortener " + ", ".join(shortened) + " hides where a link goes")
    if len(found) >= 3:
        score += min(0.8, 0.4 + 0.2 * (len(found) - 3))
        said.append(f"{len(found)} links")
    if not score:
        return Signal("links from a new account", 0.0, "")
    return Signal("links from a new account", min(1.0, score), "; ".join(said) + ".")


# Signal: near-duplicates of earlier posts (shingling + MinHash) ----------------------

SHINGLE_WORDS = 4
MINHASH_SIZE = 64
BANDS = 16  # 16 bands of 4 values: candidates from about 50% similarity up
MIN_WORDS_FOR_DUPLICATES = 25


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    tokens = words(text)
    if len(tokens) < MIN_WORDS_FOR_DUPLICATES:
        return set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _hash64(value: str, seed: int) -> int:
    digest = hashlib.blake2b(value.encode(), digest_size=8, key=seed.to_bytes(4, "big"))
    return int.from_bytes(digest.digest(), "big")


def minhash(items: Iterable[str], size: int = MINHASH_SIZE) -> tuple[int, ...]:
    """The signature of a set of shingles (empty when there are none)."""
    items = list(items)
    if not items:
        return ()
    # One 64-bit hash per shingle, then `size` cheap permutations of it (a*h + b mod p).
    base = [_hash64(item, 0) for item in items]
    prime = (1 << 61) - 1
    signature = []
    for seed in range(1, size + 1):
        a = _hash64("a", seed) % prime or 1
        b = _hash64("b", seed) % prime
        signature.append(min((a * h + b) % prime for h in base))
    return tuple(signature)


def band_keys(signature: Sequence[int], bands: int = BANDS) -> list[int]:
    """Locality-sensitive keys: two similar signatures very likely share one."""
    if not signature:
        return []
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        chunk = ",".join(str(value) for value in signature[band * rows : (band + 1) * rows])
        # Signed 63-bit, to fit a database bigint.
        keys.append(_hash64(f"{band}:{chunk}", 0) >> 1)
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def near_duplicate_signal(matches: Sequence[tuple[str, float]]) -> Signal:
    """`matches`: (what the earlier post is, similarity), best first."""
    if not matches:
        return Signal("near-duplicate", 0.0, "")
    label, best = matches[0]
    if best < 0.6:
        return Signal("near-duplicate", 0.0, "")
    score = 1.0 if best >= 0.8 else 0.6
    return Signal(
        "near-duplicate", score, f"about {best:.0%} the same text as {label} (4-word shingles)."
    )


# Signal: naive Bayes trained on the moderators' decisions ----------------------------


def bayes_tokens(text: str) -> list[str]:
    tokens = [stem(word) for word in words(text) if word not in STOPWORDS and len(word) > 1]
    tokens += [f"domain:{link_domain(url)}" for url in links(text)]
    if links(text):
        tokens.append("has:link")
    if _PHONE.search(text):
        tokens.append("has:phone")
    return tokens


@dataclass
class NaiveBayes:
    """Multinomial naive Bayes with add-one smoothing and equal class priors."""

    spam_docs: int = 0
    ham_docs: int = 0
    spam_counts: Counter[str] = field(default_factory=Counter)
    ham_counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def train(cls, examples: Iterable[tuple[str, bool]]) -> NaiveBayes:
        model = cls()
        for text, is_spam in examples:
            model.add(text, is_spam)
        return model

    def add(self, text: str, is_spam: bool) -> None:
        tokens = bayes_tokens(text)
        if is_spam:
            self.spam_docs += 1
            self.spam_counts.update(tokens)
        else:
            self.ham_docs += 1
            self.ham_counts.update(tokens)

    def probability(self, text: str) -> float:
        """P(spam | text), assuming both classes equally likely beforehand."""
        vocabulary = len(set(self.spam_counts) | set(self.ham_counts)) or 1
        spam_total = sum(self.spam_counts.values()) + vocabulary
        ham_total = sum(self.ham_counts.values()) + vocabulary
        log_odds = 0.0
        for token in bayes_tokens(text):
            if token not in self.spam_counts and token not in self.ham_counts:
                continue  # unseen words say nothing
            log_odds += math.log((self.spam_counts[token] + 1) / spam_total)
            log_odds -= math.log((self.ham_counts[token] + 1) / ham_total)
        log_odds = max(-50.0, min(50.0, log_odds))
        return 1 / (1 + math.exp(-log_odds))

    def to_json(self) -> dict[str, object]:
        return {
            "spam_docs": self.spam_docs,
            "ham_docs": self.ham_docs,
            "spam_counts": dict(self.spam_counts),
            "ham_counts": dict(self.ham_counts),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> NaiveBayes:
        spam_counts = data.get("spam_counts") or {}
        ham_counts = data.get("ham_counts") or {}
        assert isinstance(spam_counts, dict) and isinstance(ham_counts, dict)
        return cls(
            spam_docs=int(str(data.get("spam_docs", 0))),
            ham_docs=int(str(data.get("ham_docs", 0))),
            spam_counts=Counter({str(k): int(v) for k, v in spam_counts.items()}),
            ham_counts=Counter({str(k): int(v) for k, v in ham_counts.items()}),
        )


def bayes_signal(text: str, model: NaiveBayes | None, *, min_examples: int = 5) -> Signal:
    if model is None or min(model.spam_docs, model.ham_docs) < min_examples:
        return Signal("naive Bayes", 0.0, "")
    p = model.probability(text)
    basis = f"from {model.spam_docs} spam and {model.ham_docs} not-spam moderator decisions"
    if p >= 0.99:
        score = 1.0
    elif p >= 0.95:
        score = 0.7
    elif p >= 0.8:
        score = 0.4
    elif p <= 0.05:
        score = -0.3  # moderators approved posts like this one
    else:
        return Signal("naive Bayes", 0.0, "")
    return Signal("naive Bayes", score, f"spam probability {p:.1%} {basis}.")


# All together -------------------------------------------------------------------------


def detect(
    *,
    body: str,
    title: str = "",
    question: str = "",
    new_account: bool = True,
    lists: Lists | None = None,
    duplicates: Sequence[tuple[str, float]] = (),
    model: NaiveBayes | None = None,
    threshold: float = 1.0,
    min_bayes_examples: int = 5,
) -> Verdict:
    """Judge one post.

    `title` is the post's own title (questions); `question` is the title and body of the
    question an answer answers; `duplicates` are the earlier posts most like this one,
    with their similarity (see `minhash`); `model` the trained naive Bayes, if any.
    """
    lists = lists or Lists()
    everything = f"{title}\n{body}"
    signals = (
        repeated_block_signal(body),
        promotion_signal(body, title=title, question=question),
        listed_terms_signal(everything, lists),
        links_signal(body, lists, new_account=new_account),
        near_duplicate_signal(duplicates),
        bayes_signal(everything, model, min_examples=min_bayes_examples),
    )
    fired = tuple(signal for signal in signals if signal.score)
    total = round(sum(signal.score for signal in fired), 3)
    return Verdict(score=total, threshold=threshold, signals=fired)


def clean_scraped_text(text: str, *, title: str = "") -> tuple[str, list[str]]:
    """Repair a scraped page: drop the later copies of blocks pasted twice in a row
    (`repeated_runs`) and the promotional lines unrelated to the question (the
    `unrelated_promotions` rule of the spam check). Returns the cleaned text and the lines
    dropped, in order.

    Without a title, the first non-blank line is taken as the question's title.
    """
    raw = text.splitlines()
    if not title:
        title = next((line for line in raw if line.strip()), "")
    drop: set[int] = set()
    for block in repeated_runs(text):
        kept = [i for i, line in enumerate(raw) if line.strip() and i >= block.copy]
        drop.update(kept[: block.length])
    remaining = "\n".join(line for i, line in enumerate(raw) if i not in drop)
    promotional = {_normal_line(item.text) for item in unrelated_promotions(remaining, title=title)}
    for index, line in enumerate(raw):
        if index in drop or not line.strip():
            continue
        # A line goes when it is (all of) a promotional sentence found above.
        parts = sentences(line)
        if parts and all(_normal_line(part) in promotional for part in parts):
            drop.add(index)
    cleaned = "\n".join(line for i, line in enumerate(raw) if i not in drop)
    if text.endswith("\n"):
        cleaned += "\n"
    return cleaned, [raw[i] for i in sorted(drop)]
