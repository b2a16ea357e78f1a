//! The closed taxonomies of `domain.md`. Codes are stable (stored, used in filters and URLs);
//! labels are translatable: Spanish, English, Catalan and Portuguese, the interface languages.

use std::fmt;

use crate::ValidationError;

/// The languages taxonomy labels are available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LabelLanguage {
    /// Spanish (the default).
    #[default]
    Es,
    /// English.
    En,
    /// Catalan.
    Ca,
    /// Portuguese.
    Pt,
}

impl LabelLanguage {
    /// Every label language.
    pub const ALL: [LabelLanguage; 4] = [
        LabelLanguage::Es,
        LabelLanguage::En,
        LabelLanguage::Ca,
        LabelLanguage::Pt,
    ];
}

/// Declares a closed taxonomy: an enum with a stable code and es/en/ca/pt labels per value,
/// serialised as its code.
macro_rules! taxonomy {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $es:literal, $en:literal, $ca:literal, $pt:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The taxonomy's own name, as used in error messages and filters.
            pub const KIND: &'static str = $kind;

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            /// The label in `language`.
            pub fn label(self, language: LabelLanguage) -> &'static str {
                match (self, language) {
                    $( (Self::$variant, LabelLanguage::Es) => $es,
                       (Self::$variant, LabelLanguage::En) => $en,
                       (Self::$variant, LabelLanguage::Ca) => $ca,
                       (Self::$variant, LabelLanguage::Pt) => $pt, )+
                }
            }

            /// Parses a stable code; unknown codes are refused with the list of known ones.
            pub fn parse(code: &str) -> Result<Self, ValidationError> {
                match code {
                    $($code => Ok(Self::$variant),)+
                    _ => Err(unknown_code(code, $kind, &[$($code),+])),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(deserializer)?;
                Self::parse(&raw).map_err(|e| serde::de::Error::custom(e.message))
            }
        }
    };
}

fn unknown_code(code: &str, kind: &str, known: &[&str]) -> ValidationError {
    let shown: String = code.chars().take(40).collect();
    ValidationError::new(
        "",
        format!("unknown {kind} code '{shown}'; known codes: {}", known.join(", ")),
    )
}

/// Parses a list of codes, reporting the index of the first unknown one, and removes duplicates
/// while keeping the order of first appearance.
pub fn parse_codes<T: Copy + PartialEq>(
    codes: &[String],
    parse: impl Fn(&str) -> Result<T, ValidationError>,
) -> Result<Vec<T>, ValidationError> {
    let mut parsed = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let value = parse(code.trim()).map_err(|e| e.at(&index.to_string()))?;
        if !parsed.contains(&value) {
            parsed.push(value);
        }
    }
    Ok(parsed)
}

taxonomy! {
    /// What social media is used for in a case.
    Objective, "objective" {
        /// Informing about procedures, services, regulation.
        Information = "information", "Información", "Information", "Informació", "Informação";
        /// Closer formats: video tutorials, infographics, blogs.
        Formats = "formats", "Formatos cercanos", "Closer formats", "Formats propers", "Formatos próximos";
        /// First-level citizen attention (no personal data).
        CitizenService = "citizen_service",
            "Atención a la ciudadanía", "Citizen service",
            "Atenció a la ciutadania", "Atendimento ao cidadão";
        /// Two-way conversation and active listening.
        Conversation = "conversation",
            "Conversación y escucha activa", "Conversation and listening",
            "Conversa i escolta activa", "Conversa e escuta ativa";
        /// Image and reputation of the administration.
        Brand = "brand", "Imagen y reputación", "Brand and reputation", "Imatge i reputació", "Imagem e reputação";
        /// Communication among employees.
        InternalCommunication = "internal_communication",
            "Comunicación interna", "Internal communication",
            "Comunicació interna", "Comunicação interna";
        /// Knowledge exchange and networking between administrations.
        InterAgency = "inter_agency",
            "Colaboración entre administraciones", "Inter-agency networking",
            "Col·laboració entre administracions", "Colaboração entre administrações";
        /// Transparency, participation and collaboration.
        OpenGovernment = "open_government", "Gobierno abierto", "Open government", "Govern obert", "Governo aberto";
        /// Crisis and emergency communication.
        Crisis = "crisis",
            "Comunicación de crisis y emergencias", "Crisis and emergency communication",
            "Comunicació de crisi i emergències", "Comunicação de crise e emergências";
        /// Reaching marginalised groups.
        Inclusion = "inclusion", "Inclusión", "Inclusion", "Inclusió", "Inclusão";
    }
}

