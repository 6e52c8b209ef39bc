//! The guardian's decisions about inbound mail (issue 24). A child of `guardian`, so it
//! is the same guardian with the same private state. Whether a member may be mailed at
//! all (bouncing addresses included) stays in `Guardian::mail_refusal`, the one rule.

use super::Guardian;

impl Guardian<'_> {
    /// `/admin/inbound`: received mail holds members' replies and addresses, so only
    /// site admins read it (and retry it).
    pub fn can_read_inbound_mail(&self) -> bool {
        self.is_admin()
    }
}
