//! `surreal`: SurrealDB's own command line and server (`surreal start --bind … surrealkv://DIR`),
//! with the community storage engines this build enables.
// An optimised build computes the layout of the server's deepest async functions past the
// compiler's default query depth (128), so the limit is raised.
#![recursion_limit = "256"]

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
