"""The demo guidelines and the practices taken from them, built from the corpus guideline texts.

Each guideline is a readable selection of a real public-sector guide (800–2,500 words) with the
source's own headings and numbering, lists and tables as Markdown, and a lead paragraph naming
the source and its licence. The selection is spelled out paragraph by paragraph below, each
range checked against the text it should start with, so a changed corpus fails loudly.
"""
import re
from pathlib import Path

from demo_text import Selection, block, fix_typos, join_blocks, paragraphs, words

MIN_WORDS, MAX_WORDS = 800, 2500

MIT_NOTICE = (
    "Copyright (c) 2015 República Argentina\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
    "associated documentation files (the \"Software\"), to deal in the Software without restriction, including "
    "without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
    "copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the "
    "following conditions:\n\n"
    "The above copyright notice and this permission notice shall be included in all copies or substantial "
    "portions of the Software.\n\n"
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT "
    "LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO "
    "EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER "
    "IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE "
    "USE OR OTHER DEALINGS IN THE SOFTWARE."
)

# ---------------------------------------------------------------- Generalitat guide, 7th edition (es, ca, en)
SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.{2,80})$")


class V07:
    """One language of the 7th edition, addressed by section number and offset within it."""

    def __init__(self, corpus: Path, language: str):
        self.language = language
        self.paragraphs = paragraphs(corpus / f"guidelines/generalitat_guia_redes_v07_{language}.txt")
        self.sections: dict[str, tuple[int, list[int]]] = {}
        current = None
        for index, paragraph in enumerate(self.paragraphs):
            match = SECTION.match(paragraph)
            if match and len(paragraph) < 90:
                current = match.group(1)
                self.sections[current] = (index, [])
            elif current:
                self.sections[current][1].append(index)

    def heading(self, number: str) -> str:
        return self.paragraphs[self.sections[number][0]]

    def body(self, number: str, offsets=None) -> list[int]:
        indices = self.sections[number][1]
        return indices if offsets is None else [indices[o] for o in offsets]

    def selection(self, lead: str) -> "V07Selection":
        return V07Selection(self, lead)

    def section_markdown(self, number: str, offsets=None) -> str:
        """A section's paragraphs as Markdown (for a practice)."""
        blocks = [block(self.paragraphs[i]) for i in self.body(number, offsets) if self.paragraphs[i]]
        return fix_typos(join_blocks(blocks), self.language)


class V07Selection:
    def __init__(self, v07: V07, lead: str):
        self.v07 = v07
        self.doc = Selection(v07.language, {"g": v07.paragraphs}).lead(lead)

    def h(self, level: int, number: str):
        self.doc.h(level, "g", self.v07.sections[number][0])
        return self

    def p(self, number: str, offsets=None):
        for index in self.v07.body(number, offsets):
            self.doc.p("g", index)
        return self

    def sub(self, level: int, number: str, offset: int):
        """A heading that is a paragraph inside a section (e.g. "Principios que inspiran…")."""
        self.doc.h(level, "g", self.v07.body(number)[offset])
        return self

    def markdown(self) -> str:
        return self.doc.markdown()


