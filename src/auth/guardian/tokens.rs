//! The guardian's API token decisions: the scopes a request may use, the sub-communities
//! a token reaches, who manages tokens. A child of `guardian`, so it is the same guardian
//! with the same private state.

use super::Guardian;
use crate::db::{ApiTokenKind, CommunityId, Scope};
use crate::error::AppError;

/// The scopes an anonymous API caller (no `Authorization` header) may use: the public
/// reads. What they then see is what a signed-out visitor sees.
const ANONYMOUS_API_SCOPES: &[Scope] = &[Scope::TopicsRead, Scope::UsersRead];

impl Guardian<'_> {
    pub(super) fn grant(&self) -> Option<&crate::auth::viewer::TokenGrant> {
        self.viewer.and_then(|a| a.grant.as_ref())
    }

    /// Whether the request may use `scope`: always for a session (the HTML pages); for a
    /// token only when it carries the scope (deny by default); for an anonymous API call
    /// only the public reads.
    pub fn has_scope(&self, scope: Scope) -> bool {
        match self.grant() {
            Some(g) => g.scopes.contains(&scope),
            None if self.api && !self.is_signed_in() => ANONYMOUS_API_SCOPES.contains(&scope),
            None => true,
        }
    }

    /// Every `/api/v1` route asks first: 401 (sign in) for an anonymous caller, 403 for a
    /// token without `scope`.
    pub fn ensure_scope(&self, scope: Scope) -> Result<(), AppError> {
        if self.has_scope(scope) {
            Ok(())
        } else if self.is_signed_in() {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::SignInRequired)
        }
    }

    /// Whether a token limited to some sub-communities reaches `c` (always without one).
    pub fn token_reaches(&self, c: &CommunityId) -> bool {
        self.grant()
            .is_none_or(|g| g.communities.is_empty() || g.communities.contains(c))
    }

    /// The sub-communities a token is limited to, for SQL filters over rows that carry a
    /// sub-community (`None`: not limited). Lists of sub-communities go through
    /// [`Self::visible_communities`] instead.
    pub fn token_limit(&self) -> Option<&[CommunityId]> {
        self.grant()
            .map(|g| g.communities.as_slice())
            .filter(|c| !c.is_empty())
    }

    /// Whether the request may act as the brand in `c` as far as its token goes: a
    /// service token only in the sub-communities it is explicitly limited to (an
    /// integration answering officially is confined to where it was set up for).
    pub(super) fn token_may_act_as_brand(&self, c: &CommunityId) -> bool {
        self.grant()
            .is_none_or(|g| g.kind != ApiTokenKind::Service || g.communities.contains(c))
    }

    /// Personal API tokens: signed-in members with a confirmed address (a token acts as
    /// its owner, so what it may do is still decided here, request by request).
    pub fn can_manage_own_tokens(&self) -> bool {
        self.user().is_some_and(|u| u.email_confirmed_at.is_some())
    }

    /// Personal tokens for oneself; service tokens (integrations acting for the site) by
    /// admins only.
    pub fn can_create_token(&self, kind: ApiTokenKind) -> bool {
        match kind {
            ApiTokenKind::Personal => self.can_manage_own_tokens(),
            ApiTokenKind::Service => self.can_manage_all_tokens(),
            // Minted only by the embed sign-in (`embed::session`), never on a form.
            ApiTokenKind::Embed => false,
        }
    }

    /// Every member's tokens, listed and revoked at `/admin/tokens`.
    pub fn can_manage_all_tokens(&self) -> bool {
        self.is_admin() && self.can_manage_own_tokens()
    }
}
