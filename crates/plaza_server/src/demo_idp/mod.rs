//! A small OpenID Connect provider for the demo network, so a newcomer signs in through Plaza's
//! real login path (discovery, authorization code with PKCE, ID-token verification) as one of
//! the demo personas.
//!
//! It exists only in `plaza serve --demo`: its routes are mounted nowhere else, and a server
//! started without `--demo` disables the providers a demo run registered. Each start makes a new
//! Ed25519 signing key and new client secrets (kept in memory; the secrets also sealed in the
//! database like any provider's), and registers, for each agency with a persona, a provider
//! `plaza-demo-<agency>` whose issuer is `<public URL>/demo-idp`.
//!
//! Endpoints under `/demo-idp`: `/.well-known/openid-configuration`, `/jwks`, `/authorize`
//! (GET shows the persona chooser, or signs the hinted persona in at once; POST signs the chosen
//! one in), `/token` (client secret, one-time code, PKCE S256, redirect URI), `/logout`, `/` (the
//! personas, each a link to Plaza's `/auth/login`) and `/personas.json` (the same for the web
//! app's login page).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use plaza_auth::seal::SealKey;
use plaza_domain::identity::IdentityProviderInput;
use plaza_domain::ids::IdentityProviderId;
use plaza_storage::Store;
use rand::RngCore as _;
use secrecy::{ExposeSecret as _, SecretString};
use sha2::{Digest as _, Sha256};

mod endpoints;
mod pages;
pub mod personas;

pub use endpoints::routes;
use personas::Persona;

/// The label of the demo providers on the login page.
const LABEL: &str = "Personas de demostración";
/// Client ids of demo providers start with this (then the agency's slug).
const CLIENT_PREFIX: &str = "plaza-demo-";
/// How long an authorization code may wait for its exchange.
const CODE_TTL: Duration = Duration::from_secs(60);
/// Most codes waiting at once (a bound on memory, whatever a client does).
const MAX_PENDING_CODES: usize = 1_000;
/// Lifetime of the ID tokens and access tokens it issues.
const TOKEN_TTL_SECONDS: i64 = 300;

/// One relying party of the demo provider: Plaza's provider entry for one agency.
struct Client {
    client_id: String,
    agency: &'static str,
    provider: IdentityProviderId,
    secret_digest: [u8; 32],
}

/// An authorization code waiting for its exchange.
struct Grant {
    client_id: String,
    persona: &'static Persona,
    nonce: Option<String>,
    code_challenge: String,
    redirect_uri: String,
    expires: Instant,
}

/// The demo identity provider.
pub struct DemoIdp {
    issuer: String,
    /// Plaza's own base URL (no trailing slash).
    base: String,
    clients: Vec<Client>,
    key: openidconnect::core::CoreEdDsaPrivateSigningKey,
    codes: Mutex<HashMap<String, Grant>>,
}

impl std::fmt::Debug for DemoIdp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoIdp")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// A new Ed25519 key as the PKCS#8 PEM the `openidconnect` signer reads.
fn new_signing_key(key_id: &str) -> Result<openidconnect::core::CoreEdDsaPrivateSigningKey, String> {
    // PKCS#8 v1 for Ed25519 (RFC 8410): a fixed 16-byte prefix, then the 32-byte seed.
    const PREFIX: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ];
    let mut der = PREFIX.to_vec();
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    der.extend_from_slice(&seed);
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(&der)
    );
    openidconnect::core::CoreEdDsaPrivateSigningKey::from_ed25519_pem(
        &pem,
        Some(openidconnect::JsonWebKeyId::new(key_id.to_owned())),
    )
}

/// Whether a stored provider is one a demo run registered.
pub fn is_demo_provider(client_id: &str, issuer: &str) -> bool {
    client_id.starts_with(CLIENT_PREFIX) && issuer.ends_with("/demo-idp")
}

