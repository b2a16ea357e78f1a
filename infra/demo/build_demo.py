#!/usr/bin/env python3
"""Builds crates/plaza_server/demo/demo.jsonl, the demo network Plaza ships.

Run from the repository root with the shared corpus beside it, in this order:
    python3 infra/demo/build_collaboration.py ../shared/corpus/discussions
    python3 infra/demo/build_demo.py ../shared/corpus
    python3 infra/demo/build_evidence.py ../shared/corpus
The product never reads the corpus itself: this script copies a small, attributed selection
into the repository (see crates/plaza_server/demo/ATTRIBUTION.md). Agencies prefixed "demo",
their members and the hand-written case studies and practices are fictional and marked as such
(each fictional case ends with a note saying its figures are illustrative).

Every item is about social media in public administration. Guidelines are readable selections
of real guides (demo_guidelines.py), English items are DigitalGov articles (demo_digitalgov.py).
After writing, the output is checked against the importer's rules (check_demo.py).
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import demo_digitalgov  # noqa: E402
import demo_guidelines as guides  # noqa: E402

CORPUS = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
OUT = Path("crates/plaza_server/demo/demo.jsonl")
BODY_LIMIT = 100 * 1024

records = []


# Content the demo's owners reviewed recently: due again mid-2027, unless a record says
# otherwise (one case is left overdue so the demo shows the "possibly outdated" mark).
DEMO_REVIEW_BY = "2027-06-30"


def add(kind, **fields):
    if kind in ("case_study", "practice", "guideline"):
        fields.setdefault("review_by", DEMO_REVIEW_BY)
    records.append({"type": kind, **fields})


# ---------------------------------------------------------------- agencies and members
AGENCIES = [
    ("generalitat-catalunya", "Generalitat de Catalunya", "regional", "ES", "Catalunya", ["gencat.cat"]),
    ("argentina-innovacion", "Secretaría de Innovación Pública (República Argentina)", "national", "AR", None, ["argentina.gob.ar"]),
    ("gsa-digitalgov", "U.S. General Services Administration (DigitalGov)", "national", "US", None, ["gsa.gov"]),
    ("ayto-madrid", "Ayuntamiento de Madrid", "local", "ES", "Comunidad de Madrid", ["madrid.es"]),
    ("demo-ayto-vallverde", "Ayuntamiento de Vallverde (demo)", "local", "ES", "Andalucía", ["vallverde.example"]),
    ("demo-diputacion-sierra", "Diputación de Sierra Alta (demo)", "provincial", "ES", "Castilla y León", ["sierraalta.example"]),
    ("demo-ajuntament-riudevall", "Ajuntament de Riudevall (demo)", "local", "ES", "Catalunya", ["riudevall.example"]),
    ("demo-municipalidad-rioclaro", "Municipalidad de Río Claro (demo)", "local", "AR", "Mendoza", ["rioclaro.example"]),
    ("demo-prefeitura-saolourenco", "Prefeitura de São Lourenço (demo)", "local", "BR", "Minas Gerais", ["saolourenco.example"]),
]
MEMBERS = [
    ("xarxes@gencat.cat", "Equip de Xarxes Socials", "generalitat-catalunya", ["editor"]),
    ("estandares@argentina.gob.ar", "Equipo de Estándares Digitales", "argentina-innovacion", ["editor"]),
    ("digitalgov@gsa.gov", "DigitalGov Team", "gsa-digitalgov", ["editor"]),
    ("participacion@madrid.es", "Área de Participación Ciudadana", "ayto-madrid", ["editor", "moderator"]),
    ("lucia.moreno@vallverde.example", "Lucía Moreno", "demo-ayto-vallverde", ["editor", "agency_admin"]),
    ("pablo.ruiz@vallverde.example", "Pablo Ruiz", "demo-ayto-vallverde", []),
    ("marta.gil@sierraalta.example", "Marta Gil", "demo-diputacion-sierra", ["editor"]),
    ("jordi.puig@riudevall.example", "Jordi Puig", "demo-ajuntament-riudevall", ["editor"]),
    ("sofia.lopez@rioclaro.example", "Sofía López", "demo-municipalidad-rioclaro", ["editor"]),
    ("ana.souza@saolourenco.example", "Ana Souza", "demo-prefeitura-saolourenco", ["editor"]),
    ("admin@plaza.example", "Plaza Network Admin", "demo-diputacion-sierra", ["network_admin"]),
]
for slug, name, level, country, region, domains in AGENCIES:
    add("agency", external_id=f"demo/agency/{slug}", slug=slug, name=name, level=level, country=country,
        region=region, email_domains=domains)
for email, name, agency, roles in MEMBERS:
    add("member", external_id=f"demo/member/{email}", email=email, name=name, agency=agency, roles=roles)


# Metric kinds (codes are stable) and the units each may be measured in; "other" is never aggregated.
COUNT, SHARE = ["count"], ["percent", "ratio"]
METRIC_KINDS = {
    "phone_calls": COUNT, "counter_visits": COUNT, "response_time": ["seconds", "minutes", "hours", "days"],
    "questions_resolved": COUNT + SHARE, "reach_rate": SHARE, "engagement_rate": SHARE, "followers": COUNT,
    "satisfaction": ["score"] + SHARE, "ideas_implemented": ["count", "percent"], "participation": COUNT + SHARE,
    "sector_outcome_harm": COUNT + SHARE, "sector_outcome_uptake": COUNT + SHARE,
    "cost": ["eur", "usd", "local_currency"],
    "other": ["count", "percent", "ratio", "score", "seconds", "minutes", "hours", "days", "eur", "usd",
              "local_currency"],
}


def metric(name, kind, unit, baseline, target, actual, start, end, method, evidence):
    assert unit in METRIC_KINDS[kind], (name, kind, unit)
    return {"metric": name, "kind": kind, "unit": unit, "baseline": baseline, "target": target, "actual": actual,
            "period_start": start, "period_end": end, "method": method, "evidence_level": evidence}


# ---------------------------------------------------------------- hand-written case studies (fictional, marked demo)
CASES = [
    dict(
        key="vallverde-whatsapp-010", agency="demo-ayto-vallverde", author="lucia.moreno@vallverde.example",
        language="es", visibility="public", created_at="2024-03-12T09:00:00Z",
        title="Cómo redujimos las llamadas al 010 abriendo un canal de WhatsApp municipal",
        summary="El Ayuntamiento de Vallverde abrió un canal de atención ciudadana por WhatsApp para consultas "
                "sobre trámites, padrón y recogida de residuos, y redujo un 31 % las llamadas al teléfono 010.",
        context="El teléfono 010 recibía unas 12.000 llamadas semanales, con esperas de más de ocho minutos en "
                "campañas de padrón y tasas. La mayoría eran consultas repetidas de primer nivel que no requerían "
                "datos personales: horarios, documentación necesaria, estado de la recogida de enseres.",
        objectives=["citizen_service", "information"], platforms=["whatsapp"],
        actions="Abrimos un número de WhatsApp Business atendido por dos personas del servicio de atención "
                "ciudadana, con respuestas rápidas para las 40 preguntas más frecuentes y derivación al 010 o a la "
                "sede electrónica cuando la consulta requiere identificación. Publicamos el número en la web, en "
                "las facturas de tasas y en los autobuses urbanos. Nunca pedimos datos personales por el canal.",
        formats=["mensajería", "respuestas rápidas"], team="2 personas del servicio de atención ciudadana",
        budget="Sin coste de licencias; 0,5 jornadas de formación", tools=["WhatsApp Business"],
        metrics=[
            metric("Llamadas semanales al 010", "phone_calls", "count", 12000, 9000, 8280, "2023-01-01", "2023-12-31",
                   "Registros de la centralita, media semanal", "analytics_export"),
            metric("Tiempo medio de respuesta por WhatsApp", "response_time", "minutes", None, 15, 11, "2023-01-01",
                   "2023-12-31", "Informe de la herramienta de mensajería", "analytics_export"),
            metric("Satisfacción de las personas usuarias", "satisfaction", "score", None, 8, 8.6, "2023-06-01",
                   "2023-06-30", "Encuesta de una pregunta al cerrar la conversación (escala 1-10)", "self_reported"),
        ],
        lessons="Las respuestas rápidas deben revisarse cada mes: cuando cambia un plazo, el canal difunde el "
                "error a gran velocidad. Hay que anunciar el horario de atención y respetarlo.",
        threats=["digital_divide"], dimensions=["service_delivery"], stage="running", started_on="2022-10-01",
        tags=["atención ciudadana", "010", "ayuntamiento"], review_by="2027-06-30",
    ),
    dict(
        key="vallverde-tiktok-empleo", agency="demo-ayto-vallverde", author="pablo.ruiz@vallverde.example",
        language="es", visibility="public", created_at="2024-05-02T10:00:00Z",
        title="Vídeos cortos en TikTok para explicar las ayudas de empleo joven",
        summary="Una serie de 24 vídeos de menos de un minuto explicó las subvenciones de empleo joven y "
                "triplicó las solicitudes de menores de 25 años.",
        context="Las subvenciones municipales de empleo joven quedaban sin cubrir: la información estaba en "
                "bases reguladoras de 30 páginas que el público joven no leía.",
        objectives=["formats", "information", "inclusion"], platforms=["tiktok", "instagram"],
        actions="Grabamos vídeos verticales con personal técnico joven del área de empleo respondiendo una "
                "pregunta por vídeo (quién puede pedirla, qué documentos hacen falta, plazos). Se subtitularon "
                "todos y se publicaron también como Reels.",
        formats=["vídeo corto", "subtítulos"], team="1 técnica de empleo, 1 community manager", budget="1.200 € en un micrófono y luz",
        metrics=[
            metric("Solicitudes de menores de 25 años", "participation", "count", 85, 150, 262, "2023-09-01",
                   "2023-12-31", "Registro de solicitudes de la convocatoria", "audited"),
            metric("Visualizaciones completas por vídeo", "other", "count", None, 2000, 3400, "2023-09-01",
                   "2023-12-31", "Estadísticas de la plataforma", "analytics_export"),
        ],
        lessons="El formato pregunta-respuesta funciona mejor que el institucional. Conviene pactar con "
                "comunicación un circuito de aprobación de 24 horas.",
        threats=["representation_bias", "political_control"], dimensions=["social_outcomes", "service_delivery"],
        stage="finished", started_on="2023-09-01", ended_on="2023-12-31", tags=["empleo", "juventud", "subvenciones"],
    ),
    dict(
        key="sierra-inundaciones-telegram", agency="demo-diputacion-sierra", author="marta.gil@sierraalta.example",
        language="es", visibility="public", created_at="2024-01-20T08:30:00Z",
        title="Comunicación de emergencias por inundaciones con X y un canal de Telegram provincial",
        summary="Durante las inundaciones de noviembre, la Diputación coordinó los avisos de 43 municipios "
                "con un canal de Telegram y un protocolo común en X.",
        context="Cada municipio publicaba avisos distintos y a horas distintas; circulaban bulos sobre cortes "
                "de carreteras. No había un canal único ni un protocolo de crisis compartido.",
        objectives=["crisis", "information", "inter_agency"], platforms=["x", "telegram"],
        actions="Creamos un canal de Telegram provincial de solo lectura y un protocolo de mensajes tipo para "
                "X con etiquetas comunes. Un turno de guardia verificaba cada aviso con protección civil antes "
                "de publicarlo y desmentía los bulos en menos de 30 minutos.",
        formats=["avisos", "mapas"], team="Gabinete de prensa y protección civil", budget="Sin coste adicional",
        metrics=[
            metric("Suscriptores del canal de Telegram", "followers", "count", 0, 10000, 18500, "2023-11-01",
                   "2023-11-30", "Estadísticas del canal", "analytics_export"),
            metric("Tiempo medio hasta desmentir un bulo", "response_time", "minutes", 180, 30, 26, "2023-11-01",
                   "2023-11-30", "Registro del turno de guardia", "self_reported"),
        ],
        lessons="El protocolo debe estar firmado antes de la crisis. Los municipios pequeños necesitan "
                "plantillas de mensajes listas para copiar.",
        threats=["uncoordinated", "no_strategy"], dimensions=["social_outcomes", "trust_legitimacy"],
        stage="running", started_on="2023-11-02", tags=["emergencias", "bulos", "protección civil"],
    ),
    dict(
        key="sierra-registro-cuentas", agency="demo-diputacion-sierra", author="marta.gil@sierraalta.example",
        language="es", visibility="network", created_at="2024-02-14T12:00:00Z",
        title="Inventario de cuentas oficiales: de 112 perfiles dispersos a 38 coordinados",
        summary="Un censo de perfiles en redes de la Diputación y sus organismos cerró 61 cuentas abandonadas "
                "y denunció 13 suplantaciones.",
        context="Nadie sabía cuántas cuentas oficiales existían. Muchas estaban abandonadas y algunas "
                "cuentas falsas se hacían pasar por servicios provinciales.",
        objectives=["brand", "internal_communication"], platforms=["x", "facebook", "instagram", "youtube"],
        actions="Censamos los perfiles con un formulario interno, fijamos criterios de apertura y cierre, "
                "publicamos un registro público de cuentas oficiales y denunciamos las cuentas suplantadoras.",
        formats=["registro público"], team="Servicio de comunicación", budget="Sin coste",
        metrics=[
            metric("Perfiles oficiales activos", "other", "count", 112, 40, 38, "2023-01-01", "2023-12-31",
                   "Registro de cuentas", "self_reported"),
        ],
        lessons="Un registro público de cuentas oficiales es la mejor defensa contra la suplantación.",
        threats=["uncoordinated", "abandoned_accounts", "impersonation"], dimensions=["trust_legitimacy"],
        stage="finished", started_on="2023-01-10", ended_on="2023-12-20", tags=["coordinación", "suplantación"],
    ),
    dict(
        key="rioclaro-youtube-tramites", agency="demo-municipalidad-rioclaro", author="sofia.lopez@rioclaro.example",
        language="es", visibility="public", created_at="2024-04-08T14:00:00Z",
        title="Tutoriales en YouTube para hacer trámites en línea sin ir a la municipalidad",
        summary="Doce videotutoriales paso a paso sobre la licencia de conducir, las tasas y la habilitación "
                "comercial redujeron un 22 % las visitas presenciales.",
        context="Las oficinas de atención se saturaban con vecinos que no sabían completar trámites que ya "
                "estaban disponibles en línea.",
        objectives=["formats", "citizen_service"], platforms=["youtube", "whatsapp"],
        actions="Grabamos tutoriales de pantalla narrados en lenguaje claro y los enlazamos desde cada trámite "
                "de la web y desde las respuestas automáticas de WhatsApp.",
        formats=["videotutorial"], team="Equipo de modernización (3 personas)", budget="ARS 400.000",
        metrics=[
            metric("Visitas presenciales mensuales por trámites disponibles en línea", "counter_visits", "count",
                   4100, 3500, 3200, "2023-03-01", "2023-12-31", "Sistema de turnos", "analytics_export"),
        ],
        lessons="Un tutorial por trámite, de menos de tres minutos, y actualizado cada vez que cambia la pantalla.",
        threats=["digital_divide", "no_skills"], dimensions=["service_delivery"], stage="running",
        started_on="2023-03-01", tags=["trámites", "lenguaje claro"], review_by="2025-06-30",
    ),
    dict(
        key="vallverde-escucha-activa", agency="demo-ayto-vallverde", author="lucia.moreno@vallverde.example",
        language="es", visibility="agency", created_at="2024-06-18T09:00:00Z",
        title="Escucha activa en redes para priorizar el mantenimiento urbano (uso interno)",
        summary="Clasificamos las quejas recibidas en redes por barrio y tipo de incidencia para planificar las "
                "brigadas de mantenimiento. Documento interno del Ayuntamiento.",
        context="Las quejas en redes no llegaban a los servicios municipales y se respondían sin seguimiento.",
        objectives=["conversation", "internal_communication"], platforms=["x", "facebook"],
        actions="Etiquetado semanal de menciones, informe a las brigadas y respuesta pública con el número de "
                "incidencia.",
        metrics=[
            metric("Incidencias detectadas en redes y resueltas", "questions_resolved", "percent", 20, 60, 72,
                   "2024-01-01", "2024-05-31", "Gestor de incidencias", "self_reported"),
        ],
        lessons="Responder con el número de incidencia cambia el tono de la conversación.",
        threats=["political_control"], dimensions=["service_delivery", "trust_legitimacy"], stage="pilot",
        started_on="2024-01-01", tags=["escucha activa", "mantenimiento"],
    ),
    dict(
        key="vallverde-borrador-mastodon", agency="demo-ayto-vallverde", author="lucia.moreno@vallverde.example",
        language="es", visibility="network", status="draft", created_at="2024-07-01T09:00:00Z",
        title="Primeros pasos en Mastodon: instancia propia para el Ayuntamiento (borrador)",
        summary="Borrador en preparación sobre la apertura de una cuenta institucional en el fediverso.",
        context="Buscamos canales que no dependan de una sola empresa.",
        objectives=["information", "open_government"], platforms=["mastodon"],
        actions="Pendiente de redactar.", stage="idea", tags=["fediverso"],
    ),
    dict(
        key="riudevall-instagram-participacio", agency="demo-ajuntament-riudevall", author="jordi.puig@riudevall.example",
        language="ca", visibility="public", created_at="2024-03-28T11:00:00Z",
        title="Pressupostos participatius explicats a Instagram: la participació juvenil es duplica",
        summary="L'Ajuntament de Riudevall va explicar el procés de pressupostos participatius amb històries "
                "i enquestes a Instagram i va duplicar la participació dels joves.",
        context="Només el 4 % dels vots dels pressupostos participatius venien de persones menors de 30 anys.",
        objectives=["open_government", "conversation"], platforms=["instagram"],
        actions="Vam publicar cada proposta finalista en format carrusel, vam fer enquestes a les històries i "
                "un directe amb l'equip tècnic per respondre preguntes.",
        formats=["carrusel", "històries", "directe"], team="Àrea de participació i comunicació",
        metrics=[
            metric("Vots de persones menors de 30 anys", "participation", "percent", 4, 8, 9.5, "2023-04-01",
                   "2023-05-31", "Plataforma de votació", "audited"),
        ],
        lessons="Cal explicar què passa amb les propostes guanyadores: la confiança depèn del retorn.",
        threats=["representation_bias"], dimensions=["trust_legitimacy", "social_outcomes"], stage="finished",
        started_on="2023-04-01", ended_on="2023-05-31", tags=["participació", "joves"],
    ),
    dict(
        key="riudevall-guia-interna", agency="demo-ajuntament-riudevall", author="jordi.puig@riudevall.example",
        language="ca", visibility="network", created_at="2024-04-15T11:00:00Z",
        title="Adaptar la guia de xarxes de la Generalitat a un ajuntament petit",
        summary="Com vam adaptar la guia d'usos i estil de la Generalitat als recursos d'un ajuntament de 9.000 "
                "habitants i vam formar tot el personal que gestiona comptes.",
        context="Teníem comptes obertes per cada regidoria sense cap criteri comú.",
        objectives=["internal_communication", "inter_agency"], platforms=["x", "instagram", "facebook"],
        actions="Vam adoptar la guia com a base, vam afegir un annex amb el circuit d'aprovació municipal i vam "
                "fer dues sessions de formació.",
        metrics=[
            metric("Persones formades", "other", "count", 0, 15, 18, "2023-09-01", "2023-10-31",
                   "Registre d'assistència", "self_reported"),
        ],
        lessons="Adoptar una guia existent és molt més ràpid que escriure'n una de nova.",
        threats=["no_guidelines", "no_skills", "uncoordinated"], dimensions=["service_delivery"],
        stage="finished", started_on="2023-09-01", ended_on="2023-10-31", tags=["guia", "formació"],
    ),
    dict(
        key="saolourenco-whatsapp-saude", agency="demo-prefeitura-saolourenco", author="ana.souza@saolourenco.example",
        language="pt", visibility="public", created_at="2024-02-05T13:00:00Z",
        title="Lembretes de vacinação pelo WhatsApp aumentam a cobertura infantil",
        summary="A Prefeitura enviou lembretes de vacinação pelo WhatsApp às famílias que se inscreveram e a "
                "cobertura da segunda dose subiu 12 pontos.",
        context="A cobertura vacinal infantil estava abaixo da meta em bairros periféricos.",
        objectives=["citizen_service", "inclusion"], platforms=["whatsapp"],
        actions="Lista de transmissão com inscrição voluntária nas unidades de saúde e mensagens em linguagem simples.",
        metrics=[
            metric("Cobertura da segunda dose", "sector_outcome_uptake", "percent", 71, 85, 83, "2023-01-01",
                   "2023-12-31", "Sistema municipal de vacinação", "audited"),
        ],
        lessons="A inscrição presencial nas unidades de saúde gerou confiança no canal.",
        threats=["digital_divide"], dimensions=["social_outcomes"], stage="running", started_on="2023-01-01",
        tags=["saúde", "vacinação"],
    ),
    dict(
        key="riudevall-whatsapp-oac", agency="demo-ajuntament-riudevall", author="jordi.puig@riudevall.example",
        language="ca", visibility="public", created_at="2025-02-18T10:00:00Z",
        replicates="demo/case/vallverde-whatsapp-010",
        title="Replicar el WhatsApp municipal de Vallverde en un ajuntament de 9.000 habitants",
        summary="Seguint el cas de l'Ajuntament de Vallverde, vam obrir un canal de WhatsApp per a les consultes "
                "d'atenció ciutadana. Les trucades a l'Oficina d'Atenció Ciutadana (OAC) van baixar un 18 %, menys "
                "que a Vallverde, amb una sola persona atenent el canal als matins.",
        context="L'OAC atén en una sola línia totes les trucades a l'Ajuntament, amb tres persones que també fan "
                "l'atenció presencial. En època de padró, de taxes i d'inscripcions als casals d'estiu la línia se "
                "saturava i gairebé una de cada cinc trucades quedava sense resposta. La majoria eren consultes de "
                "primer nivell que no requerien dades personals: horaris, documentació i terminis.",
        objectives=["citizen_service", "information"], platforms=["whatsapp"],
        actions="Abans de començar vam llegir el cas de Vallverde i en vam parlar amb el seu equip a través de "
                "Plaza. Vam reproduir el mateix model amb WhatsApp Business: un número únic, respostes ràpides per "
                "a les 25 preguntes més freqüents i derivació a la seu electrònica o a l'OAC quan cal identificar la "
                "persona. A diferència de Vallverde, només hi ha una persona assignada al canal, de dilluns a "
                "divendres de 9 a 14 h. Vam difondre el número al butlletí municipal, al web, als rebuts de taxes i "
                "als taulells d'anuncis dels equipaments. Pel canal no es demanen mai dades personals.",
        formats=["missatgeria", "respostes ràpides"], team="1 persona de l'OAC, a mitja jornada",
        budget="Sense cost de llicències; un mòbil corporatiu", tools=["WhatsApp Business"],
        metrics=[
            metric("Trucades setmanals a l'OAC", "phone_calls", "count", 450, 380, 369, "2024-05-01", "2024-12-31",
                   "Recompte manual del registre de trucades de l'OAC, mitjana setmanal; línia de base: mateix "
                   "període del 2023", "self_reported"),
            metric("Temps mitjà de resposta per WhatsApp", "response_time", "hours", None, 4, 2.5, "2024-05-01",
                   "2024-12-31", "Revisió mensual d'una mostra de 50 converses", "self_reported"),
            metric("Consultes resoltes al mateix canal, sense derivar a l'OAC", "questions_resolved", "percent", None,
                   60, 68, "2024-05-01", "2024-12-31", "Etiquetes de les converses a WhatsApp Business",
                   "self_reported"),
        ],
        lessons="Partir d'un cas documentat ens va estalviar mesos: vam reutilitzar l'estructura de respostes "
                "ràpides de Vallverde i només vam haver d'adaptar-la. La reducció és més petita perquè el canal "
                "només està obert al matí i perquè bona part de la gent gran continua preferint el telèfon, que "
                "mantenim. Comptar les trucades a mà és feixuc i poc fiable: aquest any les extraurem de la "
                "centraleta.",
        threats=["digital_divide"], dimensions=["service_delivery"], stage="running", started_on="2024-04-15",
        tags=["atenció ciutadana", "OAC", "ajuntament", "rèplica"],
    ),
    dict(
        key="rioclaro-whatsapp-147", agency="demo-municipalidad-rioclaro", author="sofia.lopez@rioclaro.example",
        language="es", visibility="public", created_at="2025-05-20T13:00:00Z",
        title="Asistente municipal por WhatsApp: un 40 % menos de llamadas a la línea 147",
        summary="La Municipalidad de Río Claro puso en marcha un asistente por WhatsApp que responde las consultas "
                "frecuentes y deriva a una operadora cuando hace falta. En un año, las llamadas mensuales a la línea "
                "147 bajaron un 40 %, según datos de la central telefónica verificados por la auditoría interna.",
        context="La línea 147 de atención al vecino recibía unas 21.000 llamadas por mes, con picos en los "
                "vencimientos de tasas y en la temporada de renovación de licencias de conducir. Seis de cada diez "
                "llamadas eran consultas de información general: horarios, requisitos de trámites, estado de "
                "reclamos y cronograma de recolección.",
        objectives=["citizen_service", "information"], platforms=["whatsapp"],
        actions="Diseñamos el asistente siguiendo los Estándares para chatbots del Estado: se presenta como "
                "asistente automático, usa lenguaje claro y ofrece siempre la opción de hablar con una persona. El "
                "menú cubre los 30 trámites más consultados, enlaza el videotutorial de YouTube de cada trámite y "
                "permite consultar el estado de un reclamo con su número, sin pedir otros datos personales. Cuatro "
                "operadoras de la línea 147 atienden las derivaciones en el mismo horario que el teléfono. "
                "Difundimos el número en la web, en las boletas de tasas y en los centros de atención.",
        formats=["asistente conversacional", "mensajería"],
        team="Equipo de modernización (3 personas) y 4 operadoras de la línea 147",
        budget="ARS 2.800.000 anuales por la plataforma de mensajería",
        tools=["WhatsApp Business API", "plataforma de chatbot"],
        metrics=[
            metric("Llamadas mensuales a la línea 147", "phone_calls", "count", 21000, 15000, 12600, "2024-03-01",
                   "2025-02-28", "Registros de la central telefónica, promedio mensual frente a los 12 meses "
                   "anteriores; datos verificados por la auditoría interna municipal", "audited"),
            metric("Consultas resueltas por el asistente sin derivación", "questions_resolved", "percent", None, 50,
                   57, "2024-03-01", "2025-02-28", "Informe mensual de la plataforma de chatbot", "analytics_export"),
            metric("Tiempo medio de respuesta en las derivaciones a una operadora", "response_time", "minutes", None,
                   20, 14, "2024-03-01", "2025-02-28", "Informe de la plataforma de mensajería", "analytics_export"),
        ],
        lessons="La baja de llamadas no se explica solo por el asistente: en el mismo período ampliamos los turnos "
                "en línea, y así lo dejamos asentado en el informe de auditoría. Cuando el asistente deriva a una "
                "persona tiene que decir cuánto se va a esperar. Revisamos el menú cada trimestre con los motivos "
                "de llamada que siguen entrando por el 147.",
        threats=["digital_divide", "no_skills"], dimensions=["service_delivery"], stage="running",
        started_on="2024-02-15", tags=["atención al vecino", "147", "chatbot", "municipio"],
    ),
    dict(
        key="saolourenco-whatsapp-156", agency="demo-prefeitura-saolourenco", author="ana.souza@saolourenco.example",
        language="pt", visibility="public", created_at="2025-04-07T12:00:00Z",
        title="Atendimento pelo WhatsApp reduz em 24 % as ligações para a Central 156",
        summary="A Prefeitura de São Lourenço abriu um número de WhatsApp para dúvidas sobre IPTU, coleta de lixo e "
                "horários das unidades de saúde. Em 2024, as ligações semanais para a Central 156 caíram 24 % em "
                "relação a 2023.",
        context="A Central 156 recebia cerca de 2.500 ligações por semana, com filas longas em janeiro e fevereiro, "
                "época de emissão do carnê do IPTU. A maior parte das dúvidas se repetia e não exigia identificação: "
                "datas de vencimento, segunda via do boleto, dias de coleta e horários de atendimento.",
        objectives=["citizen_service", "information"], platforms=["whatsapp"],
        actions="Aproveitamos a experiência da lista de transmissão de vacinação para abrir um canal de atendimento "
                "em duas vias no WhatsApp Business. Três atendentes da Central 156 passaram a responder também pelo "
                "WhatsApp, com respostas prontas para as 35 perguntas mais frequentes e links para a emissão da "
                "segunda via do IPTU no portal da Prefeitura. Desde o primeiro dia o canal informa que a Prefeitura "
                "não pede senhas nem dados bancários e não envia boletos como anexo.",
        formats=["mensagens", "respostas rápidas"], team="3 atendentes da Central 156 e 1 pessoa da comunicação",
        budget="Sem custo de licenças; dois celulares corporativos", tools=["WhatsApp Business"],
        metrics=[
            metric("Ligações semanais para a Central 156", "phone_calls", "count", 2500, 2000, 1900, "2024-01-01",
                   "2024-12-31", "Relatório da central telefônica, média semanal comparada com a de 2023",
                   "analytics_export"),
            metric("Tempo médio da primeira resposta no WhatsApp", "response_time", "minutes", None, 30, 22,
                   "2024-01-01", "2024-12-31", "Relatório do WhatsApp Business", "analytics_export"),
            metric("Usuários satisfeitos com o atendimento", "satisfaction", "percent", None, 80, 87, "2024-09-01",
                   "2024-09-30", "Pesquisa de uma pergunta ao encerrar o atendimento (satisfeito / não satisfeito)",
                   "self_reported"),
        ],
        lessons="Avisar que a Prefeitura nunca pede dados bancários pelo WhatsApp foi essencial: em março "
                "circularam números falsos usando o nome da Prefeitura, e o aviso fixo ajudou a desmenti-los. Os "
                "atendentes precisam de um guia comum de tom e de respostas para que a informação não mude de uma "
                "pessoa para outra.",
        threats=["digital_divide", "impersonation"], dimensions=["service_delivery", "trust_legitimacy"],
        stage="running", started_on="2023-12-01", tags=["atendimento", "156", "IPTU", "prefeitura"],
    ),
]

# Added with the structured guidelines: accessibility, moderation, metrics for the council,
# small-municipality coordination, a live-streamed council meeting and weather alerts.
CASES += [
    dict(
        key="sierra-accesibilidad-publicaciones", agency="demo-diputacion-sierra",
        author="marta.gil@sierraalta.example", language="es", visibility="public",
        created_at="2025-03-10T09:00:00Z",
        title="Publicaciones accesibles en las 38 cuentas de la Diputación: texto alternativo y subtítulos",
        summary="Tras ordenar sus cuentas oficiales, la Diputación de Sierra Alta fijó cuatro reglas de accesibilidad "
                "para todas las publicaciones y pasó en un año del 9 % al 88 % de imágenes con texto alternativo y "
                "del 0 % al 93 % de vídeos subtitulados.",
        context="El inventario de 2023 dejó 38 perfiles oficiales gestionados por 17 servicios. Una revisión de 200 "
                "publicaciones de enero de 2024 mostró que solo el 9 % de las imágenes tenía texto alternativo, que "
                "ningún vídeo corto estaba subtitulado y que los carteles de actividades se publicaban como imagen, "
                "sin el texto en el mensaje. La federación provincial de personas sordas nos lo había señalado dos "
                "veces.",
        objectives=["inclusion", "information"], platforms=["x", "facebook", "instagram", "youtube"],
        actions="Tomamos como referencia las pautas de accesibilidad de la guía de redes de la Generalitat de "
                "Catalunya y las resumimos en cuatro reglas: describir todas las imágenes, subtitular todos los "
                "vídeos, escribir en el mensaje la información de los carteles y poner en mayúscula la inicial de "
                "cada palabra de las etiquetas. Formamos en dos sesiones a las 34 personas que publican, preparamos "
                "una lista de comprobación y plantillas de subtítulos, y cada mes revisamos una muestra de 50 "
                "publicaciones por cuenta y enviamos el resultado a cada servicio.",
        formats=["texto alternativo", "subtítulos", "lista de comprobación"],
        team="Servicio de comunicación (2 personas) y 34 personas editoras de los servicios",
        budget="Sin coste de licencias; herramienta gratuita de subtitulado",
        tools=["editor de subtítulos", "lista de comprobación compartida"],
        metrics=[
            metric("Imágenes publicadas con texto alternativo", "other", "percent", 9, 80, 88, "2024-02-01",
                   "2025-01-31", "Revisión mensual de una muestra de 50 publicaciones por cuenta; valor de enero de "
                   "2025 frente a la revisión de enero de 2024", "self_reported"),
            metric("Vídeos publicados con subtítulos", "other", "percent", 0, 90, 93, "2024-02-01", "2025-01-31",
                   "Misma muestra mensual", "self_reported"),
            metric("Personas editoras formadas", "other", "count", 0, 34, 34, "2024-02-01", "2024-03-31",
                   "Registro de asistencia", "self_reported"),
        ],
        lessons="Las reglas tienen que caber en una tarjeta: cuatro reglas se cumplen, una guía de veinte páginas no. "
                "La revisión mensual por cuenta, con el nombre del servicio, es lo que de verdad movió los números. "
                "Los vídeos subtitulados también se ven más veces hasta el final, porque la mayoría se reproducen "
                "sin sonido.",
        threats=["digital_divide", "no_skills", "no_guidelines"], dimensions=["social_outcomes", "service_delivery"],
        stage="running", started_on="2024-02-01", tags=["accesibilidad", "texto alternativo", "subtítulos"],
    ),
    dict(
        key="sierra-corresponsales-municipios", agency="demo-diputacion-sierra",
        author="marta.gil@sierraalta.example", language="es", visibility="network",
        created_at="2025-04-22T09:00:00Z",
        title="Una persona corresponsal de redes en cada municipio: formación y plantillas de avisos",
        summary="La Diputación formó a una persona por municipio para publicar avisos con plantillas comunes y una "
                "cadena de verificación con protección civil; 39 de los 43 municipios firmaron el protocolo y el "
                "tiempo hasta publicar un aviso bajó de 95 a 24 minutos.",
        context="En la mayoría de los municipios de menos de 1.000 habitantes las redes municipales las lleva una "
                "persona de la secretaría o un concejal, sin formación y sin tiempo. En las emergencias de 2023 los "
                "avisos llegaban tarde o con datos distintos de los de protección civil, y varios ayuntamientos nos "
                "pidieron ayuda.",
        objectives=["inter_agency", "crisis", "internal_communication"], platforms=["x", "facebook"],
        actions="Cada municipio designó una persona corresponsal y una suplente. Organizamos cuatro talleres "
                "comarcales de media jornada (redacción de avisos, accesibilidad, verificación y atención a "
                "comentarios), un grupo de mensajería para coordinarnos y un banco de plantillas de avisos (cortes "
                "de carretera, olas de calor, incendios forestales, cortes de suministro de agua) listas para copiar "
                "y adaptar. El protocolo firmado fija quién publica, quién verifica con protección civil y en qué "
                "plazo.",
        formats=["plantillas de avisos", "talleres"], team="Gabinete de prensa (2 personas) y 51 corresponsales",
        budget="4 talleres comarcales; sin otros costes",
        metrics=[
            metric("Municipios con el protocolo firmado", "other", "count", 0, 43, 39, "2024-03-01", "2025-02-28",
                   "Registro de adhesiones", "self_reported"),
            metric("Personas corresponsales formadas", "other", "count", 0, 43, 51, "2024-03-01", "2025-02-28",
                   "Registro de asistencia a los talleres", "self_reported"),
            metric("Tiempo medio entre el aviso de protección civil y su publicación municipal", "response_time",
                   "minutes", 95, 30, 24, "2024-06-01", "2025-02-28",
                   "Registro del grupo de coordinación en los 11 avisos del periodo", "self_reported"),
        ],
        lessons="Las plantillas solo se usan si están en el móvil de quien publica, no en una carpeta compartida. Hay "
                "que formar a dos personas por municipio: la corresponsal está de vacaciones justo cuando hay un "
                "incendio.",
        threats=["no_skills", "uncoordinated"], dimensions=["social_outcomes", "service_delivery"],
        stage="running", started_on="2024-03-01", tags=["municipios pequeños", "formación", "emergencias"],
    ),
    dict(
        key="rioclaro-moderacion-comentarios", agency="demo-municipalidad-rioclaro",
        author="sofia.lopez@rioclaro.example", language="es", visibility="public",
        created_at="2025-08-12T13:00:00Z",
        title="Normas de participación y moderación de comentarios en Instagram y Facebook",
        summary="La Municipalidad de Río Claro publicó normas de participación, definió qué se responde y qué se "
                "oculta, y bajó de 30 a 6 horas el tiempo medio de respuesta a los comentarios con preguntas, "
                "ocultando solo el 3 % de los comentarios.",
        context="Las publicaciones sobre cortes de agua y obras recibían cientos de comentarios. No había criterios: "
                "a veces se borraban insultos y a veces no, las preguntas se perdían entre las quejas y algunos "
                "vecinos escribían su DNI o su domicilio para reclamar. En 2024 hubo dos acusaciones públicas de "
                "censura por comentarios críticos borrados.",
        objectives=["conversation", "citizen_service", "brand"], platforms=["instagram", "facebook"],
        actions="Publicamos unas normas de participación de seis puntos, basadas en las de la guía de redes de la "
                "Generalitat de Catalunya, y las fijamos en los perfiles. Acordamos tres acciones posibles: "
                "responder (preguntas y reclamos, con el número de reclamo de la línea 147 cuando corresponde), "
                "ocultar (insultos, datos personales, spam y estafas) y nunca borrar una crítica. A quien publica "
                "datos personales le escribimos por privado para explicarle por qué se ocultó su comentario y cómo "
                "hacer el reclamo. Dos turnos diarios revisan los comentarios con una planilla compartida, y el "
                "registro de lo ocultado se revisa cada mes.",
        formats=["normas de participación", "respuestas tipo"], team="Equipo de comunicación (2 personas)",
        budget="Sin coste adicional", tools=["herramienta de gestión de redes", "planilla compartida"],
        metrics=[
            metric("Tiempo medio de respuesta a comentarios con preguntas", "response_time", "hours", 30, 8, 6,
                   "2025-01-01", "2025-06-30", "Muestra semanal de 40 comentarios con pregunta: hora del comentario "
                   "y de la respuesta en la herramienta de gestión", "analytics_export"),
            metric("Comentarios con preguntas que recibieron respuesta", "questions_resolved", "percent", 41, 90, 94,
                   "2025-01-01", "2025-06-30", "La misma muestra semanal", "self_reported"),
            metric("Comentarios ocultados sobre el total recibido", "other", "percent", None, None, 3.1,
                   "2025-01-01", "2025-06-30", "Registro de moderación frente al total de comentarios exportado de "
                   "las plataformas", "analytics_export"),
        ],
        lessons="Publicar las normas antes de moderar cambió la conversación: cuando ocultamos un comentario podemos "
                "señalar la norma. Registrar lo que se oculta nos protegió de las acusaciones de censura. Responder "
                "con el número de reclamo convierte una queja pública en un trámite con seguimiento.",
        threats=["no_guidelines", "political_control"], dimensions=["trust_legitimacy", "service_delivery"],
        stage="running", started_on="2024-11-01", tags=["moderación", "normas de participación", "comentarios"],
    ),
    dict(
        key="vallverde-cuadro-mando", agency="demo-ayto-vallverde", author="lucia.moreno@vallverde.example",
        language="es", visibility="public", created_at="2025-09-15T09:00:00Z",
        title="Un cuadro de mando mensual de redes para rendir cuentas al pleno",
        summary="El Ayuntamiento de Vallverde sustituyó el recuento de seguidores por seis indicadores mensuales "
                "(alcance sobre la población, interacción, consultas resueltas, tiempo de respuesta y visitas a la "
                "sede electrónica desde las redes) que presenta cada trimestre en la comisión de participación.",
        context="Cada año el informe de redes se reducía a «tenemos 14.000 seguidores en Facebook». Nadie sabía si "
                "las publicaciones llegaban a los barrios, si servían para hacer trámites o si el esfuerzo del "
                "equipo compensaba. En el pleno se pidieron datos sobre el uso de las redes municipales.",
        objectives=["open_government", "information"], platforms=["facebook", "instagram", "x"],
        actions="Definimos seis indicadores con el servicio de estadística y dejamos escrito cómo se calcula cada "
                "uno. Los datos se exportan cada mes de las herramientas de las plataformas y de la analítica web a "
                "una hoja compartida; un panel público resume el trimestre y el informe se presenta en la comisión "
                "de participación.",
        formats=["cuadro de mando", "informe trimestral"], team="Comunicación (2 personas) y servicio de estadística",
        budget="Sin coste adicional", tools=["exportaciones de las plataformas", "analítica web", "hoja de cálculo"],
        metrics=[
            metric("Alcance mensual sobre la población empadronada", "reach_rate", "percent", 18, 30, 34,
                   "2024-07-01", "2025-06-30", "Alcance único mensual de Facebook e Instagram (exportación de las "
                   "plataformas) dividido por la población del padrón; media de los 12 meses", "analytics_export"),
            metric("Tasa de interacción sobre el alcance", "engagement_rate", "percent", 1.2, 2, 2.6, "2024-07-01",
                   "2025-06-30", "Interacciones divididas por alcance, exportación mensual", "analytics_export"),
            metric("Visitas mensuales a la sede electrónica desde enlaces en redes", "other", "count", 1900, 3000,
                   4350, "2024-07-01", "2025-06-30", "Analítica web con enlaces etiquetados; media mensual",
                   "analytics_export"),
        ],
        lessons="Normalizar por población fue lo que convenció en el pleno: 14.000 seguidores no dicen nada, un tercio "
                "de la población alcanzada cada mes sí. Las visitas a la sede electrónica son el indicador que más "
                "interesa a los servicios. Hay que dejar escrito cómo se calcula cada indicador, porque las "
                "plataformas cambian sus métricas.",
        threats=["no_strategy", "political_disinterest"], dimensions=["trust_legitimacy", "service_delivery"],
        stage="running", started_on="2024-07-01", tags=["métricas", "valor público", "rendición de cuentas"],
    ),
    dict(
        key="vallverde-obras-instagram", agency="demo-ayto-vallverde", author="pablo.ruiz@vallverde.example",
        language="es", visibility="public", created_at="2025-07-03T10:00:00Z",
        title="El mapa semanal de obras y cortes de calle en Instagram y X",
        summary="Cada lunes el Ayuntamiento publica un mapa con las obras y los cortes de calle de la semana, con "
                "horarios y desvíos. Las quejas por obras registradas bajaron de 140 a 82 al mes.",
        context="Las obras del plan de asfaltado generaban quejas porque los vecinos se enteraban al encontrarse la "
                "calle cortada. La información estaba en un PDF de la web que casi nadie abría.",
        objectives=["information", "citizen_service"], platforms=["instagram", "x"],
        actions="Con el área de obras preparamos cada viernes una imagen con el mapa de la semana, los horarios y los "
                "desvíos, con el texto completo en el mensaje para que sea accesible. Se publica el lunes a las 8 h "
                "en Instagram (publicación e historia destacada) y en X, y se actualiza si cambia algo.",
        formats=["mapa", "historias destacadas"], team="1 community manager y el área de obras",
        budget="Sin coste adicional",
        metrics=[
            metric("Quejas por obras registradas al mes", "other", "count", 140, 90, 82, "2024-09-01", "2025-05-31",
                   "Registro de quejas y sugerencias, tema «obras en la vía pública»; media mensual frente al mismo "
                   "periodo anterior", "analytics_export"),
            metric("Alcance semanal del mapa sobre la población empadronada", "reach_rate", "percent", 8, 15, 17,
                   "2024-09-01", "2025-05-31", "Alcance único de la publicación y la historia (exportación de la "
                   "plataforma) dividido por la población del padrón", "analytics_export"),
        ],
        lessons="Publicar siempre el mismo día y a la misma hora crea la costumbre de consultarlo. El mapa tiene que ir "
                "acompañado del texto: en la imagen sola no lo encuentra el buscador ni lo lee un lector de pantalla.",
        threats=["no_strategy"], dimensions=["service_delivery"], stage="running", started_on="2024-09-01",
        tags=["obras", "movilidad", "mapas"],
    ),
    dict(
        key="riudevall-ple-directe", agency="demo-ajuntament-riudevall", author="jordi.puig@riudevall.example",
        language="ca", visibility="public", created_at="2025-06-16T11:00:00Z",
        title="El Ple en directe a YouTube, amb subtítols i un resum a Instagram",
        summary="L'Ajuntament de Riudevall retransmet els plens en directe a YouTube amb subtítols revisats i en "
                "publica l'endemà un resum de dos minuts a Instagram. El seguiment en directe ha passat de 40 a 210 "
                "persones per sessió.",
        context="Els plens es fan en horari laboral i només hi assistien deu o dotze persones. Les actes tardaven "
                "setmanes a publicar-se i la ciutadania s'assabentava dels acords pel boca-orella.",
        objectives=["open_government", "formats", "inclusion"], platforms=["youtube", "instagram"],
        actions="Des de setembre de 2024 retransmetem tots els plens ordinaris a YouTube amb una càmera fixa i un "
                "mesclador senzill, seguint les pautes de retransmissió en directe de la guia de xarxes de la "
                "Generalitat. Revisem els subtítols automàtics abans de deixar el vídeo publicat, marquem els punts "
                "de l'ordre del dia amb capítols i l'endemà publiquem a Instagram un resum subtitulat d'uns dos "
                "minuts amb els acords principals.",
        formats=["directe", "subtítols", "vídeo resum"], team="1 persona de comunicació i suport de secretaria",
        budget="1.800 € en càmera, micròfons i mesclador",
        metrics=[
            metric("Persones que segueixen el Ple en directe (mitjana per sessió)", "participation", "count", 40,
                   150, 210, "2024-09-01", "2025-05-31", "Estadístiques de YouTube (màxim d'espectadors "
                   "simultanis); línia de base: assistència presencial i primera emissió", "analytics_export"),
            metric("Plens publicats amb subtítols revisats i capítols", "other", "percent", 0, 100, 100,
                   "2024-09-01", "2025-05-31", "Registre de publicació", "self_reported"),
            metric("Reproduccions del resum a Instagram (mitjana per ple)", "other", "count", None, 1000, 1350,
                   "2024-09-01", "2025-05-31", "Estadístiques d'Instagram", "analytics_export"),
        ],
        lessons="Revisar els subtítols costa uns vint minuts per ple i és imprescindible: els noms propis i els "
                "topònims surten malament. El resum a Instagram arriba a més gent que el directe. Cal acordar amb "
                "tots els grups municipals, abans de començar, que el vídeo no es talla ni s'edita.",
        threats=["digital_divide", "political_control"], dimensions=["trust_legitimacy"], stage="running",
        started_on="2024-09-01", tags=["ple municipal", "transparència", "subtítols", "directe"],
    ),
    dict(
        key="saolourenco-alertas-chuva", agency="demo-prefeitura-saolourenco", author="ana.souza@saolourenco.example",
        language="pt", visibility="public", created_at="2025-03-20T12:00:00Z",
        title="Alertas de chuva forte no Instagram e numa lista oficial de mensagens da Defesa Civil",
        summary="A Prefeitura de São Lourenço passou a publicar os alertas da Defesa Civil em até 20 minutos no "
                "Instagram e numa lista de transmissão oficial, com bairros afetados, o que fazer e um áudio curto "
                "para quem tem dificuldade de leitura.",
        context="Nas chuvas de janeiro de 2024 os alertas chegavam aos moradores por correntes de mensagens sem fonte, "
                "às vezes com horas de atraso e misturados com boatos e áudios antigos. Os bairros da várzea do rio "
                "são os mais atingidos e têm muitos moradores idosos.",
        objectives=["crisis", "information", "inclusion"], platforms=["instagram", "whatsapp"],
        actions="Criamos um protocolo com a Defesa Civil: cada alerta oficial é publicado pela comunicação em até 30 "
                "minutos no Instagram (post e stories) e numa lista de transmissão do WhatsApp com inscrição "
                "voluntária nas unidades de saúde e nas associações de bairro. As mensagens seguem um modelo: nível "
                "do alerta, bairros afetados, o que fazer e o telefone 199. Cada alerta vai também em áudio de 30 "
                "segundos. Um aviso fixo explica que a Prefeitura só envia alertas por esse número.",
        formats=["alertas", "áudio", "stories"], team="Comunicação (2 pessoas) e Defesa Civil",
        budget="Sem custo adicional", tools=["WhatsApp Business"],
        metrics=[
            metric("Inscritos na lista de alertas", "followers", "count", 0, 5000, 7400, "2024-03-01", "2025-02-28",
                   "Contagem da lista de transmissão", "analytics_export"),
            metric("Tempo entre o boletim da Defesa Civil e a publicação do alerta", "response_time", "minutes",
                   120, 30, 20, "2024-10-01", "2025-02-28",
                   "Registro dos 14 alertas do período (hora do boletim e hora da publicação)", "self_reported"),
        ],
        lessons="O áudio foi o formato mais reencaminhado. Alerta sem orientação do que fazer gera pânico; alerta com "
                "bairro, horário e ação gera confiança. A lista de transmissão exige que a pessoa salve o número da "
                "Prefeitura: explicamos isso no momento da inscrição.",
        threats=["digital_divide", "impersonation"], dimensions=["social_outcomes", "trust_legitimacy"],
        stage="running", started_on="2024-03-01", tags=["defesa civil", "alertas", "chuvas"],
    ),
]

# What the fictional items say about themselves, in their language.
FICTION_NOTE = {
    "es": "*Caso ficticio de demostración: la agencia y sus cifras son ilustrativas.*",
    "ca": "*Cas fictici de demostració: l'ens i les xifres són il·lustratius.*",
    "pt": "*Caso fictício de demonstração: o órgão e os números são ilustrativos.*",
}
PRACTICE_NOTE = {
    "es": "*Práctica ficticia de demostración.*",
    "pt": "*Prática fictícia de demonstração.*",
}

assert len({case["key"] for case in CASES}) == len(CASES), "case keys must be unique"
for case in CASES:
    key = case.pop("key")
    agency = case.pop("agency")
    author = case.pop("author")
    assert agency.startswith("demo-"), key
    lessons = case.pop("lessons", "")
    case["lessons"] = (lessons + "\n\n" if lessons else "") + FICTION_NOTE[case["language"]]
    add("case_study", external_id=f"demo/case/{key}", agency=agency, authors=[author],
        status=case.pop("status", "published"), licence="CC-BY-4.0", **case)

# ---------------------------------------------------------------- DigitalGov (English case studies and practices)
demo_digitalgov.build(CORPUS, add, DEMO_REVIEW_BY)

# ---------------------------------------------------------------- practices from the guides' sections
GENCAT, GENCAT_AUTHOR = "generalitat-catalunya", "xarxes@gencat.cat"
V07_SOURCE = {
    "es": "*Fuente: Generalitat de Catalunya, Departament de la Presidència, «Guía de usos y estilo en las redes "
          "sociales de la Generalitat de Catalunya», 7.ª edición (julio de 2015), apartado {n}. CC BY 3.0 ES.*",
    "ca": "*Font: Generalitat de Catalunya, Departament de la Presidència, «Guia d'usos i estil a les xarxes "
          "socials de la Generalitat de Catalunya», 7a edició (juliol de 2015), apartat {n}. CC BY 3.0 ES.*",
}
ED9_SOURCE = ("*Font: Generalitat de Catalunya, Guia de xarxes socials (github.com/gencat/guia-xarxes), 9a edició, "
              "{where}; actualització 2024-02-23. CC0 1.0.*")

# (section, offsets or None for all, title, summary, objectives, platforms, threats, dimensions)
V07_PRACTICES = {
    "es": [
        ("3.1.1", None, "Definir los objetivos antes de abrir un perfil",
         "Antes de abrir una cuenta, decidir qué papel tendrán las redes en la unidad: atención, información, "
         "visibilidad o colaboración ciudadana.", ["information", "citizen_service"], [], ["no_strategy"],
         ["service_delivery"]),
        ("3.1.2", [0, 1], "Escuchar antes de publicar: qué se dice ya de tu servicio",
         "Buscar el nombre del servicio y sus palabras clave antes de abrir el perfil, y seguir escuchando después: "
         "no siempre te citarán por tu nombre de usuario.", ["conversation"], ["x"], ["no_strategy"], []),
        ("3.1.3", None, "Conocer a los públicos antes de decidir qué publicar",
         "Definir los públicos principales, qué les interesa y dónde están, y revisar los informes de audiencia "
         "para adaptar los contenidos.", ["information"], [], ["representation_bias"], ["service_delivery"]),
        ("3.1.4", [0, 1], "Pocos canales y bien atendidos: mejor un perfil activo que cinco inactivos",
         "Cada canal necesita contenidos, personas y una actividad regular mientras esté abierto; no se recomienda "
         "publicar lo mismo automáticamente en todas las redes.", ["information"], [],
         ["abandoned_accounts", "uncoordinated"], []),
        ("5.1", [0, 1, 2, 3], "Responder las consultas en menos de dos horas y por el mismo canal",
         "Las menciones que lo requieran se responden en menos de dos horas, por el canal en que llegaron y con "
         "una respuesta que repita el sujeto de la pregunta.", ["citizen_service", "conversation"], ["x"], [],
         ["service_delivery"]),
        ("5.2", None, "Normas de participación: qué comentarios se publican y cuándo bloquear",
         "Seis requisitos mínimos para los comentarios (pertinentes, respetuosos, sin datos personales, sin engaños, "
         "sin infringir derechos de autor y sin spam) y el bloqueo solo ante incumplimientos reiterados.",
         ["conversation"], ["x", "facebook"], [], ["trust_legitimacy"]),
        ("6.2", None, "Redactar para redes: textos breves, orden natural y etiquetas cortas",
         "Pautas de redacción: textos breves, secuencias de acción, forma activa, etiquetas de 12 caracteres como "
         "máximo y cómo corregir un error sin borrar el mensaje.", ["formats", "information"], [], [], []),
        ("6.3", None, "Calendario editorial a un mes vista y un archivo de contenidos atemporales",
         "Planificar con un mes de antelación, abrir un canal interno de propuestas, guardar contenidos atemporales "
         "y vigilar lo programado por si cambia el contexto.", ["information"], [], ["no_strategy"], []),
        ("6.4", None, "Espaciar las publicaciones: unos 150 tuits y 50 publicaciones de Facebook al mes",
         "Más espacio entre mensajes mejora su visibilidad; la guía orienta sobre el volumen mensual y admite "
         "intervalos más cortos en directos y emergencias.", ["information"], ["x", "facebook"], [], []),
        ("8.5", None, "Evaluar el impacto, no solo la actividad",
         "Relacionar los indicadores de redes con los de otros canales y con los objetivos de la organización, y "
         "comparar con lo que habría pasado sin la intervención.", ["open_government"], [], ["no_strategy"],
         ["service_delivery", "trust_legitimacy"]),
    ],
    "ca": [
        ("3.1.1", None, "Definir els objectius abans d'obrir un perfil",
         "Abans d'obrir un compte, decidir quin paper tindran les xarxes a la unitat: atenció, informació, "
         "visibilitat o col·laboració ciutadana.", ["information", "citizen_service"], [], ["no_strategy"],
         ["service_delivery"]),
        ("5.2", None, "Normes de participació: quins comentaris es publiquen",
         "Sis requisits mínims per als comentaris als perfils institucionals i el bloqueig només davant "
         "d'incompliments reiterats.", ["conversation"], ["x", "facebook"], [], ["trust_legitimacy"]),
    ],
}
for language, items in V07_PRACTICES.items():
    v07 = guides.V07(CORPUS, language)
    tag = "guía de redes" if language == "es" else "guia de xarxes"
    for number, offsets, title, summary, objectives, platforms, threats, dimensions in items:
        body = v07.section_markdown(number, offsets) + "\n\n" + V07_SOURCE[language].format(n=number)
        add("practice", external_id=f"demo/practice/generalitat_guia_redes_v07_{language}/{number}", agency=GENCAT,
            authors=[GENCAT_AUTHOR], status="published", visibility="public", language=language,
            licence="CC-BY-3.0-ES", created_at="2015-07-01T00:00:00Z", title=title, summary=summary, body=body,
            objectives=objectives, platforms=platforms, threats=threats, dimensions=dimensions, tags=[tag])

ed9_reply = guides.paragraphs(CORPUS / "guidelines/generalitat_guia_xarxes_ed9_ca_05_comunitat.txt")
assert ed9_reply[16] == "Com respondre?" and ed9_reply[17].startswith("Si sabem que Twitter")
add("practice", external_id="demo/practice/generalitat_guia_xarxes_ed9_ca/5.1-com-respondre", agency=GENCAT,
    authors=[GENCAT_AUTHOR], status="published", visibility="public", language="ca", licence="CC0-1.0",
    created_at="2019-01-01T00:00:00Z", title="Respondre sempre les queixes, i en menys de dues hores",
    summary="Quan a les xarxes es formulen queixes o es qüestiona una decisió, cal respondre sempre i aviat: "
            "ignorar-les fa créixer el descontentament.",
    body=ed9_reply[17] + "\n\n" + ED9_SOURCE.format(where="apartat 5.1, «Com respondre?»"),
    objectives=["conversation", "citizen_service"], platforms=["x"], dimensions=["trust_legitimacy"],
    tags=["guia de xarxes"])
add("practice", external_id="demo/practice/generalitat_guia_xarxes_ed9_ca/accessibilitat", agency=GENCAT,
    authors=[GENCAT_AUTHOR], status="published", visibility="public", language="ca", licence="CC0-1.0",
    created_at="2019-01-01T00:00:00Z", title="Publicacions accessibles: descripció d'imatges, subtítols i etiquetes",
    summary="Continguts curts i clars, la informació també en text i no només en imatges, imatges descrites, "
            "vídeos subtitulats, sense acrònims i etiquetes amb majúscula a cada paraula.",
    body=guides.ed9_accessibility(CORPUS) + "\n\n" + ED9_SOURCE.format(where="apartats 6.6, 4.1.6 i 4.2.6"),
    objectives=["inclusion", "information"], platforms=["x", "facebook", "instagram"], threats=["digital_divide"],
    dimensions=["social_outcomes"], tags=["guia de xarxes", "accessibilitat"])

# Fictional practices of the demo agencies.
PRACTICES = [
    dict(key="vallverde-cinco-comprobaciones", agency="demo-ayto-vallverde", author="lucia.moreno@vallverde.example",
         language="es", created_at="2025-02-03T09:00:00Z",
         title="Cinco comprobaciones antes de publicar: lenguaje claro y accesibilidad",
         summary="Una lista de cinco preguntas que el equipo repasa antes de cada publicación municipal.",
         body="Antes de publicar, quien redacta repasa estas cinco preguntas:\n\n"
              "1. ¿La primera frase dice qué pasa, a quién afecta y cuándo?\n"
              "2. ¿Lo entendería alguien que no conoce el Ayuntamiento? Sin siglas ni lenguaje administrativo.\n"
              "3. ¿Toda la información de la imagen está también en el texto?\n"
              "4. ¿La imagen tiene texto alternativo y el vídeo, subtítulos?\n"
              "5. ¿Hay un enlace o un teléfono para quien necesite hacer algo?\n\n"
              "Si alguna respuesta es «no», se corrige antes de publicar. La lista está impresa junto al ordenador "
              "de quien publica y en el móvil de guardia.",
         objectives=["information", "inclusion"], platforms=["instagram", "facebook", "x"],
         threats=["digital_divide"], dimensions=["service_delivery"], tags=["lenguaje claro", "accesibilidad"]),
    dict(key="sierra-plantillas-avisos", agency="demo-diputacion-sierra", author="marta.gil@sierraalta.example",
         language="es", created_at="2025-01-14T09:00:00Z",
         title="Qué debe llevar cada aviso de emergencia: una plantilla para municipios pequeños",
         summary="Seis elementos fijos en cada aviso, en el mismo orden, para que se entienda en cinco segundos y se "
                 "pueda copiar sin errores.",
         body="Cada aviso sigue el mismo orden:\n\n"
              "1. **Qué pasa**, en una frase: «Corte de la carretera SA-210 entre Robledo y Valdearcos».\n"
              "2. **Dónde y desde cuándo**, con la hora.\n"
              "3. **Qué hacer**: ruta alternativa, no acercarse, llamar al 112 si…\n"
              "4. **Hasta cuándo**, o cuándo se volverá a informar.\n"
              "5. **Fuente**: protección civil, la Guardia Civil o el servicio de carreteras.\n"
              "6. **Enlace** a la página oficial que se mantendrá actualizada.\n\n"
              "Sin emojis ni mayúsculas sostenidas, con el texto completo en el mensaje aunque haya imagen, y siempre "
              "verificado con protección civil antes de publicar. Cuando el aviso termina se publica el cierre: "
              "«Reabierta la SA-210».",
         objectives=["crisis", "information"], platforms=["x", "facebook"], threats=["no_skills", "uncoordinated"],
         dimensions=["social_outcomes"], tags=["emergencias", "plantillas", "avisos"]),
    dict(key="rioclaro-reclamos-sin-datos", agency="demo-municipalidad-rioclaro", author="sofia.lopez@rioclaro.example",
         language="es", created_at="2025-05-06T13:00:00Z",
         title="Responder reclamos en comentarios sin pedir datos personales en público",
         summary="Cómo pasar un reclamo de un comentario público a un canal con seguimiento sin exponer a la persona.",
         body="- Respondemos en público que recibimos el reclamo y qué haremos, nunca con «escribinos por privado» a "
              "secas.\n"
              "- Pedimos solo la calle o el cruce en público; el domicilio, el DNI o el teléfono, por mensaje privado "
              "o en el formulario de reclamos.\n"
              "- Si alguien publica sus datos, ocultamos el comentario y le explicamos por privado por qué.\n"
              "- Cuando el reclamo está cargado, respondemos en el hilo con el número de reclamo de la línea 147 "
              "para que cualquiera pueda seguirlo.\n"
              "- Cerramos el hilo cuando se resuelve: «Reclamo 4821 resuelto: reparada la luminaria de calle Las "
              "Heras».",
         objectives=["citizen_service", "conversation"], platforms=["instagram", "facebook"],
         threats=["no_guidelines"], dimensions=["service_delivery", "trust_legitimacy"],
         tags=["reclamos", "datos personales", "moderación"]),
    dict(key="saolourenco-aviso-golpes", agency="demo-prefeitura-saolourenco", author="ana.souza@saolourenco.example",
         language="pt", created_at="2025-04-28T12:00:00Z",
         title="Aviso fixo contra golpes: a Prefeitura nunca pede senhas nem dados bancários",
         summary="Uma mensagem fixa em todos os canais que diz o que a Prefeitura nunca faz, repetida em cada campanha "
                 "de cobrança.",
         body="Publicamos e fixamos em todos os perfis e na descrição do número oficial de atendimento:\n\n"
              "> A Prefeitura de São Lourenço nunca pede senhas, códigos nem dados bancários por mensagem e não envia "
              "boletos como anexo. O número oficial é o que aparece no portal da Prefeitura.\n\n"
              "- Repetimos o aviso em cada campanha de cobrança (IPTU, taxas) e quando circulam números falsos.\n"
              "- Pedimos aos moradores que denunciem perfis falsos e respondemos com o link da lista de canais "
              "oficiais.\n"
              "- Os atendentes usam a mesma frase, para que a mensagem não mude de uma pessoa para outra.",
         objectives=["citizen_service", "brand"], platforms=["whatsapp", "instagram", "facebook"],
         threats=["impersonation"], dimensions=["trust_legitimacy"], tags=["golpes", "perfis falsos", "atendimento"]),
    dict(key="saolourenco-legendas", agency="demo-prefeitura-saolourenco", author="ana.souza@saolourenco.example",
         language="pt", created_at="2025-06-09T12:00:00Z",
         title="Descrever imagens e legendar vídeos nas publicações da Prefeitura",
         summary="Texto alternativo em todas as imagens, legendas em todos os vídeos e a informação dos cartazes "
                 "também no texto da publicação.",
         body="- Toda imagem leva texto alternativo que diga o que ela informa, não só o que mostra: «Cartaz: "
              "feira de adoção de animais no sábado, 8 h às 12 h, na praça central».\n"
              "- Todo vídeo leva legendas revisadas; usamos as legendas automáticas como rascunho.\n"
              "- A informação de cartazes e convites vai também no texto da publicação.\n"
              "- Hashtags no final, com a inicial de cada palavra em maiúscula: #ColetaSeletiva.\n"
              "- Evitamos siglas; quando não dá, explicamos na primeira vez.",
         objectives=["inclusion", "information"], platforms=["instagram", "facebook"], threats=["digital_divide"],
         dimensions=["social_outcomes"], tags=["acessibilidade", "legendas"]),
]
for practice in PRACTICES:
    key, agency, author = practice.pop("key"), practice.pop("agency"), practice.pop("author")
    assert agency.startswith("demo-"), key
    practice["body"] += "\n\n" + PRACTICE_NOTE[practice["language"]]
    add("practice", external_id=f"demo/practice/{key}", agency=agency, authors=[author], status="published",
        visibility="public", licence="CC-BY-4.0", **practice)

# ---------------------------------------------------------------- guidelines
GUIDE_TAGS = {"es": ["redes sociales", "guía de uso"], "ca": ["xarxes socials", "guia d'ús"],
              "en": ["social media", "guidelines"]}


def guideline(key, agency, author, language, licence, title, summary, versions, created):
    for number, version in enumerate(versions, 1):
        guides.check_length(f"{key} v{number}", version["body"])
        assert len(version["body"].encode()) <= BODY_LIMIT, key
    add("guideline", external_id=f"demo/guideline/{key}", agency=agency, authors=[author], status="published",
        visibility="public", language=language, licence=licence, created_at=created, title=title,
        summary=summary, versions=versions, tags=GUIDE_TAGS[language])


guideline("gencat-v07-es", GENCAT, GENCAT_AUTHOR, "es", "CC-BY-3.0-ES",
          "Guía de usos y estilo en las redes sociales de la Generalitat de Catalunya",
          "Cómo planificar, gestionar y evaluar la presencia de una administración en las redes sociales: "
          "objetivos, escucha, elección de canales, respuesta a las consultas en menos de dos horas, normas de "
          "participación, redacción y evaluación del impacto. Selección de la 7.ª edición (2015).",
          [{"body": guides.v07_guide(CORPUS, "es"),
            "changelog": "Séptima edición (julio 2015): selección de los capítulos 1, 2, 3, 5, 6 y 8."}],
          "2015-07-01T00:00:00Z")
guideline("gencat-xarxes-ca", GENCAT, GENCAT_AUTHOR, "ca", "CC-BY-3.0-ES",
          "Guia d'usos i estil a les xarxes socials de la Generalitat de Catalunya",
          "Pautes per planificar, gestionar i avaluar els perfils institucionals a les xarxes socials: objectius, "
          "escolta, canals, resposta a la ciutadania, normes de participació, redacció, accessibilitat i avaluació "
          "de l'impacte. Versió 1: setena edició (2015); versió 2: novena edició (2019).",
          [{"body": guides.v07_guide(CORPUS, "ca"),
            "changelog": "Setena edició (juliol 2015): selecció dels capítols 1, 2, 3, 5, 6 i 8."},
           {"body": guides.ed9_guide(CORPUS),
            "changelog": "Novena edició (2019): nou principi d'accessibilitat, pautes per respondre les queixes a "
                         "Twitter («Com respondre?»), normes de participació reescrites i nou apartat 6.6 "
                         "d'accessibilitat i usabilitat. Llicència CC0 1.0."}],
          "2015-07-01T00:00:00Z")
guideline("gencat-v07-en", GENCAT, GENCAT_AUTHOR, "en", "CC-BY-3.0-ES",
          "Social media use and style guide of the Government of Catalonia",
          "How a government plans, runs and evaluates its social media presence: objectives, listening, choosing "
          "channels, answering questions within two hours, participation rules, writing and impact evaluation. "
          "Selection from the 7th edition (2015), English translation.",
          [{"body": guides.v07_guide(CORPUS, "en"),
            "changelog": "Seventh edition (July 2015): selection of chapters 1, 2, 3, 5, 6 and 8."}],
          "2015-07-01T00:00:00Z")
ARGOB = "Selección publicada en github.com/argob/estandares (commit 529d131)."
guideline("argob_estandares_contenido_web_es", "argentina-innovacion", "estandares@argentina.gob.ar", "es", "MIT",
          "Estándares de contenido web y lenguaje claro",
          "Cómo escribir contenidos públicos en lenguaje claro: pensar en el público, estructura de título, "
          "encabezado y cuerpo, textos breves, voz activa, palabras simples y un autotest antes de publicar.",
          [{"body": guides.argob_contenido_web(CORPUS), "changelog": ARGOB}], "2019-01-01T00:00:00Z")
guideline("argob_estandares_estandares_atencion_al_publico_es", "argentina-innovacion",
          "estandares@argentina.gob.ar", "es", "MIT", "Estándares de atención al público",
          "Principios y requisitos de la atención a la ciudadanía por todos los canales, con pautas para la "
          "atención digital en la web y las redes sociales: estrategia multicanal, una persona responsable, "
          "medición de tiempos de resolución y de satisfacción.",
          [{"body": guides.argob_atencion(CORPUS), "changelog": ARGOB}], "2019-01-01T00:00:00Z")
guideline("argob_estandares_chatbots_es", "argentina-innovacion", "estandares@argentina.gob.ar", "es", "MIT",
          "Estándares para chatbots del Estado",
          "Cómo diseñar y redactar asistentes conversacionales para trámites y servicios (web, Messenger, "
          "WhatsApp): tono y personalidad, bienvenida, mensajes breves, qué responder cuando no se entiende, "
          "accesibilidad y métricas.",
          [{"body": guides.argob_chatbots(CORPUS), "changelog": ARGOB}], "2019-01-01T00:00:00Z")

# ---------------------------------------------------------------- write and check
OUT.parent.mkdir(parents=True, exist_ok=True)
with OUT.open("w", encoding="utf-8") as out:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
counts = {}
for record in records:
    key = (record["type"], record.get("language", "-"))
    counts[key] = counts.get(key, 0) + 1
print(f"wrote {OUT}: {OUT.stat().st_size} bytes")
for (kind, language), count in sorted(counts.items()):
    print(f"  {kind:12} {language:3} {count}")

import check_demo  # noqa: E402

check_demo.main(OUT)
