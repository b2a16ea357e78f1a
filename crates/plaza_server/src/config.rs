//! Typed configuration, loaded once: defaults → `plaza.toml` → `PLAZA_*` environment.
//! The loader takes the environment as an argument so it is testable.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use plaza_storage::StoreConfig;

/// Largest request body accepted on `/graphql`, in bytes.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Everything the binary needs to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free port).
    pub listen: SocketAddr,
    /// Where the embedded database lives.
    pub data_dir: PathBuf,
    /// Where the search index lives; when unset, `<data_dir>/index`.
    pub index_dir: Option<PathBuf>,
    /// Database URL; when unset, `surrealkv://<data_dir>/db`.
    pub db_url: Option<String>,
    /// Database namespace.
    pub db_namespace: String,
    /// Database name.
    pub db_database: String,
    /// Root user for a remote database.
    pub db_user: Option<String>,
    /// Root password for a remote database (never logged).
    pub db_password: Option<String>,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// `json` for machine-readable logs, `pretty` for people.
    pub log_format: String,
    /// How long shutdown waits for open requests, in seconds.
    pub shutdown_timeout_secs: u64,
    /// The origin browsers use to reach Plaza (`https://plaza.example.gob.es`); when unset,
    /// `http://<listen address>`. Login redirects, cookie security and CSRF checks follow it.
    pub public_url: Option<String>,
    /// Key that seals secrets at rest (base64 of 32 bytes); when unset, a key file in the data
    /// directory is used, created on first start.
    pub secret_key: Option<Redacted>,
    /// Minutes of inactivity after which a browser session ends.
    pub session_idle_minutes: u64,
    /// Hours after login at which a browser session ends regardless of activity.
    pub session_absolute_hours: u64,
    /// Sustained requests per second allowed from one client address.
    pub rate_limit_per_address: f64,
    /// Sustained requests per second allowed for one credential (token or session).
    pub rate_limit_per_credential: f64,
    /// Login attempts per minute allowed from one client address.
    pub login_rate_per_minute: f64,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`PLAZA_TRUSTED_PROXIES`, comma
    /// separated addresses): behind them the client address is the last one they did not add.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// SMTP relay for e-mail digests (`smtp://127.0.0.1:25`); a relay on this host only.
    pub smtp_url: Option<String>,
    /// Sender of e-mail digests.
    pub mail_from: String,
    /// The built web app and widgets (`frontend/dist`); `frontend/dist` under the working
    /// directory when it exists and nothing is set.
    pub web_dir: Option<PathBuf>,
    /// How often search analytics gathered in memory are written to the database, in
    /// milliseconds (they are also written at shutdown).
    pub search_stats_flush_ms: u64,
    /// Who publishes the open data catalogue: the DIR3 code of the administration that runs the
    /// network (`EA0000000`), which datos.gob.es requires of a publisher; unset, the catalogue
    /// names Plaza itself.
    pub open_data_publisher: Option<String>,
    /// The publisher's name (with `open_data_publisher`).
    pub open_data_publisher_name: Option<String>,
    /// Let webhooks reach `http://` endpoints and private or loopback addresses: for
    /// development and tests only (`PLAZA_WEBHOOK_ALLOW_PRIVATE=1`); never in production, where
    /// it would let an agency admin probe the server's own network (SSRF).
    pub webhook_allow_private: bool,
    /// Stretches or shrinks the webhook retry schedule (1.0: 5 s, 30 s, 2 min … 6 h); tests
    /// set a small value (`PLAZA_WEBHOOK_RETRY_SCALE`).
    pub webhook_retry_scale: f64,
    /// How long a webhook endpoint has to answer, in milliseconds.
    pub webhook_timeout_ms: u64,
    /// A manifest of trusted GraphQL documents (`{ "<sha256>": "<document>" }`, such as
    /// `frontend/dist/widgets/persisted-documents.json`), known to persisted queries from the
    /// start (`PLAZA_TRUSTED_DOCUMENTS`).
    pub trusted_documents: Option<PathBuf>,
    /// Requests made with an API token may run only the trusted documents
    /// (`PLAZA_TRUSTED_DOCUMENTS_ONLY=1`).
    pub trusted_documents_only: bool,
    /// Keep attachments in this S3-compatible bucket instead of `<data_dir>/attachments`
    /// (`PLAZA_ATTACHMENTS_S3_BUCKET`; credentials and region from the usual `AWS_*` variables).
    pub attachments_s3_bucket: Option<String>,
    /// The S3-compatible endpoint (`PLAZA_ATTACHMENTS_S3_ENDPOINT`, e.g. MinIO's or Garage's
    /// URL); unset, Amazon S3.
    pub attachments_s3_endpoint: Option<String>,
    /// The bearer token `GET /metrics` asks for (`PLAZA_METRICS_TOKEN`); unset, `/metrics`
    /// answers 404.
    pub metrics_token: Option<Redacted>,
    /// The bearer token the operators' routes (`GET /admin/backup`, `POST /admin/reindex`) ask
    /// for (`PLAZA_ADMIN_TOKEN`); unset, they answer 404.
    pub admin_token: Option<Redacted>,
}

