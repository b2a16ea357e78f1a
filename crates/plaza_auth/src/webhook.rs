//! Webhook signing secrets and signatures, as the Standard Webhooks specification defines them:
//! a secret is `whsec_` and the base64 of 32 random bytes; the signature of a message is
//! `v1,` and the base64 of HMAC-SHA256(secret bytes, `{webhook-id}.{webhook-timestamp}.{body}`);
//! while a secret is being rotated the header carries one signature per valid secret,
//! separated by spaces, so receivers can switch at their own pace.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use secrecy::SecretString;
use sha2::Sha256;

/// Prefix of a webhook secret (the specification's).
pub const SECRET_PREFIX: &str = "whsec_";
/// Random bytes in a secret (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// Why a secret cannot sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed webhook secret")]
pub struct MalformedSecret;

/// A new random signing secret.
pub fn issue_secret() -> SecretString {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    SecretString::from(format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The `v1,` signature of one message with one secret.
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> Result<String, MalformedSecret> {
    let encoded = secret.strip_prefix(SECRET_PREFIX).ok_or(MalformedSecret)?;
    let key = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| MalformedSecret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| MalformedSecret)?;
    mac.update(message_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let signature = mac.finalize().into_bytes();
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(signature)
    ))
}

/// The `webhook-signature` header: one signature per secret still valid (the current one
/// first), separated by spaces.
pub fn signature_header(
    secrets: &[&str],
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> Result<String, MalformedSecret> {
    let signatures = secrets
        .iter()
        .map(|secret| sign(secret, message_id, timestamp, body))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(signatures.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    /// The example of the Standard Webhooks reference libraries' test suites.
    #[test]
    fn signs_like_the_specification_example() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let signature = sign(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn secrets_are_random_and_well_formed() {
        let a = issue_secret();
        let b = issue_secret();
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert!(a.expose_secret().starts_with(SECRET_PREFIX));
        assert!(sign(a.expose_secret(), "msg_1", 1, "{}").is_ok());
        assert_eq!(sign("whsec_***", "msg_1", 1, "{}"), Err(MalformedSecret));
        assert_eq!(sign("plz_abc", "msg_1", 1, "{}"), Err(MalformedSecret));
    }

    #[test]
    fn a_rotating_endpoint_gets_one_signature_per_secret() {
        let old = issue_secret();
        let new = issue_secret();
        let header = signature_header(&[new.expose_secret(), old.expose_secret()], "msg_1", 7, "{}").unwrap();
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], sign(new.expose_secret(), "msg_1", 7, "{}").unwrap());
        assert_eq!(parts[1], sign(old.expose_secret(), "msg_1", 7, "{}").unwrap());
    }
}
