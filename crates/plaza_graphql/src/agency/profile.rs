//! A member's profile as the API shows it.

use async_graphql::Object;
use plaza_domain::profile::Profile;

use crate::taxonomy::{IntoTaxon, Taxon};

/// What a member says of themself. Shown to whoever may see the profile.
#[derive(Debug, Clone)]
pub struct ProfileNode {
    pub(crate) profile: Profile,
    pub(crate) is_self: bool,
}

/// A member's profile: their role, what they know, the languages they work in.
#[Object(name = "Profile")]
impl ProfileNode {
    /// The name they chose to be shown with (only to themself, for editing; null when they
    /// kept their identity provider's). `Member.name` is the name to show.
    async fn display_name(&self) -> Option<&str> {
        self.is_self
            .then(|| self.profile.display_name.as_ref().map(|name| name.as_str()))
            .flatten()
    }

    /// Job title or role.
    async fn title(&self) -> Option<&str> {
        self.profile.title.as_deref()
    }

    /// A few paragraphs of plain text.
    async fn bio(&self) -> Option<&str> {
        self.profile.bio.as_deref()
    }

    /// Platforms they know.
    async fn platforms(&self) -> Vec<Taxon> {
        self.profile.platforms.iter().map(|p| p.taxon()).collect()
    }

    /// What they used social media for.
    async fn objectives(&self) -> Vec<Taxon> {
        self.profile.objectives.iter().map(|o| o.taxon()).collect()
    }

    /// Free skills.
    async fn skills(&self) -> &[String] {
        &self.profile.skills
    }

    /// Languages they work in (ISO 639-1 codes).
    async fn languages(&self) -> &[String] {
        &self.profile.languages
    }

    /// Links to their work elsewhere.
    async fn links(&self) -> &[String] {
        &self.profile.links
    }

    /// Who may see the profile: `public`, `network` or `hidden`.
    async fn visibility(&self) -> &str {
        self.profile.visibility.code()
    }

    /// The interface language they chose (only to themself); null follows the browser.
    async fn interface_language(&self) -> Option<&str> {
        self.is_self
            .then_some(self.profile.interface_language.as_deref())
            .flatten()
    }
}
