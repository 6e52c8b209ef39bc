//! Moderation and governance: the policy engine (`policy`), the gate every new or edited
//! post passes (`gate`), the single publish point (`publish`), members' flags (`flags`),
//! the review queue (`queue`) and resolving its items (`review`), publishing or hiding a
//! post from its topic page (`post_visibility`), sanctions (`sanctions`), policy
//! settings (`policy_settings`) and rules (`policy_rules`), their routes and views.

pub mod flags;
pub mod gate;
pub mod policy;
pub mod policy_rules;
pub mod policy_settings;
pub mod post_visibility;
pub mod publish;
pub mod queue;
pub mod review;
pub mod routes;
pub mod sanctions;
pub mod views;
