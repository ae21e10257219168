"""Tests for transforms/text/clean.py: each chrome family on new texts, plus the five seeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from transforms.text.clean import CleanedText, chrome_candidates, clean_text, line_key

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Invented body paragraphs (not from the seeds), reused across the chrome families below.
BODY = [
    "PORTO ALEGRE - Heavy rain flooded dozens of streets in the southern Brazilian city on "
    "Monday, forcing more than two thousand residents to leave their homes, the civil defence "
    "agency said.",
    "The Guaiba river rose almost three metres in 24 hours, and officials warned that the "
    "water could climb further if storms upstream continued through the week.",
    '"We have never seen the river rise this quickly," said Ana Ribeiro, a shop owner whose '
    "street was under half a metre of water by midday.",
    "The state governor asked the federal government for emergency funds and said schools in "
    "the worst-hit districts would stay closed until at least Thursday.",
]
HEADLINE = "Floods force thousands from homes in southern Brazil"


def article(
    *,
    before: list[str] = (),
    after: list[str] = (),
    middle: list[str] = (),
    headline: str = HEADLINE,
) -> str:
    parts = [*before, headline, BODY[0], BODY[1], *middle, BODY[2], BODY[3], *after]
    return "\n\n".join(parts)


def assert_body_whole(res: CleanedText, paragraphs: list[str] = BODY) -> None:
    out = res.text.split("\n\n")
    for p in paragraphs:
        assert p in out, f"paragraph lost or altered: {p[:60]}"


# --------------------------------------------------------------------------- families
def test_ad_lines_in_several_languages_and_phone_numbers():
    res = clean_text(
        article(
            before=["Anzeige", "Werbung +49 (30) 1234 5678"],
            middle=["Advertisement"],
            after=["Publicidad"],
        )
    )
    assert_body_whole(res)
    for junk in ("Anzeige", "Werbung", "Advertisement", "Publicidad"):
        assert junk not in res.text
    assert res.removed.get("ad", 0) >= 4


def test_numbered_menu_and_breadcrumbs_removed():
    res = clean_text(
        article(before=["1. Home", "2. Politics", "3. Economy", "Home › World › Americas"])
    )
    assert_body_whole(res)
    assert "Politics" not in res.text and "Americas" not in res.text
    assert res.removed.get("menu", 0) >= 4
    assert res.title == HEADLINE


def test_ui_prompts_removed():
    prompts = [
        "Share this article",
        "Subscribe to our newsletter",
        "Follow us on Instagram",
        "Leave a comment",
        "Spotted a typo?",
        "Read more",
        "Older Post Newer Post",
        "We use cookies to improve your experience. By continuing you accept our policy.",
    ]
    res = clean_text(article(middle=prompts[:2], after=prompts[2:]))
    assert_body_whole(res)
    for p in prompts:
        assert p not in res.text
    assert res.removed.get("ui_prompt", 0) >= len(prompts) - 1


def test_email_and_url_lines_removed():
    res = clean_text(
        article(
            after=[
                "newsdesk@harbour-daily.example.org",
                "https://harbour-daily.example.org/world/brazil-floods",
            ]
        )
    )
    assert_body_whole(res)
    assert "@" not in res.text and "https://" not in res.text
    assert res.removed.get("contact") == 2


def test_publisher_blurb_at_the_end_removed():
    blurb = "Copyright © 2021 Harbour Media Group. All rights reserved."
    res = clean_text(article(after=["Share", blurb]))
    assert_body_whole(res)
    assert "Harbour Media" not in res.text


def test_masthead_removed_and_its_date_is_not_publication():
    masthead = "Managing Editor: Laura Finch Tuesday, March 5th, 2019"
    res = clean_text(article(before=[masthead]))
    assert_body_whole(res)
    assert res.title == HEADLINE
    assert "Laura Finch" not in res.text
    assert res.published_at is None or res.published_at.date() != datetime(2019, 3, 5).date()
    assert res.removed.get("masthead") == 1


def test_weekday_date_line_before_headline_is_masthead():
    res = clean_text(article(before=["Wednesday, 14 August 2019"]))
    assert res.published_at is None
    assert "2019" not in res.text


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Whitfield", "Jane Whitfield"),
        ("Maria Lopez, Reuters", "Maria Lopez"),
        ("Lviv - Olena Kovalenko", "Olena Kovalenko"),
    ],
)
def test_bylines_removed_and_author_kept(byline, author):
    res = clean_text(article(before=[byline]))
    assert_body_whole(res)
    assert byline not in res.text
    assert res.author == author
    assert res.title == HEADLINE


def test_byline_after_headline():
    res = clean_text("\n\n".join([HEADLINE, "By Tom Akers", *BODY]))
    assert res.title == HEADLINE and res.author == "Tom Akers"
    assert res.text == "\n\n".join(BODY)


def test_headline_repeated_with_other_spacing_and_case_dropped():
    res = clean_text(
        article(before=[], headline=HEADLINE + "\n\n" + HEADLINE.upper().replace(" ", "  "))
    )
    assert res.title == HEADLINE
    assert res.text == "\n\n".join(BODY)
    assert res.removed.get("title_repeat") == 1


def test_given_title_not_searched_but_repeat_dropped():
    res = clean_text(article(), title="Brazil floods: thousands evacuated")
    assert res.title == "Brazil floods: thousands evacuated"
    # the file's own headline is not the metadata title, so it may stay; the body is whole
    assert_body_whole(res)
    res2 = clean_text(article(), title=HEADLINE)
    assert res2.text == "\n\n".join(BODY)
    assert res2.removed.get("title_repeat") == 1


def test_glued_date_split_from_headline():
    raw = "\n\n".join([HEADLINE + " 12 March 2021, 08:15", *BODY])
    res = clean_text(raw)
    assert res.title == HEADLINE
    assert res.published_at == datetime(2021, 3, 12, 8, 15, tzinfo=UTC)
    assert res.published_source == "text:title_line"
    assert res.text == "\n\n".join(BODY)


def test_dateline_after_headline_is_publication_date():
    raw = "\n\n".join([HEADLINE, "Published: 4 May 2022", *BODY])
    res = clean_text(raw)
    assert res.published_at is not None and res.published_at.date().isoformat() == "2022-05-04"
    assert res.published_source == "text:dateline"
    assert "Published" not in res.text


def test_teaser_lead_repeating_first_sentence_dropped():
    teaser = BODY[0].split(", forcing")[0] + "."
    lead = BODY[0]
    raw = "\n\n".join([HEADLINE, teaser, "Share", lead, *BODY[1:]])
    res = clean_text(raw)
    assert res.text == "\n\n".join(BODY)
    assert res.removed.get("teaser") == 1


def test_line_in_other_script_dropped():
    res = clean_text(
        article(middle=["Читайте нас в социальных сетях каждый день и узнавайте первыми"])
    )
    assert_body_whole(res)
    assert "Читайте" not in res.text
    assert res.removed.get("script", 0) + res.removed.get("ui_prompt", 0) >= 1


def test_other_script_body_keeps_its_own_script():
    body = [
        "Сильные дожди затопили десятки улиц города в понедельник, более двух тысяч жителей "
        "покинули свои дома, сообщила служба гражданской обороны.",
        "Уровень воды в реке поднялся почти на три метра за сутки, и чиновники предупредили, "
        "что вода может подняться ещё выше.",
        "Губернатор попросил у федерального правительства экстренные средства и закрыл школы "
        "в наиболее пострадавших районах до четверга.",
    ]
    raw = "\n\n".join(
        [
            "Главная",
            "Наводнение на юге Бразилии вынудило тысячи людей покинуть дома",
            *body,
            "Поделиться",
            "Подписывайтесь на наш канал",
        ]
    )
    res = clean_text(raw)
    assert res.title == "Наводнение на юге Бразилии вынудило тысячи людей покинуть дома"
    assert res.text == "\n\n".join(body)


def test_escaping_damage_repaired():
    raw = "\n\n".join([HEADLINE, *[p.replace('"', '\\"') for p in BODY]]).replace("'", "\\'")
    res = clean_text(raw)
    assert '\\"' not in res.text and "\\'" not in res.text
    assert res.text == "\n\n".join(BODY)


def test_recurring_chrome_dropped_and_candidates_exclude_paragraphs():
    chrome = "Harbour Daily | Your city, your news"
    raw = article(before=[chrome], after=["Weekend edition out now"])
    cands = chrome_candidates(raw)
    assert line_key(chrome) in cands
    assert line_key("Weekend edition out now") in cands
    for p in BODY:
        assert line_key(p) not in cands
    res = clean_text(raw, recurring=frozenset({line_key("Weekend edition out now")}))
    assert "Weekend edition" not in res.text
    assert res.removed.get("recurring") == 1
    assert_body_whole(res)


def test_line_key_normalises_case_digits_punctuation():
    assert line_key("  • © 2023 Harbour Daily!  ") == line_key("© 2024 HARBOUR daily")
    assert line_key("Share") != line_key("Subscribe")


def test_crosshead_and_short_quote_inside_body_kept():
    res = clean_text(article(middle=["RIVER AT RECORD LEVEL", '"Get out now," he said.']))
    assert "RIVER AT RECORD LEVEL" in res.text.split("\n\n")
    assert '"Get out now," he said.' in res.text.split("\n\n")
    assert_body_whole(res)


def test_one_line_per_paragraph_file():
    raw = "\n".join(["Home", "World", HEADLINE, *BODY, "Share on Facebook", "Comments"])
    res = clean_text(raw)
    assert res.title == HEADLINE
    assert res.text == "\n\n".join(BODY)


def test_hard_wrapped_paragraphs_rejoined_whole():
    import textwrap

    raw = HEADLINE + "\n\n" + "\n\n".join(textwrap.fill(p, 70) for p in BODY)
    res = clean_text(raw)
    assert res.text == "\n\n".join(BODY)


def test_french_article_with_chrome():
    body = [
        "PARIS - Le gouvernement a présenté mercredi un plan de rénovation des écoles, qui "
        "doit concerner plus de deux mille établissements d'ici à la fin de l'année prochaine.",
        "Les syndicats ont salué une mesure attendue depuis longtemps, tout en regrettant que "
        "le financement ne soit pas assuré au-delà de deux ans.",
        "Le ministre a indiqué que les premiers chantiers commenceraient dès cet été dans les "
        "régions les plus touchées par les fortes chaleurs.",
    ]
    raw = "\n".join(
        [
            "Accueil › Société › Éducation",
            "Un plan pour rénover deux mille écoles",
            "Par Claire Dubois",
            *body,
            "Partager",
            "Lire aussi",
            "Publicité",
            "contact@journal-exemple.fr",
        ]
    )
    res = clean_text(raw)
    assert res.title == "Un plan pour rénover deux mille écoles"
    assert res.author == "Claire Dubois"
    assert res.text == "\n\n".join(body)


def test_empty_and_trivial_input():
    assert clean_text("").text == ""
    res = clean_text("   \n\n  ")
    assert res.title is None and res.text == "" and res.published_at is None


def test_a_5kb_chrome_heavy_text_is_cleaned():
    raw = article(before=["1. Home", "2. World"], after=["Share", "Comments"]) * 3
    cleaned = clean_text(raw[:5000])
    assert cleaned.text and "Share" not in cleaned.text.split("\n\n")


# --------------------------------------------------------------------------- seeds
def _seed(prefix: str) -> str:
    return next(SEEDS.glob(prefix + "_*.txt")).read_text()


def _paragraphs(raw: str) -> list[str]:
    return [
        " ".join(x.split())
        for x in raw.replace('\\"', '"').replace("\\'", "'").split("\n")
        if len(x.split()) >= 15
    ]


SEED_TITLES = {
    "000": "Fighting rages around Damascus as talks offer hangs in balance",
    "001": "Pro-regime news agencies deny rebel attacks inside Damascus",
    "002": "Peace hopes dim as Syrian army targets Damascus area",
    "003": "Fierce clashes persist in Syria ahead of renewed peace talks",
    "004": "Syrian Opposition Resumes Tough Talks on Unity for Peace Push",
}


@pytest.mark.parametrize("seed", sorted(SEED_TITLES))
def test_seed_title_and_body_whole(seed):
    raw = _seed(seed)
    res = clean_text(raw)
    assert res.title == SEED_TITLES[seed]
    out = res.text.split("\n\n")
    assert not res.text.startswith(SEED_TITLES[seed])
    expected = _paragraphs(raw)
    if seed == "002":
        expected = expected[1:]  # the one-sentence teaser repeats the next paragraph
    for p in expected:
        assert p in out, p[:60]
    assert '\\"' not in res.text and "\\'" not in res.text


def test_seed_boilerplate_gone():
    out = {s: clean_text(_seed(s)) for s in SEED_TITLES}
    assert "Damascus - George" not in out["001"].text
    t2 = out["002"].text
    assert t2.count("Syria's army has launched a fierce assault") == 1
    for junk in ("+7(700)", "1. Main", "Learn", "Found a bug", "Telegram", "2013, 12:03"):
        assert junk not in t2
    t3 = out["003"].text
    for junk in ("Post a Comment", "@gmail.com", "Previous Post", "ADS", "publisher"):
        assert junk not in t3
    t4 = out["004"].text
    assert "Editor in Chief" not in t4
    assert "CLASHING SAUDI, RUSSIAN PRIORITIES" in t4.split("\n\n")
    assert t4.startswith("ISTANBUL - Syria's opposition resumed talks on Saturday")
    assert t4.endswith("(Reuters)")


def test_seed_dates():
    r2 = clean_text(_seed("002"))
    assert r2.published_at == datetime(2013, 2, 7, 12, 3, tzinfo=UTC)
    assert r2.published_source == "text:title_line"
    r4 = clean_text(_seed("004"))
    assert r4.published_at is None or r4.published_at.date() != datetime(2024, 4, 19).date()
    assert clean_text(_seed("001")).author == "George Al Shami"


def test_footer_date_and_lead_dateline():
    res = clean_text("\n\n".join([HEADLINE, *BODY, "Posted on 9 June 2020", "Share"]))
    assert res.published_at == datetime(2020, 6, 9, tzinfo=UTC)
    assert res.published_source == "text:footer"
    assert res.text == "\n\n".join(BODY)
    lead = "GENEVA, 3 March 2021 (Reuters) - " + BODY[1]
    res2 = clean_text("\n\n".join([HEADLINE, lead, *BODY[2:]]))
    assert res2.published_at == datetime(2021, 3, 3, tzinfo=UTC)
    assert res2.published_source == "text:dateline"
    assert res2.text.startswith(lead)


def test_related_links_and_comments_after_body_dropped():
    tail = [
        "Related articles",
        "Drought hits coffee harvest across the region, farmers say",
        "Central bank holds rates as inflation slows for a third month",
    ]
    res = clean_text(article(after=tail))
    assert res.text == "\n\n".join(BODY)
    comments = [
        "riverfan22 says:",
        "This happens every year and nobody in charge ever learns anything from it, sadly.",
        "M. Costa says:",
        "Stay safe everyone, the water is still rising near the old port.",
    ]
    res2 = clean_text(article(after=comments))
    assert res2.text == "\n\n".join(BODY)
    assert res2.removed.get("comments") == 4


def test_spanish_article_with_chrome():
    body = [
        "MADRID - El Gobierno aprobó este martes un plan para reducir el consumo de agua en "
        "las ciudades, que afectará a más de cuatrocientos municipios durante el verano.",
        "Las asociaciones de agricultores pidieron que las restricciones se apliquen también "
        "a los campos de golf y a las piscinas privadas de las urbanizaciones.",
        "El ministerio calcula que el ahorro podría alcanzar el quince por ciento del "
        "consumo actual si las medidas se cumplen en todas las regiones.",
    ]
    raw = "\n".join(
        [
            "Inicio | Sociedad | Medio ambiente",
            "Publicidad",
            "El Gobierno aprueba un plan de ahorro de agua para el verano",
            "Por Lucía Martín",
            *body,
            "Compartir en Facebook",
            "Leer más",
            "Suscríbete a nuestro boletín",
            "© 2023 Diario Ejemplo. Todos los derechos reservados.",
        ]
    )
    res = clean_text(raw)
    assert res.title == "El Gobierno aprueba un plan de ahorro de agua para el verano"
    assert res.author == "Lucía Martín"
    assert res.text == "\n\n".join(body)


def test_wire_site_dump_with_heavy_chrome():
    top = [
        "Skip to main content",
        "Sign up for our daily newsletter to get the latest news delivered straight to your inbox.",
        "Breaking News",
        "Tuesday 12 March 2024",
        "World | Business | Sport | Culture",
        "LIVE: Follow our coverage of the election",
        "Listen to this article",
        "5 min read",
        "Updated 14:32 GMT",
    ]
    mid = [
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Click here to download our app and never miss a story.",
        "Getty Images",
    ]
    end = [
        "Topics",
        "Copyright 2024 Example Press. All rights reserved. This material may not "
        "be published, broadcast, rewritten or redistributed.",
        "Have a news tip? Email us at tips@example.com",
        "Download our app for iOS and Android",
        "Terms of Service Privacy Policy Contact Us",
        "More from World",
        "Loading comments...",
    ]
    raw = "\n\n".join([*top, HEADLINE, BODY[0], BODY[1], *mid, BODY[2], BODY[3], *end])
    res = clean_text(raw)
    assert res.title == HEADLINE
    assert res.text == "\n\n".join(BODY)
    assert res.published_at is None  # the site's date line before the headline is a masthead


def test_russian_and_german_dumps_with_chrome():
    ru_body = [
        "МОСКВА, 5 марта 2024 — Правительство утвердило новую программу поддержки малого бизнеса, которая начнёт действовать с первого апреля, сообщили в пресс-службе кабинета министров.",
        "По словам министра экономического развития, на программу выделят более двадцати миллиардов рублей, а заявки можно будет подавать через портал госуслуг.",
        "Эксперты считают, что меры помогут прежде всего предприятиям в регионах, где доступ к банковским кредитам остаётся ограниченным.",
        "Первые итоги работы программы планируется подвести в конце года.",
    ]
    ru = "\n".join(
        [
            "Главная > Новости > Экономика",
            "Реклама",
            "Правительство утвердило программу поддержки малого бизнеса",
            "Фото: пресс-служба правительства",
            ru_body[0],
            ru_body[1],
            "Читайте также: Курс рубля укрепился на открытии торгов",
            ru_body[2],
            ru_body[3],
            "Поделиться",
            "Подписывайтесь на наш Telegram-канал",
            "Комментарии (3)",
            "Нашли ошибку? Выделите текст и нажмите Ctrl+Enter",
            "© 2024 Пример. Все права защищены",
            "18+",
        ]
    )
    de_body = [
        "BERLIN - Die Bundesregierung will den Ausbau von Ladesäulen für Elektroautos stärker fördern und stellt dafür in den kommenden drei Jahren zusätzliche Mittel bereit.",
        "Das Verkehrsministerium teilte mit, dass vor allem ländliche Regionen profitieren sollen, in denen es bislang kaum öffentliche Ladepunkte gibt.",
        "„Wir müssen schneller werden“, sagte der Minister bei der Vorstellung des Programms.",
        "Umweltverbände begrüßten den Schritt, kritisierten aber, dass die Förderung zu spät komme.",
    ]
    de = "\n\n".join(
        [
            "Startseite › Politik › Deutschland",
            "Anzeige",
            "Von Anna Schmidt",
            "Mehr Geld für Ladesäulen auf dem Land",
            "Stand: 14.03.2024, 10:15 Uhr",
            de_body[0],
            de_body[1],
            "Mehr zum Thema",
            de_body[2],
            de_body[3],
            "Artikel teilen",
            "Kommentare",
            "Datenschutz | Impressum | Kontakt",
        ]
    )
    ru_res, de_res = clean_text(ru), clean_text(de)
    assert ru_res.title == "Правительство утвердило программу поддержки малого бизнеса"
    assert ru_res.text == "\n\n".join(ru_body)
    assert ru_res.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert de_res.title == "Mehr Geld für Ladesäulen auf dem Land"
    assert de_res.text == "\n\n".join(de_body)
    assert de_res.author == "Anna Schmidt"
    assert de_res.published_at == datetime(2024, 3, 14, 10, 15, tzinfo=UTC)


def test_given_title_with_site_suffix_drops_plain_headline():
    res = clean_text(article(), title=HEADLINE + " | The Harbour Daily")
    assert res.text == "\n\n".join(BODY)
    assert res.removed.get("title_repeat") == 1
