//! Storage errors, each mapped to one client-visible code.

use plaza_domain::{ErrorCode, ValidationError};

/// What went wrong in storage.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A unique value is taken or a concurrent write won.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input broke a rule only the database can check.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The database refused or failed; the detail is for logs only.
    #[error("database error: {0}")]
    Database(String),
    /// A stored record could not be read back into the domain.
    #[error("corrupt record {record}: {reason}")]
    Corrupt {
        /// The record (table and key).
        record: String,
        /// Why it could not be read.
        reason: String,
    },
}

impl StorageError {
    /// The client-visible code.
    pub fn code(&self) -> ErrorCode {
        match self {
            StorageError::NotFound => ErrorCode::NotFound,
            StorageError::Conflict(_) => ErrorCode::Conflict,
            StorageError::Invalid(_) => ErrorCode::BadUserInput,
            StorageError::Database(_) | StorageError::Corrupt { .. } => ErrorCode::Internal,
        }
    }

    /// Whether retrying the same transaction may succeed.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            StorageError::Database(message) => {
                let lowered = message.to_lowercase();
                lowered.contains("can be retried")
                    || lowered.contains("transaction conflict")
                    || lowered.contains("write conflict")
            }
            _ => false,
        }
    }

    /// Classifies a database error message: unique-index violations are conflicts.
    pub(crate) fn from_database_message(message: &str) -> Self {
        if message.contains("already contains") || message.contains("already exists") {
            StorageError::Conflict(message.to_owned())
        } else {
            StorageError::Database(message.to_owned())
        }
    }
}

impl From<surrealdb::Error> for StorageError {
    fn from(error: surrealdb::Error) -> Self {
        StorageError::from_database_message(&error.to_string())
    }
}
