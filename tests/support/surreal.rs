//! A real SurrealDB server for the remote-database tests: the binary `make surreal` builds
//! (`infra/surrealdb.sh`), started on a free loopback port with root/root.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary: `PLAZA_SURREAL_BIN`, or where `make surreal` puts it.
pub fn surreal_binary() -> PathBuf {
    let binary = std::env::var_os("PLAZA_SURREAL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
            home.join(".cache/plaza/bin/surreal")
        });
    assert!(
        binary.exists(),
        "{} is missing: run `make surreal` first (make test does)",
        binary.display()
    );
    binary
}

/// A running SurrealDB server on disk (SurrealKV), restartable on the same port and data.
pub struct SurrealServer {
    /// `ws://127.0.0.1:<port>`.
    pub url: String,
    port: u16,
    data: PathBuf,
    child: Option<Child>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

impl SurrealServer {
    /// Starts a server keeping its data in `data`.
    pub fn start(data: &Path) -> SurrealServer {
        let port = free_port();
        let mut server = SurrealServer {
            url: format!("ws://127.0.0.1:{port}"),
            port,
            data: data.to_owned(),
            child: None,
        };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data.with_extension("log"))
            .expect("server log");
        let child = Command::new(surreal_binary())
            .args(["start", "--bind", &format!("127.0.0.1:{}", self.port)])
            .args(["--user", "root", "--pass", "root", "--log", "warn"])
            .arg(format!("surrealkv://{}", self.data.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the SurrealDB server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the SurrealDB server did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server at once (as a crash would).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and data.
    pub fn restart(&mut self) {
        self.kill();
        // SurrealKV frees its directory lock shortly after the process ends.
        std::thread::sleep(Duration::from_millis(200));
        self.spawn();
    }

    /// Plaza's settings to use this server (for a `plaza.toml`).
    pub fn plaza_toml(&self) -> String {
        format!(
            "db_url = \"{}\"\ndb_user = \"root\"\ndb_password = \"root\"\n",
            self.url
        )
    }
}

impl Drop for SurrealServer {
    fn drop(&mut self) {
        self.kill();
    }
}
