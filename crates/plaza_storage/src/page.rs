//! Cursor pagination: newest first, by ULID key.

/// Which slice of a list to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items at most (already clamped by the caller).
    pub first: usize,
    /// Return items strictly after this key (the last key of the previous page).
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
}
