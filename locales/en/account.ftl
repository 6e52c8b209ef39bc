# Sign up, sign in, password reset and the settings pages (accounts::views,
# members::views::edit). English.

## Sign up
account-signup-title = Sign up
account-signup-heading = Create your account
account-signup-lead = Ask questions, get answers from the team and the community.
account-username = Username
account-username-hint = 3 to 30 letters, digits, '_', '-' or '.'. Shown publicly.
account-email = Email
account-email-hint = We send a confirmation link. Never shown publicly.
account-password = Password
account-password-hint = { $min } to { $max } characters; spaces and any characters are fine.
account-weekly-digest = Email me a weekly digest of popular and unanswered questions
account-signup-button = Sign up
account-have-account = Already have an account?
account-sign-in-link = Sign in

## Confirming an address
account-confirm-title = Confirm your email
account-confirm-heading = Confirm your email address
account-confirm-lead = One click to finish: confirm that this address is yours.
account-confirm-button = Confirm my email

## Sign in
account-login-title = Sign in
account-login-field = Username or email
account-login-button = Sign in
account-forgot-password = Forgot your password?
account-new-here = New here?
account-create-account = Create an account
account-login-incorrect = Incorrect username, email or password.
account-login-banned = This account is banned.
account-login-suspended = This account is suspended until { $date }.
account-login-reason = Reason: { $reason }

## Password reset
account-reset-title = Reset your password
account-reset-lead = Enter the email address of your account. If it has one, we send it a link to choose a new password.
account-reset-button = Send the link
account-new-password-title = Choose a new password
account-new-password = New password
account-new-password-button = Save the new password
account-new-password-hint = Every session of this account will be signed out.

## Email change
account-email-change-title = Confirm your new email
account-email-change-heading = Use this email address?
account-email-change-lead = Confirm to make this the address of your account. You will be asked to sign in again.
account-email-change-button = Use this address

## Settings
account-settings-title = Account settings
account-settings-tabs = Settings
account-tab-profile = Profile
account-tab-account = Account
account-tab-tokens = API tokens
account-email-heading = Email
account-current-address = Current address:
account-confirmed = confirmed
account-not-confirmed = not confirmed
account-resend-confirmation = Resend the confirmation link
account-new-email = New email address
account-current-password = Current password
account-change-email = Change email
account-password-heading = Password
account-new-password-change-hint = Changing it signs out every other session.
account-change-password = Change password
account-sessions-heading = Sessions
account-session-device = Device
account-session-address = Address
account-session-last-active = Last active
account-session-unknown = Unknown
account-session-this-browser = this browser
account-sign-out-everywhere = Sign out of every session

## Profile (/settings/profile)
account-profile-title = Edit profile
account-profile-heading = Profile settings
account-display-name = Display name
account-display-name-hint = Up to 60 characters. Leave empty to show your username.
account-profile-title-field = Title
account-profile-title-hint = For example your job or role, up to 80 characters.
account-bio = Bio
account-bio-hint = Markdown is supported. Up to 4000 characters.
account-language = Language
account-language-automatic = Automatic (from your browser or the sub-community)
account-language-hint = The language of pages and of the mail we send you.
account-save-profile = Save profile
account-view-profile = View profile

## API tokens
account-tokens-title = API tokens
account-tokens-heading = Your API tokens
account-tokens-lead = A token lets a script or another system use the API as you, limited to the scopes you give it. It can never do more than you can.
account-tokens-empty = No tokens yet
account-tokens-empty-hint = Create one below to connect a script or another system.
account-token-name = Name
account-token-name-hint = What it is for, e.g. "CRM sync". Up to 80 characters.
account-token-secret-column = Token
account-token-scopes = Scopes
account-token-communities = Sub-communities
account-token-expires = Expires
account-token-last-used = Last used
account-token-actions = Actions
account-token-from = from { $ip }
account-token-never = Never
account-token-revoked = revoked
account-token-expired = expired
account-token-revoke = Revoke
account-token-revoke-label = Revoke { $name }
account-token-limit = Limit to sub-communities
account-token-limit-hint = None ticked: no limit (all its owner can see).
account-token-no-limit = All its owner can see
account-token-expires-days = Expires after (days)
account-token-expires-days-hint = From 1 to 365 days.
account-token-new = New token
account-token-create = Create token
account-token-created-title = Token created
account-token-copy-now = Copy the token { $name } now.
account-token-shown-once = It is shown only this once
account-token-fingerprint = : Parley keeps only a fingerprint of it.
account-token-yours = Your new token
account-token-copy-hint = Select it and copy it (Ctrl+C or ⌘C) into your secret store. Send it as
account-token-summary = Scopes: { $scopes }. Expires on { $date }.
account-token-back = Back to the tokens
account-scope-topics-read = read topics and posts you can see
account-scope-topics-write = start and edit topics
account-scope-posts-write = reply, comment, edit and vote
account-scope-answers-accept = accept answers
account-scope-moderation-read = read review queues you work
account-scope-moderation-write = act on review queues you work
account-scope-users-read = read your profile and members' public profiles
account-scope-notifications-read = read your notifications
account-scope-notifications-write = mark your notifications read
account-scope-webhooks-manage = manage webhooks (admins)
