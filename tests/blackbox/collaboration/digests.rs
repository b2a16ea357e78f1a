//! E-mail digests through a local SMTP sink.

use super::*;

/// A local SMTP sink: accepts every message and hands over each (recipients, data).
async fn smtp_sink() -> (u16, tokio::sync::mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let (mut recipients, mut data, mut in_data) = (Vec::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            let _ = sender.send((std::mem::take(&mut recipients), std::mem::take(&mut data)));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        recipients.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    (port, receiver)
}

// The SMTP sink runs on the test's runtime while the CLI runs blocking: two workers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daily_digests_are_mailed_with_only_what_each_member_may_read() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_b) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_b"]);
    let set = "mutation($f: DigestFrequencyValue!) { setDigestFrequency(frequency: $f) }";
    assert_eq!(
        ok(&app, set, json!({ "f": "DAILY" }), bea).await["setDigestFrequency"],
        "DAILY"
    );
    assert_eq!(
        ok(&app, "{ digestFrequency }", json!({}), editor_b).await["digestFrequency"],
        "OFF"
    );
    // Bea is mentioned in a network thread and in an agency-internal one of agency A.
    ok(&app, START, json!({ "input": { "title": "Calendario de campañas 2027", "body": "@member@b.example @editor@b.example ¿os sumáis?" } }), ana).await;
    ok(
        &app,
        START,
        json!({ "input": { "title": "Interno: nóminas", "body": "@member@b.example", "visibility": "AGENCY" } }),
        ana,
    )
    .await;
    let data = app.stop();

    let (port, mut mail) = smtp_sink().await;
    let env = [("PLAZA_SMTP_URL", format!("smtp://127.0.0.1:{port}"))];
    let run = |args: &[&str]| {
        let output = std::process::Command::new(plaza_blackbox::plaza_binary())
            .args(args)
            .env("PLAZA_DATA_DIR", data.path())
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(data.path())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (success, output) = run(&["digest", "--frequency", "daily"]);
    assert!(success && output.contains("1 digests sent"), "{output}");
    let (recipients, message) = tokio::time::timeout(std::time::Duration::from_secs(10), mail.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(recipients, vec!["member@b.example"]);
    assert!(message.contains("Calendario de campa"), "{message}");
    assert!(
        !message.contains("Interno"),
        "the digest names a thread its reader cannot read:\n{message}"
    );
    // Editor B asked for no digest; a second run finds nothing new for Bea.
    let (success, output) = run(&["digest", "--frequency", "daily"]);
    assert!(success && output.contains("0 digests sent"), "{output}");
    // Bad input is refused with a clear error.
    let (success, output) = run(&["digest", "--frequency", "hourly"]);
    assert!(!success && output.contains("daily or weekly"), "{output}");
}
