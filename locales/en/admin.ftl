# Administration pages (src/admin, src/setup.rs, src/api/docs_page.rs). English.

## Tabs
admin-nav-label = Administration
admin-nav-overview = Overview
admin-nav-settings = Brand & sign-up
admin-nav-users = Members
admin-nav-outbox = Mail outbox
admin-nav-inbound = Inbound mail
admin-nav-webhooks = Webhooks
admin-nav-moderation = Moderation policy
admin-nav-tokens = API tokens
admin-nav-embedding = Embedding
admin-nav-sso = Single sign-on
admin-nav-audit = Audit log
admin-nav-search = Search insights
admin-nav-outcomes = Outcomes
admin-nav-teams = Teams
admin-nav-invitations = Invitations

## Overview
admin-title = Administration
admin-stat-members = { $n ->
    [one] member
   *[other] members
}
admin-stat-communities = { $n ->
    [one] sub-community
   *[other] sub-communities
}
admin-stat-queued = { $n ->
    [one] mail queued
   *[other] mails queued
}
admin-stat-failed = { $n ->
    [one] mail failed
   *[other] mails failed
}
admin-new-community = New sub-community

## Brand & sign-up
admin-settings-title = Brand & sign-up
admin-settings-site-name = Site name
admin-settings-tagline = Tagline
admin-settings-logo = Logo URL
admin-settings-logo-hint = https:// address of an image, shown in the header.
admin-settings-color = Brand colour
admin-settings-domains = Employee email domains
admin-settings-domains-hint = One per line, e.g. example.com. Members who confirm an address on these domains become employees.
admin-settings-origins = API origins (CORS)
admin-settings-origins-hint = One per line, e.g. https://www.example.com. Scripts on these sites may call /api/v1 with a token; none by default.
admin-settings-language = Default language
admin-settings-language-hint = Shown to visitors when nothing more specific decides: their own choice, their account setting, the sub-community's language or their browser's come first.
admin-settings-save = Save
admin-error-language = Choose English or French as the default language.
admin-error-logo = Use an https:// address or a path starting with /.
admin-error-domain = { $domain } is not a domain like example.com.
admin-error-origin = { $origin } is not an origin like https://www.example.com (no path).
admin-error-own-role = You cannot change your own role.
admin-error-role = Unknown role.
admin-error-date = Dates are written like 2026-11-23.

## Members
admin-users-title = Members
admin-users-search-label = Find by username or email prefix
admin-users-search = Search
admin-users-none = No members found
admin-users-none-hint = Try another search.
admin-users-col-member = Member
admin-users-col-email = Email
admin-users-col-role = Role
admin-users-col-employee = Employee
admin-users-sanctions = sanctions
admin-users-unconfirmed = unconfirmed
admin-users-bouncing = bouncing
admin-users-bouncing-title = Repeated hard bounces: no mail is sent to this address
admin-users-role-of = Role of { $name }
admin-users-set-role = Set
admin-users-unmark-employee = Unmark employee
admin-users-mark-employee = Mark as employee
admin-role-member = member
admin-role-moderator = moderator
admin-role-admin = admin

## Mail outbox
admin-outbox-title = Mail outbox
admin-outbox-notification-mail = Notification mail
admin-outbox-notification-mail-hint = What became of each notification's email before it reached the outbox.
admin-mail-state-none = not mailed (switched off or unconfirmed)
admin-mail-state-pending = waiting for the batching window
admin-mail-state-sent = mailed
admin-mail-state-skipped-read = skipped: already read on the site
admin-mail-state-dropped = dropped: no longer visible to the member
admin-mail-state-capped = held back by the daily cap
admin-mail-state-unsubscribed = skipped: unsubscribed
admin-outbox-filter = Filter by status
admin-outbox-all = All
admin-outbox-status-queued = queued
admin-outbox-status-sent = sent
admin-outbox-status-failed = failed
admin-outbox-status-dropped = dropped
admin-outbox-empty = Nothing here
admin-outbox-empty-hint = Mail waiting for delivery, sent, or failed will be listed here.
admin-outbox-col-created = Created
admin-outbox-col-to = To
admin-outbox-col-subject = Subject
admin-outbox-col-status = Status
admin-outbox-col-attempts = Attempts
admin-outbox-col-error = Last error
admin-outbox-retry = Retry

## Audit log
admin-audit-title = Audit log
admin-audit-actor = Who (username)
admin-audit-action = Action (e.g. review. or user.suspend)
admin-audit-target = Target id
admin-audit-community = Sub-community (address)
admin-audit-from = From
admin-audit-to = To
admin-audit-filter = Filter
admin-audit-export = Export CSV
admin-audit-empty = No actions recorded
admin-audit-empty-hint = Every moderator and admin action will be listed here.
admin-audit-col-when = When
admin-audit-col-who = Who
admin-audit-col-action = Action
admin-audit-col-target = Target
admin-audit-col-details = Details
admin-audit-col-before = Before
admin-audit-col-after = After
admin-audit-system = system

## API tokens
admin-tokens-title = API tokens
admin-tokens-all = Every API token
admin-tokens-intro = Personal tokens belong to the members who made them; service tokens to the admin who made them. A token never does more than its owner may, today.
admin-tokens-empty = No tokens yet
admin-tokens-empty-hint = Create a service token below to connect a system.
admin-tokens-col-name = Name
admin-tokens-col-owner = Owner
admin-tokens-col-kind = Kind
admin-tokens-col-token = Token
admin-tokens-col-scopes = Scopes
admin-tokens-col-communities = Sub-communities
admin-tokens-col-last-used = Last used
admin-tokens-col-expires = Expires
admin-tokens-col-actions = Actions
admin-tokens-kind-personal = personal
admin-tokens-kind-service = service
admin-tokens-kind-embed = embed
admin-tokens-from = from { $ip }
admin-tokens-never = Never
admin-tokens-revoked = revoked
admin-tokens-expired = expired
admin-tokens-revoke = Revoke
admin-tokens-revoke-label = Revoke { $name }
admin-tokens-new = New service token
admin-tokens-new-intro = For an integration (CRM, support desk, website). It acts with your permissions, and may answer as the brand only in the sub-communities you limit it to.
admin-tokens-create = Create service token

## First administrator (/setup)
admin-setup-title = Set up { -brand }
admin-setup-heading = Create the first administrator
admin-setup-intro = This link works once. The account you create here can set up sub-communities, the brand and other members.
admin-setup-username = Username
admin-setup-email = Email
admin-setup-password = Password
admin-setup-submit = Create administrator

## API reference (/api/docs)
admin-api-title = API reference
admin-api-machine = Machine-readable:
admin-api-token = Create a token in
admin-api-token-link = Settings → API tokens
admin-api-empty = No endpoints are documented yet.
admin-api-endpoints = Endpoints
admin-api-schemas = Schemas
admin-api-public = No token needed.
admin-api-col-parameter = Parameter
admin-api-col-in = In
admin-api-col-type = Type
admin-api-col-required = Required
admin-api-col-about = About
admin-api-col-field = Field
admin-api-yes = yes
admin-api-no = no
admin-api-body = Body (JSON):
