"""Realistic synthetic Stack Exchange dumps for benchmarks and load tests.

Same files, attributes and quirks as a real dump (BOM, all questions before all
answers, anonymous votes, deleted owners, the Community user, both tag encodings,
HTML bodies with code, links and remote images), with deterministic content for a seed.
"""

from __future__ import annotations

import random
from array import array
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from questor.importers.export import DumpWriter

WORDS = (  # noqa: SIM905 - a word list reads better as text
    "team manager feedback meeting project goal review career plan delegate trust "
    "report hire interview remote budget deadline conflict mentor coach priority "
    "process quality customer stakeholder decision culture growth skill promotion "
    "salary performance risk strategy roadmap estimate sprint backlog release "
    "incident retrospective onboarding the a to of and in that is for it with as was "
    "on be by this are or have from"
).split()
SITE = "generated.stackexchange.com"
START = datetime(2015, 1, 1, tzinfo=UTC)


def _sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return (" ".join(words)).capitalize() + rng.choice(".?.")


def _body(rng: random.Random, post_id: int) -> str:
    parts = [f"<p>{_sentence(rng)} {_sentence(rng)} {_sentence(rng)}</p>"]
    parts.extend(f"<p>{_sentence(rng)} {_sentence(rng)}</p>" for _ in range(rng.randint(0, 3)))
    roll = rng.random()
    if roll < 0.3:
        parts.append(
            '<pre class="lang-py s-code-block"><code>for item in items:\n'
            "    if item &lt; limit &amp;&amp; ok:\n        print(&quot;done&quot;)\n</code></pre>"
        )
    elif roll < 0.5:
        parts.append(
            f'<p>See <a href="https://{SITE}/questions/{max(1, post_id - 7)}/x" '
            f'rel="nofollow noreferrer">this question</a> and <code>git log</code>.</p>'
        )
    elif roll < 0.6:
        parts.append(f'<p><img src="https://i.stack.imgur.com/{post_id}.png" alt="diagram"></p>')
    elif roll < 0.7:
        parts.append(f"<ul>\n<li>{_sentence(rng)}</li>\n<li>{_sentence(rng)}</li>\n</ul>")
    return "\n".join(parts) + "\n"