taxonomy! {
    /// Public-value dimensions a case contributes to.
    Dimension, "dimension" {
        /// Efficiency, quality, citizen satisfaction.
        ServiceDelivery = "service_delivery",
            "Prestación de servicios", "Service delivery",
            "Prestació de serveis", "Prestação de serviços";
        /// Cohesion, equity, safety, health, education.
        SocialOutcomes = "social_outcomes",
            "Resultados sociales", "Social outcomes",
            "Resultats socials", "Resultados sociais";
        /// Confidence in and legitimacy of the state.
        TrustLegitimacy = "trust_legitimacy",
            "Confianza y legitimidad", "Trust and legitimacy",
            "Confiança i legitimitat", "Confiança e legitimidade";
    }
}

taxonomy! {
    /// Risks a case addresses or an agency assesses itself on.
    Threat, "threat" {
        /// Absence of strategy and clear objectives.
        NoStrategy = "no_strategy",
            "Sin estrategia ni objetivos", "No strategy or clear objectives",
            "Sense estratègia ni objectius", "Sem estratégia nem objetivos";
        /// No usage guidelines.
        NoGuidelines = "no_guidelines",
            "Sin guía de uso", "No usage guidelines",
            "Sense guia d'ús", "Sem guia de utilização";
        /// Lack of qualification.
        NoSkills = "no_skills", "Falta de formación", "Lack of skills", "Manca de formació", "Falta de formação";
        /// Lack of political leadership.
        PoliticalDisinterest = "political_disinterest",
            "Falta de liderazgo", "Lack of leadership",
            "Manca de lideratge", "Falta de liderança";
        /// Excessive political control (one-way use).
        PoliticalControl = "political_control",
            "Control político excesivo", "Excessive political control",
            "Control polític excessiu", "Controlo político excessivo";
        /// Account sprawl, no coordination.
        Uncoordinated = "uncoordinated",
            "Cuentas sin coordinación", "Uncoordinated accounts",
            "Comptes sense coordinació", "Contas sem coordenação";
        /// Digital divide.
        DigitalDivide = "digital_divide", "Brecha digital", "Digital divide", "Bretxa digital", "Exclusão digital";
        /// Users are not all citizens.
        RepresentationBias = "representation_bias",
            "Sesgo de representación", "Representation bias",
            "Biaix de representació", "Viés de representação";
        /// Abandoned accounts.
        AbandonedAccounts = "abandoned_accounts",
            "Cuentas abandonadas", "Abandoned accounts",
            "Comptes abandonats", "Contas abandonadas";
        /// Unofficial accounts posing as official ones.
        Impersonation = "impersonation", "Suplantación", "Impersonation", "Suplantació", "Usurpação de identidade";
    }
}

taxonomy! {
    /// Social platforms and channels.
    Platform, "platform" {
        /// X (formerly Twitter).
        X = "x", "X (Twitter)", "X (Twitter)", "X (Twitter)", "X (Twitter)";
        /// Facebook.
        Facebook = "facebook", "Facebook", "Facebook", "Facebook", "Facebook";
        /// Instagram.
        Instagram = "instagram", "Instagram", "Instagram", "Instagram", "Instagram";
        /// TikTok.
        Tiktok = "tiktok", "TikTok", "TikTok", "TikTok", "TikTok";
        /// YouTube.
        Youtube = "youtube", "YouTube", "YouTube", "YouTube", "YouTube";
        /// LinkedIn.
        Linkedin = "linkedin", "LinkedIn", "LinkedIn", "LinkedIn", "LinkedIn";
        /// WhatsApp.
        Whatsapp = "whatsapp", "WhatsApp", "WhatsApp", "WhatsApp", "WhatsApp";
        /// Telegram.
        Telegram = "telegram", "Telegram", "Telegram", "Telegram", "Telegram";
        /// Mastodon.
        Mastodon = "mastodon", "Mastodon", "Mastodon", "Mastodon", "Mastodon";
        /// Bluesky.
        Bluesky = "bluesky", "Bluesky", "Bluesky", "Bluesky", "Bluesky";
        /// Threads.
        Threads = "threads", "Threads", "Threads", "Threads", "Threads";
        /// Flickr.
        Flickr = "flickr", "Flickr", "Flickr", "Flickr", "Flickr";
        /// A blog.
        Blog = "blog", "Blog", "Blog", "Blog", "Blog";
        /// A podcast.
        Podcast = "podcast", "Pódcast", "Podcast", "Pòdcast", "Podcast";
        /// Any other platform.
        Other = "other", "Otra", "Other", "Altra", "Outra";
    }
}

