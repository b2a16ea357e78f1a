//! Identity providers, pending logins and sessions in storage.

use super::*;
use plaza_domain::identity::IdentityProviderInput;
use plaza_domain::ids::IdentityProviderId;
use plaza_storage::{PendingLogin, StoredSession};

fn provider_input() -> IdentityProviderInput {
    IdentityProviderInput {
        label: "Cuenta corporativa".into(),
        issuer: "https://login.a.example".into(),
        client_id: "plaza".into(),
        roles_claim: Some("groups".into()),
        role_map: vec![("admins".into(), "agency_admin".into())],
        ..Default::default()
    }
}

#[tokio::test]
async fn identity_providers_round_trip_and_updates_clear_optional_fields() {
    let store = memory_store().await;
    let a = agency(&store, "aa").await;
    let provider = provider_input().validate(IdentityProviderId::generate(), a.id).unwrap();
    store.insert_identity_provider(&provider, "v1.sealed").await.unwrap();
    let stored = store.identity_provider(provider.id).await.unwrap().unwrap();
    assert_eq!(stored.provider, provider);
    assert_eq!(stored.client_secret_sealed, "v1.sealed");
    let cleared = IdentityProviderInput {
        roles_claim: None,
        role_map: vec![],
        ..provider_input()
    }
    .validate(provider.id, a.id)
    .unwrap();
    store.update_identity_provider(&cleared, "v1.other").await.unwrap();
    let stored = store.identity_provider(provider.id).await.unwrap().unwrap();
    assert_eq!(stored.provider, cleared);
    assert_eq!(store.identity_providers(Some(a.id)).await.unwrap().len(), 1);
    assert_eq!(store.agencies_by_email_domain("AA.example").await.unwrap(), vec![a.id]);
    store.remove_identity_provider(provider.id).await.unwrap();
    assert!(store.identity_provider(provider.id).await.unwrap().is_none());
    assert!(matches!(
        store.remove_identity_provider(provider.id).await,
        Err(StorageError::NotFound)
    ));
    // A provider of an agency that does not exist is refused.
    let orphan = provider_input()
        .validate(IdentityProviderId::generate(), plaza_domain::ids::AgencyId::generate())
        .unwrap();
    assert!(store.insert_identity_provider(&orphan, "v1.x").await.is_err());
}

#[tokio::test]
async fn a_pending_login_is_taken_once_and_not_after_expiry() {
    let store = memory_store().await;
    let a = agency(&store, "aa").await;
    // Stored timestamps keep microseconds.
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let login = PendingLogin {
        provider: IdentityProviderId::generate(),
        agency: a.id,
        secrets_sealed: "v1.s".into(),
        return_to: "/".into(),
        expires_at: now + chrono::Duration::minutes(10),
    };
    store.insert_pending_login("h1", &login, now).await.unwrap();
    assert_eq!(store.take_pending_login("h1", now).await.unwrap(), Some(login.clone()));
    assert_eq!(store.take_pending_login("h1", now).await.unwrap(), None);
    store.insert_pending_login("h2", &login, now).await.unwrap();
    let later = now + chrono::Duration::minutes(11);
    assert_eq!(store.take_pending_login("h2", later).await.unwrap(), None);
    store.insert_pending_login("h3", &login, now).await.unwrap();
    assert_eq!(store.purge_expired_logins(later).await.unwrap(), 1);
}

#[tokio::test]
async fn identities_are_unique_per_issuer_and_subject_and_sessions_round_trip() {
    let store = memory_store().await;
    let a = agency(&store, "aa").await;
    let member = Member {
        id: MemberId::generate(),
        email: Email::parse("ana@a.example").unwrap(),
        name: Name::parse("Ana").unwrap(),
        agency: a.id,
        roles: vec![Role::Member],
    };
    store.create_member(&member, None).await.unwrap();
    let provider = IdentityProviderId::generate();
    let now = Utc::now();
    store
        .link_identity("https://i", "sub-1", member.id, provider, now)
        .await
        .unwrap();
    assert_eq!(
        store.identity_member("https://i", "sub-1").await.unwrap(),
        Some(member.id)
    );
    assert_eq!(store.identity_member("https://other", "sub-1").await.unwrap(), None);
    assert!(matches!(
        store
            .link_identity("https://i", "sub-1", member.id, provider, now)
            .await,
        Err(StorageError::Conflict(_))
    ));
    let session = StoredSession {
        hash: "ab".repeat(32),
        member: member.id,
        provider: Some(provider),
        id_token_sealed: None,
        created_at: now,
        last_seen_at: now,
        expires_at: now + chrono::Duration::hours(8),
    };
    store.insert_session(&session).await.unwrap();
    let (found, found_member, _) = store.session(&session.hash).await.unwrap().unwrap();
    assert_eq!(found.member, member.id);
    assert_eq!(found_member.email, member.email);
    assert_eq!(found.expires_at.timestamp(), session.expires_at.timestamp());
    assert!(store.delete_session(&session.hash).await.unwrap().is_some());
    assert!(store.session(&session.hash).await.unwrap().is_none());
}
