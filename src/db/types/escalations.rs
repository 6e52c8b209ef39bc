//! Issue 20: product teams and escalations.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

typed_id!(TeamId, EscalationId, EscalationChangeId);

text_enum!(
    /// Where an escalation stands. `Open` and `InProgress` are open (a team's queue shows
    /// them first); `Resolved` and `Declined` close it.
    EscalationStatus {
        Open => "open",
        InProgress => "in_progress",
        Resolved => "resolved",
        Declined => "declined",
    }
);

impl EscalationStatus {
    pub fn is_open(self) -> bool {
        matches!(self, EscalationStatus::Open | EscalationStatus::InProgress)
    }

    /// The status as the banner and the queue name it.
    pub fn label(self) -> &'static str {
        match self {
            EscalationStatus::Open => "Open",
            EscalationStatus::InProgress => "In progress",
            EscalationStatus::Resolved => "Resolved",
            EscalationStatus::Declined => "Declined",
        }
    }
}
