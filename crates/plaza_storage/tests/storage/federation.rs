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
        suspension: None,
        profile: Default::default(),
        erased_at: None,
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

#[tokio::test]
async fn suspending_ends_sessions_revokes_tokens_and_audits_in_one_transaction() {
    use plaza_domain::member::Suspension;
    use plaza_storage::{AuditEntry, AuditTarget, StoredToken, TokenSubject};

    let store = memory_store().await;
    let a = agency(&store, "aa").await;
    let ana = member(&store, &a, "Ana", vec![Role::Member]).await;
    let admin = member(&store, &a, "Root", vec![Role::NetworkAdmin]).await;
    // Stored timestamps keep microseconds.
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let session = |hash: &str, who: MemberId| StoredSession {
        hash: hash.repeat(32),
        member: who,
        provider: None,
        id_token_sealed: None,
        created_at: now,
        last_seen_at: now,
        expires_at: now + chrono::Duration::hours(8),
    };
    store.insert_session(&session("a1", ana.id)).await.unwrap();
    store.insert_session(&session("b2", admin.id)).await.unwrap();
    let token = |hash: &str, who: MemberId| StoredToken {
        id: plaza_domain::ids::ApiTokenId::generate(),
        hash: hash.repeat(32),
        subject: TokenSubject::Member(who),
        scope: plaza_domain::policy::Scope::Write,
        label: "t".into(),
        created_at: now,
        expires_at: None,
        revoked_at: None,
        last_used_at: None,
    };
    let (anas, admins) = (token("c3", ana.id), token("d4", admin.id));
    store.insert_token(&anas).await.unwrap();
    store.insert_token(&admins).await.unwrap();

    let until = now + chrono::Duration::days(7);
    let suspension = Suspension::new("spam", Some(until), admin.id, now).unwrap();
    let entry = AuditEntry {
        actor: admin.id,
        action: "suspend".into(),
        target: AuditTarget::Member(ana.id),
        agency: a.id,
        group: None,
        reason: "spam".into(),
        at: now,
    };
    store.suspend_member(ana.id, &suspension, &entry).await.unwrap();

    let (stored, _) = store.member(ana.id).await.unwrap().unwrap();
    let kept = stored.suspension.clone().expect("suspension stored");
    assert_eq!((kept.reason.as_str(), kept.by), ("spam", admin.id));
    assert_eq!(kept.until.map(|at| at.timestamp()), Some(until.timestamp()));
    assert!(stored.is_suspended(now) && !stored.is_suspended(until));
    // Ana's session and token are gone; the admin's are untouched.
    assert!(store.session(&"a1".repeat(32)).await.unwrap().is_none());
    assert!(store.session(&"b2".repeat(32)).await.unwrap().is_some());
    assert!(!store.token(anas.id).await.unwrap().unwrap().is_active(now));
    assert!(store.token(admins.id).await.unwrap().unwrap().is_active(now));
    let log = store.audit_entries(10).await.unwrap();
    assert_eq!(log, vec![entry.clone()]);

    let reinstated = AuditEntry {
        action: "reinstate".into(),
        at: now + chrono::Duration::seconds(1),
        ..entry
    };
    store.reinstate_member(ana.id, &reinstated).await.unwrap();
    let (stored, _) = store.member(ana.id).await.unwrap().unwrap();
    assert_eq!(stored.suspension, None);
    assert!(
        !store.token(anas.id).await.unwrap().unwrap().is_active(now),
        "revoked stays revoked"
    );
    assert_eq!(store.audit_entries(10).await.unwrap()[0].action, "reinstate");
}
