#!/usr/bin/env python3
"""Builds crates/plaza_server/demo/evidence.json: the demo network's evidence of public value.

Run from the repository root after build_demo.py, with the shared corpus beside it:
    python3 infra/demo/build_demo.py ../shared/corpus
    python3 infra/demo/build_evidence.py ../shared/corpus
Everything here is fictional and written for the demo by the Plaza team (CC BY 4.0; see
crates/plaza_server/demo/ATTRIBUTION.md): platform ratings, threat self-assessments, guideline
adoptions and one guideline fork, all by the fictional "demo-" agencies. Real agencies are never
given opinions, ratings or self-assessments. The fork's version 1 is version 1 of the Catalan guideline
imported by build_demo.py (a selection of the Generalitat guide's 7th edition); the loader appends each
amendment's annex.
"""
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

CORPUS = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
DEMO = Path("crates/plaza_server/demo/demo.jsonl")
OUT = Path("crates/plaza_server/demo/evidence.json")
TODAY = date.today()

PLATFORMS = {"x", "facebook", "instagram", "tiktok", "youtube", "linkedin", "whatsapp", "telegram", "mastodon",
             "bluesky", "threads", "flickr", "blog", "podcast", "other"}
DIMENSIONS = {"service_delivery", "social_outcomes", "trust_legitimacy"}
THREATS = ["no_strategy", "no_guidelines", "no_skills", "political_disinterest", "political_control",
           "uncoordinated", "digital_divide", "representation_bias", "abandoned_accounts", "impersonation"]
LEVELS = {"none", "low", "medium", "high"}
VISIBILITIES = {"public", "network", "agency"}
# Which case visibilities a rating of a given visibility may point to: never a narrower audience.
CASE_AUDIENCE = {"public": {"public"}, "network": {"public", "network"}, "agency": {"public", "network", "agency"}}

# ---------------------------------------------------------------- what build_demo.py wrote
demo = [json.loads(line) for line in DEMO.open(encoding="utf-8")]
AGENCIES = {r["slug"]: r for r in demo if r["type"] == "agency"}
MEMBER_AGENCY = {r["email"]: r["agency"] for r in demo if r["type"] == "member"}
CASES = {r["external_id"]: r for r in demo if r["type"] == "case_study"}
GUIDELINES = {r["external_id"]: r for r in demo if r["type"] == "guideline"}


def day(text):
    return date.fromisoformat(text)


def instant(text):
    assert text.endswith("Z"), text
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)


def check_author(agency, author):
    assert agency.startswith("demo-") and agency in AGENCIES, agency
    assert MEMBER_AGENCY.get(author) == agency, (author, agency)


# ---------------------------------------------------------------- platform ratings
# Scale: 1 no public value, 2 little, 3 some, 4 considerable, 5 essential.
platform_ratings = []


def rating(slug, agency, author, platform, rated_on, visibility, ratings, cases=()):
    check_author(agency, author)
    assert platform in PLATFORMS, platform
    assert visibility in VISIBILITIES, visibility
    assert day(rated_on) <= TODAY, rated_on
    assert 1 <= len(ratings) <= 3, slug
    assert len({dimension for dimension, _, _ in ratings}) == len(ratings), f"{slug}: dimensions repeat"
    for dimension, score, justification in ratings:
        assert dimension in DIMENSIONS, dimension
        assert isinstance(score, int) and 1 <= score <= 5, (slug, score)
        assert 20 <= len(justification) <= 400, (slug, justification)
    linked = [f"demo/case/{key}" for key in cases]
    for external_id in linked:
        case = CASES.get(external_id)
        assert case, external_id
        assert case["agency"] == agency and platform in case["platforms"], (slug, external_id)
        assert case["status"] == "published" and case["visibility"] in CASE_AUDIENCE[visibility], (slug, external_id)
        assert case["created_at"][:10] <= rated_on, (slug, external_id, "rated before the case was written")
    platform_ratings.append({
        "external_id": f"demo/rating/{slug}", "agency": agency, "author": author, "platform": platform,
        "rated_on": rated_on, "visibility": visibility,
        "ratings": [{"dimension": d, "score": s, "justification": j} for d, s, j in ratings],
        "cases": linked,
    })


