//! Black-box tests: the real `plaza` binary, a real embedded database on disk, HTTP from outside.
// Test helpers fail tests by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod api_contract;
mod attachments;
mod backup;
mod cli;
mod cluster;
mod collaboration;
mod content_lifecycle;
mod crash;
mod erasure;
mod evidence;
mod feeds;
mod hostile;
mod legal;
mod limits;
mod login;
mod matrix;
mod moderation_content;
mod object_storage;
mod observability;
mod open_data;
mod people;
mod persisted;
mod privacy;
mod search;
mod search_analytics;
mod tokens;
mod visibility;
mod web;
mod webhooks;
