//! The per-request credential check: a bearer token or the session cookie, resolved through
//! the in-memory cache and, on a miss, the database.

use super::*;

/// How a request authenticated.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The viewer.
    pub viewer: Viewer,
    /// Whether the credential came from the session cookie (CSRF checks apply).
    pub via_cookie: bool,
    /// The credential's digest, for the per-credential rate limit.
    pub digest: Option<Digest>,
    /// Whether the browser holds a session cookie that no longer works (to clear it).
    pub stale_cookie: bool,
}

/// Why a presented credential was refused.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Malformed, unknown, revoked or expired token.
    #[error("the token is invalid, revoked or expired")]
    Invalid,
    /// The store failed.
    #[error("storage: {0}")]
    Storage(#[from] plaza_storage::StorageError),
}

fn viewer_of(member: &Member, groups: Vec<plaza_domain::ids::GroupId>, scope: Scope) -> MemberViewer {
    MemberViewer {
        id: member.id,
        agency: member.agency,
        roles: member.roles.clone(),
        groups,
        scope,
    }
}

/// How long a credential expiring at `at` may still be trusted from `now`.
fn remaining(at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (at - now).to_std().unwrap_or(Duration::ZERO)
}

/// Resolves the request's credential: a bearer token if given (a bad one is an error), else
/// the session cookie (a bad or expired one means anonymous), else anonymous. A cache hit
/// costs a hash and a map lookup; the database is asked only on a miss.
pub async fn resolve(store: &Store, auth: &Auth, headers: &HeaderMap) -> Result<Resolved, CredentialError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let header = value.to_str().map_err(|_| CredentialError::Invalid)?;
        let token = plaza_auth::bearer_token(header).ok_or(CredentialError::Invalid)?;
        let digest = plaza_auth::presented_token_digest(token).map_err(|_| CredentialError::Invalid)?;
        let viewer = match auth.creds.tokens.get(&digest) {
            Some(found) => found.viewer.clone(),
            None => {
                let now = Utc::now();
                let owner = store
                    .token_by_hash(&hex_of(&digest), now)
                    .await?
                    .ok_or(CredentialError::Invalid)?;
                let suspended = owner.member.as_ref().is_some_and(|member| member.is_suspended(now));
                if !owner.token.is_active(now) || suspended {
                    return Err(CredentialError::Invalid);
                }
                let viewer = token_viewer(&owner)?;
                let valid_for = owner.token.expires_at.map_or(CACHE_TTL, |at| remaining(at, now));
                auth.creds
                    .tokens
                    .put(digest, Arc::new(CachedCredential { viewer: viewer.clone() }), valid_for);
                viewer
            }
        };
        // A read_public credential reads exactly what an anonymous visitor reads.
        let viewer = match viewer.scope {
            Scope::ReadPublic => Viewer::Anonymous,
            _ => Viewer::Member(viewer),
        };
        return Ok(Resolved {
            viewer,
            via_cookie: false,
            digest: Some(digest),
            stale_cookie: false,
        });
    }
    let Some(value) = cookie_value(headers, auth.session_cookie()) else {
        return Ok(anonymous(false));
    };
    let Ok(digest) = plaza_auth::presented_session_digest(value) else {
        return Ok(anonymous(true));
    };
    match session_viewer(store, auth, &digest).await? {
        Some(viewer) => Ok(Resolved {
            viewer: Viewer::Member(viewer),
            via_cookie: true,
            digest: Some(digest),
            stale_cookie: false,
        }),
        None => Ok(anonymous(true)),
    }
}

/// Whether the credential of an open WebSocket connection still resolves to a member, without
/// counting the check as the member's activity: a bearer token is resolved as usual; a session
/// is read without being touched, so an idle tab's connection does not keep its session alive.
pub async fn still_signed_in(store: &Store, auth: &Auth, headers: &HeaderMap) -> Result<bool, CredentialError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Ok(resolve(store, auth, headers).await?.viewer.member().is_some());
    }
    let Some(value) = cookie_value(headers, auth.session_cookie()) else {
        return Ok(false);
    };
    let Ok(digest) = plaza_auth::presented_session_digest(value) else {
        return Ok(false);
    };
    if auth.creds.sessions.get(&digest).is_some() {
        return Ok(true);
    }
    let now = Utc::now();
    let Some((session, member, _)) = store.session(&hex_of(&digest)).await? else {
        return Ok(false);
    };
    let idle_until = session.last_seen_at + auth.idle;
    Ok(now < session.expires_at && now < idle_until && !member.is_suspended(now))
}

