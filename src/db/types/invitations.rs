//! Issue 24: invitations and one-click actions.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

typed_id!(InvitationId);

text_enum!(
    /// A link shared anywhere (many uses) or a personal invitation mailed to one address.
    InvitationKind {
        Link => "link",
        Personal => "personal",
    }
);

text_enum!(
    /// What a one-click link in a digest does.
    OneClickAction {
        Helped => "helped",
        VoteIdea => "vote",
        Follow => "follow",
    }
);
