"""The English version of the demo's public text (the `<field>_en` columns, core/localized.py).

A faithful rendering of the seed article's facts, nothing added: the Bali 2021 Bimtek shows
its English text on /en/ pages. The national online meeting (demo_national.py) is left without
English on purpose, so the demo also shows the fallback (the Indonesian, marked lang="id").
"""

EVENT_TITLE_EN = (
    "Technical Guidance on Information and Communication Technology Development Strategy"
)

SUMMARY_EN = (
    "A five-day Bimtek for the 12 village libraries that are TPBIS 2021 beneficiaries in the "
    "regencies of Badung, Klungkung and Tabanan."
)

#: The learning goals, in the order of demo.LEARNING_GOALS (also the agenda's daily topics).
LEARNING_GOALS_EN = [
    "Understand the concept of the socially inclusive library",
    "Understand strategies for developing a socially inclusive library",
    "Understand the impact of library services during the pandemic",
    "Understand library information technology",
    "Draw up the library's programs and strategies using the village's own potential",
]

#: Agenda topics other than the learning goals: Indonesian -> English.
AGENDA_TOPICS_EN = {"Pembukaan": "Opening", "Penutupan": "Closing"}

HEALTH_PROTOCOL_EN = (
    "Participants followed the Covid-19 health protocol in an orderly way and handed in a "
    "negative antigen swab result before and after the event."
)

PROGRAM_DESCRIPTION_EN = (
    "Library Transformation Based on Social Inclusion (TPBIS) is part of a National Priority "
    "program that aims to strengthen the role of public libraries in raising the quality of "
    "human resources through better literacy, towards an advanced Indonesia. Libraries do more "
    "than lend books: they become places where a village learns skills and solves its own "
    "problems."
)

REPORT_EN = """\
The Technical Guidance on Information and Communication Technology Development Strategy was \
held by the National Library of the Republic of Indonesia from 28 June to 2 July 2021 at the \
Swiss-Belhotel Tuban, Bali, as part of the Library Transformation Based on Social Inclusion \
activity. This activity is part of a National Priority program that aims to strengthen the role \
of public libraries in raising the quality of human resources through better literacy, towards \
an advanced Indonesia.

Bali is one of the 32 provinces targeted by this activity, with 12 village libraries among the \
450 libraries selected across Indonesia, which are expected to become examples of socially \
inclusive village libraries. This year's participants came from three regencies: Badung with \
five village libraries (Mengwi, Kutuh, Abiansemal, Punggul and Baha), Klungkung with four \
(Banjarangkan, Manduang, Sampalan Tengah and Pikat), and Tabanan with three (Delod Peken, Dauh \
Peken and Penebel).

The event was opened by the Acting Head of the Bali Provincial Archives and Library Office, Ibu \
Luh Ayu Aryani. In her address she hoped that the participants would take part earnestly and \
seriously, because library transformation based on social inclusion uses the library not only \
to provide information but also to put that information into practice, so that village \
libraries can help to solve the village's problems.

Over the five days the participants followed the Covid-19 health protocol in an orderly way and \
handed in a negative antigen swab result before and after the Bimtek. Through this activity the \
participants are expected to understand the concept of and the strategies for developing \
socially inclusive libraries, the impact of library services during the pandemic, and library \
information technology, which in the end helps them to draw up programs and strategies for \
their libraries using the village's own potential.

The event was closed by the Head of the National Library of the Republic of Indonesia, Bapak \
Muhammad Syarif Bando, represented by Bapak Nurhadisaputra, Coordinator of Public Library \
Development. He said that the role of libraries must be raised as places where people learn \
together to develop the community's potential: besides providing reading matter, information \
and knowledge, libraries also give the community training and skills for its social and \
economic empowerment."""
