//! Identity providers: each agency signs its employees in with its own OpenID Connect
//! provider (several agencies, possibly several providers per agency). A person is identified
//! by (issuer, subject), never by e-mail alone.

use crate::ValidationError;
use crate::ids::{AgencyId, IdentityProviderId};
use crate::member::Role;

/// Longest accepted issuer URL, client id, claim name or scope.
const FIELD_MAX: usize = 512;
/// Most scopes and role mappings.
const LIST_MAX: usize = 32;
/// Largest accepted CA certificate (PEM).
pub const CA_PEM_MAX: usize = 64 * 1024;

/// One claim value mapped to a Plaza role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMapping {
    /// A value of the roles claim (a group name, an app role).
    pub value: String,
    /// The Plaza role it grants.
    pub role: Role,
}

/// How claims become a member's e-mail, name and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMapping {
    /// Claim holding the e-mail (`email` by default).
    pub email: String,
    /// Claim holding the display name (`name` by default).
    pub name: String,
    /// Claim holding roles or groups (a string or an array of strings); none: roles are kept.
    pub roles: Option<String>,
    /// Values of the roles claim and the roles they grant.
    pub role_map: Vec<RoleMapping>,
}

impl Default for ClaimMapping {
    fn default() -> Self {
        Self {
            email: "email".into(),
            name: "name".into(),
            roles: None,
            role_map: Vec::new(),
        }
    }
}

impl ClaimMapping {
    /// The roles a set of claim values grants (`member` always). `None` when no roles claim is
    /// configured: the member's roles are then managed in Plaza.
    pub fn roles_for(&self, values: &[String]) -> Option<Vec<Role>> {
        self.roles.as_ref()?;
        let mut roles = vec![Role::Member];
        for mapping in &self.role_map {
            if values.iter().any(|value| value == &mapping.value) {
                roles.push(mapping.role);
            }
        }
        roles.sort();
        roles.dedup();
        Some(roles)
    }
}

/// A registered identity provider. The client secret lives sealed in storage, never here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityProvider {
    /// Identifier.
    pub id: IdentityProviderId,
    /// The agency whose employees sign in here.
    pub agency: AgencyId,
    /// A label shown on the login button ("Cuenta corporativa").
    pub label: String,
    /// Issuer URL, exactly as the provider names itself.
    pub issuer: String,
    /// Our client id there.
    pub client_id: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// Claim mapping.
    pub claims: ClaimMapping,
    /// Extra CA certificate (PEM) trusted for this provider only.
    pub ca_pem: Option<String>,
    /// Whether logins are accepted.
    pub enabled: bool,
}

/// An identity provider as submitted.
#[derive(Debug, Clone, Default)]
pub struct IdentityProviderInput {
    /// Label.
    pub label: String,
    /// Issuer URL.
    pub issuer: String,
    /// Client id.
    pub client_id: String,
    /// Scopes (default `email profile`).
    pub scopes: Option<Vec<String>>,
    /// E-mail claim (default `email`).
    pub email_claim: Option<String>,
    /// Name claim (default `name`).
    pub name_claim: Option<String>,
    /// Roles claim.
    pub roles_claim: Option<String>,
    /// `value → role` pairs.
    pub role_map: Vec<(String, String)>,
    /// Extra CA certificate.
    pub ca_pem: Option<String>,
    /// Enabled (default true).
    pub enabled: Option<bool>,
}

fn short(field: &str, raw: &str) -> Result<String, ValidationError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if value.len() > FIELD_MAX || value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            format!("at most {FIELD_MAX} characters, no control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// Checks an issuer URL: `https://`, or `http://` on a loopback host (development and tests);
/// no query, no fragment, no credentials.
pub fn validate_issuer(raw: &str) -> Result<String, ValidationError> {
    let issuer = short("issuer", raw)?;
    let invalid = |reason: &str| ValidationError::new("issuer", reason.to_owned());
    let (scheme, rest) = issuer
        .split_once("://")
        .ok_or_else(|| invalid("must be an absolute https:// URL"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority, |(host, _)| host);
    if authority.is_empty() || authority.contains('@') {
        return Err(invalid("must name a host, without credentials"));
    }
    if issuer.contains(['?', '#', ' ']) {
        return Err(invalid("must not have a query or fragment"));
    }
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    match scheme {
        "https" => Ok(issuer),
        "http" if loopback => Ok(issuer),
        "http" => Err(invalid("must use https (plain http only on a loopback host)")),
        _ => Err(invalid("must be an absolute https:// URL")),
    }
}

impl IdentityProviderInput {
    /// Validates into a provider of `agency` with identifier `id`.
    pub fn validate(&self, id: IdentityProviderId, agency: AgencyId) -> Result<IdentityProvider, ValidationError> {
        let label = short("label", &self.label)?;
        let issuer = validate_issuer(&self.issuer)?;
        let client_id = short("clientId", &self.client_id)?;
        let scopes = match &self.scopes {
            None => vec!["email".to_owned(), "profile".to_owned()],
            Some(scopes) => {
                if scopes.len() > LIST_MAX {
                    return Err(ValidationError::new("scopes", format!("at most {LIST_MAX}")));
                }
                let mut out = Vec::new();
                for (index, scope) in scopes.iter().enumerate() {
                    let scope = short(&format!("scopes.{index}"), scope)?;
                    if scope.contains(char::is_whitespace) {
                        return Err(ValidationError::new(format!("scopes.{index}"), "one scope per entry"));
                    }
                    if scope != "openid" && !out.contains(&scope) {
                        out.push(scope);
                    }
                }
                out
            }
        };
        let claim = |field: &str, raw: &Option<String>, default: &str| match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(default.to_owned()),
            Some(value) => short(field, value),
        };
        let roles = match self.roles_claim.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(short("rolesClaim", value)?),
        };
        if self.role_map.len() > LIST_MAX {
            return Err(ValidationError::new("roleMap", format!("at most {LIST_MAX} entries")));
        }
        let mut role_map = Vec::new();
        for (index, (value, role)) in self.role_map.iter().enumerate() {
            let field = format!("roleMap.{index}");
            let role = Role::parse(role).map_err(|e| e.at(&field))?;
            if role == Role::NetworkAdmin {
                // An agency's IdP speaks for its agency only; operating the network is granted
                // in Plaza.
                return Err(ValidationError::new(
                    field,
                    "network_admin cannot be granted by an identity provider",
                ));
            }
            role_map.push(RoleMapping {
                value: short(&field, value)?,
                role,
            });
        }
        if !role_map.is_empty() && roles.is_none() {
            return Err(ValidationError::new(
                "rolesClaim",
                "a role map needs the claim it reads",
            ));
        }
        let ca_pem = match self.ca_pem.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(pem) if pem.len() > CA_PEM_MAX => {
                return Err(ValidationError::new(
                    "caCertificate",
                    format!("at most {CA_PEM_MAX} bytes"),
                ));
            }
            Some(pem) if !pem.contains("-----BEGIN CERTIFICATE-----") => {
                return Err(ValidationError::new("caCertificate", "must be a PEM certificate"));
            }
            Some(pem) => Some(pem.to_owned()),
        };
        Ok(IdentityProvider {
            id,
            agency,
            label,
            issuer,
            client_id,
            scopes,
            claims: ClaimMapping {
                email: claim("emailClaim", &self.email_claim, "email")?,
                name: claim("nameClaim", &self.name_claim, "name")?,
                roles,
                role_map,
            },
            ca_pem,
            enabled: self.enabled.unwrap_or(true),
        })
    }
}

