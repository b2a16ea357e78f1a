#!/usr/bin/env python3
"""Builds crates/plaza_server/demo/collaboration.json: the demo network's groups, threads and
questions. Threads reproduce real citizen proposals and comments from Decide Madrid
(argrecsys/decide-madrid-2019-annotations, Apache-2.0; see demo/ATTRIBUTION.md), shortened;
the two questions and their answers are written for the demo.

    python3 infra/demo/build_collaboration.py ../shared/corpus/discussions
"""
import csv
import json
import pathlib
import sys

PROPOSALS = ["1419", "1085", "22742", "20389", "7"]
IN_GROUP = {"1419", "1085", "22742"}
AUTHORS = [
    "participacion@madrid.es",
    "lucia.moreno@vallverde.example",
    "pablo.ruiz@vallverde.example",
    "marta.gil@sierraalta.example",
    "jordi.puig@riudevall.example",
    "sofia.lopez@rioclaro.example",
]
TOP_REPLIES = 6
CHILD_REPLIES = 2


def clip(text, limit):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def main(corpus):
    corpus = pathlib.Path(corpus)
    proposals = {row["id"]: row for row in csv.DictReader(open(corpus / "decide_madrid_proposals.csv", encoding="utf-8"))}
    comments = list(csv.DictReader(open(corpus / "decide_madrid_comments.csv", encoding="utf-8")))
    threads = []
    for number, pid in enumerate(PROPOSALS):
        proposal = proposals[pid]
        text = proposal["summary"] + ("\n\n" + proposal["text"] if proposal["text"] else "")
        body = (
            clip(text, 1200)
            + f"\n\n*Propuesta ciudadana {proposal['code']} de Decide Madrid ({proposal['date']}), "
            "reproducida con licencia Apache-2.0.*"
        )
        mine = [c for c in comments if c["proposalId"] == pid and c["text"].strip()]
        top = [c for c in mine if c["parentId"] == "-1"][:TOP_REPLIES]
        replies = []
        for index, comment in enumerate(top):
            children = [c for c in mine if c["parentId"] == comment["id"]][:CHILD_REPLIES]
            replies.append({
                "author": AUTHORS[(number + index + 1) % len(AUTHORS)],
                "body": clip(comment["text"], 800),
                "replies": [
                    {"author": AUTHORS[(number + index + j + 2) % len(AUTHORS)], "body": clip(child["text"], 600)}
                    for j, child in enumerate(children)
                ],
            })
        threads.append({
            "kind": "discussion",
            "title": proposal["title"],
            "body": body,
            "author": AUTHORS[number % len(AUTHORS)],
            "group": "participacion-ciudadana" if pid in IN_GROUP else None,
            "replies": replies,
            "accepted": None,
        })
    threads += [
        {
            "kind": "question",
            "title": "¿Alguien mide el ahorro en llamadas al 010 tras abrir WhatsApp?",
            "body": "Abrimos un canal de WhatsApp para consultas de padrón y recogida de enseres. "
                    "¿Cómo medís si baja la carga del teléfono? ¿Comparáis con el mismo mes del año anterior?",
            "author": "pablo.ruiz@vallverde.example",
            "group": "cm-locales",
            "replies": [
                {"author": "participacion@madrid.es",
                 "body": "Comparamos llamadas atendidas por motivo (códigos de tipificación del 010) en las "
                         "12 semanas anteriores y posteriores, y descontamos la estacionalidad con el año previo. "
                         "Lo que más bajó fueron las consultas de horarios.", "replies": []},
                {"author": "marta.gil@sierraalta.example",
                 "body": "Nosotros solo contamos conversaciones cerradas en WhatsApp sin derivación: "
                         "es una cota superior, pero fácil de sacar cada mes.", "replies": []},
            ],
            "accepted": 0,
        },
        {
            "kind": "question",
            "title": "¿Qué política de moderación de comentarios aplicáis en Instagram?",
            "body": "Queremos publicar unas normas de participación. ¿Ocultáis o borráis? ¿Avisáis a la persona?",
            "author": "sofia.lopez@rioclaro.example",
            "group": None,
            "replies": [
                {"author": "xarxes@gencat.cat",
                 "body": "Publicamos las normas en el perfil y ocultamos solo insultos, datos personales y spam; "
                         "respondemos con un mensaje estándar que enlaza a las normas.", "replies": []},
            ],
            "accepted": 0,
        },
    ]
    demo = {
        "groups": [
            {"slug": "participacion-ciudadana", "name": "Participación ciudadana en redes",
             "description": "Cómo recogen y responden las administraciones las propuestas de la ciudadanía.",
             "join_policy": "open", "listing": "network", "owner": "participacion@madrid.es",
             "members": AUTHORS[1:] + ["xarxes@gencat.cat", "ana.souza@saolourenco.example"]},
            {"slug": "cm-locales", "name": "Community managers de gobiernos locales",
             "description": "Gestión diaria de redes sociales en ayuntamientos y diputaciones.",
             "join_policy": "request", "listing": "network", "owner": "lucia.moreno@vallverde.example",
             "members": ["pablo.ruiz@vallverde.example", "marta.gil@sierraalta.example",
                         "jordi.puig@riudevall.example", "participacion@madrid.es"]},
        ],
        "threads": threads,
    }
    out = pathlib.Path(__file__).resolve().parents[2] / "crates/plaza_server/demo/collaboration.json"
    out.write_text(json.dumps(demo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(demo['groups'])} groups, {len(threads)} threads")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/discussions")