/// Registers (or refreshes) the demo providers and returns the provider that serves them.
/// `base` is Plaza's public URL.
pub async fn install(store: &Store, seal: &SealKey, base: &str) -> Result<Arc<DemoIdp>, String> {
    let base = base.trim_end_matches('/').to_owned();
    let issuer = format!("{base}/demo-idp");
    let mut clients = Vec::new();
    let mut agencies: Vec<&'static str> = Vec::new();
    for persona in personas::PERSONAS {
        if !agencies.contains(&persona.agency) {
            agencies.push(persona.agency);
        }
    }
    for slug in agencies {
        let Some(agency) = store.agency_by_slug(slug).await.map_err(|e| e.to_string())? else {
            tracing::warn!(
                agency = slug,
                "demo sign-in: the agency is not in the database; its personas are not offered"
            );
            continue;
        };
        let client_id = format!("{CLIENT_PREFIX}{slug}");
        let existing = store
            .identity_providers(Some(agency.id))
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|stored| stored.provider.client_id == client_id);
        let id = existing
            .as_ref()
            .map_or_else(IdentityProviderId::generate, |stored| stored.provider.id);
        let provider = IdentityProviderInput {
            label: LABEL.to_owned(),
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            scopes: Some(vec!["email".to_owned(), "profile".to_owned()]),
            enabled: Some(true),
            ..Default::default()
        }
        .validate(id, agency.id)
        .map_err(|e| format!("the demo provider of {slug}: {}", e.message))?;
        let secret = SecretString::from(random_secret());
        let sealed = seal.seal(secret.expose_secret(), &plaza_graphql::secret_context(id));
        match existing {
            Some(stored) => {
                // Served on another address than last time: the personas keep their accounts.
                if stored.provider.issuer != issuer {
                    store
                        .rename_identity_issuer(&stored.provider.issuer, &issuer)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                store
                    .update_identity_provider(&provider, &sealed)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            None => store
                .insert_identity_provider(&provider, &sealed)
                .await
                .map_err(|e| e.to_string())?,
        }
        ensure_personas(store, &agency).await?;
        clients.push(Client {
            client_id,
            agency: slug,
            provider: id,
            secret_digest: digest(secret.expose_secret()),
        });
    }
    let key_id = format!("demo-{}", &random_secret()[..8]);
    let key = new_signing_key(&key_id)?;
    Ok(Arc::new(DemoIdp {
        issuer,
        base,
        clients,
        key,
        codes: Mutex::new(HashMap::new()),
    }))
}

/// Creates the agency's personas that the demo data does not have (with their roles).
async fn ensure_personas(store: &Store, agency: &plaza_domain::agency::Agency) -> Result<(), String> {
    for persona in personas::PERSONAS
        .iter()
        .filter(|persona| persona.agency == agency.slug.as_str())
    {
        let email = plaza_domain::text::Email::parse(persona.email).map_err(|e| e.message)?;
        if store
            .member_by_email(&email)
            .await
            .map_err(|e| e.to_string())?
            .is_some()
        {
            continue;
        }
        let member = plaza_domain::member::Member {
            id: plaza_domain::ids::MemberId::generate(),
            email,
            name: plaza_domain::text::Name::parse(persona.name).map_err(|e| e.message)?,
            agency: agency.id,
            roles: persona.roles.to_vec(),
            suspension: None,
            profile: Default::default(),
            erased_at: None,
        };
        store.create_member(&member, None).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Outside demo mode: the providers a demo run registered are switched off, so the login page
/// never offers a sign-in that nothing serves.
pub async fn disable(store: &Store, seal: &SealKey) -> Result<usize, String> {
    let mut disabled = 0;
    for stored in store.identity_providers(None).await.map_err(|e| e.to_string())? {
        let provider = &stored.provider;
        if !provider.enabled || !is_demo_provider(&provider.client_id, &provider.issuer) {
            continue;
        }
        let mut off = provider.clone();
        off.enabled = false;
        // A fresh secret nobody knows: even re-enabled by hand, it opens nothing.
        let sealed = seal.seal(&random_secret(), &plaza_graphql::secret_context(provider.id));
        store
            .update_identity_provider(&off, &sealed)
            .await
            .map_err(|e| e.to_string())?;
        disabled += 1;
    }
    Ok(disabled)
}

impl DemoIdp {
    fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|client| client.client_id == client_id)
    }

    fn client_of_agency(&self, agency: &str) -> Option<&Client> {
        self.clients.iter().find(|client| client.agency == agency)
    }

    /// Plaza's callback, the one redirect URI the demo clients have.
    fn redirect_uri(&self) -> String {
        format!("{}/auth/callback", self.base)
    }

    /// Where a persona's sign-in starts: Plaza's own login, with the persona as hint.
    fn login_url(&self, persona: &Persona) -> Option<String> {
        let client = self.client_of_agency(persona.agency)?;
        Some(format!(
            "/auth/login?provider={}&login_hint={}",
            client.provider.as_string(),
            persona.key
        ))
    }

    /// Keeps a grant and returns its code.
    fn issue_code(&self, grant: Grant) -> Option<String> {
        let mut codes = self.codes.lock().ok()?;
        let now = Instant::now();
        codes.retain(|_, pending| pending.expires > now);
        if codes.len() >= MAX_PENDING_CODES {
            return None;
        }
        let code = random_secret();
        codes.insert(code.clone(), grant);
        Some(code)
    }

    /// Takes a code once (an expired one is gone too).
    fn take_code(&self, code: &str) -> Option<Grant> {
        let grant = self.codes.lock().ok()?.remove(code)?;
        (grant.expires > Instant::now()).then_some(grant)
    }
}

/// `BASE64URL(SHA-256(verifier))`, the S256 code challenge (RFC 7636).
fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s256_challenge_is_the_unpadded_base64url_sha256() {
        // Computed independently (Python's hashlib and base64.urlsafe_b64encode, unpadded).
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWjOEjXk"),
            "VYFANLqdx_HDV6BqEhluZJ63rtrIPROSSFdB3P6G83I"
        );
    }

    #[test]
    fn a_new_signing_key_signs_and_publishes_its_public_half() {
        use openidconnect::PrivateSigningKey as _;
        let key = new_signing_key("k1").expect("key");
        let public = key.as_verification_key();
        let json = serde_json::to_value(&public).expect("jwk");
        assert_eq!(json["kty"], "OKP");
        assert_eq!(json["crv"], "Ed25519");
        assert_eq!(json["kid"], "k1");
        assert!(json.get("d").is_none(), "the private half is never published: {json}");
        let signature = key
            .sign(&openidconnect::core::CoreJwsSigningAlgorithm::EdDsa, b"hello")
            .expect("signature");
        assert_eq!(signature.len(), 64);
    }

    #[test]
    fn demo_providers_are_recognised_by_client_id_and_issuer() {
        assert!(is_demo_provider(
            "plaza-demo-ayto-madrid",
            "http://127.0.0.1:8080/demo-idp"
        ));
        assert!(!is_demo_provider("plaza", "http://127.0.0.1:8080/demo-idp"));
        assert!(!is_demo_provider("plaza-demo-x", "https://login.madrid.es"));
    }
}