LUCIA, PABLO = "lucia.moreno@vallverde.example", "pablo.ruiz@vallverde.example"
MARTA, JORDI = "marta.gil@sierraalta.example", "jordi.puig@riudevall.example"
SOFIA, ANA = "sofia.lopez@rioclaro.example", "ana.souza@saolourenco.example"
VALLVERDE, SIERRA, RIUDEVALL = "demo-ayto-vallverde", "demo-diputacion-sierra", "demo-ajuntament-riudevall"
RIOCLARO, SAOLOURENCO = "demo-municipalidad-rioclaro", "demo-prefeitura-saolourenco"

rating("vallverde-whatsapp-2023", VALLVERDE, LUCIA, "whatsapp", "2023-06-15", "public", [
    ("service_delivery", 4, "Tras ocho meses, el canal absorbe buena parte de las consultas de primer nivel que antes "
                            "llegaban al 010. Falta medir el efecto con un año completo de datos de la centralita."),
    ("trust_legitimacy", 3, "Las personas usuarias valoran la respuesta rápida, pero el canal depende de una empresa "
                            "privada y de sus condiciones de uso."),
])
rating("vallverde-whatsapp-2025", VALLVERDE, LUCIA, "whatsapp", "2025-05-20", "public", [
    ("service_delivery", 5, "Con un año completo de datos, las llamadas semanales al 010 bajaron un 31 % y el tiempo "
                            "medio de respuesta es de 11 minutos. Hoy es el canal que más consultas resuelve sin "
                            "desplazamientos."),
    ("trust_legitimacy", 3, "La satisfacción es alta, pero seguimos sin poder garantizar la continuidad del canal si "
                            "cambian las condiciones de la plataforma."),
], cases=["vallverde-whatsapp-010"])
rating("vallverde-x-2023", VALLVERDE, LUCIA, "x", "2023-03-10", "network", [
    ("trust_legitimacy", 3, "Sigue siendo el canal donde medios y vecinos buscan la información oficial cuando hay "
                            "una incidencia en la ciudad."),
    ("service_delivery", 2, "Pocas consultas se resuelven aquí; la mayoría se derivan al 010."),
])
rating("vallverde-x-2025", VALLVERDE, LUCIA, "x", "2025-04-08", "network", [
    ("trust_legitimacy", 2, "Ha caído el alcance de nuestras publicaciones y han aumentado las respuestas hostiles. "
                            "Ya no es fácil distinguir a simple vista el perfil oficial de otros perfiles."),
    ("service_delivery", 2, "Las consultas se han trasladado a WhatsApp; aquí solo publicamos avisos."),
])
rating("vallverde-tiktok-2024", VALLVERDE, PABLO, "tiktok", "2024-06-10", "public", [
    ("social_outcomes", 4, "La serie de vídeos triplicó las solicitudes de ayudas de empleo de menores de 25 años, "
                           "un público al que no llegábamos por otras vías."),
    ("service_delivery", 3, "Útil para explicar trámites concretos; no sirve para atender consultas individuales."),
], cases=["vallverde-tiktok-empleo"])
rating("vallverde-facebook-2024", VALLVERDE, LUCIA, "facebook", "2024-07-01", "agency", [
    ("service_delivery", 3, "Las quejas de mantenimiento que llegan por Facebook se convierten en incidencias y la "
                            "mayoría se resuelven. Valoración provisional del piloto, para uso interno."),
    ("trust_legitimacy", 3, "Responder con el número de incidencia ha reducido los comentarios hostiles en las "
                            "publicaciones sobre obras."),
], cases=["vallverde-escucha-activa"])
rating("vallverde-mastodon-2025", VALLVERDE, LUCIA, "mastodon", "2025-09-15", "network", [
    ("trust_legitimacy", 3, "Publicar en un servidor propio nos da control sobre el canal y sus datos, sin publicidad "
                            "ni algoritmo de recomendación."),
    ("service_delivery", 1, "La audiencia local es todavía mínima: por ahora no resuelve ninguna necesidad de "
                            "servicio."),
])
rating("sierra-x-2023", SIERRA, MARTA, "x", "2023-12-05", "public", [
    ("social_outcomes", 4, "Durante las inundaciones de noviembre fue el canal que siguieron medios y ayuntamientos "
                           "para los avisos de cortes de carretera."),
    ("trust_legitimacy", 3, "Los desmentidos rápidos frenaron bulos, pero también circularon cuentas que se hacían "
                            "pasar por servicios provinciales."),
])
rating("sierra-x-2025", SIERRA, MARTA, "x", "2025-02-10", "public", [
    ("social_outcomes", 3, "Mantenemos el protocolo de emergencias en X, pero los avisos llegan a menos personas que "
                           "en 2023 y el canal de Telegram ya los supera en alcance."),
    ("trust_legitimacy", 2, "Cuesta más distinguir las cuentas oficiales y los desmentidos compiten con mucho ruido. "
                            "Lo tratamos como canal secundario."),
], cases=["sierra-inundaciones-telegram"])
rating("sierra-telegram-2025", SIERRA, MARTA, "telegram", "2025-02-10", "public", [
    ("social_outcomes", 5, "El canal provincial de avisos llegó a 18.500 suscriptores en la crisis de 2023 y hoy "
                           "es la referencia para emergencias en los 43 municipios."),
    ("trust_legitimacy", 4, "Es de solo lectura y cada aviso se verifica con protección civil, así que dentro del "
                            "canal no hay lugar para bulos."),
], cases=["sierra-inundaciones-telegram"])
rating("sierra-youtube-2024", SIERRA, MARTA, "youtube", "2024-03-01", "network", [
    ("service_delivery", 2, "Tras el censo de cuentas mantenemos un único canal, que sirve de archivo de plenos y "
                            "campañas; su uso es bajo."),
    ("trust_legitimacy", 3, "Emitir los plenos en abierto aporta transparencia, aunque la audiencia en directo sea "
                            "reducida."),
], cases=["sierra-registro-cuentas"])
rating("riudevall-instagram-2024", RIUDEVALL, JORDI, "instagram", "2024-04-10", "public", [
    ("trust_legitimacy", 4, "Explicar cada proposta i respondre preguntes en directe va acostar el procés "
                            "participatiu als joves."),
    ("social_outcomes", 3, "La participació dels menors de 30 anys es va duplicar, però continua sent baixa respecte "
                           "al seu pes en la població."),
], cases=["riudevall-instagram-participacio"])
rating("riudevall-whatsapp-2025", RIUDEVALL, JORDI, "whatsapp", "2025-03-01", "public", [
    ("service_delivery", 4, "El canal resol gairebé set de cada deu consultes sense passar per l'OAC i les trucades "
                            "han baixat un 18 %. Amb més hores d'atenció el resultat seria millor."),
], cases=["riudevall-whatsapp-oac"])
rating("riudevall-facebook-2024", RIUDEVALL, JORDI, "facebook", "2024-05-01", "network", [
    ("service_delivery", 2, "Serveix per difondre avisos a la gent gran, que n'és el públic principal, però hi "
                            "arriben poques consultes."),
    ("trust_legitimacy", 2, "Amb la guia comuna han desaparegut els perfils duplicats de les regidories, però la "
                            "conversa continua sent escassa."),
], cases=["riudevall-guia-interna"])
rating("rioclaro-whatsapp-2025", RIOCLARO, SOFIA, "whatsapp", "2025-06-02", "public", [
    ("service_delivery", 5, "El asistente resuelve más de la mitad de las consultas sin intervención y las "
                            "llamadas al 147 bajaron un 40 %. Hoy es nuestro principal canal de atención al vecino."),
    ("trust_legitimacy", 3, "Los vecinos valoran la respuesta inmediata, pero todavía recibimos quejas cuando el "
                            "asistente no entiende la consulta."),
], cases=["rioclaro-whatsapp-147", "rioclaro-youtube-tramites"])
rating("saolourenco-whatsapp-2023", SAOLOURENCO, ANA, "whatsapp", "2023-11-20", "public", [
    ("social_outcomes", 4, "Os lembretes de vacinação chegam às famílias que não acompanham outras redes da "
                           "Prefeitura, inclusive nos bairros periféricos."),
    ("service_delivery", 3, "Por enquanto é um canal de mão única; as dúvidas ainda precisam ser respondidas por "
                            "telefone."),
])
rating("saolourenco-whatsapp-2025", SAOLOURENCO, ANA, "whatsapp", "2025-04-15", "public", [
    ("social_outcomes", 5, "A cobertura da segunda dose subiu 12 pontos com os lembretes, o melhor resultado de saúde "
                           "que conseguimos por um canal digital."),
    ("service_delivery", 4, "Com o atendimento em duas vias, as ligações para a Central 156 caíram 24 %."),
    ("trust_legitimacy", 3, "Números falsos usando o nome da Prefeitura exigem avisos constantes sobre os canais "
                            "oficiais."),
], cases=["saolourenco-whatsapp-saude", "saolourenco-whatsapp-156"])

