# Single sign-on pages and mail (src/sso/views.rs). English.

sso-sign-in-with = Or sign in with your company account:

## /admin/sso
sso-title = Single sign-on
sso-no-provider = No identity provider yet
sso-no-provider-hint = Add your company's OpenID Connect provider below.
sso-col-name = Name
sso-col-issuer = Issuer
sso-col-client-id = Client id
sso-col-button = Button
sso-col-signup = Sign-up
sso-col-logout = Back-channel logout
sso-col-status = Status
sso-signup-allowed = allowed
sso-signup-existing = existing accounts only
sso-logout-supported = supported:
sso-logout-not-announced = not announced:
sso-enabled = enabled
sso-disabled = disabled
sso-redirect-uri = Redirect URI to register at the provider:
sso-redirect-name = name
sso-no-mapping = No mapping yet: signing in gives no role.
sso-col-provider = Provider
sso-col-group = Group
sso-col-grants = Grants
sso-col-actions = Actions
sso-grant-employee = Employee (badge and brand voice)
sso-grant-moderator-of = Moderator of { $community }
sso-grant-manager-of = Manager of { $community }
sso-remove = Remove
sso-delete-provider = Delete
sso-delete-provider-hint = Deleting a provider takes back the roles it granted, removes its mapping and unlinks the accounts that signed in with it; their members keep their accounts and sign in with a password (or another provider).
sso-secret-hint = Stored encrypted. Leave empty to keep the stored secret of an existing provider.
sso-key-needed = Encryption key needed
sso-key-problem = Single sign-on cannot be configured yet: { $reason }.
sso-key-help = Client secrets and refresh tokens are stored encrypted: set { $setting } (or { $env }) to the base64 of 32 random bytes, for instance the output of { $command }, and restart. Until then no provider can be saved.
sso-providers = Identity providers
sso-provider-form = Add or change a provider
sso-field-name = Name
sso-field-name-hint = Lower-case letters, digits and dashes, used in the URLs (e.g. keycloak). An existing name changes that provider.
sso-field-issuer = Issuer URL
sso-field-issuer-hint = Its discovery document is read from ISSUER/.well-known/openid-configuration.
sso-field-client-id = Client id
sso-field-client-secret = Client secret
sso-field-scopes = Scopes
sso-field-scopes-hint = Space separated; openid is added if missing.
sso-field-button = Button label
sso-field-groups = Groups claim
sso-field-groups-hint = The ID token claim that lists the member's groups (e.g. groups).
sso-field-allow-signup = A first sign-in creates an account
sso-field-enabled = Enabled (its button is on the sign-in page)
sso-save-provider = Save provider
sso-mappings = Roles from groups
sso-mappings-intro = At every sign-in the member's groups give these roles, and roles that single sign-on gave earlier are taken back when the group is gone. Roles given by hand are not touched.
sso-field-provider = Provider
sso-field-group = Group
sso-field-grants = Grants
sso-grant-moderator = Moderator of a sub-community
sso-grant-manager = Manager of a sub-community
sso-field-community = Sub-community (moderator or manager)
sso-add-mapping = Add mapping
sso-require = Employees sign in with single sign-on
sso-employee-domains = Employee email domains:
sso-none-set = none set
sso-change = change
sso-require-field = Require single sign-on for addresses in the employee domains: their password sign-in and password reset are refused, and their employee badge comes only from the provider's groups
sso-save = Save

## Linking an existing account
sso-link-title = Link your account
sso-link-intro = An account with the email address of your { $provider } identity already exists ({ $username }). To use single sign-on with it, show that it is yours: an email address alone never links accounts.
sso-link-mailed = If you own that account, a link to finish is on its way to its address. It works once, for one hour.
sso-link-password = Password of that account
sso-link-submit = Link and sign in
sso-link-by-mail = Email me a link instead
sso-link-confirm = Link your account to your { $provider } identity and sign in?

## The mail that proves an account
