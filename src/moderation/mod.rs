//! Moderation and governance: the policy engine (`policy`), the gate every new or edited
//! post passes (`gate`), the single publish point (`publish`), flags, the review queue,
//! sanctions and policy settings (`service`), their routes and views.

pub mod gate;
pub mod policy;
pub mod publish;
pub mod routes;
pub mod service;
pub mod views;
