//! ID-token verification: only asymmetric algorithms the provider announces, a key from its
//! JWKS, this client (audience and `azp`), this issuer, within the clock skew, this login's nonce.

use std::str::FromStr as _;

use chrono::{DateTime, Utc};
use openidconnect::core::{CoreJsonWebKey, CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use openidconnect::{ClaimsVerificationError, ClientId, IdTokenVerifier, IssuerUrl, Nonce, SignatureVerificationError};
use serde_json::{Map, Value};

use super::{CLOCK_SKEW, IdTokenProblem, PlazaIdToken};

/// What the verifier needs to check one ID token.
#[derive(Debug, Clone)]
pub struct VerifyParams<'a> {
    /// Expected issuer.
    pub issuer: &'a str,
    /// Our client id.
    pub client_id: &'a str,
    /// The provider's keys.
    pub jwks: &'a CoreJsonWebKeySet,
    /// Algorithms the provider announces for ID tokens.
    pub algorithms: &'a [CoreJwsSigningAlgorithm],
}

/// Asymmetric algorithms Plaza accepts (the provider must also announce them).
fn is_acceptable(alg: &CoreJwsSigningAlgorithm) -> bool {
    use CoreJwsSigningAlgorithm as A;
    matches!(
        alg,
        A::RsaSsaPkcs1V15Sha256
            | A::RsaSsaPkcs1V15Sha384
            | A::RsaSsaPkcs1V15Sha512
            | A::RsaSsaPssSha256
            | A::RsaSsaPssSha384
            | A::RsaSsaPssSha512
            | A::EcdsaP256Sha256
            | A::EcdsaP384Sha384
            | A::EdDsa
    )
}

/// The verified claims of an ID token.
#[derive(Debug, Clone)]
pub struct VerifiedIdToken {
    /// Subject.
    pub subject: String,
    /// E-mail claim.
    pub email: Option<String>,
    /// `email_verified` claim.
    pub email_verified: Option<bool>,
    /// Name claim.
    pub name: Option<String>,
    /// Other claims.
    pub claims: Map<String, Value>,
}

/// Verifies an ID token against the provider's keys, this client and this login's nonce.
pub fn verify_id_token(
    raw: &str,
    params: &VerifyParams<'_>,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<VerifiedIdToken, IdTokenProblem> {
    let token = PlazaIdToken::from_str(raw).map_err(|_| IdTokenProblem::Malformed)?;
    let issuer = IssuerUrl::new(params.issuer.to_owned()).map_err(|_| IdTokenProblem::WrongIssuer)?;
    let allowed: Vec<CoreJwsSigningAlgorithm> = params
        .algorithms
        .iter()
        .filter(|alg| is_acceptable(alg))
        .cloned()
        .collect();
    let skew = chrono::Duration::from_std(CLOCK_SKEW).unwrap_or_default();
    let verifier: IdTokenVerifier<'_, CoreJsonWebKey> =
        IdTokenVerifier::new_public_client(ClientId::new(params.client_id.to_owned()), issuer, params.jwks.clone())
            .set_allowed_algs(allowed)
            .set_time_fn(move || now - skew)
            .set_issue_time_verifier_fn(move |issued: DateTime<Utc>| {
                if issued > now + skew {
                    Err("issued in the future".to_owned())
                } else {
                    Ok(())
                }
            });
    let claims = token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(problem_of)?;
    // The crate leaves `azp` to the caller: when present it must be us, and a token for several
    // audiences must name us as its authorized party.
    match claims.authorized_party() {
        Some(azp) if azp.as_str() != params.client_id => return Err(IdTokenProblem::WrongAuthorizedParty),
        None if claims.audiences().len() > 1 => return Err(IdTokenProblem::WrongAuthorizedParty),
        _ => {}
    }
    Ok(VerifiedIdToken {
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|email| email.as_str().to_owned()),
        email_verified: claims.email_verified(),
        name: claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.as_str().to_owned()),
        claims: claims.additional_claims().other.clone(),
    })
}

fn problem_of(error: ClaimsVerificationError) -> IdTokenProblem {
    match error {
        ClaimsVerificationError::Expired(_) => IdTokenProblem::Expired,
        ClaimsVerificationError::InvalidAudience(_) => IdTokenProblem::WrongAudience,
        ClaimsVerificationError::InvalidIssuer(_) => IdTokenProblem::WrongIssuer,
        ClaimsVerificationError::InvalidNonce(_) => IdTokenProblem::WrongNonce,
        ClaimsVerificationError::SignatureVerification(signature) => match signature {
            SignatureVerificationError::DisallowedAlg(_) | SignatureVerificationError::UnsupportedAlg(_) => {
                IdTokenProblem::DisallowedAlgorithm
            }
            SignatureVerificationError::NoMatchingKey | SignatureVerificationError::AmbiguousKeyId(_) => {
                IdTokenProblem::UnknownKey
            }
            SignatureVerificationError::NoSignature => IdTokenProblem::DisallowedAlgorithm,
            _ => IdTokenProblem::BadSignature,
        },
        _ => IdTokenProblem::Invalid,
    }
}
