# The notifications page, email preferences, unsubscribe pages and the watch control
# (notifications::views), and the line describing each notification (page and mail).
# English.

## One line per notification (the page and the notification mail)
notifications-someone = Someone
notifications-describe-reply = { $actor } replied
notifications-describe-answered = { $actor } answered your question
notifications-describe-mention = { $actor } mentioned you
notifications-describe-posted = { $actor } posted in a topic you watch
notifications-describe-new-topic = { $actor } started a topic in something you watch
notifications-describe-accepted = { $actor } accepted your answer
notifications-describe-idea-status = { $actor } changed the status of an idea you support
notifications-describe-moderation = { $actor } took a moderation action on your post
notifications-describe-escalation = { $actor } escalated a topic or changed its escalation
notifications-describe-assigned = { $actor } assigned you a question

## /notifications
notifications-title = Notifications
notifications-mark-all-read = Mark all as read
notifications-preferences = Preferences
notifications-empty-title = No notifications yet
notifications-empty-body = When someone replies to you, mentions you, answers your question or posts in something you watch, it shows up here.
notifications-mark-read = Mark read
notifications-older = Older notifications

## The watch control
notifications-watch-label = Notifications
notifications-watch-save = Save
notifications-level-watching = Watching
notifications-level-new-topics = Watching new topics
notifications-level-tracking = Tracking
notifications-level-normal = Normal
notifications-level-muted = Muted
notifications-level-watching-help = You are told of every new post.
notifications-level-new-topics-help = You are told of every new topic, not of each reply.
notifications-level-tracking-help = You see how many posts are new; you are told when someone replies to you or mentions you.
notifications-level-normal-help = You are told when someone replies to you or mentions you.
notifications-level-muted-help = You are never told of anything here.
notifications-inherited-category = (from your setting on the category)
notifications-inherited-community = (from your setting on the sub-community)

## /settings/notifications
notifications-prefs-title = Email and notifications
notifications-prefs-unconfirmed = Mail goes only to confirmed addresses: confirm yours to receive any of these.
notifications-prefs-email-me = Email me about
notifications-prefs-immediately = Immediately (a few minutes later, skipped if you already read it here)
notifications-prefs-digest = Digest of the most active and unanswered topics in what you follow
notifications-digest-off = Never
notifications-digest-daily = Daily
notifications-digest-weekly = Weekly
notifications-prefs-save = Save preferences
notifications-prefs-communities = Sub-communities
notifications-prefs-communities-help = { $count ->
    [one] Watching tells you of every post, watching new topics of every new topic. You follow { $count } topic directly.
   *[other] Watching tells you of every post, watching new topics of every new topic. You follow { $count } topics directly.
}
notifications-prefs-no-communities = There are no sub-communities yet.
notifications-category-replies = Replies to you
notifications-category-mentions = Mentions
notifications-category-watching = What you watch
notifications-category-updates = Accepted answers, idea updates and moderation
notifications-category-digest = Digest

## Unsubscribe
notifications-unsubscribe-title = Unsubscribe
notifications-unsubscribe-question = Stop email about: { $what }?
notifications-unsubscribe-button = Unsubscribe
notifications-unsubscribed-title = Unsubscribed
notifications-unsubscribed-heading = You are unsubscribed
notifications-unsubscribed-body = You will no longer receive email about: { $what }.
notifications-unsubscribed-change = You can change this at any time in your
notifications-unsubscribed-prefs-link = email preferences

# System notices (notifications::Notice): the topic's title, and what happened.
notice-published = Your post in “{ $title }” was approved and published
notice-edited = Your post in “{ $title }” was edited by a moderator
notice-hidden = Your post in “{ $title }” was hidden by a moderator
notice-removed = Your post in “{ $title }” was removed by a moderator
notice-moved = “{ $title }” was moved to { $place }
notice-duplicate = “{ $title }” was closed as a duplicate
notice-idea-status = “{ $title }” is now { $status }
notice-idea-status-cleared = “{ $title }”: its status was cleared
notice-restored = Your post in “{ $title }” was restored by a moderator
notice-assigned = “{ $title }” is yours to answer
notice-merged = Your topic was merged into “{ $title }”
notice-escalated = “{ $title }” was escalated to { $team }
notice-escalation-open = “{ $title }”: reopened with { $team }
notice-escalation-in-progress = “{ $title }”: { $team } is working on it
notice-escalation-resolved = “{ $title }”: resolved by { $team }
notice-escalation-declined = “{ $title }”: declined by { $team }
notice-team-named = the { $name } team
notice-team-product = the product team
