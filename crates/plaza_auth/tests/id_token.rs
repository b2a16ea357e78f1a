//! ID-token verification against forged tokens: each attack of the federation threat list that
//! lives in the token itself is refused with its own reason. Tokens are signed here with real
//! RSA keys standing for two agencies' identity providers.
// Tests fail by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::OnceLock;

use base64::Engine as _;
use chrono::{Duration, Utc};
use hmac::Mac as _;
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use plaza_auth::oidc::{IdTokenProblem, VerifyParams, verify_id_token};
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::Sha256;

const ISSUER_A: &str = "http://127.0.0.1:7001";
const ISSUER_B: &str = "http://127.0.0.1:7002";
const CLIENT: &str = "plaza";
const NONCE: &str = "n-0S6_WzA2Mj";

fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand_core::OsRng;
        (
            RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            RsaPrivateKey::new(&mut rng, 2048).unwrap(),
        )
    })
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn jwk(key: &RsaPublicKey, kid: &str) -> Value {
    json!({ "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()) })
}

/// Agency A's published keys.
fn jwks_a() -> CoreJsonWebKeySet {
    serde_json::from_value(json!({ "keys": [jwk(&keys().0.to_public_key(), "a-1")] })).unwrap()
}

fn claims() -> Value {
    let now = Utc::now();
    json!({
        "iss": ISSUER_A, "sub": "248289761001", "aud": CLIENT, "nonce": NONCE,
        "iat": now.timestamp(), "exp": (now + Duration::minutes(10)).timestamp(),
        "email": "lucia.moreno@vallverde.example", "email_verified": true, "name": "Lucía Moreno",
        "groups": ["plaza-admins"]
    })
}

fn rs256(header: &Value, payload: &Value, key: &RsaPrivateKey) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signature = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes()).to_vec();
    format!("{input}.{}", b64(&signature))
}

fn signed_by_a(payload: &Value) -> String {
    rs256(
        &json!({ "alg": "RS256", "kid": "a-1", "typ": "JWT" }),
        payload,
        &keys().0,
    )
}

fn verify(raw: &str) -> Result<plaza_auth::oidc::VerifiedIdToken, IdTokenProblem> {
    let jwks = jwks_a();
    let algorithms = [CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256];
    let params = VerifyParams {
        issuer: ISSUER_A,
        client_id: CLIENT,
        jwks: &jwks,
        algorithms: &algorithms,
    };
    verify_id_token(raw, &params, NONCE, Utc::now())
}

fn with(changes: Value) -> Value {
    let mut payload = claims();
    for (key, value) in changes.as_object().unwrap() {
        if value.is_null() {
            payload.as_object_mut().unwrap().remove(key);
        } else {
            payload[key] = value.clone();
        }
    }
    payload
}

#[test]
fn a_genuine_token_yields_its_claims() {
    let verified = verify(&signed_by_a(&claims())).unwrap();
    assert_eq!(verified.subject, "248289761001");
    assert_eq!(verified.email.as_deref(), Some("lucia.moreno@vallverde.example"));
    assert_eq!(verified.email_verified, Some(true));
    assert_eq!(verified.name.as_deref(), Some("Lucía Moreno"));
    assert_eq!(verified.claims["groups"], json!(["plaza-admins"]));
}

#[test]
fn the_nonce_must_be_this_logins() {
    assert_eq!(
        verify(&signed_by_a(&with(json!({ "nonce": "other" })))).unwrap_err(),
        IdTokenProblem::WrongNonce
    );
    assert_eq!(
        verify(&signed_by_a(&with(json!({ "nonce": null })))).unwrap_err(),
        IdTokenProblem::WrongNonce
    );
}

