//! People: members' profiles, edited by each member, and the expertise directory that finds
//! them. Decodes the input, calls the application (`plaza_app::directory`) and wraps.

use async_graphql::{Context, ID, InputObject, Object};
use plaza_domain::ids::GroupId;
use plaza_domain::policy;
use plaza_domain::profile::ProfileInput as DomainProfileInput;
use plaza_domain::taxonomy::{Level, Objective, Platform};
use plaza_domain::text::Country;
use plaza_storage::{AgencyFilter, DirectoryFilter, Page, PageRequest};

use crate::agency::MemberNode;
use crate::connection::{connection, connection_complexity, page_of_ranked, page_request};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};

connection!(MemberConnection, MemberEdge, MemberNode, "members");

/// Most agencies a level or country filter narrows the directory to.
const FILTER_AGENCIES_MAX: usize = 5000;

/// A profile to save (the whole profile: omitted fields are cleared).
#[derive(Debug, Clone, InputObject)]
pub struct ProfileInput {
    /// The name to be shown with; empty or omitted keeps the identity provider's.
    pub display_name: Option<String>,
    /// Job title or role (at most 120 characters).
    pub title: Option<String>,
    /// Plain text, at most 2000 characters.
    pub bio: Option<String>,
    /// Platform codes (the `platforms` taxonomy).
    pub platforms: Option<Vec<String>>,
    /// Objective codes (the `objectives` taxonomy).
    pub objectives: Option<Vec<String>>,
    /// Free skills (at most 20, 60 characters each).
    pub skills: Option<Vec<String>>,
    /// Language codes: es, ca, gl, eu, pt, en, fr, it, de.
    pub languages: Option<Vec<String>>,
    /// http(s) links (at most 5).
    pub links: Option<Vec<String>>,
    /// `public`, `network` (default) or `hidden`.
    pub visibility: Option<String>,
    /// es, en, ca or pt; omitted follows the browser.
    pub interface_language: Option<String>,
}

impl ProfileInput {
    fn to_domain(&self) -> DomainProfileInput {
        DomainProfileInput {
            display_name: self.display_name.clone(),
            title: self.title.clone(),
            bio: self.bio.clone(),
            platforms: self.platforms.clone().unwrap_or_default(),
            objectives: self.objectives.clone().unwrap_or_default(),
            skills: self.skills.clone().unwrap_or_default(),
            languages: self.languages.clone().unwrap_or_default(),
            links: self.links.clone().unwrap_or_default(),
            visibility: self.visibility.clone(),
            interface_language: self.interface_language.clone(),
        }
    }
}

/// Narrows the directory; every filter given must hold.
#[derive(Debug, Clone, Default, InputObject)]
pub struct DirectoryFilterInput {
    /// An agency's slug.
    pub agency: Option<String>,
    /// Level of government code of their agency.
    pub level: Option<String>,
    /// ISO 3166-1 country code of their agency.
    pub country: Option<String>,
    /// A platform code they know.
    pub platform: Option<String>,
    /// An objective code they worked towards.
    pub objective: Option<String>,
    /// A language code they work in.
    pub language: Option<String>,
    /// A group's global id (only groups the viewer belongs to narrow anything: others give
    /// an empty list, as their members are not shown to outsiders).
    pub group: Option<ID>,
}

