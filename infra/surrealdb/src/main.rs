//! `surreal`: SurrealDB's own command line and server (`surreal start --bind … surrealkv://DIR`),
//! with the community storage engines this build enables.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