V07_LEADS = {
    "es": "*Selección de la **Guía de usos y estilo en las redes sociales de la Generalitat de Catalunya**, "
          "7.ª edición (julio de 2015): capítulos 1, 2, 3, 5, 6 y 8, con su numeración original. Texto de la "
          "Generalitat de Catalunya, Departament de la Presidència, con licencia CC BY 3.0 ES "
          "(creativecommons.org/licenses/by/3.0/es). En Plaza se han añadido títulos y listas y se han corregido "
          "erratas. Original: [github.com/generalitat/guia](https://github.com/generalitat/guia).*",
    "ca": "*Selecció de la **Guia d'usos i estil a les xarxes socials de la Generalitat de Catalunya**, 7a edició "
          "(juliol de 2015): capítols 1, 2, 3, 5, 6 i 8, amb la numeració original. Text de la Generalitat de "
          "Catalunya, Departament de la Presidència, amb llicència CC BY 3.0 ES "
          "(creativecommons.org/licenses/by/3.0/es). A Plaza s'hi han afegit títols i llistes. Original: "
          "[github.com/generalitat/guia](https://github.com/generalitat/guia).*",
    "en": "*Selection from the **Social media use and style guide of the Government of Catalonia**, 7th edition "
          "(July 2015): chapters 1, 2, 3, 5, 6 and 8, with their original numbering. Text by the Generalitat de "
          "Catalunya, Departament de la Presidència, licensed CC BY 3.0 ES "
          "(creativecommons.org/licenses/by/3.0/es). Plaza added headings and lists and corrected typos. "
          "Original: [github.com/generalitat/guia](https://github.com/generalitat/guia).*",
}
# Offsets of the introduction's paragraphs on what social networks are for (the English
# translation leaves out two paragraphs of the original).
V07_INTRO = {"es": range(3, 9), "ca": range(3, 9), "en": range(1, 7)}


def v07_guide(corpus: Path, language: str) -> str:
    g = V07(corpus, language)
    intro = list(V07_INTRO[language])
    doc = g.selection(V07_LEADS[language])
    doc.h(2, "1").p("1", intro[:-1])
    doc.h(2, "2").sub(3, "2", 2).p("2", range(3, 12))
    doc.h(2, "3")
    doc.h(3, "3.1.1").p("3.1.1")
    doc.h(3, "3.1.2").p("3.1.2", [0, 1])
    doc.h(3, "3.1.4").p("3.1.4", [0, 1])
    doc.h(2, "5").p("5", [0, 2])
    doc.h(3, "5.1").p("5.1", range(0, 4))
    doc.h(3, "5.2").p("5.2")
    doc.h(2, "6").p("6", [0, 2])
    doc.h(3, "6.2").p("6.2", [0, 1, 2, 3, 4, 6, 7, 8])
    doc.h(2, "8")
    doc.h(3, "8.5").p("8.5")
    return doc.markdown()


# ---------------------------------------------------------------- Generalitat guide, 9th edition (ca)
ED9_LEAD = (
    "*Selecció de la **Guia de xarxes socials de la Generalitat de Catalunya**, 9a edició (2019): capítols 1, "
    "2, 3, 5, 6 i 8, amb la numeració original. Font: Generalitat de Catalunya, Guia de xarxes socials "
    "([github.com/gencat/guia-xarxes](https://github.com/gencat/guia-xarxes)), actualització 2024-02-23; la 9a "
    "edició es publica amb llicència CC0 1.0. A Plaza s'hi han afegit títols i llistes.*"
)


def ed9_guide(corpus: Path) -> str:
    g = corpus / "guidelines"
    chapter = {key: paragraphs(g / f"generalitat_guia_xarxes_ed9_ca_{key}.txt")
               for key in ["01_introduccio", "02_generalitat_xarxes", "03_primeres_passes", "05_comunitat",
                           "06_continguts", "08_seguiment"]}
    doc = Selection("ca", {k[:2]: v for k, v in chapter.items()}).lead(ED9_LEAD)
    doc.h(2, "01", 0, expect="1. Introducció").p("01", 4, 8, expect="L'accés a les xarxes socials")
    doc.h(2, "02", 0, expect="2. La Generalitat").h(3, "02", 2, expect="2.1. Principis")
    doc.p("02", 3, 12, expect="A l'hora d'interaccionar")
    doc.h(2, "03", 0, expect="3. Primeres passes")
    doc.h(3, "03", 3, expect="3.1.1.").p("03", 4, 5)
    doc.h(3, "03", 6, expect="3.1.2.").p("03", 7, 8)
    doc.h(3, "03", 14, expect="3.1.4.").p("03", 15, 16)
    doc.h(2, "05", 0, expect="5. Gestionar").p("05", 1).p("05", 3)
    doc.h(3, "05", 4, expect="5.1.").p("05", 5, 7, expect="Les consultes es responen")
    doc.h(4, "05", 16, expect="Com respondre?").p("05", 17, expect="Si sabem que Twitter")
    doc.h(3, "05", 23, expect="5.2.").p("05", 24, 33)
    doc.h(2, "06", 0, expect="6. Generar").p("06", 1).p("06", 3)
    doc.h(3, "06", 12, expect="6.2. Redacció").p("06", 13, 21, skip=(18, 21))
    doc.h(3, "06", 35, expect="6.6.").p("06", 36, 41, expect="• Intenta crear continguts")
    doc.h(2, "08", 0, expect="8. Seguiment")
    doc.h(3, "08", 29, expect="8.5.").p("08", 30, 31)
    return doc.markdown()


