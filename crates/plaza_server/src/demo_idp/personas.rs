//! The people a newcomer can be in the demo network: members of the demo data with the roles
//! a real network has (an editor of a city council, a member of a regional government, a group
//! moderator, a network administrator, a colleague without any role).

use plaza_domain::member::Role;
use plaza_domain::messages::Lang;

/// One demo persona.
#[derive(Debug)]
pub struct Persona {
    /// Stable key (the OpenID subject, and the persona's id in URLs).
    pub key: &'static str,
    /// The member's e-mail in the demo network.
    pub email: &'static str,
    /// Display name.
    pub name: &'static str,
    /// The agency (slug) whose identity provider vouches for them.
    pub agency: &'static str,
    /// Their roles, when the demo data does not have them yet and they are created.
    pub roles: &'static [Role],
    /// What they do, in es, en, ca and pt.
    role: [&'static str; 4],
}

impl Persona {
    /// What they do, in the reader's language.
    pub fn role(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.role[0],
            Lang::En => self.role[1],
            Lang::Ca => self.role[2],
            Lang::Pt => self.role[3],
        }
    }
}

/// Every persona, in the order they are offered.
pub const PERSONAS: &[Persona] = &[
    Persona {
        key: "lucia",
        email: "lucia.moreno@vallverde.example",
        name: "Lucía Moreno",
        agency: "demo-ayto-vallverde",
        roles: &[Role::Editor, Role::AgencyAdmin],
        role: [
            "Editora de redes sociales y administradora del Ayuntamiento de Vallverde: publica casos y prácticas, gestiona su organismo.",
            "Social media editor and administrator at Vallverde City Council: publishes cases and practices, manages her agency.",
            "Editora de xarxes socials i administradora de l'Ajuntament de Vallverde: publica casos i pràctiques, gestiona el seu organisme.",
            "Editora de redes sociais e administradora da Câmara de Vallverde: publica casos e práticas, gere o seu organismo.",
        ],
    },
    Persona {
        key: "xarxes",
        email: "xarxes@gencat.cat",
        name: "Equip de Xarxes Socials",
        agency: "generalitat-catalunya",
        roles: &[Role::Editor],
        role: [
            "Equipo de un gobierno autonómico (Generalitat de Catalunya): sus guías de uso de redes son referencia para otros.",
            "A regional government team (Generalitat de Catalunya): its social media guidelines are a reference for others.",
            "Equip d'un govern autonòmic (Generalitat de Catalunya): les seves guies d'ús de xarxes són referència per a altres.",
            "Equipa de um governo regional (Generalitat de Catalunya): os seus guias de redes sociais são referência para outros.",
        ],
    },
    Persona {
        key: "participacion",
        email: "participacion@madrid.es",
        name: "Área de Participación Ciudadana",
        agency: "ayto-madrid",
        roles: &[Role::Editor, Role::Moderator],
        role: [
            "Modera el grupo «Participación ciudadana» y los debates del Ayuntamiento de Madrid.",
            "Moderates the group \u{ab}Participación ciudadana\u{bb} and Madrid City Council's discussions.",
            "Modera el grup «Participación ciudadana» i els debats de l'Ajuntament de Madrid.",
            "Modera o grupo «Participación ciudadana» e os debates da Câmara de Madrid.",
        ],
    },
    Persona {
        key: "raquel",
        email: "raquel.ortega@sierraalta.example",
        name: "Raquel Ortega",
        agency: "demo-diputacion-sierra",
        roles: &[Role::NetworkAdmin],
        role: [
            "Administra la red Plaza desde la Diputación de Sierra Alta: organismos, moderación y analítica de búsqueda.",
            "Runs the Plaza network from the Provincial Council of Sierra Alta: agencies, moderation and search analytics.",
            "Administra la xarxa Plaza des de la Diputació de Sierra Alta: organismes, moderació i analítica de cerca.",
            "Administra a rede Plaza a partir da Deputação de Sierra Alta: organismos, moderação e análise de pesquisa.",
        ],
    },
    Persona {
        key: "pablo",
        email: "pablo.ruiz@vallverde.example",
        name: "Pablo Ruiz",
        agency: "demo-ayto-vallverde",
        roles: &[Role::Member],
        role: [
            "Técnico de comunicación del Ayuntamiento de Vallverde, sin permisos de edición: lee, comenta, pregunta.",
            "Communication officer at Vallverde City Council without editing rights: reads, comments, asks.",
            "Tècnic de comunicació de l'Ajuntament de Vallverde, sense permisos d'edició: llegeix, comenta, pregunta.",
            "Técnico de comunicação da Câmara de Vallverde, sem permissões de edição: lê, comenta, pergunta.",
        ],
    },
];

/// The persona with this key or e-mail.
pub fn find(hint: &str) -> Option<&'static Persona> {
    let hint = hint.trim();
    PERSONAS
        .iter()
        .find(|persona| persona.key == hint || persona.email.eq_ignore_ascii_case(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_are_found_by_key_or_email_and_are_unique() {
        assert_eq!(find("lucia").map(|p| p.email), Some("lucia.moreno@vallverde.example"));
        assert_eq!(
            find(" RAQUEL.Ortega@sierraalta.example ").map(|p| p.key),
            Some("raquel")
        );
        assert!(find("nobody@vallverde.example").is_none());
        let mut keys: Vec<&str> = PERSONAS.iter().map(|p| p.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PERSONAS.len());
        for persona in PERSONAS {
            assert!(!persona.roles.is_empty());
            for lang in [Lang::Es, Lang::En, Lang::Ca, Lang::Pt] {
                assert!(!persona.role(lang).is_empty());
            }
        }
    }
}