# ---------------------------------------------------------------- threat self-assessments
threat_assessments = []


def assessment(slug, agency, author, assessed_on, answers):
    check_author(agency, author)
    assert day(assessed_on) <= TODAY, assessed_on
    assert [threat for threat, _, _ in answers] == THREATS, f"{slug}: all ten threats, once each, in order"
    for threat, level, note in answers:
        assert level in LEVELS, (slug, threat, level)
        assert len(note) <= 200, (slug, threat)
    threat_assessments.append({
        "external_id": f"demo/assessment/{slug}", "agency": agency, "author": author, "assessed_on": assessed_on,
        "answers": [{"threat": t, "level": l, "note": n} for t, l, n in answers],
    })


assessment("vallverde-2023", VALLVERDE, LUCIA, "2023-02-15", [
    ("no_strategy", "medium", "Hay plan de comunicación, pero sin objetivos medibles para las redes."),
    ("no_guidelines", "high", "No hay guía de uso; cada área publica con sus propios criterios."),
    ("no_skills", "medium", "Formación puntual, solo en el equipo de comunicación."),
    ("political_disinterest", "low", ""),
    ("political_control", "high", "Todas las publicaciones pasan por el gabinete de Alcaldía; uso casi solo de "
                                  "difusión."),
    ("uncoordinated", "medium", "Varias áreas tienen perfiles propios sin coordinación."),
    ("digital_divide", "high", "Buena parte de las llamadas al 010 son de personas mayores sin acceso digital."),
    ("representation_bias", "medium", "Quien comenta en redes no representa al conjunto del municipio."),
    ("abandoned_accounts", "low", ""),
    ("impersonation", "low", ""),
])
assessment("vallverde-2025", VALLVERDE, LUCIA, "2025-03-20", [
    ("no_strategy", "low", "Objetivos anuales por canal, con indicadores de llamadas y de tiempo de respuesta."),
    ("no_guidelines", "low", "Desde enero de 2024 aplicamos la guía de la Generalitat (edición de 2015)."),
    ("no_skills", "low", "Formación anual para todo el personal que gestiona canales."),
    ("political_disinterest", "none", ""),
    ("political_control", "medium", "Circuito de aprobación de 24 horas pactado con Alcaldía; las respuestas de "
                                    "servicio ya no necesitan visto bueno."),
    ("uncoordinated", "low", ""),
    ("digital_divide", "medium", "Mantenemos el 010 y la atención presencial para quien no usa WhatsApp."),
    ("representation_bias", "medium", ""),
    ("abandoned_accounts", "none", ""),
    ("impersonation", "low", ""),
])
assessment("sierra-2023", SIERRA, MARTA, "2023-01-09", [
    ("no_strategy", "high", "No hay estrategia provincial ni protocolo de crisis compartido con los municipios."),
    ("no_guidelines", "medium", "La guía adoptada en 2017 no se aplica en los organismos autónomos."),
    ("no_skills", "medium", ""),
    ("political_disinterest", "low", ""),
    ("political_control", "medium", ""),
    ("uncoordinated", "high", "Más de cien perfiles oficiales sin inventario ni responsable conocido."),
    ("digital_divide", "high", "Población rural envejecida y zonas con mala cobertura."),
    ("representation_bias", "medium", ""),
    ("abandoned_accounts", "high", "Decenas de cuentas sin actividad desde hace años."),
    ("impersonation", "high", "Hay cuentas falsas que se hacen pasar por servicios provinciales."),
])
assessment("sierra-2025", SIERRA, MARTA, "2025-01-15", [
    ("no_strategy", "low", "Protocolo de comunicación de emergencias firmado con los 43 municipios."),
    ("no_guidelines", "medium", "Seguimos con la guía adoptada en 2017; falta pasar a la edición más reciente."),
    ("no_skills", "low", ""),
    ("political_disinterest", "low", ""),
    ("political_control", "low", ""),
    ("uncoordinated", "low", "38 perfiles coordinados y un registro público de cuentas oficiales."),
    ("digital_divide", "high", "Los avisos de emergencia se siguen difundiendo también por radio y bandos."),
    ("representation_bias", "medium", ""),
    ("abandoned_accounts", "low", "Revisión anual del registro; se cerraron 61 cuentas."),
    ("impersonation", "low", "Las suplantaciones se denuncian y el registro público permite comprobar las cuentas."),
])
assessment("riudevall-2023", RIUDEVALL, JORDI, "2023-08-20", [
    ("no_strategy", "medium", "Hi ha un pla de comunicació, però no inclou les xarxes."),
    ("no_guidelines", "high", "No hi ha cap guia comuna; cada regidoria gestiona els seus comptes."),
    ("no_skills", "high", "Ningú del personal que publica ha rebut formació."),
    ("political_disinterest", "low", ""),
    ("political_control", "medium", "Algunes regidories fan servir els perfils com a altaveu propi."),
    ("uncoordinated", "high", "Comptes oberts per regidoria sense cap criteri comú."),
    ("digital_divide", "low", ""),
    ("representation_bias", "medium", "Els joves encara hi participen poc, tot i que els seus vots s'han duplicat."),
    ("abandoned_accounts", "medium", "Almenys tres comptes de regidories sense publicacions des de fa un any."),
    ("impersonation", "none", ""),
])
assessment("rioclaro-2024", RIOCLARO, SOFIA, "2024-02-01", [
    ("no_strategy", "low", "Plan de canales digitales aprobado en 2023."),
    ("no_guidelines", "low", "Adoptamos los estándares de contenido web y de chatbots del Estado nacional."),
    ("no_skills", "medium", "El equipo de modernización es chico y los operadores del 147 recién empiezan a "
                            "capacitarse."),
    ("political_disinterest", "none", ""),
    ("political_control", "low", ""),
    ("uncoordinated", "low", ""),
    ("digital_divide", "high", "Muchos vecinos no saben completar trámites en línea sin ayuda."),
    ("representation_bias", "medium", ""),
    ("abandoned_accounts", "low", ""),
    ("impersonation", "low", ""),
])
assessment("saolourenco-2023", SAOLOURENCO, ANA, "2023-10-05", [
    ("no_strategy", "medium", "Usamos as redes por campanha, sem objetivos definidos para cada canal."),
    ("no_guidelines", "high", "Não há guia de uso; cada secretaria decide o que publicar."),
    ("no_skills", "medium", ""),
    ("political_disinterest", "low", ""),
    ("political_control", "medium", ""),
    ("uncoordinated", "medium", "Secretarias com perfis próprios, sem coordenação com a comunicação."),
    ("digital_divide", "high", "Bairros periféricos com pouco acesso à internet além do WhatsApp."),
    ("representation_bias", "medium", ""),
    ("abandoned_accounts", "low", ""),
    ("impersonation", "medium", "Há relatos de números de WhatsApp falsos usando o nome da Prefeitura."),
])

