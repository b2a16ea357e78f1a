//! Black-box tests: the real `plaza` binary, a real embedded database on disk, HTTP from outside.

mod api_contract;
mod cli;
mod content_lifecycle;
mod limits;
mod visibility;