/// A configuration value never shown in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            index_dir: None,
            db_url: None,
            db_namespace: "plaza".to_owned(),
            db_database: "plaza".to_owned(),
            db_user: None,
            db_password: None,
            body_limit: DEFAULT_BODY_LIMIT,
            log_format: "pretty".to_owned(),
            shutdown_timeout_secs: 10,
            public_url: None,
            secret_key: None,
            session_idle_minutes: 8 * 60,
            session_absolute_hours: 72,
            rate_limit_per_address: 100.0,
            rate_limit_per_credential: 50.0,
            login_rate_per_minute: 60.0,
            trusted_proxies: Vec::new(),
            smtp_url: None,
            mail_from: "Plaza <no-reply@plaza.invalid>".to_owned(),
            web_dir: None,
            search_stats_flush_ms: 30_000,
            open_data_publisher: None,
            open_data_publisher_name: None,
            webhook_allow_private: false,
            webhook_retry_scale: 1.0,
            webhook_timeout_ms: 10_000,
            trusted_documents: None,
            trusted_documents_only: false,
            attachments_s3_bucket: None,
            attachments_s3_endpoint: None,
            metrics_token: None,
            admin_token: None,
        }
    }
}

/// What can go wrong loading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A value is malformed.
    #[error("invalid configuration value for {key}: {reason}")]
    Invalid {
        /// The setting.
        key: String,
        /// Why.
        reason: String,
    },
}

/// The settings as read from `plaza.toml` (all optional).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    index_dir: Option<PathBuf>,
    web_dir: Option<PathBuf>,
    db_url: Option<String>,
    db_namespace: Option<String>,
    db_database: Option<String>,
    db_user: Option<String>,
    db_password: Option<String>,
    body_limit: Option<usize>,
    log_format: Option<String>,
    shutdown_timeout_secs: Option<u64>,
    public_url: Option<String>,
    secret_key: Option<String>,
    session_idle_minutes: Option<u64>,
    session_absolute_hours: Option<u64>,
    rate_limit_per_address: Option<f64>,
    rate_limit_per_credential: Option<f64>,
    login_rate_per_minute: Option<f64>,
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    search_stats_flush_ms: Option<u64>,
    open_data_publisher: Option<String>,
    open_data_publisher_name: Option<String>,
}

/// `smtp://host[:port]` on a loopback host: digests leave through a local relay, since this
/// build speaks SMTP without TLS.
fn smtp_relay(url: &str) -> Result<(String, u16), ConfigError> {
    let bad = || invalid("smtp_url", "use smtp://127.0.0.1[:port] (a relay on this host)");
    let rest = url.strip_prefix("smtp://").ok_or_else(bad)?.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
        None => (rest, 25),
    };
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(bad());
    }
    Ok((host.trim_matches(['[', ']']).to_owned(), port))
}

fn invalid(key: &str, reason: impl ToString) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_owned(),
        reason: reason.to_string(),
    }
}

