#!/usr/bin/env python3
"""Builds crates/plaza_server/demo/demo.jsonl, the demo network Plaza ships.

Run from the repository root with the shared corpus beside it:
    python3 infra/demo/build_demo.py ../shared/corpus
The product never reads the corpus itself: this script copies a small, attributed selection
into the repository (see crates/plaza_server/demo/ATTRIBUTION.md). Agencies prefixed "demo"
and the hand-written case studies are fictional and marked as such.
"""
import json
import re
import sys
from pathlib import Path

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
assert len({case["key"] for case in CASES}) == len(CASES), "case keys must be unique"
for case in CASES:
    key = case.pop("key")
    agency = case.pop("agency")
    author = case.pop("author")
    add("case_study", external_id=f"demo/case/{key}", agency=agency, authors=[author],
        status=case.pop("status", "published"), licence="CC-BY-4.0", **case)

# ---------------------------------------------------------------- DigitalGov articles as English case studies
KEYWORDS = {
    "x": ["twitter", "tweet"], "facebook": ["facebook"], "instagram": ["instagram"], "youtube": ["youtube"],
    "linkedin": ["linkedin"], "flickr": ["flickr"], "tiktok": ["tiktok"], "blog": ["blog"],
    "podcast": ["podcast"], "whatsapp": ["whatsapp"],
}
OBJECTIVES = {
    "crisis": ["emergenc", "crisis", "disaster", "hurricane"], "conversation": ["engag", "conversation", "listen"],
    "citizen_service": ["customer", "service"], "open_government": ["open data", "transparen", "participat"],
    "formats": ["video", "infographic"], "inter_agency": ["agencies", "community of practice"],
}


def guess(text, table, fallback):
    lowered = text.lower()
    found = [code for code, words in table.items() if any(word in lowered for word in words)]
    return found or [fallback]


def clip(text, limit):
    return text if len(text.encode()) <= limit else text.encode()[:limit].decode(errors="ignore").rsplit("\n", 1)[0]


wanted = 0
for line in (CORPUS / "case_studies/digitalgov_social_media.jsonl").open():
    item = json.loads(line)
    text = item["title"] + " " + (item.get("summary") or "")
    body = item["body_markdown"]
    if not any(w in (text + body[:2000]).lower() for w in ["social media", "twitter", "facebook", "youtube"]):
        continue
    if len(body) < 1500 or len(item["title"]) > 200:
        continue
    wanted += 1
    if wanted > 14:
        break
    add("case_study", external_id=f"demo/digitalgov/{item['id']}", agency="gsa-digitalgov",
        authors=["digitalgov@gsa.gov"], status="published", visibility="public", language="en",
        licence="public-domain", created_at=item["id"][:10] + "T12:00:00Z",
        title=item["title"], summary=clip(item.get("summary") or "", 1900),
        context=clip(body, 6000), objectives=guess(text + body, OBJECTIVES, "information"),
        platforms=guess(body, KEYWORDS, "other"), stage="finished",
        tags=item["tags"][:10])

# ---------------------------------------------------------------- practices from guideline sections
HEADING = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(\S.{2,80})$")


def sections(path):
    current, buffer = None, []
    for paragraph in path.read_text().split("\n\n"):
        paragraph = paragraph.strip()
        match = HEADING.match(paragraph)
        if match:
            if current:
                yield current, "\n\n".join(buffer)
            current, buffer = (match.group(1), match.group(2)), []
        elif current:
            buffer.append(paragraph)
    if current:
        yield current, "\n\n".join(buffer)


PLATFORM_BY_CHAPTER = {"4.1": ["x"], "4.2": ["facebook"], "4.3": ["blog"], "4.4": ["youtube"], "4.5": ["flickr"]}


def practices_from(path, agency, author, language, licence, limit, visibility="public"):
    taken = 0
    for (number, title), text in sections(path):
        if not (250 <= len(text) <= 2500) or taken >= limit:
            continue
        taken += 1
        platforms = next((p for prefix, p in PLATFORM_BY_CHAPTER.items() if number.startswith(prefix)), [])
        add("practice", external_id=f"demo/practice/{path.stem}/{number}", agency=agency, authors=[author],
            status="published", visibility=visibility, language=language, licence=licence,
            title=f"{title}", summary="", body=text,
            objectives=guess(title + " " + text, OBJECTIVES, "information"), platforms=platforms,
            tags=["guía de redes"] if language == "es" else ["guia de xarxes"] if language == "ca" else [])