def ed9_accessibility(corpus: Path) -> str:
    """Accessibility advice of the 9th edition, from the content chapter and the tools chapter."""
    g = corpus / "guidelines"
    sources = {"06": paragraphs(g / "generalitat_guia_xarxes_ed9_ca_06_continguts.txt"),
               "04": paragraphs(g / "generalitat_guia_xarxes_ed9_ca_04_eines.txt")}
    doc = Selection("ca", sources)
    doc.h(3, text="En totes les xarxes").p("06", 36, 41, expect="• Intenta crear continguts")
    start = {key: sources["04"].index(heading) for key, heading in
             [("tw", "4.1.6. Accessibilitat"), ("fb", "4.2.6. Accessibilitat")]}
    doc.h(3, text="Twitter").p("04", start["tw"] + 1, start["tw"] + 4, expect="• Per assegurar-nos")
    doc.h(3, text="Facebook").p("04", start["fb"] + 1, start["fb"] + 4, expect="• Es recomana afegir")
    return doc.markdown()


# ---------------------------------------------------------------- Argentina's digital-service standards (es)
def argob_lead(title: str) -> str:
    return (f"*Selección del estándar **{title}** de los Estándares de servicios digitales del Gobierno de la "
            "República Argentina ([github.com/argob/estandares](https://github.com/argob/estandares), commit "
            "529d131, licencia MIT). En Plaza se han añadido títulos y listas; el aviso de licencia completo va al "
            "final.*")


def argob_contenido_web(corpus: Path) -> str:
    p = paragraphs(corpus / "guidelines/argob_estandares_contenido_web_es.txt")
    doc = Selection("es", {"w": p}).lead(argob_lead("Guía de estilo para contenidos web"))
    doc.h(2, "w", 5, expect="Consideraciones iniciales")
    doc.h(3, "w", 6, expect="¿Qué es comunicar").p("w", 7)
    doc.h(3, "w", 8, expect="¿Por qué es necesario").p("w", 9, 11)
    doc.h(2, "w", 28, expect="¿Cómo leemos").p("w", 29, expect="El experto en usabilidad")
    doc.text("**Legibilidad**").p("w", 31, 33, expect="• Palabras sencillas")
    doc.text("**Comprensión**").p("w", 35, 38, expect="• El encabezado")
    doc.p("w", 39).p("w", 45, expect="En síntesis")
    doc.h(2, "w", 72, expect="¿Qué debemos considerar").p("w", 73, 79)
    doc.h(2, "w", 118, expect="Estructura del texto").p("w", 119)
    doc.h(3, "w", 120, expect="Título").p("w", 121, 123)
    doc.h(3, "w", 124, expect="Encabezado").p("w", 125)
    doc.h(3, "w", 126, expect="Cuerpo del texto").p("w", 127, 130)
    doc.h(2, "w", 131, expect="Extensión").p("w", 132, 143)
    doc.h(2, "w", 166, expect="Lenguaje claro").p("w", 167)
    for first, last in [(176, 178), (192, 194), (195, 198), (199, 202), (203, 205)]:
        doc.h(3, text=re.sub(r"^[•]\s*|\.$", "", p[first]).strip())
        doc.p("w", first + 1, last)
    doc.h(2, "w", 237, expect="Autotest final").p("w", 238, 253)
    doc.h(2, text="Licencia").text(MIT_NOTICE)
    return doc.markdown()


