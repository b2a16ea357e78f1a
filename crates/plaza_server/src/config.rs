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
    db_url: Option<String>,
    db_namespace: Option<String>,
    db_database: Option<String>,
    db_user: Option<String>,
    db_password: Option<String>,
    body_limit: Option<usize>,
    log_format: Option<String>,
    shutdown_timeout_secs: Option<u64>,
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
        self.db_url = file.db_url.or(self.db_url.take());
        self.db_namespace = file.db_namespace.unwrap_or(std::mem::take(&mut self.db_namespace));
        self.db_database = file.db_database.unwrap_or(std::mem::take(&mut self.db_database));
        self.db_user = file.db_user.or(self.db_user.take());
        self.db_password = file.db_password.or(self.db_password.take());
        self.body_limit = file.body_limit.unwrap_or(self.body_limit);
        self.log_format = file.log_format.unwrap_or(std::mem::take(&mut self.log_format));
        self.shutdown_timeout_secs = file.shutdown_timeout_secs.unwrap_or(self.shutdown_timeout_secs);
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
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.log_format.as_str(), "json" | "pretty") {
            return Err(invalid("log_format", "use json or pretty"));
        }
        if !(1024..=64 * 1024 * 1024).contains(&self.body_limit) {
            return Err(invalid("body_limit", "between 1 KiB and 64 MiB"));
        }
        if self.db_user.is_some() != self.db_password.is_some() {
            return Err(invalid(
                "db_user",
                "give both the database user and password, or neither",
            ));
        }
        Ok(())
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
    }
}
