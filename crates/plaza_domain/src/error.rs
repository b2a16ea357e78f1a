//! The closed table of error codes Plaza reports to clients, and the validation error.
//!
//! Every crate has its own error enum and maps each variant to one `ErrorCode`; only the
//! GraphQL layer turns a code into `extensions.code`. Internal errors never carry their
//! detail to a client: they are logged once where they are converted.

use std::fmt;

/// A stable, client-visible error classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The thing asked for does not exist, or the viewer may not know it exists.
    NotFound,
    /// The operation needs a signed-in viewer or a valid token.
    Unauthenticated,
    /// The viewer is known but not allowed to do this.
    Forbidden,
    /// The input is invalid; the error names the field.
    BadUserInput,
    /// The operation conflicts with the current state (duplicate, stale version).
    Conflict,
    /// Too many requests; retry later.
    RateLimited,
    /// Something failed on our side; no detail is given to the client.
    Internal,
}

impl ErrorCode {
    /// The wire spelling used in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input value was refused. `field` is a dotted path from the input root
/// (`title`, `metrics.0.unit`), so a client can show the message beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// Dotted path of the offending field.
    pub field: String,
    /// A human-readable explanation, in English.
    pub message: String,
}

impl ValidationError {
    /// A validation error on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, nested under `prefix` (`metrics.0` + `unit` = `metrics.0.unit`).
    #[must_use]
    pub fn at(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", self.field)
        };
        Self { field, ..self }
    }

    /// The error code every validation error maps to.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::BadUserInput
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_a_validation_error_builds_a_dotted_path() {
        let error = ValidationError::new("unit", "is required").at("metrics.0");
        assert_eq!(error.field, "metrics.0.unit");
        assert_eq!(error.to_string(), "metrics.0.unit: is required");
    }

    #[test]
    fn every_code_has_a_distinct_wire_spelling() {
        let codes = [
            ErrorCode::NotFound,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::BadUserInput,
            ErrorCode::Conflict,
            ErrorCode::RateLimited,
            ErrorCode::Internal,
        ];
        let spellings: std::collections::HashSet<_> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(spellings.len(), codes.len());
    }
}
