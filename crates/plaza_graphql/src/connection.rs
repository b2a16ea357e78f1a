//! Relay cursor connections: `first`/`after` with a maximum page size, `pageInfo`, `totalCount`.

use async_graphql::SimpleObject;
use plaza_storage::{Page, PageRequest};

use crate::error::ApiError;
use crate::ids;

/// Items per page when `first` is omitted.
pub const DEFAULT_PAGE_SIZE: i32 = 20;
/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: i32 = 100;

/// Checks `first` and `after` and turns them into a storage page request.
pub fn page_request(first: Option<i32>, after: Option<String>) -> Result<PageRequest, ApiError> {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(0..=MAX_PAGE_SIZE).contains(&first) {
        return Err(ApiError::invalid(
            "first",
            format!("must be between 0 and {MAX_PAGE_SIZE}"),
        ));
    }
    let after = after.as_deref().map(ids::decode_cursor).transpose()?;
    Ok(PageRequest {
        first: usize::try_from(first).unwrap_or_default(),
        after,
    })
}

/// The page `page` asks for of a list ranked in memory, `after` being an item's key.
pub fn page_of_ranked<T>(items: Vec<T>, page: &PageRequest, key: impl Fn(&T) -> String) -> Page<T> {
    let total_count = items.len() as u64;
    let start = match &page.after {
        Some(after) => items
            .iter()
            .position(|item| &key(item) == after)
            .map_or(items.len(), |index| index + 1),
        None => 0,
    };
    let mut items: Vec<T> = items.into_iter().skip(start).take(page.first + 1).collect();
    let has_next_page = items.len() > page.first;
    items.truncate(page.first);
    Page {
        items,
        total_count,
        has_next_page,
    }
}

/// The complexity of a connection field: its page size times what each node costs.
pub fn connection_complexity(child_complexity: usize, first: Option<i32>) -> usize {
    let page = first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE);
    usize::try_from(page)
        .unwrap_or_default()
        .saturating_mul(child_complexity)
        .saturating_add(2)
}

/// Where a page sits in its list.
#[derive(Debug, Clone, SimpleObject)]
pub struct PageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page (true when `after` was given).
    pub has_previous_page: bool,
    /// Cursor of the first item of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Declares `<Name>Connection` and `<Name>Edge` for a node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $what:literal) => {
        #[doc = concat!("A page of ", $what, ".")]
        #[derive(Debug, Clone, async_graphql::SimpleObject)]
        pub struct $connection {
            #[doc = concat!("The ", $what, " of this page, with their cursors.")]
            pub edges: Vec<$edge>,
            #[doc = concat!("The ", $what, " of this page.")]
            pub nodes: Vec<$node>,
            /// Where this page sits in the list.
            pub page_info: $crate::connection::PageInfo,
            #[doc = concat!("How many ", $what, " the whole list has (all pages, only what the viewer may read).")]
            pub total_count: u64,
        }

        #[doc = concat!("One of ", $what, " in a page.")]
        #[derive(Debug, Clone, async_graphql::SimpleObject)]
        pub struct $edge {
            /// Opaque position of this item in the list.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        impl $connection {
            /// Builds the connection from a storage page, given each item's key.
            pub fn from_page<T>(
                page: plaza_storage::Page<T>,
                had_after: bool,
                key: impl Fn(&T) -> String,
                node: impl Fn(T) -> $node,
            ) -> Self {
                let (page_info, keyed) = $crate::connection::split(page, had_after, key);
                let edges: Vec<$edge> = keyed
                    .into_iter()
                    .map(|(cursor, item)| $edge {
                        cursor,
                        node: node(item),
                    })
                    .collect();
                let nodes = edges.iter().map(|edge| edge.node.clone()).collect();
                Self {
                    edges,
                    nodes,
                    page_info: page_info.0,
                    total_count: page_info.1,
                }
            }
        }
    };
}
pub(crate) use connection;

/// Splits a page into its page info and (cursor, item) pairs.
pub fn split<T>(page: Page<T>, had_after: bool, key: impl Fn(&T) -> String) -> ((PageInfo, u64), Vec<(String, T)>) {
    let keyed: Vec<(String, T)> = page
        .items
        .into_iter()
        .map(|item| (ids::cursor(&key(&item)), item))
        .collect();
    let info = PageInfo {
        has_next_page: page.has_next_page,
        has_previous_page: had_after,
        start_cursor: keyed.first().map(|(cursor, _)| cursor.clone()),
        end_cursor: keyed.last().map(|(cursor, _)| cursor.clone()),
    };
    ((info, page.total_count), keyed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_outside_the_limit_are_refused() {
        assert!(page_request(Some(100_000), None).is_err());
        assert!(page_request(Some(-1), None).is_err());
        assert_eq!(page_request(None, None).unwrap().first, 20);
        assert_eq!(page_request(Some(100), None).unwrap().first, 100);
    }

    #[test]
    fn ranked_lists_page_after_a_key() {
        let request = |after: Option<&str>| PageRequest {
            first: 2,
            after: after.map(str::to_owned),
        };
        let letters = || vec!["a", "b", "c", "d", "e"];
        let first = page_of_ranked(letters(), &request(None), |s| (*s).to_owned());
        assert_eq!(
            (first.items, first.total_count, first.has_next_page),
            (vec!["a", "b"], 5, true)
        );
        let last = page_of_ranked(letters(), &request(Some("c")), |s| (*s).to_owned());
        assert_eq!((last.items, last.has_next_page), (vec!["d", "e"], false));
        let gone = page_of_ranked(letters(), &request(Some("z")), |s| (*s).to_owned());
        assert!(gone.items.is_empty());
    }

    #[test]
    fn complexity_grows_with_the_page_but_never_overflows() {
        assert_eq!(connection_complexity(3, Some(10)), 32);
        assert_eq!(connection_complexity(usize::MAX, Some(100)), usize::MAX);
    }
}
