# The review queue, content policy, flags and sanctions (src/moderation). English.

## Review queue
moderation-queue-title = Review queue
moderation-queue-communities = Sub-communities
moderation-queue-all = All mine
moderation-queue-empty = Nothing to review
moderation-queue-empty-hint = Flagged posts, posts held by the content policy and first posts of new members appear here.
moderation-queue-in = in { $community }
moderation-queue-by = by
moderation-queue-sanctions = sanctions
moderation-queue-matched = What matched
moderation-queue-flags = Flags
moderation-queue-trusted = trusted
moderation-action-approve = Approve
moderation-action-ignore = Ignore flags
moderation-action-hide = Hide
moderation-action-delete = Delete
moderation-edit-summary = Edit and approve
moderation-edit-text = Text
moderation-edit-reason = Reason for the edit
moderation-edit-save = Save and approve
moderation-sanction-summary = Sanction the author
moderation-sanction-submit = Hide the post and sanction

## Why a post is in the queue, and its state
moderation-reason-flagged = Flagged by members
moderation-reason-policy = Matched the content policy
moderation-reason-new-member = First posts of a new member
moderation-state-published = Published
moderation-state-held = Awaiting approval
moderation-state-hidden = Hidden

## Flag reasons
moderation-flag-spam = Spam
moderation-flag-inappropriate = Inappropriate
moderation-flag-off-topic = Off-topic
moderation-flag-confidential = Confidential or personal data
moderation-flag-other = Other

## Detectors, rules and actions
moderation-detector-email = Email addresses
moderation-detector-phone = Phone numbers
moderation-detector-card = Payment card numbers (Luhn-checked)
moderation-detector-iban = IBANs (checksum-checked)
moderation-detector-secret = API keys and secrets
moderation-detector-code-name = Internal code names
moderation-detector-marker = "Confidential / internal only" markers
moderation-match-rule = the rule “{ $pattern }”
moderation-policy-action-censor = Censor (replace the match)
moderation-policy-action-flag = Flag for review
moderation-policy-action-hold = Hold for review
moderation-policy-action-block = Block (author must change it)
moderation-rule-kind-word = word
moderation-rule-kind-phrase = phrase
moderation-rule-kind-regex = regular expression

## Sanctions
moderation-sanction = Sanction
moderation-sanction-silence = Silence (read-only)
moderation-sanction-suspend = Suspend
moderation-sanction-ban = Ban
moderation-sanction-days = Days (silence and suspension)
moderation-sanction-reason = Reason (sent to the member)
moderation-member-title = Sanctions · { $name }
moderation-member-suspended = Suspended
moderation-member-silenced = Silenced
moderation-member-until = until { $date }
moderation-member-none = No sanction in force.
moderation-member-apply = Apply
moderation-member-lift = Lift every sanction

## Policy page
moderation-policy-title = Moderation policy
moderation-policy-community-title = Moderation · { $community }
moderation-premod = Pre-moderation
moderation-premod-field = Hold the first posts of each new member
moderation-premod-hint = 0 turns pre-moderation off. Held posts are seen only by their author and the moderators until approved.
moderation-save = Save
moderation-open-queue = Open the review queue
moderation-detectors = Detectors and limits
moderation-col-detector = Detector
moderation-col-on = On
moderation-col-action = Action
moderation-col-skip = Skip employee-only
moderation-enable = Enable { $detector }
moderation-action-for = Action for { $detector }
moderation-skip-for = Skip employee-only for { $detector }
moderation-code-names = Internal code names
moderation-one-per-line = One per line.
moderation-markers = Confidentiality markers
moderation-markers-hint = One phrase per line, e.g. internal only.
moderation-flag-threshold = Flags from trusted members that hide a post
moderation-new-account-hours = An account is new for (hours)
moderation-new-account-posts = Posts per hour for new accounts
moderation-new-account-links = Links per post for new accounts
moderation-rules-community = Rules of this sub-community
moderation-rules-all = Rules for every sub-community
moderation-rules-add = Add or test a rule
moderation-rules-none = No rules yet.
moderation-col-kind = Kind
moderation-col-pattern = Pattern
moderation-col-employee-only = Employee-only
moderation-rule-skipped = skipped
moderation-rule-applies = applies
moderation-rule-delete = Delete
moderation-rule-kind = Kind
moderation-rule-pattern = Word, phrase or regular expression
moderation-rule-pattern-hint = Words and phrases match whole words, ignoring case. Regular expressions use the linear-time regex syntax (no look-around or back-references).
moderation-rule-action = Action
moderation-rule-skip = Do not apply in employee-only sub-communities
moderation-rule-sample = Sample text to test
moderation-rule-sample-hint = Test runs this rule (or, with no pattern, the policy in force) on the sample without saving.
moderation-rule-test = Test
moderation-rule-save = Save rule
moderation-test-title = Test result
moderation-test-nothing = Nothing matched: this text would be published as it is.
moderation-test-outcome = Outcome:
moderation-test-censored = After censoring

## Flag page
moderation-flag-title = Flag a post
moderation-flag-why = Why should moderators look at this?
moderation-flag-note = Explanation (required for other)
moderation-flag-submit = Flag

## Errors
moderation-error-action = Choose an action.
moderation-found = { $what } (“{ $text }”)
moderation-found-rule = the rule “{ $pattern }” (“{ $text }”)
