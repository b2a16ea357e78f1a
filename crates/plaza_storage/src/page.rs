//! Cursor pagination: newest first, by ULID key.

use chrono::{DateTime, Utc};

use crate::error::StorageError;

/// The position of a content item in a newest-first list: its creation time and key. Used as
/// the `after` of the next page.
pub fn position(created_at: DateTime<Utc>, key: &str) -> String {
    format!("{}.{key}", created_at.timestamp_micros())
}

/// Reads a position back; anything else is bad input on `after`.
pub(crate) fn parse_position(raw: &str) -> Result<(DateTime<Utc>, String), StorageError> {
    let invalid = || {
        StorageError::Invalid(plaza_domain::ValidationError::new(
            "after",
            "is not a cursor from this list",
        ))
    };
    let (micros, key) = raw.split_once('.').ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let at = DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?;
    ulid::Ulid::from_string(key).map_err(|_| invalid())?;
    Ok((at, key.to_owned()))
}

/// Which slice of a list to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items at most (already clamped by the caller).
    pub first: usize,
    /// Return items strictly after this position (see [`position`]; agencies use their key).
    pub after: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items, newest first.
    pub items: Vec<T>,
    /// How many items the whole (filtered, visible) list has.
    pub total_count: u64,
    /// Whether more items follow this page.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Applies `f` to every item.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            total_count: self.total_count,
            has_next_page: self.has_next_page,
        })
    }

    /// [`Page::try_map`] on the blocking pool: turning a page of stored rows into domain values
    /// checks every character of their text, CPU work proportional to the page's size (100
    /// items of 100 KB each is 10 MB) that must not hold an async worker.
    pub(crate) async fn decode_off_worker<U>(
        self,
        decode: fn(T) -> Result<U, StorageError>,
    ) -> Result<Page<U>, StorageError>
    where
        T: Send + 'static,
        U: Send + 'static,
    {
        crate::render::off_worker(move || self.try_map(decode)).await?
    }
}