taxonomy! {
    /// Level of government of an agency.
    Level, "level" {
        /// Municipality, city council.
        Local = "local", "Local", "Local", "Local", "Local";
        /// Province, county, island council.
        Provincial = "provincial", "Provincial", "Provincial", "Provincial", "Provincial";
        /// Region, autonomous community, state.
        Regional = "regional", "Regional", "Regional", "Regional", "Regional";
        /// National government, ministry.
        National = "national", "Nacional", "National", "Nacional", "Nacional";
        /// Supranational body (EU, UN…).
        Supranational = "supranational", "Supranacional", "Supranational", "Supranacional", "Supranacional";
        /// Any other public body.
        OtherPublicBody = "other_public_body",
            "Otro organismo público", "Other public body",
            "Altre organisme públic", "Outro organismo público";
    }
}

taxonomy! {
    /// Where a case stands in its life.
    CaseStage, "stage" {
        /// An idea not yet tried.
        Idea = "idea", "Idea", "Idea", "Idea", "Ideia";
        /// A pilot.
        Pilot = "pilot", "Piloto", "Pilot", "Pilot", "Piloto";
        /// Running.
        Running = "running", "En marcha", "Running", "En marxa", "Em curso";
        /// Finished as planned.
        Finished = "finished", "Finalizado", "Finished", "Finalitzat", "Concluído";
        /// Discontinued.
        Discontinued = "discontinued", "Abandonado", "Discontinued", "Abandonat", "Descontinuado";
    }
}

taxonomy! {
    /// How strong the evidence behind a metric is.
    EvidenceLevel, "evidence level" {
        /// Reported by the agency without supporting data.
        SelfReported = "self_reported", "Autodeclarado", "Self-reported", "Autodeclarat", "Autodeclarado";
        /// Exported from an analytics tool.
        AnalyticsExport = "analytics_export",
            "Exportación de analítica", "Analytics export",
            "Exportació d'analítica", "Exportação de dados analíticos";
        /// Audited by a third party.
        Audited = "audited", "Auditado", "Audited", "Auditat", "Auditado";
    }
}

taxonomy! {
    /// What an outcome metric measures, so that cases become comparable. Each kind has the
    /// units it may be measured in and a direction (see `metric::MetricKind::direction`).
    MetricKind, "metric kind" {
        /// Phone calls to the administration (channel shift: fewer is better).
        PhoneCalls = "phone_calls",
            "Llamadas telefónicas", "Phone calls",
            "Trucades telefòniques", "Chamadas telefónicas";
        /// In-person visits to offices (channel shift: fewer is better).
        CounterVisits = "counter_visits",
            "Visitas presenciales", "In-person visits",
            "Visites presencials", "Atendimentos presenciais";
        /// Time to answer citizens' questions.
        ResponseTime = "response_time",
            "Tiempo de respuesta", "Response time",
            "Temps de resposta", "Tempo de resposta";
        /// Citizens' questions resolved.
        QuestionsResolved = "questions_resolved",
            "Consultas resueltas", "Questions resolved",
            "Consultes resoltes", "Consultas resolvidas";
        /// Reach as a share of the audience.
        ReachRate = "reach_rate",
            "Alcance sobre la audiencia", "Reach rate",
            "Abast sobre l'audiència", "Alcance sobre a audiência";
        /// Engagement as a share of the audience.
        EngagementRate = "engagement_rate",
            "Interacción sobre la audiencia", "Engagement rate",
            "Interacció sobre l'audiència", "Interação sobre a audiência";
        /// Followers or subscribers.
        Followers = "followers", "Seguidores", "Followers", "Seguidors", "Seguidores";
        /// Citizens' satisfaction.
        Satisfaction = "satisfaction", "Satisfacción", "Satisfaction", "Satisfacció", "Satisfação";
        /// Citizens' ideas implemented.
        IdeasImplemented = "ideas_implemented",
            "Ideas ciudadanas implantadas", "Citizen ideas implemented",
            "Idees ciutadanes implantades", "Ideias dos cidadãos implementadas";
        /// Take-up of a process: applications, votes, sign-ups.
        Participation = "participation", "Participación", "Participation", "Participació", "Participação";
        /// A sector outcome where less is better (accidents, crimes).
        SectorOutcomeHarm = "sector_outcome_harm",
            "Resultado sectorial: daños", "Sector outcome: harm",
            "Resultat sectorial: danys", "Resultado setorial: danos";
        /// A sector outcome where more is better (vaccination take-up).
        SectorOutcomeUptake = "sector_outcome_uptake",
            "Resultado sectorial: cobertura", "Sector outcome: take-up",
            "Resultat sectorial: cobertura", "Resultado setorial: cobertura";
        /// Cost.
        Cost = "cost", "Coste", "Cost", "Cost", "Custo";
        /// Anything else; recorded, never aggregated.
        Other = "other", "Otra medida", "Other measure", "Altra mesura", "Outra medida";
    }
}