# ---------------------------------------------------------------- guideline adoptions
guideline_adoptions = []


def check_guideline(guideline, version, when):
    record = GUIDELINES.get(guideline)
    assert record, guideline
    assert isinstance(version, int) and 1 <= version <= len(record["versions"]), (guideline, version)
    assert instant(record["created_at"]) <= instant(when) <= datetime.now(timezone.utc), (guideline, when)
    return record


def adoption(slug, agency, author, guideline, version, adopted_at):
    check_author(agency, author)
    check_guideline(f"demo/guideline/{guideline}", version, adopted_at)
    guideline_adoptions.append({
        "external_id": f"demo/adoption/{slug}", "agency": agency, "author": author,
        "guideline": f"demo/guideline/{guideline}", "version": version, "adopted_at": adopted_at,
    })


adoption("vallverde-gencat-v07-es", VALLVERDE, LUCIA, "gencat-v07-es", 1, "2024-01-22T10:00:00Z")
# Sierra Alta adopted the 7th edition in 2017 and never moved on: the 9th edition (version 2) is newer.
adoption("sierra-gencat-xarxes-ca", SIERRA, MARTA, "gencat-xarxes-ca", 1, "2017-03-14T09:00:00Z")
adoption("rioclaro-argob-contenido-web", RIOCLARO, SOFIA, "argob_estandares_contenido_web_es", 1,
         "2023-02-20T12:00:00Z")
