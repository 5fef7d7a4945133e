"""Demo content for a fresh Questor site: a small leadership and management community.

All of the text below was written for Questor and is free to use under the
project's licence (AGPL-3.0-or-later). It is plain Python data with no logic.
"""

from __future__ import annotations

from typing import Any

CATEGORIES: list[dict[str, Any]] = [
    {
        "slug": "leadership",
        "name": "Leadership",
        "description": (
            "Setting direction, earning trust and helping people want to follow where the work is "
            "going."
        ),
    },
    {
        "slug": "management",
        "name": "Management",
        "description": (
            "The day-to-day craft of running a team: delegation, one-on-ones, reviews, hiring and "
            "planning."
        ),
    },
    {
        "slug": "teams",
        "name": "Teams",
        "description": (
            "How groups of people work together, from conflict and motivation to meetings and "
            "remote work."
        ),
    },
    {
        "slug": "careers",
        "name": "Careers",
        "description": (
            "Growing as a leader, stepping into new roles and working well with the people above "
            "you."
        ),
    },
    {
        "slug": "communication",
        "name": "Communication",
        "description": (
            "Feedback, difficult conversations and saying the hard thing clearly and kindly."
        ),
    },
]

USERS: list[dict[str, Any]] = [
    {
        "username": "priya_n",
        "display_name": "Priya Nair",
        "about": (
            "Team lead for a six-person support engineering team at a logistics software company. "
            "Promoted from within the team this spring, so I'm learning all of this *in public*."
        ),
    },
    {
        "username": "marcus.hr",
        "display_name": "Marcus Bell",
        "about": (
            "HR business partner for a mid-sized healthcare group. I spend most of my week helping "
            "managers through the conversations they'd rather avoid."
        ),
    },
    {
        "username": "elena-em",
        "display_name": "Elena Kowalski",
        "about": (
            "Engineering manager for two teams, about fourteen people in all. Former backend "
            "developer, still occasionally trusted with a code review."
        ),
    },
    {
        "username": "coach_dave",
        "display_name": "David Osei",
        "about": (
            "Leadership coach working mostly with first- and second-line managers, after twelve "
            "years running operations teams. I believe most management problems are **clarity "
            "problems** in disguise."
        ),
    },
    {
        "username": "rosa.delgado",
        "display_name": "Rosa Delgado",
        "about": (
            "Executive director of a community literacy charity with a small staff and a large "
            "crew of volunteers. Joined last year after a decade in programme management elsewhere."
        ),
    },
    {
        "username": "tomlin",
        "display_name": "Tom Lindqvist",
        "about": (
            "Operations manager at a food packaging plant: three shifts, forty people and a lot of "
            "coffee. Came up through maintenance engineering."
        ),
    },
    {
        "username": "aisha_k",
        "display_name": "Aisha Karimi",
        "about": (
            "Product manager leading a fully remote team across four time zones. Fond of written "
            "updates and mildly suspicious of meetings."
        ),
    },
    {
        "username": "benji.w",
        "display_name": "Ben Walsh",
        "about": (
            "Ran a garden-centre store for six years and recently became regional manager for five "
            "stores. Still happiest on the shop floor."
        ),
    },
]

