//! `plaza digest --frequency daily|weekly`: e-mails each member who asked for it a digest of
//! their unread notifications since their last digest, through the configured SMTP relay
//! (run it from cron). Only what each member may still read goes into their digest.

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use plaza_domain::notification::DigestFrequency;

use super::*;

/// Composes the text of a digest.
fn compose(name: &str, lines: &[plaza_app::DigestLine]) -> String {
    let mut body = format!("Hola, {name}:\n\nNovedades en Plaza desde tu último resumen:\n\n");
    for line in lines {
        let what = match line.kind {
            "mention" => "Te mencionaron en",
            "reply" => "Respuesta en",
            "accepted_answer" => "Aceptaron tu respuesta en",
            "moderation" => "Moderación de tu mensaje en",
            "followed" => "Nuevo hilo:",
            "guideline_updated" => "Nueva versión de una guía que adoptasteis:",
            "review_due" => "Toca revisar:",
            _ => "Nuevo contenido:",
        };
        body.push_str(&format!("- {what} «{}»\n", line.title));
    }
    body.push_str("\nPuedes cambiar la frecuencia de estos resúmenes en tus preferencias.\n");
    body
}

pub(super) async fn digest(config: &Config, frequency: &str, dry_run: bool) -> Result<(), Failure> {
    let frequency = DigestFrequency::parse(frequency)
        .filter(|frequency| *frequency != DigestFrequency::Off)
        .ok_or_else(|| fail("frequency must be daily or weekly"))?;
    let relay = config.smtp_relay().map_err(fail)?;
    let transport = match (&relay, dry_run) {
        (_, true) => None,
        (Some((host, port)), false) => Some(
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                .port(*port)
                .build(),
        ),
        (None, false) => return Err(fail("set PLAZA_SMTP_URL (smtp://127.0.0.1:25) or use --dry-run")),
    };
    let from = config
        .mail_from
        .parse()
        .map_err(|_| fail("mail_from is not a valid mailbox"))?;
    let store = open(config).await?;
    let now = Utc::now();
    let mut sent = 0usize;
    for (member_id, last) in store.digest_recipients(frequency).await.map_err(fail)? {
        let since = last.unwrap_or(now - frequency.period());
        let lines = plaza_app::digest_lines(&store, member_id, since)
            .await
            .map_err(|error| fail(format!("digest of {member_id}: {error}")))?;
        if lines.is_empty() {
            continue;
        }
        let Some((member, _)) = store.member(member_id).await.map_err(fail)? else {
            continue;
        };
        let body = compose(member.name.as_str(), &lines);
        match &transport {
            None => println!("to {}:\n{body}", member.email),
            Some(transport) => {
                let to = member
                    .email
                    .as_str()
                    .parse()
                    .map_err(|_| fail(format!("{} is not a deliverable address", member.email)))?;
                let message = Message::builder()
                    .from(Clone::clone(&from))
                    .to(to)
                    .subject(format!("Plaza: {} novedades", lines.len()))
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .map_err(|error| fail(format!("cannot compose the digest: {error}")))?;
                transport
                    .send(message)
                    .await
                    .map_err(|error| fail(format!("the SMTP relay refused the digest: {error}")))?;
            }
        }
        store.mark_digest_sent(member_id, now).await.map_err(fail)?;
        sent += 1;
    }
    println!("{sent} digests {}", if dry_run { "composed" } else { "sent" });
    Ok(())
}