def generate_dump(
    target: Path, *, posts: int, seed: int = 1, new_tag_encoding: bool = False
) -> dict[str, int]:
    """Write a dump of about `posts` posts (40% questions) into `target`."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    user_count = max(10, posts // 8)
    question_count = max(1, posts * 2 // 5)
    tag_names = [f"{rng.choice(WORDS[:40])}-{n}" for n in range(max(20, min(5000, posts // 50)))]
    counts: dict[str, int] = {}

    def moment(offset_days: float) -> datetime:
        return START + timedelta(days=offset_days)

    with DumpWriter(target / "Users.xml", "users") as out:
        out.row(Id=-1, Reputation=1, CreationDate=START, DisplayName="Community",
                LastAccessDate=START, AboutMe="<p>Hi, I'm not really a person.</p>", Views=0,
                UpVotes=0, DownVotes=0, AccountId=-1)  # fmt: skip
        for user_id in range(1, user_count + 1):
            about = f"<p>{escape(_sentence(rng))}</p>" if rng.random() < 0.3 else None
            out.row(
                Id=user_id,
                Reputation=int(rng.paretovariate(1.2) * 10),
                CreationDate=moment(user_id * 3000 / user_count),
                DisplayName=f"{rng.choice(WORDS[:40]).title()} User{user_id}",
                LastAccessDate=moment(3000 + rng.random() * 100),
                AboutMe=about,
                Location=rng.choice([None, "Berlin", "Lagos", "Lima"]),
                Views=rng.randint(0, 500),
                UpVotes=rng.randint(0, 50),
                DownVotes=rng.randint(0, 5),
                AccountId=user_id + 1000,
            )
        counts["Users"] = out.count

    # Answers' questions are drawn first, so questions can name an accepted answer.
    parents = [rng.randint(1, question_count) for _ in range(question_count + 1, posts + 1)]
    first_answer: dict[int, int] = {}
    answer_counts = array("I", bytes(4 * (question_count + 1)))
    for offset, parent in enumerate(parents):
        first_answer.setdefault(parent, question_count + 1 + offset)
        answer_counts[parent] += 1
    # Comments' posts too, so posts carry true AnswerCount and CommentCount.
    comment_posts = [rng.randint(1, posts) for _ in range(int(posts * 0.8))]
    comment_counts = array("I", bytes(4 * (posts + 1)))
    for post_id in comment_posts:
        comment_counts[post_id] += 1
    used_tags: dict[str, int] = {}
    with DumpWriter(target / "Posts.xml", "posts") as out:
        # All questions first, then all answers (as in real dumps, an order the importer
        # must not depend on).
        for post_id in range(1, question_count + 1):
            created = moment(post_id * 3000 / posts)
            tags = rng.sample(tag_names, rng.randint(1, 5))
            for tag in tags:
                used_tags[tag] = used_tags.get(tag, 0) + 1
            owner = rng.randint(1, user_count) if rng.random() > 0.01 else None
            accepted = first_answer.get(post_id) if rng.random() < 0.5 else None
            out.row(
                Id=post_id,
                PostTypeId=1,
                AcceptedAnswerId=accepted,
                CreationDate=created,
                Score=rng.randint(-2, 30),
                ViewCount=rng.randint(5, 50_000),
                Body=_body(rng, post_id),
                OwnerUserId=owner,
                OwnerDisplayName=None if owner else f"user{rng.randint(1, 99999)}",
                LastActivityDate=created + timedelta(days=rng.random() * 30),
                Title=_sentence(rng, 5, 12)[:-1] + "?",
                Tags=("|" + "|".join(tags) + "|")
                if new_tag_encoding
                else "".join(f"<{t}>" for t in tags),
                AnswerCount=answer_counts[post_id],
                CommentCount=comment_counts[post_id],
                ClosedDate=created + timedelta(days=1) if rng.random() < 0.03 else None,
                ContentLicense="CC BY-SA 4.0",
            )
        for post_id, parent in zip(range(question_count + 1, posts + 1), parents, strict=True):
            created = moment(parent * 3000 / posts + rng.random() * 10)
            owner = rng.randint(1, user_count)
            out.row(
                Id=post_id,
                PostTypeId=2,
                ParentId=parent,
                CreationDate=created,
                Score=rng.randint(-1, 40),
                Body=_body(rng, post_id),
                OwnerUserId=owner,
                LastEditorUserId=owner if rng.random() < 0.2 else None,
                LastEditDate=created + timedelta(hours=2) if rng.random() < 0.2 else None,
                LastActivityDate=created + timedelta(hours=3),
                CommentCount=comment_counts[post_id],
                ContentLicense="CC BY-SA 4.0",
            )
        counts["Posts"] = out.count
    with DumpWriter(target / "Comments.xml", "comments") as out:
        for comment_id, post_id in enumerate(comment_posts, start=1):
            user = rng.randint(1, user_count) if rng.random() > 0.01 else None
            out.row(
                Id=comment_id,
                PostId=post_id,
                Score=rng.randint(0, 5),
                Text=_sentence(rng) + (" See `code` and *this*." if rng.random() < 0.2 else ""),
                CreationDate=moment(rng.random() * 3000),
                UserId=user,
                UserDisplayName=None if user else f"user{rng.randint(1, 99999)}",
                ContentLicense="CC BY-SA 4.0",
            )
        counts["Comments"] = out.count
    with DumpWriter(target / "Votes.xml", "votes") as out:
        vote_id = 0
        for _ in range(posts * 2):
            vote_id += rng.randint(1, 3)  # gaps, as in real dumps
            kind = rng.choices([2, 3, 1, 5, 8], weights=[80, 8, 5, 6, 1])[0]
            out.row(
                Id=vote_id,
                PostId=rng.randint(1, posts + posts // 100),  # some deleted posts
                VoteTypeId=kind,
                UserId=rng.randint(1, user_count) if kind in (5, 8) else None,
                CreationDate=moment(rng.randint(0, 3000)),
                BountyAmount=50 if kind == 8 else None,
            )
        counts["Votes"] = out.count
    with DumpWriter(target / "Tags.xml", "tags") as out:
        for tag_id, name in enumerate(tag_names, start=1):
            out.row(Id=tag_id, TagName=name, Count=used_tags.get(name, 0))
        counts["Tags"] = out.count
    with DumpWriter(target / "PostLinks.xml", "postlinks") as out:
        for link_id in range(1, question_count // 50 + 1):
            out.row(
                Id=link_id,
                CreationDate=moment(rng.random() * 3000),
                PostId=rng.randint(1, question_count),
                RelatedPostId=rng.randint(1, question_count),
                LinkTypeId=rng.choice([1, 1, 1, 3]),
            )
        counts["PostLinks"] = out.count
    with DumpWriter(target / "Badges.xml", "badges") as out:
        for badge_id in range(1, user_count + 1):
            out.row(
                Id=badge_id,
                UserId=rng.randint(1, user_count),
                Name=rng.choice(["Student", "Teacher", "Supporter", "Scholar", "Editor"]),
                Date=moment(rng.random() * 3000),
                Class=3,
                TagBased=False,
            )
        counts["Badges"] = out.count
    return counts