/// The policy viewer of a token. A service token acts as a member of its agency without a
/// person behind it: no groups, no authorship, no roles, and never more than read.
fn token_viewer(owner: &plaza_storage::TokenOwner) -> Result<MemberViewer, CredentialError> {
    match (owner.token.subject, &owner.member) {
        (plaza_storage::TokenSubject::Member(_), Some(member)) => {
            Ok(viewer_of(member, owner.groups.clone(), owner.token.scope))
        }
        (plaza_storage::TokenSubject::Agency(agency), _) => Ok(MemberViewer {
            // The token's own id stands in for the member: it never authored anything.
            id: MemberId::parse(&owner.token.id.as_string()).map_err(|_| CredentialError::Invalid)?,
            agency,
            roles: vec![Role::Member],
            groups: Vec::new(),
            scope: owner.token.scope.min(Scope::Read),
        }),
        _ => Err(CredentialError::Invalid),
    }
}

fn anonymous(stale_cookie: bool) -> Resolved {
    Resolved {
        viewer: Viewer::Anonymous,
        via_cookie: false,
        digest: None,
        stale_cookie,
    }
}

pub(super) fn hex_of(digest: &Digest) -> String {
    hex::encode(digest)
}

/// The member behind a session, if it is alive; ends it when it has expired. A cached entry
/// never outlives the session's idle or absolute expiry (its deadline is the sooner of the two).
async fn session_viewer(store: &Store, auth: &Auth, digest: &Digest) -> Result<Option<MemberViewer>, CredentialError> {
    if let Some(found) = auth.creds.sessions.get(digest) {
        return Ok(Some(found.viewer.clone()));
    }
    let now = Utc::now();
    let hash = hex_of(digest);
    let Some((session, member, groups)) = store.session(&hash).await? else {
        return Ok(None);
    };
    let idle_until = session.last_seen_at + auth.idle;
    // Suspending ends a member's sessions; one that slipped in meanwhile ends here.
    if now >= session.expires_at || now >= idle_until || member.is_suspended(now) {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    // Activity is written at most once a minute; the idle expiry counts from the last write.
    let idle_until = if now - session.last_seen_at >= TOUCH_GRANULARITY {
        store.touch_session(&hash, now).await?;
        now + auth.idle
    } else {
        idle_until
    };
    let viewer = viewer_of(&member, groups, Scope::Write);
    let valid_for = remaining(session.expires_at.min(idle_until), now);
    auth.creds.sessions.put(
        *digest,
        Arc::new(CachedCredential { viewer: viewer.clone() }),
        valid_for,
    );
    Ok(Some(viewer))
}

pub(super) async fn end_session(
    store: &Store,
    auth: &Auth,
    digest: &Digest,
) -> Result<Option<StoredSession>, CredentialError> {
    let ended = store.delete_session(&hex_of(digest)).await?;
    auth.creds.session_ended(digest);
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with one agency and one member, and the login state over it.
    async fn world() -> (Store, Auth, MemberId) {
        let store = Store::connect(&plaza_storage::StoreConfig::in_memory()).await.unwrap();
        let agency = plaza_domain::agency::AgencyInput {
            slug: "vallverde".into(),
            name: "Vallverde".into(),
            level: "local".into(),
            country: "ES".into(),
            region: None,
            email_domains: vec!["vallverde.example".into()],
        }
        .validate()
        .unwrap();
        store.create_agency(&agency, None).await.unwrap();
        let member = Member {
            id: MemberId::generate(),
            email: Email::parse("ana@vallverde.example").unwrap(),
            name: Name::parse("Ana").unwrap(),
            agency: agency.id,
            roles: vec![Role::Member],
            suspension: None,
            profile: Default::default(),
            erased_at: None,
        };
        store.create_member(&member, None).await.unwrap();
        let seal = Arc::new(SealKey::from_base64(&"A".repeat(43)).unwrap());
        let auth = Auth::new(
            &Config::default(),
            seal,
            Arc::new(Credentials::new(plaza_app::Outbox::default())),
            "http://127.0.0.1:8080".into(),
        );
        (store, auth, member.id)
    }

    #[tokio::test]
    async fn sessions_end_at_their_idle_or_absolute_expiry_and_activity_is_recorded() {
        let (store, auth, member) = world().await;
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        // (last seen, absolute expiry, alive): the default idle expiry is 8 hours.
        let cases = [
            (now - chrono::Duration::minutes(5), now + hour, true),
            (now - hour * 9, now + hour, false),
            (
                now - chrono::Duration::minutes(5),
                now - chrono::Duration::seconds(1),
                false,
            ),
        ];
        for (index, (last_seen, expires_at, alive)) in cases.into_iter().enumerate() {
            let issued = stored_session(&store, member, last_seen, expires_at).await;
            let digest = plaza_auth::presented_session_digest(plaza_auth::reveal(&issued)).unwrap();
            let found = session_viewer(&store, &auth, &digest).await.unwrap();
            assert_eq!(found.map(|viewer| viewer.id), alive.then_some(member), "case {index}");
            let stored = store.session(&issued.hash).await.unwrap();
            if alive {
                // Five minutes without a write: this use is recorded.
                let (stored, _, _) = stored.unwrap();
                assert!(stored.last_seen_at > last_seen, "case {index}");
                // The next check is answered from the cache.
                assert!(auth.creds.sessions.get(&digest).is_some());
            } else {
                assert!(stored.is_none(), "an expired session is deleted (case {index})");
                assert!(auth.creds.sessions.get(&digest).is_none());
            }
        }
    }

    /// A new session of `member`, last seen at `last_seen`, ending at `expires_at`.
    async fn stored_session(
        store: &Store,
        member: MemberId,
        last_seen: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> plaza_auth::IssuedToken {
        let issued = plaza_auth::issue_session_id();
        let session = StoredSession {
            hash: issued.hash.clone(),
            member,
            provider: None,
            id_token_sealed: None,
            created_at: last_seen,
            last_seen_at: last_seen,
            expires_at,
        };
        store.insert_session(&session).await.unwrap();
        issued
    }

    #[tokio::test]
    async fn a_cached_session_is_not_trusted_past_its_absolute_expiry() {
        let (store, auth, member) = world().await;
        let now = Utc::now();
        let issued = stored_session(&store, member, now, now + chrono::Duration::milliseconds(300)).await;
        let digest = plaza_auth::presented_session_digest(plaza_auth::reveal(&issued)).unwrap();
        assert!(session_viewer(&store, &auth, &digest).await.unwrap().is_some());
        assert!(auth.creds.sessions.get(&digest).is_some());
        tokio::time::sleep(Duration::from_millis(300) + 3 * plaza_auth::cache::COARSE_RESOLUTION).await;
        assert!(auth.creds.sessions.get(&digest).is_none());
        assert!(session_viewer(&store, &auth, &digest).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn an_open_connection_checking_its_session_is_not_activity() {
        let (store, auth, member) = world().await;
        let now = Utc::now();
        let last_seen = now - chrono::Duration::minutes(5);
        let issued = stored_session(&store, member, last_seen, now + chrono::Duration::hours(1)).await;
        let mut headers = HeaderMap::new();
        let cookie = format!("{}={}", auth.session_cookie(), plaza_auth::reveal(&issued));
        headers.insert(header::COOKIE, cookie.parse().unwrap());
        assert!(still_signed_in(&store, &auth, &headers).await.unwrap());
        let (stored, _, _) = store.session(&issued.hash).await.unwrap().unwrap();
        assert_eq!(stored.last_seen_at.timestamp(), last_seen.timestamp(), "not touched");
        store.delete_session(&issued.hash).await.unwrap();
        assert!(
            !still_signed_in(&store, &auth, &headers).await.unwrap(),
            "an ended session"
        );
        assert!(
            !still_signed_in(&store, &auth, &HeaderMap::new()).await.unwrap(),
            "no credential"
        );
    }
}