impl DirectoryFilterInput {
    async fn parse(&self, ctx: &Context<'_>) -> ApiResult<Option<DirectoryFilter>> {
        fn at(field: &'static str) -> impl Fn(plaza_domain::ValidationError) -> ApiError {
            move |e| ApiError::invalid_at(&format!("filter.{field}"), e)
        }
        let level = self
            .level
            .as_deref()
            .map(Level::parse)
            .transpose()
            .map_err(at("level"))?;
        let country = self
            .country
            .as_deref()
            .map(Country::parse)
            .transpose()
            .map_err(at("country"))?;
        let store = context::store(ctx)?;
        let mut agencies = None;
        if let Some(slug) = &self.agency {
            let Some(agency) = store.agency_by_slug(slug.trim()).await? else {
                return Ok(None);
            };
            let level_ok = level.is_none_or(|level| agency.level == level);
            let country_ok = country.as_ref().is_none_or(|country| &agency.country == country);
            if !level_ok || !country_ok {
                return Ok(None);
            }
            agencies = Some(vec![agency.id]);
        } else if level.is_some() || country.is_some() {
            let page = PageRequest {
                first: FILTER_AGENCIES_MAX,
                after: None,
            };
            let found = store.list_agencies(&AgencyFilter { level, country }, &page).await?;
            agencies = Some(found.items.iter().map(|agency| agency.id).collect());
        }
        let group = match &self.group {
            Some(id) => {
                let group: GroupId = decode_as(id, NodeKind::Group, "filter.group")?;
                let belongs = context::viewer(ctx).member().is_some_and(|m| m.groups.contains(&group));
                if !belongs {
                    return Ok(None);
                }
                Some(group)
            }
            None => None,
        };
        let language = match self.language.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => {
                let code = code.to_ascii_lowercase();
                if !plaza_domain::profile::SPOKEN_LANGUAGES.contains(&code.as_str()) {
                    return Err(ApiError::invalid("filter.language", "unknown language code"));
                }
                Some(code)
            }
            _ => None,
        };
        Ok(Some(DirectoryFilter {
            agencies,
            platform: self
                .platform
                .as_deref()
                .map(Platform::parse)
                .transpose()
                .map_err(at("platform"))?,
            objective: self
                .objective
                .as_deref()
                .map(Objective::parse)
                .transpose()
                .map_err(at("objective"))?,
            language,
            group,
            public_only: false,
        }))
    }
}

/// Directory queries.
#[derive(Debug, Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// The expertise directory: members whose profile the viewer may see (public profiles for
    /// anonymous viewers), matching `query` against names, titles, expertise, agencies,
    /// biographies and languages (accents and case ignored, prefixes and one typo allowed),
    /// best first, then by activity. Never e-mail addresses; never suspended members.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn directory(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for (at most 200 characters); empty lists everyone.")] query: Option<String>,
        #[graphql(desc = "Narrows the list.")] filter: Option<DirectoryFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last member of the previous page.")] after: Option<String>,
    ) -> ApiResult<MemberConnection> {
        let question = plaza_domain::directory::question(query).map_err(ApiError::Invalid)?;
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let Some(filter) = filter.unwrap_or_default().parse(ctx).await? else {
            return Ok(MemberConnection::from_page(empty(), had_after, key, MemberNode));
        };
        let viewer = context::viewer(ctx);
        let found = plaza_app::directory::find(context::store(ctx)?, viewer, &question, filter).await?;
        let members: Vec<_> = found.into_iter().map(|found| found.member).collect();
        let page = page_of_ranked(members, &page, key);
        Ok(MemberConnection::from_page(page, had_after, key, MemberNode))
    }
}

fn key(member: &plaza_domain::member::Member) -> String {
    member.id.as_string()
}

fn empty() -> Page<plaza_domain::member::Member> {
    Page {
        items: Vec::new(),
        total_count: 0,
        has_next_page: false,
    }
}

/// Profile mutations.
#[derive(Debug, Default)]
pub struct PeopleMutation;

#[Object]
impl PeopleMutation {
    /// Saves the viewer's own profile (the whole of it) and returns them.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The profile.")] input: ProfileInput,
    ) -> ApiResult<MemberNode> {
        let viewer = context::writer(ctx)?;
        let profile = input
            .to_domain()
            .validate()
            .map_err(|error| ApiError::invalid_at("input", error))?;
        let store = context::store(ctx)?;
        store.set_profile(viewer.id, &profile).await?;
        let (member, _) = store
            .member(viewer.id)
            .await?
            .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
        Ok(MemberNode(member))
    }
}
