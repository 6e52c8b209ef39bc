//! The guardian's single sign-on decisions (issue 23): who configures identity providers,
//! and whether an address may sign in (or reset its password) with a password.
//! A child of `guardian`, so it is the same guardian with the same private state.

use super::Guardian;

impl Guardian<'_> {
    /// Whether a password may open an account with this address (or reset its password):
    /// not when the site requires SSO for the employee email domains, the address is in
    /// one of them, and a provider is there to sign in with (without one, nobody could
    /// sign in at all). Asked before anyone is signed in, so it needs no guardian.
    pub fn password_sign_in_allowed(
        require_sso_for_employee_domains: bool,
        address_in_employee_domain: bool,
        provider_available: bool,
    ) -> bool {
        !(require_sso_for_employee_domains && address_in_employee_domain && provider_available)
    }

    /// `/admin/sso`: providers, client secrets, the role mapping. Site admins only.
    pub fn can_manage_sso(&self) -> bool {
        self.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::Guardian;

    #[test]
    fn only_required_employee_addresses_with_a_provider_are_refused() {
        let password_sign_in_allowed = Guardian::password_sign_in_allowed;
        assert!(!password_sign_in_allowed(true, true, true));
        assert!(password_sign_in_allowed(true, false, true));
        assert!(password_sign_in_allowed(false, true, true));
        assert!(password_sign_in_allowed(true, true, false));
    }
}