#[test]
fn expired_tokens_are_refused_beyond_a_minute_of_skew() {
    let now = Utc::now();
    let expired =
        with(json!({ "iat": (now - Duration::hours(1)).timestamp(), "exp": (now - Duration::minutes(5)).timestamp() }));
    assert_eq!(verify(&signed_by_a(&expired)).unwrap_err(), IdTokenProblem::Expired);
    let within_skew = with(json!({ "exp": (now - Duration::seconds(20)).timestamp() }));
    assert!(verify(&signed_by_a(&within_skew)).is_ok());
    let from_the_future = with(
        json!({ "iat": (now + Duration::minutes(10)).timestamp(), "exp": (now + Duration::minutes(20)).timestamp() }),
    );
    assert_eq!(
        verify(&signed_by_a(&from_the_future)).unwrap_err(),
        IdTokenProblem::Expired
    );
}

#[test]
fn unsigned_tokens_are_refused() {
    let header = b64(json!({ "alg": "none", "typ": "JWT" }).to_string().as_bytes());
    let payload = b64(claims().to_string().as_bytes());
    assert_eq!(
        verify(&format!("{header}.{payload}.")).unwrap_err(),
        IdTokenProblem::DisallowedAlgorithm
    );
}

#[test]
fn an_hmac_signed_with_the_public_key_is_refused() {
    let public_pem = keys().0.to_public_key().to_public_key_pem(Default::default()).unwrap();
    let public_jwk = jwk(&keys().0.to_public_key(), "a-1").to_string();
    for secret in [public_pem.as_bytes(), public_jwk.as_bytes()] {
        let header = b64(json!({ "alg": "HS256", "kid": "a-1", "typ": "JWT" })
            .to_string()
            .as_bytes());
        let input = format!("{header}.{}", b64(claims().to_string().as_bytes()));
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(input.as_bytes());
        let token = format!("{input}.{}", b64(&mac.finalize().into_bytes()));
        assert_eq!(verify(&token).unwrap_err(), IdTokenProblem::DisallowedAlgorithm);
    }
}

#[test]
fn a_token_signed_by_an_unknown_key_is_refused() {
    let token = rs256(
        &json!({ "alg": "RS256", "kid": "rotated-9", "typ": "JWT" }),
        &claims(),
        &keys().1,
    );
    assert_eq!(verify(&token).unwrap_err(), IdTokenProblem::UnknownKey);
    // The right key id does not help a token signed with another key.
    let token = rs256(
        &json!({ "alg": "RS256", "kid": "a-1", "typ": "JWT" }),
        &claims(),
        &keys().1,
    );
    assert_eq!(verify(&token).unwrap_err(), IdTokenProblem::BadSignature);
}

#[test]
fn a_token_from_another_agencys_provider_is_refused() {
    let from_b = rs256(
        &json!({ "alg": "RS256", "kid": "b-1", "typ": "JWT" }),
        &with(json!({ "iss": ISSUER_B })),
        &keys().1,
    );
    assert_eq!(verify(&from_b).unwrap_err(), IdTokenProblem::WrongIssuer);
}

#[test]
fn a_token_for_another_client_is_refused() {
    assert_eq!(
        verify(&signed_by_a(&with(json!({ "aud": "intranet" })))).unwrap_err(),
        IdTokenProblem::WrongAudience
    );
    assert_eq!(
        verify(&signed_by_a(&with(json!({ "aud": [CLIENT, "intranet"] })))).unwrap_err(),
        IdTokenProblem::WrongAudience
    );
    assert_eq!(
        verify(&signed_by_a(&with(json!({ "azp": "intranet" })))).unwrap_err(),
        IdTokenProblem::WrongAuthorizedParty
    );
    assert!(verify(&signed_by_a(&with(json!({ "azp": CLIENT })))).is_ok());
}

#[test]
fn a_tampered_payload_is_refused() {
    let token = signed_by_a(&claims());
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = b64(with(json!({ "email": "admin@vallverde.example" }))
        .to_string()
        .as_bytes());
    assert_eq!(verify(&parts.join(".")).unwrap_err(), IdTokenProblem::BadSignature);
}

#[test]
fn garbage_is_malformed_not_a_panic() {
    for raw in ["", ".", "..", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", &"x".repeat(10_000)] {
        assert!(verify(raw).is_err(), "{raw}");
    }
}