adoption("rioclaro-argob-chatbots", RIOCLARO, SOFIA, "argob_estandares_chatbots_es", 1, "2024-01-10T12:00:00Z")

# ---------------------------------------------------------------- guideline forks
ANNEX_APPROVAL = """## Annex 1. Circuit d'aprovació de publicacions de l'Ajuntament de Riudevall

Aquest annex adapta la guia als recursos d'un ajuntament de 9.000 habitants. En tot allò que no preveu, s'apliquen els criteris generals de la guia.

### Qui publica

- El **Servei de Comunicació** gestiona els perfils institucionals de l'Ajuntament i dona suport als perfils de les regidories.
- Cada regidoria amb perfil propi designa una **persona referent** i una persona suplent, totes dues del personal tècnic i amb la formació interna feta.
- Els càrrecs electes no publiquen directament als perfils institucionals; poden proposar continguts a Comunicació.

### Qui aprova

| Tipus de publicació | Exemples | Aprovació | Termini |
|---|---|---|---|
| Informació de servei | horaris, talls de carrers, terminis de tràmits | Persona referent | Sense aprovació prèvia |
| Activitats i campanyes | festa major, inscripcions, campanyes de civisme | Cap d'àrea | 24 hores |
| Posicionament institucional | declaracions, acords del Ple, condols | Alcaldia, a proposta de Comunicació | 24 hores |
| Emergències | avisos de protecció civil | Coordinació de protecció civil | Immediat |

Les peticions d'aprovació es fan a la bústia compartida de Comunicació, mai per missatgeria personal. Si una publicació d'activitats o campanyes no rep resposta dins del termini i forma part del calendari aprovat, Comunicació la pot publicar.

### Període electoral

Des de la convocatòria d'eleccions fins a l'endemà de la votació, els perfils municipals només publiquen informació de servei i avisos d'emergència, d'acord amb la normativa electoral. No es publiquen inauguracions ni imatges de càrrecs electes.

### Consultes i queixes

Els missatges privats es responen en un màxim de dos dies feiners. Si la consulta requereix dades personals, es deriva a l'Oficina d'Atenció Ciutadana o a la seu electrònica. Les queixes sobre la via pública es registren al gestor d'incidències i es respon amb el número d'incidència."""

