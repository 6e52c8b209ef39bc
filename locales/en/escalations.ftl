# Escalations: the topic's banner, the escalate page, /admin/teams and a team's queue
# (escalations::views, escalations::team_views). English.

## Statuses
escalations-status-open = Open
escalations-status-in_progress = In progress
escalations-status-resolved = Resolved
escalations-status-declined = Declined

## The topic's banner
escalations-banner-team = Escalated to the { $team } team
escalations-banner-product = Escalated to the product team
escalations-banner-ticket = Ticket
escalations-banner-owner = Owner: { $owner }
escalations-resolution = Resolution:
escalations-internal-note = Internal note:
escalations-update = Update
escalations-escalate-button = Escalate to a product team

## The escalate page
escalations-page-title = Escalate
escalations-heading = Escalation
escalations-escalate-this = Escalate this topic
escalations-escalate-again = Escalate again
escalations-escalate-help = Route the topic to the product team that can fix it, and/or record the ticket in your tracker. Everyone who can see the topic sees the status; the internal note stays with staff.
escalations-team = Team
escalations-no-team-option = (no team: external reference only)
escalations-no-team-covers = No team covers { $community } yet: an admin sets teams up at /admin/teams.
escalations-ticket-id-tracker = Ticket id in your tracker
escalations-ticket-url = Ticket URL
escalations-internal-note-field = Internal note (staff only)
escalations-escalate = Escalate
escalations-team-suffix = { $team } team
escalations-external-reference = External reference
escalations-ticket-line = Ticket:
escalations-resolution-note = Resolution note:
escalations-history = History
escalations-history-updated = updated
escalations-history-opened = opened
escalations-status = Status
escalations-owner-field = Owner (username)
escalations-ticket-id = Ticket id
escalations-resolution-note-field = Resolution note (shown in the thread once resolved or declined)
escalations-what-changed = What changed (kept in the history)
escalations-save = Save

## /admin/teams
escalations-teams-title = Product teams
escalations-teams-help = Employees and moderators escalate topics to the team that can fix them. A team covers some sub-communities; its members work its queue.
escalations-teams-empty-title = No teams yet
escalations-teams-empty-body = Create the first team below: for example Billing, covering the sub-communities where billing questions are asked.
escalations-col-team = Team
escalations-col-members = Members
escalations-col-covers = Covers
escalations-col-notifications = Notifications
escalations-col-actions = Actions
escalations-edit = Edit
escalations-edit-team = Edit team
escalations-new-team = New team
escalations-field-name = Name
escalations-field-slug = Address (/teams/…)
escalations-field-slug-hint = Lowercase letters, digits and hyphens, e.g. billing.
escalations-field-members = Members (usernames)
escalations-field-members-hint = Separated by commas or spaces.
escalations-field-covers = Covers these sub-communities
escalations-field-notify = Notification address
escalations-field-notify-hint = Optional: a mail goes here for each new escalation.
escalations-field-webhook = Webhook URL
escalations-field-webhook-hint = Optional: Parley sends this team's topic.escalated and escalation.updated events here, signed (Standard Webhooks); the signing secret is shown once after saving, and deliveries are logged at /admin/webhooks. Clear it to stop.
escalations-save-team = Save team
escalations-create-team = Create team

## The team webhook's secret
escalations-hook-title = Team webhook
escalations-hook-heading = Webhook for { $team }
escalations-hook-saved = Team saved. Parley now sends this team's escalation events to { $url }, signed with this secret.
escalations-hook-copy = Copy the signing secret now: it is not shown again.
escalations-hook-secret = Signing secret
escalations-hook-back = Back to teams
escalations-hook-log = Delivery log

## A team's queue
escalations-queue-title = { $team } team queue
escalations-queue-heading = { $team } team
escalations-filter-status = Status
escalations-filter-any = Any
escalations-filter-community = Sub-community
escalations-filter-all = All
escalations-filter = Filter
escalations-queue-empty-title = Nothing in the queue
escalations-queue-empty-body = No escalation matches. Topics escalated to this team appear here, open ones first.
escalations-col-topic = Topic
escalations-col-community = Sub-community
escalations-col-status = Status
escalations-col-owner = Owner
escalations-col-ticket = Ticket
escalations-col-opened = Opened
escalations-queue-update = (update)
escalations-ticket-link = link
escalations-first = ← First page
escalations-next = Next →
escalations-delete-team = Delete team
escalations-delete-team-help = Deleting the team removes its members, the sub-communities it covers and its webhook. Its escalations stay, handed to no team.
