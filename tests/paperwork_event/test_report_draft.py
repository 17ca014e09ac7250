"""The report drafted from the records (trainings/report_draft.py) states every fact of the seed
article (../shared/seed-article-bimtek-bali-2021.txt), one test per fact; counts only for
health; the user's scope applies; and the `draft_report` command."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trainings.management.commands.draft_report import Command as DraftReport
from trainings.models import Participant
from trainings.report_draft import draft_report

# (the article's words, what the draft must say). The article's own spelling slips ("BIMINGAN",
# "Swiss – Bell", "negative") are given as the records carry them (DOMAIN.md's facts table).
ARTICLE_FACTS = [
    (
        "BIMINGAN TEKNIS STRATEGI PENGEMBANGAN TEKNOLOGI INFORMASI DAN KOMUNIKASI",
        ["Bimbingan Teknis Strategi Pengembangan Teknologi Informasi dan Komunikasi"],
    ),
    (
        "diselenggarakan oleh PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA",
        ["diselenggarakan oleh Perpustakaan Nasional Republik Indonesia"],
    ),
    ("pada tanggal 28 Juni sampai 2 Juli 2021", ["pada tanggal 28 Juni sampai 2 Juli 2021"]),
    ("di Hotel Swiss – Bell Tuban", ["di Hotel Swiss-Belhotel Tuban, Bali"]),
    (
        "implementasi dari Kegiatan Transformasi Perpustakaan Berbasis inklusi Sosial",
        ["pelaksanaan program Transformasi Perpustakaan Berbasis Inklusi Sosial tahun 2021"],
    ),
    ("bagian program Prioritas Nasional", ["bagian dari program Prioritas Nasional"]),
    (
        "memperkuat peran perpustakaan umum dalam meningkatkan kualitas Sumber Daya manusia "
        "yang unggul melalui peningkatan kemampuan literasi untuk mewujudkan Indonesia maju",
        [
            "memperkuat peran perpustakaan umum dalam meningkatkan kualitas sumber daya manusia "
            "yang unggul melalui peningkatan kemampuan literasi untuk mewujudkan Indonesia maju"
        ],
    ),
    (
        "Bali adalah salah satu provinsi dari 32 provinsi di Indonesia yang ditargetkan",
        ["menyasar 32 provinsi", "Bali adalah salah satu provinsi sasaran"],
    ),
    (
        "dengan 12 perpustakaan desa dari 450 perpustakaan terpilih se-Indonesia",
        ["450 perpustakaan terpilih se-Indonesia", "dengan 12 perpustakaan peserta"],
    ),
    (
        "dibuka oleh PLT Kepala Dinas Kearsipan dan Perpustakaan Provinsi Bali, Ibu Luh Ayu Aryani",
        ["dibuka oleh Plt. Kepala Dinas Kearsipan dan Perpustakaan Provinsi Bali, Luh Ayu Aryani"],
    ),
    (
        "(DOMAIN.md) host: Dinas Kearsipan dan Perpustakaan Provinsi Bali",
        ["bersama Dinas Kearsipan dan Perpustakaan Provinsi Bali sebagai tuan rumah"],
    ),
    ("3 ( tiga) Kabupaten penerima", ["Peserta berasal dari 3 kabupaten/kota"]),
    (
        "Kabupaten Badung dengan 5 Perpustakaan Desa: Mengwi, Kutuh, Abiansemal, Punggul, Baha",
        [("Kabupaten Badung", 5, ["Mengwi", "Kutuh", "Abiansemal", "Punggul", "Baha"])],
    ),
    (
        "Kabupaten Klungkung dengan 4 Perpustakaan Desa: Banjarangkan, Manduang, Sampalan "
        "Tengah, Pikat",
        [("Kabupaten Klungkung", 4, ["Banjarangkan", "Manduang", "Sampalan Tengah", "Pikat"])],
    ),
    (
        "Kabupaten Tabanan dengan 3 Perpustakaan desa: Delod Peken, Dauh Peken, Penebel",
        [("Kabupaten Tabanan", 3, ["Delod Peken", "Dauh Peken", "Penebel"])],
    ),
    ("Dalam 5 hari kegiatan Bimtek", ["(5 hari)"]),
    ("prosedur protocol kesehatan Covid – 19 dengan tertib", ["protokol kesehatan Covid-19"]),
    (
        "menyerahkan hasil swab antigen dengan hasil negative sebelum dan setelah",
        ["hasil tes antigen negatif sebelum dan setelah mengikuti kegiatan"],
    ),
    (
        "memahami tentang konsep perpustakaan berbasis inklusi social",
        ["- Memahami konsep perpustakaan berbasis inklusi sosial"],
    ),
    (
        "strategi pengembangan perpustakaan berbasis inklusi social",
        ["- Memahami strategi pengembangan perpustakaan berbasis inklusi sosial"],
    ),
    (
        "memahami dampak layanan perpustakaan dimasa pandemi",
        ["- Memahami dampak layanan perpustakaan di masa pandemi"],
    ),
    ("teknologi informasi perpustakaan", ["- Memahami teknologi informasi perpustakaan"]),
    (
        "menyusun program dan strategi untuk perpustakaan dengan memanfaatkan potensi desa "
        "setempat",
        ["- Menyusun program dan strategi perpustakaan dengan memanfaatkan potensi desa setempat"],
    ),
    (
        "Ditutup oleh Bapak KEPALA PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA, Muhammad Syarif bando",
        ["ditutup oleh Kepala Perpustakaan Nasional Republik Indonesia, Muhammad Syarif Bando"],
    ),
    (
        "yang diwakili oleh bapak Nurhadisaputra sebagai Koordinator Pengembangan Perpustakaan "
        "Umum",
        ["yang diwakili oleh Nurhadisaputra, Koordinator Pengembangan Perpustakaan Umum"],
    ),
]


@pytest.fixture
def draft_id(demo):
    return draft_report(event=demo.event, user=demo_system_user(), language="id")


def demo_system_user():
    from core.system import system_user

    return system_user()


def _regency_libraries(draft: str, regency: str, count: int) -> list[str]:
    match = re.search(rf"{regency} dengan {count} perpustakaan \(([^)]*)\)", draft)
    assert match, f"no “{regency} dengan {count} perpustakaan (…)” in the draft"
    return match.group(1).split(", ")


@pytest.mark.parametrize(
    "article, expected", ARTICLE_FACTS, ids=[f"fact{i:02d}" for i in range(len(ARTICLE_FACTS))]
)
def test_the_draft_states_the_articles_fact(draft_id, article, expected):
    for item in expected:
        if isinstance(item, tuple):
            regency, count, villages = item
            libraries = _regency_libraries(draft_id, regency, count)
            assert sorted(libraries) == sorted(f"Perpustakaan Desa {v}" for v in villages)
        else:
            assert item in draft_id, f"article: {article!r}; draft lacks {item!r}"


def test_the_draft_gives_attendance_and_screenings_as_counts_only(demo, draft_id):
    assert "Kehadiran tercatat 149 dari 150 hari-peserta (99%); 29 peserta hadir setiap hari." in (
        draft_id
    )
    assert "Tercatat 30 hasil tes kesehatan sebelum kegiatan dan 30 setelah kegiatan." in draft_id
    assert "30 peserta (15 perempuan, 15 laki-laki) dari 12 perpustakaan" in draft_id
    # No person is named, and no contact: only officials and places.
    for participant in Participant.objects.filter(event=demo.event):
        assert participant.full_name not in draft_id
        assert participant.phone not in draft_id
        assert participant.email not in draft_id


def test_the_english_draft_speaks_english_around_the_recorded_names(demo):
    from core.localized import localized

    draft = draft_report(event=demo.event, user=demo_system_user(), language="en")
    title = localized(demo.event, "title", language="en").text  # English where filled
    assert (
        f"{title} was organised by Perpustakaan Nasional Republik Indonesia, hosted by Dinas "
        "Kearsipan dan Perpustakaan Provinsi Bali, from 28 June to 2 July 2021 (5 days)"
    ) in draft
    assert "represented by Nurhadisaputra, Koordinator Pengembangan Perpustakaan Umum" in draft
    assert "Kabupaten Badung with 5 libraries" in draft
    assert "dibuka" not in draft


def test_a_regency_coordinator_draft_counts_their_regency_only(demo, make_staff):
    badung = make_staff("badung", level="regency", code="51.03")
    draft = draft_report(event=demo.event, user=badung, language="id")
    assert "Peserta berasal dari 1 kabupaten/kota: Kabupaten Badung dengan 5 perpustakaan" in draft
    assert "Tabanan" not in draft


def test_the_draft_takes_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        draft_report(event=demo.event, user=demo_system_user(), language="id")


def test_draft_report_command_prints_the_draft(demo, capsys):
    call_command("draft_report", "--event", demo.event.slug, "--language", "en")
    out = capsys.readouterr().out
    assert "from 28 June to 2 July 2021 (5 days) at Hotel Swiss-Belhotel Tuban, Bali" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--event", "no-such-event"],
        ["--event", "bimtek-strategi-pengembangan-tik-bali-2021", "--user", "nobody"],
        ["--event", "bimtek-strategi-pengembangan-tik-bali-2021", "--language", "fr"],
        [],
    ],
    ids=["unknown-event", "unknown-user", "bad-language", "no-event"],
)
def test_draft_report_command_bad_arguments_exit_2(demo, args, capsys):
    """As from a shell (`run_from_argv`): argparse's own errors exit 2 as well."""
    with pytest.raises(SystemExit) as raised:
        DraftReport().run_from_argv(["manage.py", "draft_report", *args])
    assert raised.value.code == 2
    assert capsys.readouterr().out == ""


def test_draft_report_command_outside_the_users_scope_exits_2(demo, make_staff):
    make_staff("jabar", level="province", code="32")
    with pytest.raises(CommandError) as raised:
        call_command("draft_report", "--event", demo.event.slug, "--user", "jabar")
    assert raised.value.returncode == 2


def test_the_english_draft_uses_the_english_fields_where_filled(demo):
    event = demo.event
    event.title_en = "Technical Guidance on ICT Development Strategies"
    event.learning_goals_en = "Understand the social-inclusion library\nUse the village's potential"
    event.save()
    english = draft_report(event=event, user=demo_system_user(), language="en")
    assert english.startswith("Technical Guidance on ICT Development Strategies was organised")
    assert "- Understand the social-inclusion library" in english
    assert "Memahami konsep" not in english.split("Agenda:")[0]
    # The Indonesian draft keeps the Indonesian text.
    indonesian = draft_report(event=event, user=demo_system_user(), language="id")
    assert "Technical Guidance" not in indonesian