ANNEX_ACCOUNTS = """## Annex 2. Obertura, custòdia i tancament de comptes

### Obrir un perfil nou

La regidoria que vulgui obrir un perfil propi ho sol·licita a Comunicació amb una fitxa breu: públic a qui s'adreça, objectius, persona referent i suplent, i freqüència de publicació prevista, que ha de ser com a mínim setmanal. Abans d'obrir-lo, Comunicació valora si els continguts es poden difondre des dels perfils institucionals.

### Credencials

Els perfils es registren amb una adreça de correu corporativa de l'àrea, mai personal, i amb la verificació en dos passos activada. Comunicació custodia les credencials. Quan la persona referent canvia de lloc de treball, les contrasenyes es canvien el mateix dia.

### Revisió anual i tancament

Cada mes de gener, Comunicació revisa tots els perfils. Un perfil sense publicacions durant sis mesos es tanca o s'integra en el perfil institucional, amb una darrera publicació que indica on es podrà trobar la informació a partir d'aleshores. La llista de perfils oficials vigents es publica al web municipal.

### Formació

Les persones referents i suplents fan una sessió de formació inicial de tres hores abans de començar a publicar i una sessió anual d'actualització."""

guideline_forks = []


def fork(slug, agency, author, source, version, created_at, title, summary, language, visibility, amendments):
    check_author(agency, author)
    check_guideline(source, version, created_at)
    assert language in {"es", "ca", "pt", "en"} and visibility in VISIBILITIES, (language, visibility)
    assert 1 <= len(amendments) <= 2, slug
    for amendment in amendments:
        assert 800 <= len(amendment["annex"]) <= 2500, (slug, len(amendment["annex"]))
        assert amendment["changelog"], slug
    guideline_forks.append({
        "external_id": f"demo/fork/{slug}", "agency": agency, "author": author, "source": source,
        "version": version, "created_at": created_at, "title": title, "summary": summary,
        "language": language, "visibility": visibility, "amendments": amendments,
    })