impl Config {
    /// Loads defaults, then `file` if it exists, then `PLAZA_*` variables from `env`.
    pub fn load(file: &Path, env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut config = Config::default();
        if file.exists() {
            let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
                path: file.to_owned(),
                source,
            })?;
            let parsed: FileConfig = toml::from_str(&text).map_err(|e| invalid(&file.display().to_string(), e))?;
            config.apply_file(parsed)?;
        }
        config.apply_env(env)?;
        config.validate()?;
        Ok(config)
    }

    fn apply_file(&mut self, file: FileConfig) -> Result<(), ConfigError> {
        if let Some(listen) = file.listen {
            self.listen = listen.parse().map_err(|e| invalid("listen", e))?;
        }
        self.data_dir = file.data_dir.unwrap_or(std::mem::take(&mut self.data_dir));
        self.index_dir = file.index_dir.or(self.index_dir.take());
        self.web_dir = file.web_dir.or(self.web_dir.take());
        self.db_url = file.db_url.or(self.db_url.take());
        self.db_namespace = file.db_namespace.unwrap_or(std::mem::take(&mut self.db_namespace));
        self.db_database = file.db_database.unwrap_or(std::mem::take(&mut self.db_database));
        self.db_user = file.db_user.or(self.db_user.take());
        self.db_password = file.db_password.or(self.db_password.take());
        self.body_limit = file.body_limit.unwrap_or(self.body_limit);
        self.log_format = file.log_format.unwrap_or(std::mem::take(&mut self.log_format));
        self.shutdown_timeout_secs = file.shutdown_timeout_secs.unwrap_or(self.shutdown_timeout_secs);
        self.public_url = file.public_url.or(self.public_url.take());
        self.secret_key = file.secret_key.map(Redacted).or(self.secret_key.take());
        self.session_idle_minutes = file.session_idle_minutes.unwrap_or(self.session_idle_minutes);
        self.session_absolute_hours = file.session_absolute_hours.unwrap_or(self.session_absolute_hours);
        self.rate_limit_per_address = file.rate_limit_per_address.unwrap_or(self.rate_limit_per_address);
        self.rate_limit_per_credential = file.rate_limit_per_credential.unwrap_or(self.rate_limit_per_credential);
        self.login_rate_per_minute = file.login_rate_per_minute.unwrap_or(self.login_rate_per_minute);
        self.trusted_proxies = file
            .trusted_proxies
            .unwrap_or(std::mem::take(&mut self.trusted_proxies));
        self.smtp_url = file.smtp_url.or(self.smtp_url.take());
        self.mail_from = file.mail_from.unwrap_or(std::mem::take(&mut self.mail_from));
        self.search_stats_flush_ms = file.search_stats_flush_ms.unwrap_or(self.search_stats_flush_ms);
        self.open_data_publisher = file.open_data_publisher.or(self.open_data_publisher.take());
        self.open_data_publisher_name = file.open_data_publisher_name.or(self.open_data_publisher_name.take());
        Ok(())
    }

    fn apply_env(&mut self, env: &HashMap<String, String>) -> Result<(), ConfigError> {
        let get = |key: &str| env.get(key).filter(|value| !value.is_empty()).cloned();
        if let Some(listen) = get("PLAZA_LISTEN") {
            self.listen = listen.parse().map_err(|e| invalid("PLAZA_LISTEN", e))?;
        }
        if let Some(dir) = get("PLAZA_DATA_DIR") {
            self.data_dir = PathBuf::from(dir);
        }
        if let Some(dir) = get("PLAZA_INDEX_DIR") {
            self.index_dir = Some(PathBuf::from(dir));
        }
        if let Some(url) = get("PLAZA_DB_URL") {
            self.db_url = Some(url);
        }
        if let Some(namespace) = get("PLAZA_DB_NAMESPACE") {
            self.db_namespace = namespace;
        }
        if let Some(database) = get("PLAZA_DB_DATABASE") {
            self.db_database = database;
        }
        if let Some(user) = get("PLAZA_DB_USER") {
            self.db_user = Some(user);
        }
        if let Some(password) = get("PLAZA_DB_PASSWORD") {
            self.db_password = Some(password);
        }
        if let Some(limit) = get("PLAZA_BODY_LIMIT") {
            self.body_limit = limit.parse().map_err(|e| invalid("PLAZA_BODY_LIMIT", e))?;
        }
        if let Some(format) = get("PLAZA_LOG_FORMAT") {
            self.log_format = format;
        }
        if let Some(timeout) = get("PLAZA_SHUTDOWN_TIMEOUT_SECS") {
            self.shutdown_timeout_secs = timeout.parse().map_err(|e| invalid("PLAZA_SHUTDOWN_TIMEOUT_SECS", e))?;
        }
        if let Some(url) = get("PLAZA_PUBLIC_URL") {
            self.public_url = Some(url);
        }
        if let Some(bucket) = get("PLAZA_ATTACHMENTS_S3_BUCKET") {
            self.attachments_s3_bucket = Some(bucket);
        }
        if let Some(endpoint) = get("PLAZA_ATTACHMENTS_S3_ENDPOINT") {
            self.attachments_s3_endpoint = Some(endpoint);
        }
        if let Some(token) = get("PLAZA_METRICS_TOKEN").filter(|token| !token.trim().is_empty()) {
            self.metrics_token = Some(Redacted(token));
        }
        if let Some(token) = get("PLAZA_ADMIN_TOKEN").filter(|token| !token.trim().is_empty()) {
            self.admin_token = Some(Redacted(token));
        }
        if let Some(key) = get("PLAZA_SECRET_KEY") {
            self.secret_key = Some(Redacted(key));
        }
        let number = |key: &str| -> Result<Option<f64>, ConfigError> {
            get(key)
                .map(|raw| raw.parse::<f64>().map_err(|e| invalid(key, e)))
                .transpose()
        };
        let whole = |key: &str| -> Result<Option<u64>, ConfigError> {
            get(key)
                .map(|raw| raw.parse::<u64>().map_err(|e| invalid(key, e)))
                .transpose()
        };
        if let Some(minutes) = whole("PLAZA_SESSION_IDLE_MINUTES")? {
            self.session_idle_minutes = minutes;
        }
        if let Some(hours) = whole("PLAZA_SESSION_ABSOLUTE_HOURS")? {
            self.session_absolute_hours = hours;
        }
        if let Some(rate) = number("PLAZA_RATE_LIMIT_PER_ADDRESS")? {
            self.rate_limit_per_address = rate;
        }
        if let Some(rate) = number("PLAZA_RATE_LIMIT_PER_CREDENTIAL")? {
            self.rate_limit_per_credential = rate;
        }
        if let Some(path) = get("PLAZA_TRUSTED_DOCUMENTS") {
            self.trusted_documents = Some(PathBuf::from(path));
        }
        if let Some(only) = get("PLAZA_TRUSTED_DOCUMENTS_ONLY") {
            self.trusted_documents_only = matches!(only.as_str(), "1" | "true" | "yes");
        }
        if let Some(allow) = get("PLAZA_WEBHOOK_ALLOW_PRIVATE") {
            self.webhook_allow_private = matches!(allow.as_str(), "1" | "true" | "yes");
        }
        if let Some(scale) = number("PLAZA_WEBHOOK_RETRY_SCALE")? {
            if !(0.0..=100.0).contains(&scale) {
                return Err(invalid("PLAZA_WEBHOOK_RETRY_SCALE", "must be between 0 and 100"));
            }
            self.webhook_retry_scale = scale;
        }
        if let Some(ms) = whole("PLAZA_WEBHOOK_TIMEOUT_MS")? {
            self.webhook_timeout_ms = ms.clamp(100, 60_000);
        }
        if let Some(rate) = number("PLAZA_LOGIN_RATE_PER_MINUTE")? {
            self.login_rate_per_minute = rate;
        }
        if let Some(proxies) = get("PLAZA_TRUSTED_PROXIES") {
            self.trusted_proxies = proxies
                .split(',')
                .map(str::trim)
                .filter(|proxy| !proxy.is_empty())
                .map(|proxy| proxy.parse().map_err(|e| invalid("PLAZA_TRUSTED_PROXIES", e)))
                .collect::<Result<_, _>>()?;
        }
        if let Some(url) = get("PLAZA_SMTP_URL") {
            self.smtp_url = Some(url);
        }
        if let Some(from) = get("PLAZA_MAIL_FROM") {
            self.mail_from = from;
        }
        if let Some(dir) = get("PLAZA_WEB_DIR") {
            self.web_dir = Some(PathBuf::from(dir));
        }
        if let Some(every) = whole("PLAZA_SEARCH_STATS_FLUSH_MS")? {
            self.search_stats_flush_ms = every;
        }
        if let Some(code) = get("PLAZA_OPEN_DATA_PUBLISHER") {
            self.open_data_publisher = Some(code);
        }
        if let Some(name) = get("PLAZA_OPEN_DATA_PUBLISHER_NAME") {
            self.open_data_publisher_name = Some(name);
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.log_format.as_str(), "json" | "pretty") {
            return Err(invalid("log_format", "use json or pretty"));
        }
        if !(1024..=64 * 1024 * 1024).contains(&self.body_limit) {
            return Err(invalid("body_limit", "between 1 KiB and 64 MiB"));
        }
        if let Some(url) = &self.public_url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.trim_end_matches('/').contains(['?', '#'])
                && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
            if !ok {
                return Err(invalid(
                    "public_url",
                    "an absolute http(s) URL such as https://plaza.example.gob.es",
                ));
            }
        }
        if let Some(code) = &self.open_data_publisher
            && (!(1..=16).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(invalid(
                "open_data_publisher",
                "a DIR3 code: letters and digits, such as EA0000000 or L01280796",
            ));
        }
        if !(1..=7 * 24 * 60).contains(&self.session_idle_minutes) {
            return Err(invalid("session_idle_minutes", "between 1 minute and 7 days"));
        }
        if !(1..=90 * 24).contains(&self.session_absolute_hours) {
            return Err(invalid("session_absolute_hours", "between 1 hour and 90 days"));
        }
        for (key, rate) in [
            ("rate_limit_per_address", self.rate_limit_per_address),
            ("rate_limit_per_credential", self.rate_limit_per_credential),
            ("login_rate_per_minute", self.login_rate_per_minute),
        ] {
            if !(rate.is_finite() && rate > 0.0 && rate <= 1_000_000.0) {
                return Err(invalid(key, "a positive number of requests"));
            }
        }
        if let Some(url) = &self.smtp_url {
            smtp_relay(url)?;
        }
        if !(10..=3_600_000).contains(&self.search_stats_flush_ms) {
            return Err(invalid("search_stats_flush_ms", "between 10 ms and one hour"));
        }
        if self.db_user.is_some() != self.db_password.is_some() {
            return Err(invalid(
                "db_user",
                "give both the database user and password, or neither",
            ));
        }
        Ok(())
    }

    /// The SMTP relay's host and port, when digests are configured.
    pub fn smtp_relay(&self) -> Result<Option<(String, u16)>, ConfigError> {
        self.smtp_url.as_deref().map(smtp_relay).transpose()
    }

    /// Where the built web app is, if anywhere.
    pub fn web_dir(&self) -> Option<PathBuf> {
        let default = PathBuf::from("frontend/dist");
        self.web_dir
            .clone()
            .or_else(|| default.join("index.html").is_file().then_some(default))
    }

    /// Where the search index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.index_dir.clone().unwrap_or_else(|| self.data_dir.join("index"))
    }

    /// How to reach the database.
    pub fn store(&self) -> StoreConfig {
        StoreConfig {
            url: self
                .db_url
                .clone()
                .unwrap_or_else(|| format!("surrealkv://{}", self.data_dir.join("db").display())),
            namespace: self.db_namespace.clone(),
            database: self.db_database.clone(),
            credentials: self.db_user.clone().zip(self.db_password.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_serve_on_localhost_8080_with_an_embedded_database() {
        let config = Config::load(Path::new("/nonexistent/plaza.toml"), &env(&[])).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.store().url, "surrealkv://data/db");
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("plaza-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("plaza.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\ndata_dir = \"/srv/plaza\"\n").unwrap();
        let from_file = Config::load(&file, &env(&[])).unwrap();
        assert_eq!(from_file.listen.port(), 9000);
        assert_eq!(from_file.store().url, "surrealkv:///srv/plaza/db");
        let overridden = Config::load(
            &file,
            &env(&[("PLAZA_LISTEN", "0.0.0.0:8081"), ("PLAZA_DB_URL", "ws://db:8000")]),
        )
        .unwrap();
        assert_eq!(overridden.listen.port(), 8081);
        assert_eq!(overridden.store().url, "ws://db:8000");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_example_config_is_valid_and_names_every_setting() {
        let example = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../infra/plaza.example.toml"));
        let config = Config::load(example, &env(&[])).unwrap();
        assert_eq!(config.listen.port(), 8080);
        let text = std::fs::read_to_string(example).unwrap();
        for key in [
            "listen",
            "data_dir",
            "index_dir",
            "db_url",
            "db_namespace",
            "db_database",
            "db_user",
            "db_password",
            "body_limit",
            "log_format",
            "shutdown_timeout_secs",
            "search_stats_flush_ms",
            "open_data_publisher",
            "open_data_publisher_name",
        ] {
            assert!(text.contains(key), "infra/plaza.example.toml does not mention {key}");
        }
    }

    #[test]
    fn malformed_values_are_refused_with_their_key() {
        let error = Config::load(Path::new("/nonexistent"), &env(&[("PLAZA_LISTEN", "nope")])).unwrap_err();
        assert!(error.to_string().contains("PLAZA_LISTEN"));
        let error = Config::load(Path::new("/nonexistent"), &env(&[("PLAZA_DB_USER", "root")])).unwrap_err();
        assert!(error.to_string().contains("db_user"));
        let error = Config::load(
            Path::new("/nonexistent"),
            &env(&[("PLAZA_OPEN_DATA_PUBLISHER", "L01 280796")]),
        )
        .unwrap_err();
        assert!(error.to_string().contains("open_data_publisher"));
        let config = Config::load(
            Path::new("/nonexistent"),
            &env(&[("PLAZA_OPEN_DATA_PUBLISHER", "L01280796")]),
        )
        .unwrap();
        assert_eq!(config.open_data_publisher.as_deref(), Some("L01280796"));
    }
}
