#!/usr/bin/env python3
"""Builds crates/plaza_server/demo/collaboration.json: the demo network's groups, threads and
questions, conversations between the community managers of the fictional demo agencies.

Five discussions start from real citizen proposals on Decide Madrid, the Madrid City Council's
participation platform (argrecsys/decide-madrid-2019-annotations, Apache-2.0; see
demo/ATTRIBUTION.md): each quotes the proposal's summary or one of its citizen comments, with its
code, and asks how administrations handle that kind of conversation on social media. Everything
else (the questions, and every reply) is written for the demo and posted under the fictional
members' names; real agencies' accounts own or belong to groups but are given no words.

    python3 infra/demo/build_collaboration.py ../shared/corpus/discussions
"""
import csv
import json
import pathlib
import sys

LUCIA, PABLO = "lucia.moreno@vallverde.example", "pablo.ruiz@vallverde.example"
MARTA, JORDI = "marta.gil@sierraalta.example", "jordi.puig@riudevall.example"
SOFIA, ANA = "sofia.lopez@rioclaro.example", "ana.souza@saolourenco.example"
MADRID, GENCAT = "participacion@madrid.es", "xarxes@gencat.cat"


def reply(author, body, *children):
    return {"author": author, "body": body, "replies": list(children)}


def thread(kind, title, body, author, group, replies, accepted=None):
    return {"kind": kind, "title": title, "body": body, "author": author, "group": group, "replies": replies,
            "accepted": accepted}


def thousands(number):
    return f"{int(number):,}".replace(",", ".")


class DecideMadrid:
    def __init__(self, corpus: pathlib.Path):
        with open(corpus / "decide_madrid_proposals.csv", encoding="utf-8") as f:
            self.proposals = {row["id"]: row for row in csv.DictReader(f)}
        with open(corpus / "decide_madrid_comments.csv", encoding="utf-8") as f:
            self.comments = {row["id"]: row for row in csv.DictReader(f)}

    def proposal(self, pid):
        return self.proposals[pid]

    def comment(self, pid, cid, starts):
        """A citizen comment of the proposal, checked against the words it should start with."""
        row = self.comments[cid]
        assert row["proposalId"] == pid and row["text"].startswith(starts), (pid, cid, row["text"][:60])
        return " ".join(row["text"].split())

    def cite(self, pid, language="es"):
        p = self.proposals[pid]
        if language == "ca":
            return (f"*Text citat: proposta ciutadana {p['code']} de Decide Madrid ({p['date']}), del conjunt de "
                    "dades argrecsys/decide-madrid-2019-annotations, llicència Apache-2.0.*")
        return (f"*Texto citado: propuesta ciudadana {p['code']} de Decide Madrid ({p['date']}), del conjunto de "
                "datos argrecsys/decide-madrid-2019-annotations, licencia Apache-2.0.*")


