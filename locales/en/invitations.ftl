# Invitations, the figures by source and one-click mail actions (invitations::views,
# invitations::stats_views, the refusals in invitations::*). English.

## States
invitations-state-revoked = revoked
invitations-state-accepted = accepted
invitations-state-expired = expired
invitations-state-used-up = used up
invitations-state-sent = sent
invitations-state-active = active

## The management page
invitations-title = Invitations to { $community }
invitations-new-link = Your new invitation link
invitations-new-link-once = Copy it now: it is shown only once.
invitations-link-label = Invitation link
invitations-queued = { $count } invitation(s) queued for sending.
invitations-create-heading = Create an invitation link
invitations-create-help = Share it where you meet people (a social network, a newsletter, an event). Whoever signs up through it joins { $community }, and the source label tells you later where they came from.
invitations-source = Source label
invitations-source-hint = For example twitter, linkedin, newsletter-2026-12, event-paris: lowercase letters, digits, '-', '_' and '.'.
invitations-expires = Expires after (days)
invitations-expires-hint = Leave empty for a link that does not expire.
invitations-max-uses = Use limit
invitations-max-uses-hint = Leave empty for no limit.
invitations-create-link = Create link
invitations-personal-heading = Mail personal invitations
invitations-addresses = Email addresses
invitations-addresses-hint = One per line or separated by commas; at most 200 at a time. Each invitation works once.
invitations-note = Your note
invitations-note-hint = Included in the mail, up to 2,000 characters.
invitations-personal-source-hint = Where you met these people, for example event-paris.
invitations-send = Send invitations
invitations-links = Links
invitations-no-links = No links yet.
invitations-col-source = Source
invitations-col-created = Created
invitations-col-expires = Expires
invitations-col-uses = Uses
invitations-col-state = State
invitations-col-actions = Actions
invitations-col-address = Address
invitations-col-sent = Sent
invitations-never = never
invitations-uses-of = { $used } of { $max }
invitations-revoke = Revoke
invitations-personal = Personal invitations
invitations-none-sent = None sent yet.
invitations-by-source = By source
invitations-download-csv = Download as CSV

## Figures by source
invitations-stats-empty = No invitations yet: create a link or mail a few invitations, and the figures appear here by source.
invitations-stats-caption = Invitations and members by source
invitations-stats-sent = Invitations sent
invitations-stats-signups = Sign-ups
invitations-stats-posters = Members who posted
invitations-stats-answerers = Members who answered someone
invitations-chart-desc = { $source }: { $signups } sign-ups, { $posters } posted, { $answerers } answered
invitations-chart-title = Sign-ups by source, with members who posted and who answered
invitations-chart-caption = Bars: sign-ups (light), members who posted (middle), members who answered someone (dark). The table holds the same numbers.
invitations-stats-title = Invitations by source
invitations-stats-lead = Which channels bring members who take part, not just clicks: sign-ups, members who posted, and members who answered someone, by source label.

## The invitation page
invitations-join-title = Join { $community }
invitations-invited = You are invited to { $community }
invitations-already-member = You are already a member.
invitations-go-to = Go to { $community }
invitations-join = Join { $community }
invitations-create-account = Create an account
invitations-have-account = Already have an account?
invitations-sign-in = Sign in
invitations-come-back = and come back to this page to join.
invitations-refused-title = Invitation
invitations-refused-heading = This invitation cannot be used
invitations-home = Go to the home page

## Refusals and form errors
invitations-refusal-unknown = This invitation link is not valid. Check that it was copied whole.
invitations-refusal-expired = This invitation has expired. Ask whoever invited you for a new one.
invitations-refusal-revoked = This invitation was withdrawn. Ask whoever invited you for a new one.
invitations-refusal-used-up = This invitation has already been used as many times as it allows.
invitations-refusal-other-address = This invitation was mailed to another address. Use the address it was sent to, or ask for an invitation of your own.
invitations-error-source-empty = Give the source a label, for example twitter or event-paris.
invitations-error-source-long = A source label has at most { $max } characters.
invitations-error-source-chars = Use lowercase letters, digits, '-', '_' and '.' only.
invitations-error-count = Enter a whole number from 1 to { $max }, or leave it empty.
invitations-error-not-email = Not an email address: { $addresses }.
invitations-error-no-address = Enter at least one address.
invitations-error-too-many = At most { $max } addresses at a time ({ $given } given).
invitations-error-note-long = At most { $max } characters.

## One-click mail actions
invitations-oc-accept = Accept this answer to your question
invitations-oc-upvote = Upvote this answer: it helped you
invitations-oc-vote-idea = Vote for this idea
invitations-oc-follow = Follow this topic: get mail about new replies
invitations-oc-confirm-title = Confirm
invitations-oc-topic = Topic:
invitations-oc-confirm = Confirm
invitations-oc-nothing-yet = Nothing happens until you press the button. The link works once.
invitations-oc-accepted = The answer is accepted. Thank you!
invitations-oc-upvoted = Your upvote is counted. Thank you!
invitations-oc-voted = Your vote is counted.
invitations-oc-followed = You now follow this topic.
invitations-oc-done-title = Done
invitations-oc-open = Open “{ $title }”
invitations-oc-invalid = This link is not valid or has expired. Open the topic on the site instead.
invitations-oc-used = This link was already used: what it does is done.