/// Checks a client secret: present, bounded, printable.
pub fn validate_client_secret(raw: &str) -> Result<(), ValidationError> {
    if raw.is_empty() || raw.len() > FIELD_MAX || raw.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "clientSecret",
            format!("must be 1 to {FIELD_MAX} printable characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> IdentityProviderInput {
        IdentityProviderInput {
            label: "Cuenta corporativa".into(),
            issuer: "https://login.vallverde.example/realms/staff".into(),
            client_id: "plaza".into(),
            ..Default::default()
        }
    }

    fn validate(input: &IdentityProviderInput) -> Result<IdentityProvider, ValidationError> {
        input.validate(IdentityProviderId::generate(), AgencyId::generate())
    }

    #[test]
    fn issuers_must_be_https_except_on_loopback() {
        assert!(validate_issuer("https://login.example.gob.es").is_ok());
        assert!(validate_issuer("http://127.0.0.1:7001").is_ok());
        assert!(validate_issuer("http://localhost:7001/x").is_ok());
        for bad in [
            "http://login.example.gob.es",
            "ftp://x.example",
            "login.example",
            "https://",
            "https://user:pw@x.example",
            "https://x.example/?a=b",
            "http://127.0.0.1.evil.example",
        ] {
            assert!(validate_issuer(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn defaults_and_role_mapping() {
        let provider = validate(&input()).unwrap();
        assert_eq!(provider.scopes, vec!["email", "profile"]);
        assert_eq!(provider.claims, ClaimMapping::default());
        assert_eq!(provider.claims.roles_for(&["x".into()]), None);
        let mapped = validate(&IdentityProviderInput {
            roles_claim: Some("groups".into()),
            role_map: vec![
                ("plaza-admins".into(), "agency_admin".into()),
                ("comms".into(), "editor".into()),
            ],
            ..input()
        })
        .unwrap();
        assert_eq!(
            mapped.claims.roles_for(&["comms".into()]),
            Some(vec![Role::Member, Role::Editor])
        );
        assert_eq!(mapped.claims.roles_for(&[]), Some(vec![Role::Member]));
    }

    #[test]
    fn an_identity_provider_cannot_grant_network_admin() {
        let error = validate(&IdentityProviderInput {
            roles_claim: Some("groups".into()),
            role_map: vec![("root".into(), "network_admin".into())],
            ..input()
        })
        .unwrap_err();
        assert_eq!(error.field, "roleMap.0");
    }

    #[test]
    fn bad_inputs_name_their_field() {
        let cases: Vec<(IdentityProviderInput, &str)> = vec![
            (
                IdentityProviderInput {
                    label: " ".into(),
                    ..input()
                },
                "label",
            ),
            (
                IdentityProviderInput {
                    client_id: "".into(),
                    ..input()
                },
                "clientId",
            ),
            (
                IdentityProviderInput {
                    scopes: Some(vec!["a b".into()]),
                    ..input()
                },
                "scopes.0",
            ),
            (
                IdentityProviderInput {
                    ca_pem: Some("not a pem".into()),
                    ..input()
                },
                "caCertificate",
            ),
            (
                IdentityProviderInput {
                    role_map: vec![("x".into(), "editor".into())],
                    ..input()
                },
                "rolesClaim",
            ),
        ];
        for (input, field) in cases {
            assert_eq!(validate(&input).unwrap_err().field, field);
        }
        assert!(validate_client_secret("").is_err());
        assert!(validate_client_secret("ok-secret").is_ok());
    }
}
