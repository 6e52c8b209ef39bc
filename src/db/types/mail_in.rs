//! Issue 24: inbound mail.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

typed_id!(InboundMailId, MailBounceId);

text_enum!(
    /// Where a received message stands. `Queued` ones are the worker's queue (retries
    /// included); `Failed` gave up after the last attempt (retry from /admin/inbound);
    /// `Duplicate` repeats a Message-ID already received and is never processed.
    InboundStatus { Queued => "queued", Done => "done", Failed => "failed", Duplicate => "duplicate" }
);
