//! The demo network shipped with the binary (`demo/`, built from public-sector texts; see
//! `demo/ATTRIBUTION.md`): agencies, members and content (`demo.jsonl`, through the importer),
//! then groups, discussions and questions (`collaboration.json`, built by
//! `infra/demo/build_collaboration.py` from Decide Madrid threads).

use chrono::Utc;
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::discussion::DiscussionKind;
use plaza_domain::group::{GroupInput, GroupRole, Membership, MembershipStatus};
use plaza_domain::ids::{DiscussionId, ReplyId};
use plaza_domain::markdown::Markdown;
use plaza_domain::member::Member;
use plaza_domain::text::Email;
use plaza_storage::{Store, StoredDiscussion, StoredReply};

use crate::import::{ImportReport, import_jsonl};

/// The demo records, in import order (agencies, members, then content).
const DEMO: &str = include_str!("../demo/demo.jsonl");
/// Groups and threads of the demo network.
const COLLABORATION: &str = include_str!("../demo/collaboration.json");
/// What the demo members say of themselves (written for the demo; see `demo/ATTRIBUTION.md`).
const PROFILES: &str = include_str!("../demo/profiles.json");

#[derive(Debug, serde::Deserialize)]
struct DemoProfile {
    email: String,
    #[serde(flatten)]
    input: DemoProfileInput,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct DemoProfileInput {
    title: Option<String>,
    bio: Option<String>,
    platforms: Vec<String>,
    objectives: Vec<String>,
    skills: Vec<String>,
    languages: Vec<String>,
    visibility: Option<String>,
}

impl DemoProfileInput {
    fn validate(&self) -> Result<plaza_domain::profile::Profile, String> {
        plaza_domain::profile::ProfileInput {
            title: self.title.clone(),
            bio: self.bio.clone(),
            platforms: self.platforms.clone(),
            objectives: self.objectives.clone(),
            skills: self.skills.clone(),
            languages: self.languages.clone(),
            visibility: self.visibility.clone(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| format!("{}: {}", e.field, e.message))
    }
}

/// Gives the demo members their profiles, leaving alone any profile already filled in (a
/// member's own edits survive a restart with `--demo`) and members erased since; returns how
/// many it wrote.
pub async fn seed_profiles(store: &Store) -> Result<usize, String> {
    let profiles: Vec<DemoProfile> = serde_json::from_str(PROFILES).map_err(|e| format!("profiles.json: {e}"))?;
    let mut written = 0;
    for demo in &profiles {
        let profile = demo
            .input
            .validate()
            .map_err(|e| format!("demo profile {}: {e}", demo.email))?;
        // A demo member erased meanwhile (their address is gone) keeps no profile.
        let Ok(existing) = member(store, &demo.email).await else {
            continue;
        };
        if existing.profile != plaza_domain::profile::Profile::default() {
            continue;
        }
        store
            .set_profile(existing.id, &profile)
            .await
            .map_err(|e| e.to_string())?;
        written += 1;
    }
    Ok(written)
}

/// Loads the demo network; idempotent.
pub async fn seed(store: &Store) -> ImportReport {
    import_jsonl(store, DEMO, |_| {}).await
}

#[derive(Debug, serde::Deserialize)]
struct DemoGroup {
    slug: String,
    name: String,
    description: String,
    join_policy: String,
    listing: String,
    owner: String,
    members: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoReply {
    author: String,
    body: String,
    #[serde(default)]
    replies: Vec<DemoReply>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoThread {
    kind: String,
    title: String,
    body: String,
    author: String,
    group: Option<String>,
    replies: Vec<DemoReply>,
    accepted: Option<usize>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoCollaboration {
    groups: Vec<DemoGroup>,
    threads: Vec<DemoThread>,
}

async fn member(store: &Store, email: &str) -> Result<Member, String> {
    let email = Email::parse(email).map_err(|e| format!("demo e-mail {email}: {}", e.message))?;
    store
        .member_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
        .map(|(member, _)| member)
        .ok_or_else(|| format!("demo member {email} is missing"))
}

async fn reply(
    store: &Store,
    discussion: DiscussionId,
    parent: Option<ReplyId>,
    demo: &DemoReply,
) -> Result<ReplyId, String> {
    let author = member(store, &demo.author).await?;
    let body = Markdown::parse(&demo.body).map_err(|e| format!("demo reply: {}", e.message))?;
    let stored = StoredReply {
        id: ReplyId::generate(),
        discussion,
        parent,
        author: author.id,
        body: body.source.as_str().to_owned(),
        body_html: body.html,
        mentions: Vec::new(),
        created_at: Utc::now(),
        hidden_reason: None,
    };
    store.insert_reply(&stored).await.map_err(|e| e.to_string())?;
    Ok(stored.id)
}

/// Loads the demo groups and threads once (skipped when the first group exists); returns how
/// many threads it created.
pub async fn seed_collaboration(store: &Store) -> Result<usize, String> {
    let demo: DemoCollaboration =
        serde_json::from_str(COLLABORATION).map_err(|e| format!("collaboration.json: {e}"))?;
    let Some(first) = demo.groups.first() else {
        return Ok(0);
    };
    if store
        .group_by_slug(&first.slug)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(0);
    }
    let mut groups = std::collections::HashMap::new();
    for group in &demo.groups {
        let owner = member(store, &group.owner).await?;
        let created = GroupInput {
            slug: group.slug.clone(),
            name: group.name.clone(),
            description: Some(group.description.clone()),
            join_policy: Some(group.join_policy.clone()),
            listing: Some(group.listing.clone()),
        }
        .validate(owner.id)
        .map_err(|e| format!("demo group {}: {}", group.slug, e.message))?;
        store.create_group(&created).await.map_err(|e| e.to_string())?;
        for email in &group.members {
            let joined = member(store, email).await?;
            let membership = Membership {
                group: created.id,
                member: joined.id,
                role: GroupRole::Member,
                status: MembershipStatus::Active,
            };
            store.set_membership(&membership).await.map_err(|e| e.to_string())?;
        }
        groups.insert(group.slug.clone(), created.id);
    }
    for thread in &demo.threads {
        let author = member(store, &thread.author).await?;
        let body = Markdown::parse(&thread.body).map_err(|e| format!("demo thread: {}", e.message))?;
        let visibility = match &thread.group {
            Some(slug) => Visibility::Group(
                *groups
                    .get(slug)
                    .ok_or_else(|| format!("demo thread in unknown group {slug}"))?,
            ),
            None => Visibility::Network,
        };
        let now = Utc::now();
        let discussion = StoredDiscussion {
            id: DiscussionId::generate(),
            kind: DiscussionKind::parse(&thread.kind).map_err(|e| e.message)?,
            title: thread.title.clone(),
            body: body.source.as_str().to_owned(),
            body_html: body.html,
            mentions: Vec::new(),
            audience: Audience {
                agency: author.agency,
                visibility,
                status: PublicationStatus::Published,
                authors: vec![author.id],
            },
            subject: None,
            accepted_reply: None,
            reply_count: 0,
            created_at: now,
            last_activity_at: now,
            hidden_reason: None,
        };
        store.insert_discussion(&discussion).await.map_err(|e| e.to_string())?;
        let mut top = Vec::new();
        for demo_reply in &thread.replies {
            let id = reply(store, discussion.id, None, demo_reply).await?;
            for child in &demo_reply.replies {
                reply(store, discussion.id, Some(id), child).await?;
            }
            top.push(id);
        }
        if let Some(accepted) = thread.accepted.and_then(|index| top.get(index)) {
            store
                .accept_reply(discussion.id, *accepted)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(demo.threads.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_profiles_are_valid() {
        let profiles: Vec<DemoProfile> = serde_json::from_str(PROFILES).unwrap();
        assert!(profiles.len() >= 8);
        for demo in &profiles {
            assert!(demo.input.validate().is_ok(), "{}", demo.email);
        }
    }

    #[test]
    fn the_collaboration_demo_parses_and_renders() {
        let demo: DemoCollaboration = serde_json::from_str(COLLABORATION).unwrap();
        assert!(demo.groups.len() >= 2);
        assert!(
            demo.threads
                .iter()
                .any(|thread| thread.kind == "question" && thread.accepted.is_some())
        );
        for thread in &demo.threads {
            assert!(Markdown::parse(&thread.body).is_ok(), "{}", thread.title);
            for reply in &thread.replies {
                assert!(Markdown::parse(&reply.body).is_ok(), "{}", reply.body);
            }
        }
    }
}