def argob_atencion(corpus: Path) -> str:
    p = paragraphs(corpus / "guidelines/argob_estandares_estandares_atencion_al_publico_es.txt")
    doc = Selection("es", {"a": p}).lead(argob_lead("Estándares de Atención al Público"))
    doc.h(2, text="Objetivo").p("a", 7, 9, expect="El presente documento")
    doc.h(2, "a", 10, expect="Principios de Atención").p("a", 11, 26)
    doc.p("a", 27, 32, expect="Estos principios guían a los organismos")
    doc.h(2, "a", 33, expect="Requisitos").p("a", 34, 35)
    doc.h(3, "a", 36, expect="Atención Personalizada").p("a", 37, 41)
    doc.text("**Atención al ciudadano**").p("a", 52, 58, expect="• Realizar la atención")
    doc.h(3, "a", 59, expect="Atención Telefónica").p("a", 60)
    doc.text("**Atención al ciudadano (en todos los casos)**").p("a", 71, 75, expect="• Realizar la atención")
    doc.h(3, "a", 76, expect="Atención Digital").p("a", 77).p("a", 79, 84, expect="• Establecer y planificar")
    doc.p("a", 85, expect="Trabajo realizado por")
    doc.h(2, text="Licencia").text(MIT_NOTICE)
    return doc.markdown()


def argob_chatbots(corpus: Path) -> str:
    p = paragraphs(corpus / "guidelines/argob_estandares_chatbots_es.txt")
    doc = Selection("es", {"c": p}).lead(argob_lead("Diseño de Interfaces Conversacionales (Chatbots)"))
    doc.h(2, text="Qué hace un chatbot").p("c", 4, 12, expect="Un chatbot es una interfaz")
    doc.h(2, "c", 13, expect="Tipos de chatbots").p("c", 14, 16)
    doc.h(2, "c", 25, expect="Hablar el lenguaje").p("c", 26)
    doc.h(2, "c", 60, expect="Prácticas recomendadas")
    doc.h(3, "c", 61, expect="Que parezca").p("c", 62)
    doc.h(3, "c", 63, expect="Que sea breve").p("c", 64)
    doc.h(3, "c", 67, expect="Personalidad y tono").p("c", 68, 77)
    doc.h(3, "c", 82, expect="Accesibilidad").p("c", 83, 85)
    doc.h(2, "c", 88, expect="Patrones de uso")
    doc.h(3, "c", 89, expect="Onboarding").p("c", 90, 97)
    doc.h(3, "c", 98, expect="Mensajes").p("c", 99, 104)
    doc.h(3, "c", 105, expect="Respuesta a").p("c", 106, 118)
    doc.h(3, "c", 121, expect="Notificaciones").p("c", 122, 124)
    doc.h(2, "c", 155, expect="Métricas, monitoreos")
    doc.h(3, "c", 156, expect="Monitoreo de conversaciones").p("c", 157).p("c", 159, 162)
    doc.h(3, "c", 163, expect="Métricas").p("c", 164, 173)
    doc.h(2, text="Licencia").text(MIT_NOTICE)
    return doc.markdown()


def body_words(markdown: str) -> int:
    """Words of a guideline's own text: without its lead note and licence notice."""
    text = markdown.split("\n\n", 1)[1] if markdown.startswith("*") else markdown
    return words(text.split("## Licencia")[0])


def check_length(key: str, markdown: str):
    count = body_words(markdown)
    assert MIN_WORDS <= count <= MAX_WORDS, f"{key}: {count} words"
    return count