def threads(dm: DecideMadrid):
    bici, perros, infancia = dm.proposal("1419"), dm.proposal("1085"), dm.proposal("22742")
    telefono, limpiar = dm.proposal("417"), dm.proposal("7")
    return [
        thread(
            "discussion",
            "Propuestas ciudadanas con miles de apoyos: ¿cómo contáis en redes lo que pasa después?",
            f"Miro a menudo Decide Madrid para aprender. La propuesta «{bici['title']}» reunió "
            f"{thousands(bici['numSupports'])} apoyos y {bici['numComments']} comentarios. Su resumen:\n\n"
            f"> {bici['summary']}\n\n"
            "En Vallverde nos pasa a pequeña escala: una propuesta se hace viral y luego, durante meses, nadie "
            "cuenta en redes en qué punto está. ¿Publicáis el recorrido de las propuestas más apoyadas (estudio, "
            "decisión, ejecución)? ¿Con qué formato y cada cuánto?\n\n" + dm.cite("1419"),
            LUCIA, "participacion-ciudadana",
            [
                reply(JORDI, "A Riudevall publiquem cada trimestre un carrusel amb l'estat de cada proposta "
                             "guanyadora: en estudi, adjudicada, en obres o acabada. Quan no hi ha aquest retorn, la "
                             "participació de l'any següent cau.",
                      reply(LUCIA, "¿Y cuando la respuesta es que no se hará? Eso es lo que más nos cuesta publicar."),
                      reply(JORDI, "També ho publiquem, amb el motiu. Són les publicacions amb més comentaris, però "
                                   "el to millora quan s'explica el perquè.")),
                reply(MARTA, "En la Diputación usamos una etiqueta fija para cada proceso y la misma tarjeta de estado "
                             "en X, Facebook e Instagram. Lo que más ha funcionado: poner en la propia publicación la "
                             "fecha de la próxima actualización."),
                reply(SOFIA, "Fijaos en lo que escribía el propio autor en el hilo original: «"
                             + dm.comment("1419", "22583", "Si te gusta la propuesta") + "» Si el ranking premia los "
                             "comentarios, en redes pasa igual: hay que explicar cómo se decide o parecerá un concurso "
                             "de popularidad."),
            ],
        ),
        thread(
            "discussion",
            "Propostes duplicades i debats encesos: com moderar sense semblar censura",
            f"A Decide Madrid, la proposta «{perros['title']}» va reunir {perros['numComments']} comentaris. Un veí "
            "hi demanava: «" + dm.comment("1085", "20800", "Propongo unificar") + "»\n\n"
            "A les nostres xarxes passa el mateix: la mateixa queixa en cinc publicacions diferents i discussions que "
            "pugen de to. Agrupeu les queixes repetides? Responeu cada comentari o en fixeu un amb la resposta?\n\n"
            + dm.cite("1085", "ca"),
            JORDI, "participacion-ciudadana",
            [
                reply(SOFIA, "Nosotros fijamos un comentario con la respuesta y el número de reclamo, y a los repetidos "
                             "les respondemos con un enlace a ese comentario. Solo ocultamos insultos y datos "
                             "personales; las críticas no se borran nunca."),
                reply(PABLO, "Para detectar las repetidas etiquetamos cada semana las menciones por tema. Cuando un "
                             "tema pasa de veinte menciones, se lo pasamos al servicio con un informe."),
                reply(ANA, "Aqui as regras de participação estão fixadas no perfil e, quando ocultamos um comentário, "
                           "mandamos mensagem privada explicando qual regra foi descumprida. As acusações de censura "
                           "caíram muito."),
            ],
        ),
        thread(
            "discussion",
            "¿Debe una cuenta institucional difundir propuestas ciudadanas en votación?",
            f"En la propuesta «{infancia['title']}» ({thousands(infancia['numSupports'])} apoyos) alguien preguntaba "
            "en los comentarios: «" + dm.comment("22742", "172891", "¿Os habéis dirgido") + "»\n\n"
            "La difusión la hacen las asociaciones, pero a nosotros nos piden que la hagamos desde el perfil de la "
            "Diputación. ¿Difundís propuestas concretas en fase de votación o solo el proceso en general?\n\n"
            + dm.cite("22742"),
            MARTA, "participacion-ciudadana",
            [
                reply(LUCIA, "Solo el proceso: fechas, cómo votar y dónde consultar todas las propuestas. Si difundimos "
                             "una, hay que difundirlas todas, y eso no cabe."),
                reply(JORDI, "Igual que la Lucía. Com a molt, un directe on cada grup promotor presenta la seva "
                             "proposta amb el mateix temps per a tothom."),
                reply(ANA, "Concordo. Na Prefeitura isso está no nosso guia: a conta oficial divulga o processo, nunca "
                           "uma proposta."),
            ],
        ),
        thread(
            "discussion",
            "«Me cobran la llamada»: cuando un vecino aclara una duda mejor que nosotros",
            f"En Decide Madrid, la propuesta «{telefono['title']}» tuvo {thousands(telefono['numSupports'])} apoyos. "
            "El comentario más votado del hilo lo aclaraba así: «"
            + dm.comment("417", "21530", "A ver gente, el 010 es gratuito") + "»\n\n"
            "Nos pasa con la línea 147: mucha gente cree que el coste de la llamada depende de la municipalidad. "
            "¿Explicáis en redes cuánto cuesta llamar y qué alternativas gratuitas hay (web, mensajería)?\n\n"
            + dm.cite("417"),
            SOFIA, None,
            [
                reply(PABLO, "Lo pusimos en la biografía de todas las cuentas: «010: coste de llamada local; consultas "
                             "gratis por la web y por mensajería». Bajaron mucho las quejas sobre el coste."),
                reply(MARTA, "Cuidado con prometer que es gratis: depende de la tarifa de cada compañía. Nosotros "
                             "decimos «coste de llamada local» y enlazamos las alternativas.",
                      reply(SOFIA, "Buen matiz, lo cambiamos.")),
            ],
        ),
        thread(
            "discussion",
            "Quejas genéricas en redes: ¿cómo las convertís en algo que un servicio pueda resolver?",
            f"La propuesta «{limpiar['title']}» tenía un resumen de cinco palabras —«{limpiar['summary']}»— y "
            f"{thousands(limpiar['numSupports'])} apoyos. En el hilo alguien respondía: «"
            + dm.comment("7", "17135", "El Ayuntamiento ya tiene") + "»\n\n"
            "En redes recibimos cada día quejas así. ¿Qué respuesta tipo usáis para pedir calle, foto y hora sin que "
            "parezca que os quitáis el problema de encima?\n\n" + dm.cite("7"),
            PABLO, None,
            [
                reply(SOFIA, "Respondemos agradeciendo y con el enlace al formulario de reclamos con mapa; si la persona "
                             "contesta con la dirección, lo cargamos nosotros y le devolvemos el número de reclamo."),
                reply(MARTA, "Nunca pedimos en público la dirección de su casa: pedimos la calle o el cruce, o que "
                             "escriban por privado.",
                      reply(PABLO, "Lo hemos añadido a las respuestas tipo, gracias.")),
                reply(JORDI, "A nosaltres ens funciona publicar cada mes quantes incidències de neteja han arribat per "
                             "xarxes i quantes s'han resolt. Les queixes genèriques baixen quan la gent veu que les "
                             "concretes funcionen."),
            ],
        ),
        thread(
            "question",
            "¿Alguien mide el ahorro en llamadas al 010 tras abrir WhatsApp?",
            "Abrimos un canal de WhatsApp para consultas de padrón y recogida de enseres. ¿Cómo medís si baja la "
            "carga del teléfono? ¿Comparáis con el mismo mes del año anterior?",
            PABLO, "cm-locales",
            [
                reply(JORDI, "Nosaltres comptem les trucades de l'OAC per setmana i comparem la mitjana amb el mateix "
                             "període de l'any anterior, per descomptar l'estacionalitat (padró, taxes, casals "
                             "d'estiu). A mà és feixuc: si la vostra centraleta classifica les trucades per motiu, "
                             "feu servir això."),
                reply(MARTA, "Nosotros solo contamos conversaciones cerradas en WhatsApp sin derivación: es una cota "
                             "superior, pero fácil de sacar cada mes."),
            ],
            accepted=0,
        ),
        thread(
            "question",
            "¿Qué política de moderación de comentarios aplicáis en Instagram?",
            "Queremos publicar unas normas de participación. ¿Ocultáis o borráis? ¿Avisáis a la persona?",
            SOFIA, None,
            [
                reply(JORDI, "Nosaltres apliquem les normes de participació de la guia de xarxes de la Generalitat "
                             "(apartat 5.2): es publiquen els comentaris pertinents i respectuosos, sense dades "
                             "personals, enganys ni spam, i qui les incompleix reiteradament pot ser bloquejat. "
                             "Ocultem, no esborrem, i responem amb un missatge que enllaça les normes."),
                reply(MARTA, "Añadiría una regla: no ocultar nunca una crítica, por dura que sea. Solo insultos, datos "
                             "personales, spam y estafas."),
            ],
            accepted=0,
        ),
        thread(
            "question",
            "¿Cómo organizáis el texto alternativo y los subtítulos cuando publican muchas personas?",
            "Tenemos 38 cuentas y 34 personas que publican. Hemos fijado cuatro reglas de accesibilidad, pero cuesta "
            "que se cumplan en los servicios. ¿Revisáis antes de publicar, después, por muestreo? ¿Con qué "
            "herramienta subtituláis?",
            MARTA, "cm-locales",
            [
                reply(LUCIA, "Revisión después, por muestreo mensual, y un aviso personal a quien se las salta. Antes de "
                             "publicar no da tiempo, salvo en campañas."),
                reply(JORDI, "Per subtitular fem servir els subtítols automàtics de YouTube i els revisem; per als vídeos "
                             "curts, l'editor de la mateixa aplicació. Compta uns vint minuts per vídeo llarg."),
            ],
            accepted=0,
        ),
        thread(
            "question",
            "Alguém usa um canal de mensagens para os alertas da Defesa Civil?",
            "Estamos organizando os alertas de chuva forte com a Defesa Civil. Pensamos numa lista de transmissão no "
            "WhatsApp, mas ela exige que a pessoa salve o nosso número. Alguém usa canais (do WhatsApp ou do "
            "Telegram) para alertas? Como evitam números falsos se passando pela Prefeitura?",
            ANA, None,
            [
                reply(MARTA, "En la Diputación usamos un canal de solo lectura para los avisos provinciales: no hace "
                             "falta guardar ningún número y nadie puede escribir en él. Contra las suplantaciones, "
                             "publicamos el enlace oficial en la web y en todas las cuentas, y lo repetimos en cada "
                             "aviso."),
                reply(SOFIA, "Nosotros dejamos fijado en el perfil cuál es el único número oficial y en cada mensaje "
                             "recordamos que nunca pedimos datos ni pagos."),
            ],
        ),
        thread(
            "discussion",
            "¿Seguimos en X? Criterios para decidir si mantener, congelar o cerrar una cuenta",
            "Estamos revisando la presencia del Ayuntamiento en X. El alcance ha caído y parte del equipo propone "
            "cerrarla, pero sigue siendo donde los medios y protección civil buscan los avisos. ¿Qué criterios usáis "
            "para decidir? ¿Alguien ha congelado una cuenta con un último mensaje fijado en lugar de cerrarla?",
            LUCIA, "cm-locales",
            [
                reply(MARTA, "Mantenemos X solo para avisos y emergencias: es lo que siguen mirando los medios. La "
                             "conversación la hemos llevado a otros canales."),
                reply(JORDI, "Vam tancar dos comptes de regidories amb un darrer missatge fixat que indica on trobar la "
                             "informació. Tancar sense avisar deixa el nom lliure per a suplantacions."),
                reply(PABLO, "Propongo que lo decidamos con los datos del cuadro de mando: alcance sobre la población y "
                             "consultas recibidas por cada red."),
            ],
        ),
        thread(
            "question",
            "Com mesureu l'abast de les xarxes? Seguidors o abast sobre la població?",
            "El Ple ens demana xifres de les xarxes i fins ara donàvem el nombre de seguidors. Sabem que no diu "
            "gaire. Quins indicadors presenteu als càrrecs electes i com els calculeu?",
            JORDI, None,
            [
                reply(LUCIA, "Nosotros presentamos el alcance mensual dividido por la población empadronada, la tasa de "
                             "interacción sobre el alcance y las visitas a la sede electrónica desde enlaces en redes. "
                             "Dejamos escrito cómo se calcula cada indicador, porque las plataformas cambian sus "
                             "métricas."),
                reply(ANA, "Também medimos o tempo de resposta e quantas dúvidas foram resolvidas sem ligação. É o que "
                           "mais interessa ao prefeito."),
            ],
            accepted=0,
        ),
    ]


def main(corpus):
    dm = DecideMadrid(pathlib.Path(corpus))
    all_threads = threads(dm)
    demo = {
        "groups": [
            {"slug": "participacion-ciudadana", "name": "Participación ciudadana en redes",
             "description": "Cómo recogen y responden las administraciones las propuestas de la ciudadanía.",
             "join_policy": "open", "listing": "network", "owner": MADRID,
             "members": [LUCIA, PABLO, MARTA, JORDI, SOFIA, GENCAT, ANA]},
            {"slug": "cm-locales", "name": "Community managers de gobiernos locales",
             "description": "Gestión diaria de redes sociales en ayuntamientos y diputaciones.",
             "join_policy": "request", "listing": "network", "owner": LUCIA,
             "members": [PABLO, MARTA, JORDI, MADRID]},
        ],
        "threads": all_threads,
    }
    out = pathlib.Path(__file__).resolve().parents[2] / "crates/plaza_server/demo/collaboration.json"
    out.write_text(json.dumps(demo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(demo['groups'])} groups, {len(all_threads)} threads")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/discussions")
