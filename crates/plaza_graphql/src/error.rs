//! Turning errors into GraphQL errors with `extensions.code`.
//!
//! Policy: every error a resolver returns goes through [`ApiError`]. Client mistakes carry a
//! message and, for bad input, the path of the field (`input.title`). Internal errors are
//! logged here, once, with their detail; the client gets "internal error" and nothing else.

use async_graphql::ErrorExtensions;
use plaza_domain::policy::Denial;
use plaza_domain::{ErrorCode, ValidationError};
use plaza_storage::StorageError;

/// An error on its way to the client. Deliberately not `Display`: async-graphql turns any
/// `Display` error into a client message without a code, so this type converts only through
/// the explicit mapping below.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// Invalid input; `field` is the path from the argument root.
    Invalid(ValidationError),
    /// The policy refused.
    Denied(Denial),
    /// Storage failed or refused.
    Storage(StorageError),
    /// Something of Plaza's own failed outside storage (search, rendering, a service missing
    /// from the schema's data): logged with its detail, "internal error" to the client.
    Internal(String),
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        ApiError::Storage(error)
    }
}

impl ApiError {
    /// An internal failure outside storage, with the detail for the log.
    pub fn internal(detail: impl Into<String>) -> Self {
        ApiError::Internal(detail.into())
    }

    /// Bad input on `field` (a path such as `input.title`).
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid(ValidationError::new(field, message))
    }

    /// A validation error nested under an argument (`input`, `filter`).
    pub fn invalid_at(argument: &str, error: ValidationError) -> Self {
        ApiError::Invalid(error.at(argument))
    }

    /// The client-visible code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Invalid(error) => error.code(),
            ApiError::Denied(denial) => denial.code(),
            ApiError::Storage(error) => error.code(),
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<Denial> for ApiError {
    fn from(denial: Denial) -> Self {
        ApiError::Denied(denial)
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        let (message, field) = match &error {
            ApiError::Invalid(invalid) => (invalid.to_string(), Some(invalid.field.clone())),
            ApiError::Storage(StorageError::Invalid(invalid)) => (invalid.to_string(), Some(invalid.field.clone())),
            ApiError::Storage(StorageError::Conflict(_)) => {
                ("conflict with the current state; reload and try again".to_owned(), None)
            }
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                ("internal error".to_owned(), None)
            }
            ApiError::Storage(storage) if code == ErrorCode::Internal => {
                tracing::error!(error = %storage, "internal error");
                ("internal error".to_owned(), None)
            }
            ApiError::Storage(storage) => (storage.to_string(), None),
            ApiError::Denied(denial) => (denial.to_string(), None),
        };
        async_graphql::Error::new(message).extend_with(|_, extensions| {
            extensions.set("code", code.as_str());
            if let Some(field) = &field {
                extensions.set("field", field.as_str());
            }
        })
    }
}

/// Result type of resolvers.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn extensions_of(error: ApiError) -> (String, serde_json::Value) {
        let graphql: async_graphql::Error = error.into();
        let json = serde_json::to_value(graphql.extensions.unwrap_or_default()).unwrap();
        (graphql.message, json)
    }

    #[test]
    fn bad_input_names_the_field() {
        let (message, extensions) = extensions_of(ApiError::invalid_at(
            "input",
            ValidationError::new("title", "title is required"),
        ));
        assert_eq!(extensions["code"], "BAD_USER_INPUT");
        assert_eq!(extensions["field"], "input.title");
        assert!(message.contains("required"));
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let (message, extensions) = extensions_of(ApiError::Storage(StorageError::Database(
            "secret table xyz exploded".into(),
        )));
        assert_eq!(extensions["code"], "INTERNAL");
        assert_eq!(message, "internal error");
    }

    #[test]
    fn denials_map_to_their_codes() {
        assert_eq!(
            extensions_of(Denial::Unauthenticated.into()).1["code"],
            "UNAUTHENTICATED"
        );
        assert_eq!(extensions_of(Denial::Forbidden.into()).1["code"], "FORBIDDEN");
        assert_eq!(extensions_of(Denial::NotFound.into()).1["code"], "NOT_FOUND");
    }
}