taxonomy! {
    /// How present a threat is in an agency, in its own assessment.
    ThreatLevel, "threat level" {
        /// Not present.
        None = "none", "Ausente", "Absent", "Absent", "Ausente";
        /// Present but minor.
        Low = "low", "Baja", "Low", "Baixa", "Baixa";
        /// Noticeable.
        Medium = "medium", "Media", "Medium", "Mitjana", "Média";
        /// Serious.
        High = "high", "Alta", "High", "Alta", "Alta";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_to_its_value() {
        for objective in Objective::ALL {
            assert_eq!(Objective::parse(objective.code()), Ok(*objective));
        }
        for platform in Platform::ALL {
            assert_eq!(Platform::parse(platform.code()), Ok(*platform));
        }
        for threat in Threat::ALL {
            assert_eq!(Threat::parse(threat.code()), Ok(*threat));
        }
        assert_eq!(Objective::ALL.len(), 10);
        assert_eq!(Threat::ALL.len(), 10);
        assert_eq!(Dimension::ALL.len(), 3);
        assert_eq!(Platform::ALL.len(), 15);
        assert_eq!(Level::ALL.len(), 6);
    }

    #[test]
    fn an_unknown_code_is_refused_with_the_known_ones() {
        let error = Objective::parse("marketing").unwrap_err();
        assert!(error.message.contains("unknown objective code 'marketing'"));
        assert!(error.message.contains("citizen_service"));
    }

    #[test]
    fn codes_are_case_sensitive_and_stable() {
        assert!(Platform::parse("TikTok").is_err());
        assert_eq!(Platform::parse("tiktok"), Ok(Platform::Tiktok));
    }

    #[test]
    fn labels_exist_in_spanish_english_catalan_and_portuguese() {
        assert_eq!(
            Objective::CitizenService.label(LabelLanguage::Es),
            "Atención a la ciudadanía"
        );
        assert_eq!(Objective::CitizenService.label(LabelLanguage::En), "Citizen service");
        assert_eq!(
            Objective::CitizenService.label(LabelLanguage::Ca),
            "Atenció a la ciutadania"
        );
        assert_eq!(
            Objective::CitizenService.label(LabelLanguage::Pt),
            "Atendimento ao cidadão"
        );
        assert_eq!(
            Level::OtherPublicBody.label(LabelLanguage::Ca),
            "Altre organisme públic"
        );
        assert_eq!(Threat::NoGuidelines.label(LabelLanguage::Pt), "Sem guia de utilização");
    }

    #[test]
    fn every_label_is_written_in_every_language() {
        for language in LabelLanguage::ALL {
            let labels: Vec<&str> = Objective::ALL
                .iter()
                .map(|v| v.label(language))
                .chain(Dimension::ALL.iter().map(|v| v.label(language)))
                .chain(Threat::ALL.iter().map(|v| v.label(language)))
                .chain(Platform::ALL.iter().map(|v| v.label(language)))
                .chain(Level::ALL.iter().map(|v| v.label(language)))
                .chain(CaseStage::ALL.iter().map(|v| v.label(language)))
                .chain(EvidenceLevel::ALL.iter().map(|v| v.label(language)))
                .chain(MetricKind::ALL.iter().map(|v| v.label(language)))
                .chain(ThreatLevel::ALL.iter().map(|v| v.label(language)))
                .collect();
            assert!(labels.iter().all(|label| !label.trim().is_empty()), "{language:?}");
        }
    }

    #[test]
    fn a_list_of_codes_reports_the_index_of_the_bad_one_and_drops_duplicates() {
        let codes = vec!["x".to_owned(), "x".to_owned(), "tiktok".to_owned()];
        assert_eq!(
            parse_codes(&codes, Platform::parse),
            Ok(vec![Platform::X, Platform::Tiktok])
        );
        let bad = vec!["x".to_owned(), "myspace".to_owned()];
        assert_eq!(parse_codes(&bad, Platform::parse).unwrap_err().field, "1");
    }

    #[test]
    fn taxonomies_serialise_as_their_codes() {
        assert_eq!(
            serde_json::to_string(&Level::OtherPublicBody).ok(),
            Some("\"other_public_body\"".to_owned())
        );
    }
}
