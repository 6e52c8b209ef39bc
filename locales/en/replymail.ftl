# The answers to a reply by email that was not posted, or was held (reply_mail::answer),
# in the sender's language. English.

replymail-refused-subject = Your reply was not posted
replymail-refused-lead = We did not post your reply by email.
replymail-held-subject = Your reply is waiting for review
replymail-held-lead = We received your reply by email.
replymail-subject-about = { $subject }: { $title }

## Why, by reason code
replymail-why-invalid-token = This reply address is not valid. Please reply on the site.
replymail-why-expired = This reply address has expired (they last 30 days). Please reply on the site.
replymail-why-sender-mismatch = This reply address belongs to another member: only the person the mail was sent to can use it.
replymail-why-suspended = Your account is suspended, so you cannot post for now.
replymail-why-locked = This topic is locked: it no longer takes replies.
replymail-why-not-visible = This topic no longer exists or you can no longer see it.
replymail-why-not-allowed = You cannot reply to this topic.
replymail-why-policy = Your message contains something the community's policy does not allow to be published.
replymail-why-too-large = Your message is too long to be posted.
replymail-why-empty = We found no text of yours above the quoted message.
replymail-why-rate-limited = You have posted too many messages recently. Please try again later.
replymail-why-held = Your reply was posted and is waiting for review by a moderator.
replymail-why-other = Your message could not be posted.
replymail-held-policy = It contains something the community's policy holds for review before it is published (for example a payment card number).
