# Every mail Parley sends (mail::templates, escalations::notify, outcomes::mail,
# sso::accounts), written in the recipient's language. English.

## Shared parts
mail-hello = Hello { $name },
mail-hello-anonymous = Hello,
mail-footer-account = You receive this message because of an action on your { $site } account.
mail-paste-link = Or paste this link into your browser:
mail-open-link = Open this link:

## Sign-up confirmation
mail-confirm-subject = Confirm your email for { $site }
mail-confirm-heading = Confirm your email address
mail-confirm-text = Please confirm your email address for { $site } by opening this link:
mail-confirm-lead = Please confirm your email address to finish creating your account.
mail-confirm-button = Confirm my email
mail-confirm-expiry = The link works once and expires in 48 hours. If you did not sign up, ignore this message.

## Sign-up with an address that already has an account
mail-signup-existing-subject = Sign-up attempt on { $site }
mail-signup-existing-heading = You already have an account
mail-signup-existing-text = Someone (maybe you) tried to sign up for { $site } with this email address, which already has an account.
mail-signup-existing-lead = Someone (maybe you) tried to sign up with this email address, which already has an account.
mail-signup-existing-reset = If it was you and you forgot your password, you can ask for a reset link:
mail-signup-existing-button = Reset my password
mail-signup-existing-ignore = Otherwise you can ignore this message.

## Password reset
mail-reset-subject = Reset your { $site } password
mail-reset-heading = Reset your password
mail-reset-text = Someone asked to reset the password of your { $site } account. To choose a new password, open:
mail-reset-lead = Someone asked to reset the password of your account. To choose a new password:
mail-reset-button = Choose a new password
mail-reset-expiry = The link works once and expires in one hour. If you did not ask for this, ignore this message: your password has not changed.

## Email change
mail-change-confirm-subject = Confirm your new email for { $site }
mail-change-confirm-heading = Confirm your new email address
mail-change-confirm-text = To make this the email address of your { $site } account, open:
mail-change-confirm-lead = To make this the email address of your account:
mail-change-confirm-button = Use this address
mail-change-confirm-expiry = The link works once and expires in 48 hours.
mail-change-requested-subject = Your { $site } email address is being changed
mail-change-requested-heading = Email change requested
mail-change-requested-body = Someone signed in to your { $site } account asked to change its email address. If this was not you, change your password now.
mail-address-in-use-subject = Email change on { $site }
mail-address-in-use-heading = This address already has an account
mail-address-in-use-body = Someone asked to move a { $site } account to this address, but this address already belongs to an account. Nothing was changed.

## Notification mail (one topic)
mail-notification-new-replies = { $count ->
    [one] { $count } new reply in this topic
   *[other] { $count } new replies in this topic
}
mail-notification-new-updates = { $count ->
    [one] { $count } new update in this topic
   *[other] { $count } new updates in this topic
}
mail-notification-read-it = Read it: { $link }
mail-notification-view-post = View the post
mail-notification-more = { $count ->
    [one] …and { $count } more
   *[other] …and { $count } more
}
mail-unsubscribe-from = Unsubscribe from { $what }
mail-preferences = Email preferences

## Why a notification or digest mail came, and what its unsubscribe link stops
mail-reason-replies = You receive this because someone replied to you.
mail-reason-mentions = You receive this because someone mentioned you.
mail-reason-watching = You receive this because you watch this topic, its category or its sub-community.
mail-reason-updates = You receive this because it concerns your post or an idea you support.
mail-reason-digest = You receive this digest because you asked for it.
mail-category-replies = mail about replies to you
mail-category-mentions = mail about mentions
mail-category-watching = mail about what you watch
mail-category-updates = mail about accepted answers, idea updates and moderation
mail-category-digest = the digest

## Digest
mail-digest-subject = { $period ->
    [weekly] Your weekly digest from { $site }
   *[daily] Your daily digest from { $site }
}
mail-digest-active = Most active
mail-digest-unanswered = Waiting for an answer
mail-digest-replies = { $count ->
    [one] { $count } reply
   *[other] { $count } replies
}
# The one-click actions under a digest's topic (src/invitations/digest_actions.rs).
mail-digest-action-helped = This answer helped me
mail-digest-action-vote-idea = Vote for this idea
mail-digest-action-follow = Follow this topic
mail-digest-action-answer = Answer this question

## Personal invitation
mail-invitation-subject = { $inviter } invites you to { $community } on { $site }
mail-invitation-heading = You are invited
mail-invitation-lead = { $inviter } invites you to join { $community } on { $site }.
mail-invitation-note = { $inviter } wrote:
mail-invitation-accept-text = To accept, open:
mail-invitation-button = Accept the invitation
mail-invitation-once = The link works once. If you do not want to join, ignore this message.

## Suspension and ban
mail-suspended-subject = Your { $site } account is suspended
mail-suspended-heading = Your account is suspended
mail-suspended-lead = A moderator of { $site } has suspended your account until { $until }.
mail-banned-subject = Your { $site } account is banned
mail-banned-heading = Your account is banned
mail-banned-lead = A moderator of { $site } has banned your account permanently.
mail-sanction-reason = Reason: { $reason }
mail-sanction-signed-out = You have been signed out and cannot sign in during that time. If you think this is a mistake, reply to the community team.

## Webhook switched off
mail-webhook-subject = A webhook of { $site } was disabled
mail-webhook-heading = A webhook was disabled
mail-webhook-stopped = { $site } stopped sending webhooks to { $url }: { $reason }.
mail-webhook-enable = Once the receiver works again, enable the subscription at { $link } (missed deliveries can be redelivered from its log).

## Single sign-on: prove an existing account
mail-sso-subject = Link your { $site } account to single sign-on
mail-sso-heading = Link your account
mail-sso-lead = Someone signed in with the identity provider { $provider } using this address and asked to link it to your { $site } account.
mail-sso-text = To link it, open:
mail-sso-button = Link my account
mail-sso-expiry = The link works once and expires in one hour. If this was not you, ignore this message: nothing is linked.

## Escalation to a team's address
mail-escalation-subject = [{ $team }] { $status }: { $title }
mail-escalation-lead = A topic was escalated to the { $team } team on { $site }.
mail-escalation-topic = Topic: { $title }
mail-escalation-status = Status: { $status }
mail-escalation-reference = External reference: { $reference }
mail-escalation-queue = The team's queue: { $link }
mail-escalation-open-queue = Open the team's queue

## Monthly outcome mail to managers
mail-outcomes-subject = { $community }: outcomes of { $month }
mail-outcomes-lead = What { $community } achieved in { $month }:
mail-outcomes-asked = Questions asked: { $count }
mail-outcomes-answered-24h = Answered within 24 hours: { $share }
mail-outcomes-solved = Solved: { $share }
mail-outcomes-median = Median time to first response: { $time }
mail-outcomes-deflected = Deflected questions (visitors who found an answer and did not ask): { $count }
mail-outcomes-no-questions = no questions
mail-outcomes-more-than = more than { $time }
mail-outcomes-dashboard = The dashboard: { $link }
mail-outcomes-open-dashboard = Open the dashboard
mail-outcomes-why = You receive this because you manage { $community }; you can stop it on the dashboard.