G = CORPUS / "guidelines"
practices_from(G / "generalitat_guia_redes_v07_es.txt", "generalitat-catalunya", "xarxes@gencat.cat", "es", "CC-BY-3.0-ES", 12)
practices_from(G / "generalitat_guia_redes_v07_ca.txt", "generalitat-catalunya", "xarxes@gencat.cat", "ca", "CC-BY-3.0-ES", 4)
practices_from(G / "generalitat_guia_redes_v07_en.txt", "generalitat-catalunya", "xarxes@gencat.cat", "en", "CC-BY-3.0-ES", 3)

# ---------------------------------------------------------------- guidelines
def read(name):
    return (G / name).read_text().strip()


def guideline(key, agency, author, language, licence, title, summary, versions, visibility="public", created="2015-07-01T00:00:00Z"):
    for version in versions:
        assert len(version["body"].encode()) <= BODY_LIMIT, (key, len(version["body"].encode()))
    add("guideline", external_id=f"demo/guideline/{key}", agency=agency, authors=[author], status="published",
        visibility=visibility, language=language, licence=licence, created_at=created, title=title,
        summary=summary, versions=versions, tags=["redes sociales"] if language == "es" else [])


guideline("gencat-v07-es", "generalitat-catalunya", "xarxes@gencat.cat", "es", "CC-BY-3.0-ES",
          "Guía de usos y estilo en las redes sociales de la Generalitat de Catalunya",
          "Séptima edición (julio 2015): cómo se ordenan los perfiles corporativos, primeros pasos, herramientas, "
          "gestión de la comunidad, contenidos, promociones y seguimiento.",
          [{"body": read("generalitat_guia_redes_v07_es.txt"), "changelog": "Séptima edición (julio 2015)."}])
ed9 = "\n\n".join(read(p.name) for p in sorted(G.glob("generalitat_guia_xarxes_ed9_ca_*.txt")))
guideline("gencat-xarxes-ca", "generalitat-catalunya", "xarxes@gencat.cat", "ca", "CC-BY-3.0-ES",
          "Guia d'usos i estil a les xarxes socials de la Generalitat de Catalunya",
          "La guia de xarxes socials de la Generalitat: setena edició (2015) i novena edició (2019).",
          [{"body": read("generalitat_guia_redes_v07_ca.txt"), "changelog": "Setena edició (juliol 2015)."},
           {"body": clip(ed9, BODY_LIMIT - 1024), "changelog": "Novena edició (2019): text reorganitzat en capítols, "
            "eines actualitzades i nou capítol d'aplicacions. Llicència CC0 1.0."}])
guideline("gencat-v07-en", "generalitat-catalunya", "xarxes@gencat.cat", "en", "CC-BY-3.0-ES",
          "Social media use and style guide of the Government of Catalonia",
          "Seventh edition (July 2015), English translation.",
          [{"body": read("generalitat_guia_redes_v07_en.txt"), "changelog": "Seventh edition (July 2015)."}])
for name, title, summary in [
    ("argob_estandares_contenido_web_es.txt", "Estándares de contenido web y lenguaje claro",
     "Guía de estilo para escribir contenidos web del Estado en lenguaje claro."),
    ("argob_estandares_estandares_atencion_al_publico_es.txt", "Estándares de atención al público",
     "Pautas para la atención a la ciudadanía por canales presenciales, telefónicos y digitales."),
    ("argob_estandares_chatbots_es.txt", "Estándares para chatbots del Estado",
     "Cómo diseñar y escribir asistentes conversacionales para trámites y servicios."),
]:
    guideline(Path(name).stem, "argentina-innovacion", "estandares@argentina.gob.ar", "es", "MIT", title, summary,
              [{"body": read(name), "changelog": "Versión publicada en github.com/argob/estandares."}],
              created="2019-01-01T00:00:00Z")

OUT.parent.mkdir(parents=True, exist_ok=True)
with OUT.open("w") as out:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
counts = {}
for record in records:
    counts[record["type"]] = counts.get(record["type"], 0) + 1
print(f"wrote {OUT}: {counts}, {OUT.stat().st_size} bytes")