fork("riudevall-guia-xarxes", RIUDEVALL, JORDI, "demo/guideline/gencat-xarxes-ca", 1, "2023-09-15T09:00:00Z",
     "Guia d'usos i estil a les xarxes socials de l'Ajuntament de Riudevall",
     "Adaptació de la setena edició (2015) de la guia de xarxes socials de la Generalitat de Catalunya a un "
     "ajuntament petit, amb annexos sobre el circuit d'aprovació municipal i la gestió dels comptes de les "
     "regidories.",
     "ca", "public", [
         {"annex": ANNEX_APPROVAL,
          "changelog": "Annex 1: circuit d'aprovació de publicacions, període electoral i resposta a consultes "
                       "(setembre de 2023)."},
         {"annex": ANNEX_ACCOUNTS,
          "changelog": "Annex 2: obertura, custòdia i tancament de comptes i formació de les persones referents, "
                       "després de les sessions de formació (octubre de 2023)."},
     ])
# The fork's version 1 is the source's version 1: the selection of the Catalan 7th edition (CC BY 3.0
# ES) that build_demo.py imports, which names its source and licence in its first paragraph.
source_text = GUIDELINES["demo/guideline/gencat-xarxes-ca"]["versions"][0]["body"]
assert source_text.startswith("*Selecció de la **Guia d’usos i estil a les xarxes socials de la Generalitat")
assert "7a edició (juliol de 2015)" in source_text and "CC BY 3.0 ES" in source_text
first_paragraph = (CORPUS / "guidelines/generalitat_guia_redes_v07_ca.txt").read_text().split("\n\n")[27]
assert first_paragraph.startswith("L’accés a les xarxes socials") and first_paragraph in source_text

# ---------------------------------------------------------------- write
evidence = {"platform_ratings": platform_ratings, "threat_assessments": threat_assessments,
            "guideline_adoptions": guideline_adoptions, "guideline_forks": guideline_forks}
ids = [record["external_id"] for records in evidence.values() for record in records]
assert len(ids) == len(set(ids)), "external ids must be unique"
OUT.write_text(json.dumps(evidence, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {OUT}: " + ", ".join(f"{len(v)} {k}" for k, v in evidence.items()) + f", {OUT.stat().st_size} bytes")