QUESTIONS: list[dict[str, Any]] = [
    # 1 -------------------------------------------------------------------
    {
        "author": "priya_n",
        "title": "What is the difference between leadership and management?",
        "body": (
            "I was promoted to team lead three months ago, and I keep hearing people talk about "
            "'leaders' and 'managers' as if they were different things. In my last check-in my "
            "director said I'm *a good manager but need to grow as a leader*, and I honestly don't "
            "know what to do with that.\n\n"
            "From what I can tell:\n\n"
            "- Management is about plans, budgets, schedules and making sure the work gets done.\n"
            "- Leadership is about direction, influence and people wanting to follow you.\n\n"
            "In practice I do both every day and the line feels blurry. Is there a useful, "
            "practical distinction? And how would I know which one I'm neglecting?"
        ),
        "tags": ["leadership-vs-management", "first-time-manager", "self-development"],
        "category": "leadership",
        "days_ago": 380,
        "views": 2140,
        "votes": {
            "up": ["coach_dave", "marcus.hr", "elena-em", "benji.w", "aisha_k", "tomlin"],
            "down": [],
        },
        "comments": [
            {
                "author": "benji.w",
                "body": (
                    "I got almost exactly the same line in my first review. It took me a good year "
                    "to work out what it meant, so I'm glad someone asked."
                ),
            },
        ],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "A distinction I find useful in practice: **management makes a system run "
                    "reliably; leadership decides where the system should go and helps people want "
                    "to go there.** Neither is better. A team with plenty of leadership and no "
                    "management has energy and chaos; the reverse has order and drift.\n\n"
                    "When a director says you're a good manager but need to grow as a leader, they "
                    "usually mean something like:\n\n"
                    "1. You keep the work moving, but you rarely say *why* it matters or where the "
                    "team is heading next.\n"
                    "2. People bring you problems to solve rather than ideas to pursue.\n"
                    "3. You respond well to what's in front of you but don't shape what comes "
                    "next.\n\n"
                    "A quick self-check: look at your last two weeks of calendar. How much time "
                    "went on scheduling, unblocking and reporting (management), and how much on "
                    "setting direction, coaching people and influencing beyond your team "
                    "(leadership)? If the second bucket is nearly empty, that's your gap.\n\n"
                    "The good news is that solid management earns you the credibility to lead. "
                    "People follow someone whose plans actually work."
                ),
                "accepted": True,
                "votes": {
                    "up": ["priya_n", "marcus.hr", "elena-em", "benji.w", "rosa.delgado"],
                    "down": [],
                },
                "comments": [
                    {
                        "author": "priya_n",
                        "body": (
                            "The calendar check was humbling. Nearly all of my last two weeks went "
                            "on unblocking and reporting. Thank you, this gives me something "
                            "concrete to change."
                        ),
                    },
                ],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "From the HR side: feedback like that is often shorthand, and the person "
                    "giving it may not have a precise picture in mind either. I'd go back to your "
                    "director and ask for two concrete examples, one moment where you managed well "
                    "and one where they wished you had *led*. Then ask what good would have looked "
                    "like in that second moment.\n\n"
                    "You'll usually get something specific, such as 'when the roadmap changed, you "
                    "passed the news on but didn't help the team make sense of it.' That is far "
                    "more useful than a general label, and asking shows you're taking the feedback "
                    "seriously."
                ),
                "accepted": False,
                "votes": {"up": ["priya_n", "coach_dave", "aisha_k"], "down": []},
                "comments": [],
            },
            {
                "author": "elena-em",
                "body": (
                    "A slightly contrarian take: I think the leadership/management split gets "
                    "overplayed, especially for first-line leads. At your level, the best "
                    "leadership is often just good management done visibly: clear priorities, fair "
                    "decisions, honest talk about trade-offs.\n\n"
                    "Where I do see a real difference is in *scope*. Managing is about the team "
                    "you've been given. Leading often means acting beyond your formal authority, "
                    "like pushing for a process change across teams or speaking up when something "
                    "upstream is broken.\n\n"
                    "If you want one thing to try, pick a problem that affects your team but isn't "
                    "owned by you, and take the first step towards fixing it."
                ),
                "accepted": False,
                "votes": {"up": ["tomlin", "priya_n"], "down": ["rosa.delgado"]},
                "comments": [
                    {
                        "author": "coach_dave",
                        "body": (
                            "I'd agree about scope. Acting beyond your formal authority is "
                            "probably the clearest sign that someone has started leading."
                        ),
                    },
                ],
            },
        ],
    },
    # 2 -------------------------------------------------------------------
    {
        "author": "tomlin",
        "title": "How do I delegate real work without turning into a micromanager?",
        "body": (
            "I run operations at a packaging plant with three shift supervisors and about forty "
            "people overall. I came up through maintenance, and for years I was the person who "
            "fixed things when they broke.\n\n"
            "Now I'm supposed to delegate. I do hand things off, but then I check in every couple "
            "of hours. Last week one of my supervisors said, quite kindly:\n\n"
            "> If you're going to check on it every hour, you might as well do it yourself.\n\n"
            "She's right, and it stung. The trouble is that when things go wrong here they go "
            "wrong expensively, and I still feel responsible. How do people delegate properly "
            "without either hovering or losing sleep?"
        ),
        "tags": ["delegation", "micromanagement", "trust"],
        "category": "management",
        "days_ago": 342,
        "views": 1675,
        "votes": {"up": ["elena-em", "coach_dave", "benji.w", "priya_n"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "elena-em",
                "body": (
                    "The hovering usually comes from unclear agreements rather than a lack of "
                    "trust. If you never agreed when you'd hear back, every hour of silence feels "
                    "like a risk. For each handoff, agree these up front:\n\n"
                    "1. **The outcome**, not the method. What does done look like, and by when?\n"
                    "2. **The boundaries.** What's off limits, how much budget or downtime is "
                    "acceptable, and which decisions should come to you first.\n"
                    "3. **The checkpoints.** Two or three agreed moments for an update. Put them "
                    "in the calendar.\n"
                    "4. **The tripwires.** Specific signals that mean 'call me now', such as a "
                    "safety issue or a line down for more than thirty minutes.\n\n"
                    "Then hold yourself to it. Between checkpoints, you don't ask. If something "
                    "crosses a tripwire, they'll call you, because you've both agreed they "
                    "should.\n\n"
                    "It also helps to say which *level* of delegation you mean. A new supervisor "
                    "on an unfamiliar job might get 'look into it and recommend'. An experienced "
                    "one can get 'handle it and tell me afterwards'. Naming the level removes a "
                    "lot of guesswork on both sides."
                ),
                "accepted": True,
                "votes": {
                    "up": ["tomlin", "coach_dave", "priya_n", "aisha_k", "marcus.hr"],
                    "down": [],
                },
                "comments": [
                    {
                        "author": "tomlin",
                        "body": (
                            "The tripwires idea is exactly what was missing. We agreed a short "
                            "list with each supervisor and I've checked in far less this week."
                        ),
                    },
                ],
            },
            {
                "author": "coach_dave",
                "body": (
                    "Worth naming something gently: the checking is mostly about managing *your* "
                    "anxiety, not the work. That's very normal, especially for someone whose "
                    "identity was built on being the fixer.\n\n"
                    "A practice I give clients: when you feel the urge to check in, write down "
                    "what you're worried about instead. At the end of the week, review the list. "
                    "Most people find that very few of those worries came true, and the ones that "
                    "did would have surfaced anyway. That gives you evidence that it's safe to let "
                    "go.\n\n"
                    "And thank that supervisor. She took a risk telling you, and how you respond "
                    "will decide whether anyone tells you the truth again."
                ),
                "accepted": False,
                "votes": {"up": ["tomlin", "rosa.delgado", "elena-em"], "down": []},
                "comments": [],
            },
            {
                "author": "benji.w",
                "body": (
                    "Something that helped me in retail: I asked each shift lead to send a "
                    "three-line note at the end of their shift. What got done, what's stuck, what "
                    "they need from me. It took them two minutes and completely stopped me "
                    "wandering round asking how things were going. I got the visibility I needed "
                    "without interrupting anyone."
                ),
                "accepted": False,
                "votes": {"up": ["tomlin", "aisha_k"], "down": []},
                "comments": [
                    {
                        "author": "tomlin",
                        "body": (
                            "Stealing this. Our shift handover notes already cover half of it, so "
                            "it's a small change."
                        ),
                    },
                ],
            },
        ],
    },
    # 3 -------------------------------------------------------------------
    {
        "author": "priya_n",
        "title": "How should I run one-on-ones so they aren't just status updates?",
        "body": (
            "I lead a team of six. My predecessor never held one-on-ones, so when I took over I "
            "started weekly 30-minute sessions with everyone. A month in, they've all become "
            "status updates: people tell me what they're working on, I nod, and we finish "
            "early.\n\n"
            "The team already shares status in our standup and tracker, so this feels like a waste "
            "of everyone's time. Some specific questions:\n\n"
            "- Should I set the agenda, or should they?\n"
            "- What do you actually talk about, if not the work?\n"
            "- Is weekly too often for people who seem fine?\n\n"
            "I'd love to hear how experienced managers structure these."
        ),
        "tags": ["one-on-ones", "first-time-manager", "coaching"],
        "category": "management",
        "days_ago": 355,
        "views": 1980,
        "votes": {"up": ["elena-em", "marcus.hr", "aisha_k", "benji.w", "tomlin"], "down": []},
        "comments": [
            {
                "author": "coach_dave",
                "body": (
                    "Finishing early isn't always a failure, by the way. Sometimes a short "
                    "one-on-one is a sign that things are genuinely fine."
                ),
            },
        ],
        "answers": [
            {
                "author": "elena-em",
                "body": (
                    "The biggest shift for me was telling people plainly: **this is your meeting, "
                    "not mine.** Status belongs in the tracker. One-on-ones are for everything "
                    "that doesn't fit anywhere else.\n\n"
                    "What works for my teams:\n\n"
                    "1. Keep a shared doc per person. Either of you can add topics during the "
                    "week. Their items go first; yours go second.\n"
                    "2. If their list is empty, have a few open questions ready. Some I rotate "
                    "through: *What's taking more energy than it should?* *What would you change "
                    "about how we work?* *Is there anything you'd like more or less of from me?*\n"
                    "3. Once a month, zoom out to growth: what they want to get better at, and "
                    "what kind of work they'd like next.\n"
                    "4. Write down any commitments you make, and start the next session by closing "
                    "them.\n\n"
                    "Weekly is fine to begin with. If someone consistently has nothing, try "
                    "fortnightly, but don't drop it altogether. The moments people most need a "
                    "one-on-one are rarely the moments they'd think to book one."
                ),
                "accepted": True,
                "votes": {
                    "up": ["priya_n", "coach_dave", "aisha_k", "tomlin", "rosa.delgado", "benji.w"],
                    "down": [],
                },
                "comments": [],
            },
            {
                "author": "aisha_k",
                "body": (
                    "My team is fully remote, and a few small things made a real difference:\n\n"
                    "- **Ask twice.** The first answer to 'how are things?' is almost always "
                    "'fine'. A gentle 'and what's the not-so-fine part?' often brings out the real "
                    "topic.\n"
                    "- **Let silence sit.** On video calls there's a temptation to fill every gap. "
                    "Wait a few seconds and people often add the thing they were hesitating to "
                    "say.\n"
                    "- **Vary the format.** Some of my best one-on-ones have been audio-only while "
                    "we both went for a walk."
                ),
                "accepted": False,
                "votes": {"up": ["priya_n", "elena-em"], "down": []},
                "comments": [
                    {
                        "author": "priya_n",
                        "body": (
                            "Tried the 'ask twice' question today and got a much more honest "
                            "conversation. Thank you!"
                        ),
                    },
                ],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "One point from the HR side: protect the slot. The quickest way to tell "
                    "someone they aren't a priority is to cancel their one-on-one for something "
                    "more urgent. If you really have to move it, reschedule within the same week "
                    "and say why.\n\n"
                    "Also keep brief private notes. When review time comes round, or a difficult "
                    "situation comes up, you'll be glad to have a record of what you discussed and "
                    "what you both agreed."
                ),
                "accepted": False,
                "votes": {"up": ["priya_n", "tomlin"], "down": []},
                "comments": [],
            },
        ],
    },
    # 4 -------------------------------------------------------------------
    {
        "author": "benji.w",
        "title": "How do I give difficult feedback to a long-serving, well-liked employee?",
        "body": (
            "I manage a garden centre with about twenty staff. One of our longest-serving team "
            "members is brilliant with plants and everyone likes her, but when the shop gets busy "
            "she becomes short with customers. We've had four complaints in two months, including "
            "one where a customer left in tears.\n\n"
            "I've been putting off the conversation for weeks. My assistant manager told me:\n\n"
            "> She's been here longer than you. She'll just get defensive and the whole team will "
            "take her side.\n\n"
            "He might be right. How do I raise this without damaging the relationship or the "
            "team's morale, while still making it clear that it has to change?"
        ),
        "tags": ["feedback", "difficult-conversations", "performance"],
        "category": "communication",
        "days_ago": 310,
        "views": 1432,
        "votes": {"up": ["coach_dave", "marcus.hr", "rosa.delgado", "priya_n"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "Waiting is making this harder, not easier, so well done for deciding to act. "
                    "A structure that keeps these conversations grounded:\n\n"
                    "1. **Open plainly.** 'I need to talk to you about something difficult, and I "
                    "want to do it properly.' Don't bury it inside praise.\n"
                    "2. **Describe specific situations and behaviour.** 'Last Saturday at the "
                    "till, when the queue was long, you told a customer to read the sign and "
                    "turned away.' Facts, not character.\n"
                    "3. **Explain the impact.** The customer complained, and it reflects on the "
                    "whole shop.\n"
                    "4. **Then stop and ask.** 'What was going on for you?' You may learn "
                    "something important.\n"
                    "5. **Agree what changes.** Be clear the behaviour has to stop, and work out "
                    "together what would help.\n"
                    "6. **Follow up** within a couple of weeks, including noticing when it's going "
                    "well.\n\n"
                    "Her tenure and popularity don't change the standard; they just mean the "
                    "conversation deserves extra care. Experienced people usually respect a "
                    "manager who is direct and fair far more than one who tiptoes around them."
                ),
                "accepted": True,
                "votes": {
                    "up": ["benji.w", "marcus.hr", "elena-em", "priya_n", "aisha_k"],
                    "down": [],
                },
                "comments": [
                    {
                        "author": "benji.w",
                        "body": (
                            "Update: we talked on Tuesday. Asking what was going on for her "
                            "changed everything. She's been coping with a painful back injury and "
                            "busy days were agony. We've adjusted her shifts, and she apologised "
                            "to the team herself."
                        ),
                    },
                    {
                        "author": "coach_dave",
                        "body": (
                            "That's a lovely outcome, and a good reminder of why step 4 matters so "
                            "much."
                        ),
                    },
                ],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "A practical layer to add: before you meet, jot down the dates and details of "
                    "each complaint so you aren't relying on memory. Afterwards, send a short, "
                    "friendly note summarising what you agreed. It isn't a threat; it simply makes "
                    "sure you both left with the same understanding.\n\n"
                    "If things don't improve after a fair chance, you'll have a clear record "
                    "should you need to take more formal steps. Hopefully you won't."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w", "tomlin"], "down": []},
                "comments": [],
            },
            {
                "author": "rosa.delgado",
                "body": (
                    "About your assistant manager's warning: teams rarely side with someone who's "
                    "rude to customers. They side with whoever seems to be treated unfairly. If "
                    "you're private, specific and respectful, there's very little for anyone to "
                    "take sides over.\n\n"
                    "The rest of your staff have almost certainly noticed the problem already. "
                    "They're watching to see whether you deal with it."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w", "coach_dave", "elena-em"], "down": []},
                "comments": [],
            },
        ],
    },
    # 5 -------------------------------------------------------------------
    {
        "author": "benji.w",
        "title": "I've been promoted over my former peers. How do I handle the change?",
        "body": (
            "Last month I became regional manager for five stores. Until then I was one of those "
            "five store managers, and the other four were my peers. We've swapped rotas, grumbled "
            "about head office together and been to each other's birthday parties. One of them "
            "also applied for this role.\n\n"
            "A few things already feel awkward:\n\n"
            "- Our group chat has gone noticeably quieter since the announcement.\n"
            "- The colleague who also applied is polite but distant.\n"
            "- I'm not sure whether I should still go to Friday drinks.\n\n"
            "I don't want to pretend nothing has changed, but I don't want to become someone else "
            "either. How have others handled this?"
        ),
        "tags": ["first-time-manager", "peer-to-manager", "promotion"],
        "category": "careers",
        "days_ago": 35,
        "views": 412,
        "votes": {"up": ["priya_n", "coach_dave", "tomlin"], "down": []},
        "comments": [
            {
                "author": "priya_n",
                "body": (
                    "Congratulations on the new role! This one is close to my heart, so I've added "
                    "an answer below."
                ),
            },
        ],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "Name the change out loud, and early. Most of the awkwardness comes from "
                    "everyone wondering what the new rules are while nobody says anything. Meet "
                    "each of them one to one and say something like: 'This is new for both of us. "
                    "I value what we've built and I don't want to lose it, but my role has changed "
                    "and sometimes I'll make calls you won't like. I'd rather we talk about that "
                    "openly.'\n\n"
                    "Then ask each of them what they need from a regional manager. A month ago you "
                    "were one of them, so you know exactly what frustrated you about the role. Use "
                    "that.\n\n"
                    "On Friday drinks: go sometimes, leave early, and never talk about one of them "
                    "to the others. The friendship can carry on; the gossip can't."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w", "priya_n", "marcus.hr"], "down": []},
                "comments": [
                    {
                        "author": "benji.w",
                        "body": (
                            "The line about the friendship carrying on but the gossip stopping is "
                            "going on a sticky note."
                        ),
                    },
                ],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "For the colleague who also applied, I'd have a separate, honest conversation. "
                    "Acknowledge that they wanted the role and that it's reasonable to feel "
                    "disappointed, then ask what they're hoping for in their career. And actually "
                    "help: stretch projects, visibility with senior leaders, a real development "
                    "plan.\n\n"
                    "People in that position quite often leave within a year. The ones who stay "
                    "are usually the ones whose new manager treated them as talent to invest in "
                    "rather than a threat to manage."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w", "rosa.delgado"], "down": []},
                "comments": [],
            },
            {
                "author": "priya_n",
                "body": (
                    "I went through this with a smaller team earlier this year. What helped most "
                    "was being fair to the point of being slightly boring. I made every decision "
                    "about shifts and leave using the same visible rules, so nobody could think I "
                    "was favouring old friends. It felt stiff at first, but it took the suspicion "
                    "out of everything, and after a couple of months the relationships relaxed "
                    "again."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w"], "down": []},
                "comments": [],
            },
        ],
    },
    # 6 -------------------------------------------------------------------
    {
        "author": "elena-em",
        "title": "Two senior engineers on my team are in constant conflict. How do I step in?",
        "body": (
            "Two of my senior engineers disagree on almost everything. Code review comments turn "
            "into long threads, design discussions become debates, and last week one of them "
            "walked out of a meeting halfway through. Both are strong engineers, and both have a "
            "point more often than not.\n\n"
            "The rest of the team has started avoiding any discussion that involves both of them, "
            "which is slowing us down. I've talked to each of them separately, and each tells me "
            "the other is the problem.\n\n"
            "Should I bring them together? Pick a side on the technical questions? Move one of "
            "them to another team? I'd like to sort this out before it gets worse."
        ),
        "tags": ["conflict", "team-dynamics", "engineering-management"],
        "category": "teams",
        "days_ago": 210,
        "views": 1120,
        "votes": {"up": ["coach_dave", "tomlin", "aisha_k", "marcus.hr"], "down": []},
        "comments": [
            {
                "author": "marcus.hr",
                "body": (
                    "Has either of them raised this formally, or is it all informal so far? It "
                    "affects how much HR should be involved at this stage."
                ),
            },
            {
                "author": "elena-em",
                "body": "All informal so far, and I'd like to keep it that way if I can.",
            },
        ],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "When two capable people clash constantly, the conflict usually isn't about "
                    "the topic they're arguing over. It's about something underneath: status, how "
                    "decisions get made, or feeling unheard. Your job is less to referee each "
                    "fight and more to change the conditions that keep producing them.\n\n"
                    "1. **Bring them together, with you present.** Frame it around the effect on "
                    "the team, not who's right: 'The way you two disagree is making others avoid "
                    "discussions. That has to change.'\n"
                    "2. **Ask each to describe the other's position** until the other agrees it's "
                    "fair. It sounds simple; it's often the first time either has really "
                    "listened.\n"
                    "3. **Agree how decisions get made.** Conflict between seniors often comes "
                    "from having no clear tie-breaker. Decide who owns which areas, or that you'll "
                    "decide after a fixed discussion period.\n"
                    "4. **Set norms** for reviews and meetings: comment on the code, not the "
                    "person, and move a long thread to a call after two rounds.\n"
                    "5. **Follow up** in two weeks, together.\n\n"
                    "Moving someone is a last resort. It often just relocates the problem and "
                    "tells the team that conflict gets rewarded with an escape."
                ),
                "accepted": True,
                "votes": {
                    "up": ["elena-em", "marcus.hr", "aisha_k", "priya_n", "rosa.delgado"],
                    "down": [],
                },
                "comments": [
                    {
                        "author": "elena-em",
                        "body": (
                            "Asking them to restate each other's positions was eye-opening. One "
                            "admitted he'd assumed the other was dismissing his work, which wasn't "
                            "the case at all."
                        ),
                    },
                ],
            },
            {
                "author": "tomlin",
                "body": (
                    "We had something similar between two shift supervisors at the plant. What "
                    "finally worked was giving them a goal they could only hit together: joint "
                    "ownership of cutting changeover time between their shifts. Once they were "
                    "measured on the same number, the arguments turned into problem-solving "
                    "surprisingly quickly. It's worth asking whether there's an equivalent shared "
                    "goal on your team."
                ),
                "accepted": False,
                "votes": {"up": ["elena-em", "benji.w"], "down": ["aisha_k"]},
                "comments": [],
            },
            {
                "author": "aisha_k",
                "body": (
                    "One more angle: check whether the rest of the team is quietly suffering more "
                    "than you realise. People avoiding discussions is a sign of low psychological "
                    "safety, and that can outlast the conflict itself.\n\n"
                    "Once things calm down, consider a team retrospective specifically on *how we "
                    "disagree*, so the quieter members get a chance to say what they need from "
                    "those discussions."
                ),
                "accepted": False,
                "votes": {"up": ["elena-em", "coach_dave"], "down": []},
                "comments": [],
            },
        ],
    },
    # 7 -------------------------------------------------------------------
    {
        "author": "aisha_k",
        "title": "How can I keep a fully remote team motivated over the long haul?",
        "body": (
            "I lead a product team of nine people across four time zones, and we've been fully "
            "remote from the start. The first year felt energetic, but lately things feel flat. "
            "Cameras are off, our chat channels are quiet apart from work requests, and two people "
            "mentioned in one-on-ones that they feel disconnected from what the company is "
            "doing.\n\n"
            "We've tried virtual social events, but attendance has dropped to the same three "
            "people every time, and I don't want to force fun on anyone.\n\n"
            "What has actually worked for you to keep a remote team motivated and connected over "
            "the long term, not just in the first few months?"
        ),
        "tags": ["remote-work", "motivation", "engagement"],
        "category": "teams",
        "days_ago": 150,
        "views": 986,
        "votes": {"up": ["elena-em", "coach_dave", "priya_n"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "Motivation at work tends to come from three things: seeing that the work "
                    "matters, getting better at something, and having some say in how you do it. "
                    "Remote work doesn't remove any of those, but it hides the signals that used "
                    "to deliver them for free.\n\n"
                    "So rather than more social events, I'd look at:\n\n"
                    "1. **Connection to impact.** Share customer feedback, usage figures and "
                    "stories regularly. Invite someone from the team to sit in on a customer "
                    "call.\n"
                    "2. **Visible progress.** A short weekly written note on what shipped and why "
                    "it mattered. It's easy to feel you're on a treadmill when you never see the "
                    "finish line.\n"
                    "3. **Autonomy.** Let people shape how they work, including their own core "
                    "hours and, where possible, their choice of projects.\n"
                    "4. **Small-group connection.** Pairing and small working sessions build more "
                    "real relationships than large social calls ever will.\n\n"
                    "The two people who feel disconnected from the company are telling you the "
                    "most useful thing here. Ask them what would help."
                ),
                "accepted": False,
                "votes": {"up": ["aisha_k", "elena-em", "rosa.delgado"], "down": []},
                "comments": [],
            },
            {
                "author": "elena-em",
                "body": (
                    "We had the same drop-off with virtual socials. What worked better was making "
                    "connection a side effect of the work rather than a separate event: pairing "
                    "sessions, small design jams, and a rotating *demo of the week* where someone "
                    "shows something they built or learned.\n\n"
                    "Attendance went up because it felt useful, and people ended up chatting "
                    "anyway."
                ),
                "accepted": False,
                "votes": {"up": ["aisha_k", "priya_n"], "down": []},
                "comments": [],
            },
            {
                "author": "benji.w",
                "body": (
                    "I don't manage a remote team, so take this with a pinch of salt, but when my "
                    "stores felt flat the best thing I ever did was get everyone together in "
                    "person once. Even one proper meetup a year might reset things more than a "
                    "dozen video calls. People seem to give each other far more benefit of the "
                    "doubt once they've shared a meal."
                ),
                "accepted": False,
                "votes": {"up": ["aisha_k"], "down": []},
                "comments": [
                    {
                        "author": "aisha_k",
                        "body": (
                            "Not a pinch of salt at all. We're trying to get budget for a yearly "
                            "in-person week, and this is a useful data point."
                        ),
                    },
                ],
            },
        ],
    },
    # 8 -------------------------------------------------------------------
    {
        "author": "elena-em",
        "title": "How do I say no to my own boss without damaging the relationship?",
        "body": (
            "My director is full of good ideas and shares them freely. The trouble is that every "
            "idea becomes a request for my teams, usually with an unrealistic deadline, and we're "
            "already committed to two big projects this quarter.\n\n"
            "So far I've been saying yes and then quietly working evenings to cover the gap. My "
            "team is starting to notice that priorities keep shifting. I know I need to push back, "
            "but she's generally a good boss and I don't want to come across as negative or "
            "unwilling.\n\n"
            "How do you say no, or at least *not now*, to the person you report to?"
        ),
        "tags": ["saying-no", "managing-up", "prioritisation"],
        "category": "communication",
        "days_ago": 95,
        "views": 1254,
        "votes": {"up": ["aisha_k", "priya_n", "coach_dave", "benji.w", "marcus.hr"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "aisha_k",
                "body": (
                    "Rather than saying no, I've had a lot of success making the trade-off visible "
                    "and letting my manager choose. Something like:\n\n"
                    "> That's a great idea. Right now we're committed to A and B. If we take this "
                    "on, one of them slips by about three weeks. Which would you prefer we "
                    "move?\n\n"
                    "A few things make this work:\n\n"
                    "1. **Keep an up-to-date list of commitments** you can point to. It turns the "
                    "conversation from opinion into arithmetic.\n"
                    "2. **Ask what's driving the date.** Good-idea requests often come with "
                    "invented urgency.\n"
                    "3. **Offer a smaller version.** 'We can't build it this quarter, but we could "
                    "spend a week testing whether it's worth it.'\n"
                    "4. **Stop covering with your evenings.** As long as you absorb the cost, your "
                    "boss can't see it.\n\n"
                    "Most good bosses appreciate this. It helps them prioritise instead of leaving "
                    "them to guess."
                ),
                "accepted": True,
                "votes": {
                    "up": ["elena-em", "coach_dave", "priya_n", "marcus.hr", "rosa.delgado"],
                    "down": [],
                },
                "comments": [],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "It can also help to talk about the *pattern*, separately from any single "
                    "request. In a calm moment, say that you value her ideas, that you've noticed "
                    "your teams struggling to absorb them alongside existing work, and ask how "
                    "she'd like you to handle new requests from now on.\n\n"
                    "Agreeing a process once is much easier than negotiating every time, and it "
                    "stops each new idea feeling like a personal rejection."
                ),
                "accepted": False,
                "votes": {"up": ["elena-em", "aisha_k"], "down": []},
                "comments": [],
            },
            {
                "author": "tomlin",
                "body": (
                    "Honestly, sometimes you just have to do what the boss asks. That's part of "
                    "the job. I'd pick your battles carefully and save the pushback for the "
                    "requests that really matter, otherwise you risk being seen as the manager who "
                    "always says it can't be done."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w"], "down": ["coach_dave", "aisha_k"]},
                "comments": [
                    {
                        "author": "elena-em",
                        "body": (
                            "I agree about picking battles, but in this case my evenings are the "
                            "battle I'm losing. Something has to give."
                        ),
                    },
                    {
                        "author": "tomlin",
                        "body": (
                            "Fair point. I was thinking of one-off requests rather than a steady "
                            "stream of them."
                        ),
                    },
                ],
            },
        ],
    },
    # 9 -------------------------------------------------------------------
    {
        "author": "aisha_k",
        "title": "What does managing up actually look like day to day?",
        "body": (
            "In my last review, my manager said I should *manage up more*. I nodded, but I'm not "
            "really sure what it means in practice, and it sounds a bit like office politics, "
            "which I don't enjoy.\n\n"
            "My manager is busy, covers three product areas, and we speak for about thirty minutes "
            "a week. I tend to bring her things only when I'm blocked.\n\n"
            "What are the concrete habits of people who are good at managing up? And how do you do "
            "it without feeling like you're just trying to look good?"
        ),
        "tags": ["managing-up", "career-growth", "communication"],
        "category": "careers",
        "days_ago": 60,
        "views": 734,
        "votes": {"up": ["elena-em", "priya_n", "benji.w"], "down": []},
        "comments": [
            {
                "author": "elena-em",
                "body": (
                    "Bookmarking this. I suspect I'm on the other side of the same problem with my "
                    "own team."
                ),
            },
        ],
        "answers": [
            {
                "author": "marcus.hr",
                "body": (
                    "Managing up has a worse reputation than it deserves. At its best it simply "
                    "means **making it easy for your manager to help you and to represent your "
                    "work.** She covers three areas; she can't possibly know what you're doing "
                    "unless you tell her.\n\n"
                    "Habits I see in people who do it well:\n\n"
                    "1. They send a short weekly update: progress, risks, and decisions they "
                    "need.\n"
                    "2. They bring problems with a proposed solution, even a rough one.\n"
                    "3. They learn their manager's priorities and pressures, and connect their own "
                    "work to them.\n"
                    "4. They flag bad news early, never as a surprise.\n"
                    "5. They ask how their manager likes to receive information: written or "
                    "spoken, detailed or brief.\n\n"
                    "None of this is about looking good. It's about reducing the effort it takes "
                    "for a busy person to support you."
                ),
                "accepted": False,
                "votes": {"up": ["aisha_k", "elena-em", "coach_dave", "priya_n"], "down": []},
                "comments": [],
            },
            {
                "author": "rosa.delgado",
                "body": (
                    "Speaking as someone who is now mostly on the receiving end: the people I find "
                    "easiest to support tell me what they'll need *before* they need it. 'Next "
                    "month I'll want your help getting time with the finance team' is far more "
                    "useful than an urgent request the day before.\n\n"
                    "It also helps to remember your manager has a boss too. Asking now and then "
                    "what would make her month easier, and doing a little of it, builds trust "
                    "quickly."
                ),
                "accepted": False,
                "votes": {"up": ["aisha_k", "marcus.hr"], "down": []},
                "comments": [],
            },
        ],
    },
    # 10 ------------------------------------------------------------------
    {
        "author": "marcus.hr",
        "title": "Should we hire for culture fit or for skills?",
        "body": (
            "I'm an HR partner helping several managers fill roles this year, and we keep running "
            "into the same argument. Some managers want to prioritise skills and experience: hire "
            "the strongest candidate on paper and train the rest. Others say culture fit matters "
            "more, because skills can be taught and attitude can't.\n\n"
            "I have concerns about both. *Culture fit* can quietly turn into *people like us*, "
            "which hurts diversity. But we've also hired brilliant people who made their teams "
            "miserable.\n\n"
            "How do you balance the two in a way that's fair and actually predicts success? "
            "Practical interview approaches would be very welcome."
        ),
        "tags": ["hiring", "culture", "interviewing"],
        "category": "management",
        "days_ago": 240,
        "views": 1318,
        "votes": {"up": ["rosa.delgado", "elena-em", "coach_dave", "aisha_k"], "down": ["tomlin"]},
        "comments": [],
        "answers": [
            {
                "author": "rosa.delgado",
                "body": (
                    "We stopped using the phrase *culture fit* altogether and replaced it with "
                    "**values alignment** and **culture add**. The difference matters.\n\n"
                    "- *Values alignment* asks whether the candidate's behaviour matches the few "
                    "things we genuinely won't compromise on, such as honesty, reliability and "
                    "respect for the people we serve. These are written down and specific.\n"
                    "- *Culture add* asks what this person would bring that the team currently "
                    "lacks: a perspective, an experience, a way of working.\n\n"
                    "We test values with behavioural questions, for example 'Tell me about a time "
                    "you disagreed with a decision. What did you do?' Every interviewer scores "
                    "against the same written criteria before discussing the candidate with anyone "
                    "else.\n\n"
                    "Skills get a separate, equally structured assessment. A candidate must clear "
                    "the bar on both; neither can make up for failing the other. It won't remove "
                    "bias entirely, but it makes it much harder for 'I just liked them' to win the "
                    "day."
                ),
                "accepted": True,
                "votes": {
                    "up": ["marcus.hr", "elena-em", "coach_dave", "aisha_k", "priya_n"],
                    "down": [],
                },
                "comments": [
                    {
                        "author": "marcus.hr",
                        "body": (
                            "The culture add framing is exactly what I was looking for. Do you "
                            "share the values list with candidates in advance?"
                        ),
                    },
                    {
                        "author": "rosa.delgado",
                        "body": (
                            "Yes, it's in every job advert. A few people have told us it's the "
                            "reason they applied."
                        ),
                    },
                ],
            },
            {
                "author": "elena-em",
                "body": (
                    "For technical roles I'd push back a little on 'skills can always be taught'. "
                    "Some can, but not always in the time a team actually has.\n\n"
                    "The honest answer is that you need a realistic bar for both. Define the "
                    "minimum skill level the role needs in its first six months, and the "
                    "behaviours that would make someone a problem regardless of talent. Then be "
                    "strict about both, and write them down before you see any CVs."
                ),
                "accepted": False,
                "votes": {"up": ["marcus.hr", "tomlin"], "down": []},
                "comments": [],
            },
            {
                "author": "tomlin",
                "body": (
                    "On the maintenance team we had a saying: hire the attitude, train the skill. "
                    "It has served us well for entry-level roles, where we have time to teach. For "
                    "senior positions I'd be far more cautious. You can't afford to train someone "
                    "into a shift supervisor role from scratch while the line is running."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w"], "down": []},
                "comments": [],
            },
        ],
    },
    # 11 ------------------------------------------------------------------
    {
        "author": "tomlin",
        "title": "How do I write a performance review that is honest but fair?",
        "body": (
            "It's review season and I have twelve reviews to write, my first since becoming "
            "operations manager. Our template has a 1 to 5 rating and a free-text section for each "
            "of five competencies.\n\n"
            "What I'm struggling with:\n\n"
            "- My notes from the year are patchy, and I remember the last two months far better "
            "than anything before.\n"
            "- For a couple of people the honest rating is a 2, and I worry it will demotivate "
            "them.\n"
            "- Everything I write sounds either vague ('good team player') or harsh.\n\n"
            "How do experienced managers approach writing reviews? Is there a structure that keeps "
            "things specific and fair?"
        ),
        "tags": ["performance-review", "feedback", "writing"],
        "category": "management",
        "days_ago": 120,
        "views": 1045,
        "votes": {"up": ["marcus.hr", "priya_n", "benji.w"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "marcus.hr",
                "body": (
                    "A structure that helps the managers I work with:\n\n"
                    "1. **Gather evidence before you write.** Go back through emails, one-on-one "
                    "notes, incident reports and project updates for the whole year. Ask each "
                    "person for a short self-assessment too; they'll remind you of things you've "
                    "forgotten.\n"
                    "2. **For each competency, write one or two specific examples** with their "
                    "impact. 'Led the March line changeover, which finished a day early' beats "
                    "'strong organiser'.\n"
                    "3. **Let the rating follow the evidence.** If the examples point to a 2, it's "
                    "a 2. Inflating it now only makes a later conversation harder.\n"
                    "4. **End with the future.** Two or three clear goals for next year, and the "
                    "support you'll give.\n\n"
                    "For the lower ratings, nothing in the written review should come as a "
                    "surprise. If these people haven't heard the feedback before, talk to them "
                    "before the review is finalised. A fair, expected 2 is far less demotivating "
                    "than one that arrives out of nowhere.\n\n"
                    "Finally, start keeping brief notes now for next year. Five minutes a week "
                    "will save you hours."
                ),
                "accepted": True,
                "votes": {"up": ["tomlin", "priya_n", "coach_dave", "elena-em"], "down": []},
                "comments": [
                    {
                        "author": "priya_n",
                        "body": (
                            "The self-assessment tip saved me last cycle. One person listed a "
                            "project I had completely forgotten about."
                        ),
                    },
                ],
            },
        ],
    },
    # 12 ------------------------------------------------------------------
    {
        "author": "rosa.delgado",
        "title": "How do I lead my staff through a reorganisation decided by our board?",
        "body": (
            "Our board has decided to combine our two programme teams (adult literacy and family "
            "reading) into a single team with one manager, and to cut one coordinator role. I "
            "argued for a different structure and lost, though I understand their reasons even if "
            "I don't fully agree.\n\n"
            "Now I'm responsible for announcing it and carrying it out. Staff already sense that "
            "something is happening, and the rumours are worse than the reality.\n\n"
            "My questions:\n\n"
            "- How honest can I be about having disagreed with the decision?\n"
            "- How do I treat the person whose role is being cut with dignity?\n"
            "- What can I do to stop the remaining team losing faith?"
        ),
        "tags": ["reorganisation", "change-management", "nonprofit"],
        "category": "leadership",
        "days_ago": 75,
        "views": 863,
        "votes": {"up": ["coach_dave", "marcus.hr", "priya_n", "elena-em"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "coach_dave",
                "body": (
                    "A few principles that hold up well in reorganisations:\n\n"
                    "1. **Move quickly once the decision is final.** Rumour fills silence. Tell "
                    "people as soon as you responsibly can, even if some details are still open, "
                    "and say which ones.\n"
                    "2. **Tell the affected person first, privately and in person.** Have the "
                    "practical details ready: timelines, severance, references, help with the job "
                    "search.\n"
                    "3. **Own the decision publicly.** You can say the board weighed the options "
                    "and made a call you're committed to carrying out. Announcing that you argued "
                    "against it invites people to lobby you to undo it. If someone asks directly, "
                    "'there were different views, and this is where we landed' is honest and "
                    "fair.\n"
                    "4. **Explain the why in terms of the mission.** People accept hard changes "
                    "more readily when they can see how they serve the work they care about.\n"
                    "5. **Expect a dip.** Morale and output will drop for a while. Make room for "
                    "questions and sadness, and be visible.\n\n"
                    "The remaining team will judge you mostly on how you treat the person who is "
                    "leaving."
                ),
                "accepted": True,
                "votes": {"up": ["rosa.delgado", "marcus.hr", "elena-em", "aisha_k"], "down": []},
                "comments": [],
            },
            {
                "author": "marcus.hr",
                "body": (
                    "Check your legal and policy obligations before you announce anything. "
                    "Consultation periods, notice and contract terms vary a lot between countries "
                    "and organisations.\n\n"
                    "Get the paperwork ready in advance too, so the affected person isn't left "
                    "waiting for answers to basic questions such as their final pay date or what "
                    "happens to their pension."
                ),
                "accepted": False,
                "votes": {"up": ["rosa.delgado"], "down": []},
                "comments": [],
            },
            {
                "author": "priya_n",
                "body": (
                    "From the staff side of a reorganisation last year: what helped most was our "
                    "manager holding an open question session a week after the announcement, once "
                    "the shock had worn off. That's when the real questions came out. In the first "
                    "meeting everyone was too stunned to ask anything."
                ),
                "accepted": False,
                "votes": {"up": ["rosa.delgado", "coach_dave"], "down": []},
                "comments": [
                    {
                        "author": "rosa.delgado",
                        "body": (
                            "That's a great idea. I'd only planned the one announcement meeting."
                        ),
                    },
                ],
            },
        ],
    },
    # 13 ------------------------------------------------------------------
    {
        "author": "marcus.hr",
        "title": "How do I run meetings that people don't dread?",
        "body": (
            "Our latest engagement survey named meetings as the biggest frustration across the "
            "organisation. I've been asked to help our leadership team improve theirs first, as an "
            "example for everyone else.\n\n"
            "The weekly leadership meeting lasts 90 minutes, has eleven attendees and consists "
            "mostly of round-the-table updates. Decisions are rare, and when they happen they're "
            "often revisited the following week. Several people work on their laptops "
            "throughout.\n\n"
            "Where should I start? I'd like a few changes that make a visible difference quickly, "
            "without a big process overhaul that nobody will follow."
        ),
        "tags": ["meetings", "productivity", "facilitation"],
        "category": "teams",
        "days_ago": 20,
        "views": 388,
        "votes": {"up": ["aisha_k", "tomlin", "benji.w"], "down": []},
        "comments": [],
        "answers": [
            {
                "author": "aisha_k",
                "body": (
                    "Round-the-table updates are the first thing I'd remove. Move them into a "
                    "short written update that everyone posts the day before, and use the meeting "
                    "only for things that need people together: decisions, debates and "
                    "problems.\n\n"
                    "Then a few simple rules:\n\n"
                    "1. **Every agenda item has an owner and a verb.** 'Decide on the Q3 hiring "
                    "plan', not 'Hiring'.\n"
                    "2. **Decisions are written down during the meeting**, with who decided and "
                    "what happens next, and shared within the hour.\n"
                    "3. **Reopening a decision needs new information**, not just new enthusiasm.\n"
                    "4. **Shorten it.** Most teams find 90 minutes becomes 50 without anyone "
                    "missing anything.\n\n"
                    "The laptops usually disappear on their own once the meeting stops being "
                    "something people can half-listen to."
                ),
                "accepted": False,
                "votes": {"up": ["marcus.hr", "coach_dave", "elena-em"], "down": []},
                "comments": [
                    {
                        "author": "marcus.hr",
                        "body": "The owner-and-a-verb rule is brilliant. Trying it next Tuesday.",
                    },
                ],
            },
            {
                "author": "coach_dave",
                "body": (
                    "Before changing the format, ask each attendee one question privately: *What "
                    "would make this meeting worth your time?* You'll get a clear picture of "
                    "what's broken, and people are far more likely to back changes they had a hand "
                    "in.\n\n"
                    "Also ask whether all eleven people need to be there every week. Sometimes the "
                    "kindest thing you can do for a meeting is to make it smaller."
                ),
                "accepted": False,
                "votes": {"up": ["marcus.hr", "aisha_k"], "down": []},
                "comments": [],
            },
            {
                "author": "tomlin",
                "body": (
                    "We run a daily ten-minute production meeting standing round a whiteboard. "
                    "Nobody brings a laptop because there's nowhere to put one. I'm not suggesting "
                    "your leadership team stands for an hour, but shorter and more hands-on has "
                    "worked wonders for us."
                ),
                "accepted": False,
                "votes": {"up": ["benji.w"], "down": ["elena-em"]},
                "comments": [],
            },
            {
                "author": "benji.w",
                "body": (
                    "Start and finish on time, every single time, even if the most senior person "
                    "is late. It sounds trivial, but it's the quickest way to show that the "
                    "meeting respects people's time, and people notice within a couple of weeks."
                ),
                "accepted": False,
                "votes": {"up": ["marcus.hr", "tomlin"], "down": []},
                "comments": [],
            },
        ],
    },
    # 14 ------------------------------------------------------------------
    {
        "author": "rosa.delgado",
        "title": "How can I build trust as a new leader with a team that's wary of me?",
        "body": (
            "After our reorganisation, I'm managing the combined programme team directly until we "
            "hire a programme manager. Half the team has worked with me for a while. The other "
            "half came from the family reading programme, lost a well-liked coordinator in the "
            "restructure, and clearly see me as the person responsible.\n\n"
            "They're polite, but they don't speak up in meetings, and I've heard second-hand that "
            "they think decisions are made before they're ever asked.\n\n"
            "I'll probably be in this role for at least six months. What are the most effective "
            "things a new leader can do to build genuine trust, especially when people have good "
            "reason to be wary?"
        ),
        "tags": ["trust", "new-leader", "change-management"],
        "category": "leadership",
        "days_ago": 2,
        "views": 41,
        "votes": {"up": ["aisha_k", "priya_n"], "down": []},
        "comments": [
            {
                "author": "coach_dave",
                "body": (
                    "Good question, and a hard one. Could you say a bit more about how decisions "
                    "are made in your team meetings at the moment? It might change the advice."
                ),
            },
        ],
        "answers": [],
    },
]
