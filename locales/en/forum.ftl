# The forum's public pages (src/forums/views, seo::head, feeds). English.

## Topic lists
forum-by = by { $name }
forum-new-replies = { $count } new
forum-new-replies-title = New replies since you last opened this topic
forum-votes-title = Votes
forum-replies-title = Replies
forum-votes-count = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
forum-answers-count = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
}
forum-replies-count = { $count ->
    [one] { $count } reply
   *[other] { $count } replies
}
forum-filters = Sort and filter
forum-sort-latest = Latest
forum-sort-new = New
forum-sort-top = Top
forum-filter-all = All
forum-filter-unanswered = Unanswered
forum-filter-answered = Answered
forum-filter-solved = Solved
forum-filter-remove-tag = Remove the tag filter
forum-period = Period
forum-period-week = Week
forum-period-month = Month
forum-period-year = Year
forum-period-all = All time
forum-period-30-days = Last 30 days
forum-more-topics = More topics
forum-categories = Categories
forum-new-topic = Ask or start a topic
forum-official-posts = Official posts
forum-leaderboard = Leaderboard
forum-community-settings = Settings
forum-community-members = Moderators & members
forum-community-moderation = Moderation
forum-review-queue = Review queue
forum-wiki-requests = Wiki requests
forum-community-empty = No topics here yet
forum-community-empty-body = Questions, discussions and ideas for { $community } will appear here.
forum-ask-first = Ask the first question
forum-sign-in = Sign in
forum-sign-in-to-ask = to ask a question.
forum-sign-in-to-reply = to reply.
forum-latest-title = Latest
forum-latest-heading = Latest across the community
forum-latest-empty = Nothing yet
forum-latest-empty-body = New questions and discussions from every sub-community you can see will appear here.
forum-category-empty = No topics in this category yet
forum-queue-title = Unanswered queue
forum-queue-heading = Questions waiting for an answer
forum-queue-lead = Unsolved questions in the sub-communities you cover, oldest first.
forum-queue-empty = Inbox zero
forum-queue-empty-body = Every question in your sub-communities is solved. Well done.
forum-queue-age = Age
forum-queue-question = Question
forum-queue-community = Community
forum-queue-state = State
forum-queue-claimed-by = Claimed by
forum-queue-nobody = nobody
forum-queue-filters = Filter the queue
forum-queue-all-communities = All you cover
forum-queue-who-any = Anyone or nobody
forum-queue-who-nobody = Nobody yet
forum-queue-who-mine = Me
forum-queue-state-any = Unanswered or answered
forum-queue-state-unanswered = No reply yet
forum-queue-state-answered = Replied, not solved
forum-queue-filter = Filter
forum-queue-none-here = No open question matches these filters
forum-queue-clear = Show the whole queue
forum-queue-next = Newer questions
forum-leaderboard-title = Leaderboard · { $community }
forum-leaderboard-empty = No reputation earned yet
forum-leaderboard-empty-body = Members earn reputation when their answers are accepted or upvoted.
forum-points = { $count ->
    [one] { $count } point
   *[other] { $count } points
}
forum-official-title = Official posts · { $community }
forum-official-empty = No official posts yet
forum-official-empty-body = Posts made by employees in the brand's name appear here.

## Badges and names (a topic's kind, a question's state, an idea's status)
forum-official = Official
forum-suspended = Suspended
forum-suspended-title = This account is suspended and cannot reply
forum-reputation = Reputation
forum-kind-discussion = Discussion
forum-kind-question = Question
forum-kind-idea = Idea
forum-kind-announcement = Announcement
forum-kind-comment = Page comments
forum-state-unanswered = Unanswered
forum-state-answered = Answered
forum-state-solved = Solved
forum-idea-under_review = Under review
forum-idea-planned = Planned
forum-idea-shipped = Shipped
forum-idea-declined = Declined
forum-badge-official-answer = Official answer
forum-badge-pinned = Pinned
forum-badge-locked = Locked
forum-badge-duplicate = Duplicate
forum-badge-wiki = Wiki
forum-badge-wiki-title = Community-maintained: experienced members may edit it

## The topic page
forum-vote-group = Votes
forum-vote-up = Vote up ({ $count ->
    [one] { $count } vote
   *[other] { $count } votes
})
forum-vote-down = Vote down ({ $count ->
    [one] { $count } vote
   *[other] { $count } votes
})
forum-score = Score: { $count }
forum-post-hidden = Hidden by moderators
forum-post-awaiting = Awaiting approval
forum-post-edited = edited
forum-accepted-answer = Accepted answer
forum-post-deleted = Deleted
forum-post-pending = Not published yet: { $reason }.
forum-post-quote = Quote
forum-accept = Accept this answer
forum-unaccept = Unaccept this answer
forum-post-edit = Edit
forum-post-delete = Delete
forum-post-delete-confirm = Delete this post?
forum-post-flag = Flag
forum-post-hide = Hide
forum-post-approve = Approve
forum-post-restore = Restore
forum-add-comment = Add a comment
forum-duplicate-of = This question was closed as a duplicate of:
forum-status-note = Status note:
forum-claimed-by = { $name } is working on this question.
forum-locked-notice = This topic is locked: no new replies.
forum-first-page = First page
forum-more-answers = More answers
forum-more-replies = More replies
forum-your-answer = Your answer
forum-reply = Reply
forum-answer-field = Answer
forum-answer-as-brand = Answer as { $brand } (official)
forum-preview = Preview
forum-post-answer = Post answer
forum-employee-tools = Employee tools
forum-release = Release
forum-claim = Claim this question
forum-assign-link = Assign…
forum-assign-title = Assign this question
forum-assign-lead = Hand the question to a colleague who covers its sub-community: it shows as theirs in the queue, and they are told.
forum-assign-to = Colleague
forum-assign = Assign
forum-assign-nobody = No employee covers this sub-community
forum-idea-status = Idea status
forum-status = Status
forum-none = (none)
forum-status-note-field = Note (shown in the thread)
forum-set-status = Set status
forum-moderation = Moderation
forum-pin = Pin
forum-unpin = Unpin
forum-lock = Lock
forum-unlock = Unlock
forum-move-community = Move to sub-community (address)
forum-category = Category
forum-move = Move
forum-duplicate-field = Close as duplicate of (link or id)
forum-close-duplicate = Close as duplicate
forum-merge-field = Merge into (link or id)
forum-merge = Merge
forum-merge-hint = Every post moves to that topic, after its own; this one then leads there.

## Writing
forum-new-topic-title = New topic
forum-new-topic-heading = New topic in { $community }
forum-composer-kind = What is it?
forum-composer-title = Title
forum-composer-title-hint = A question or summary in a sentence (5 to 150 characters).
forum-similar = Similar questions
forum-similar-hint = Perhaps one of these already answers it (they open in a new tab):
forum-composer-tags = Tags
forum-composer-tags-hint = Up to five, separated by spaces or commas.
forum-composer-language = Language of the topic
forum-composer-language-hint = The language you write in: readers' browsers and screen readers use it, and search stems its words.
forum-composer-body = Details
forum-composer-body-hint = Markdown: **bold**, `code`, lists, tables, links, @mentions.
forum-post-as-brand = Post as { $brand } (official)
forum-composer-wiki = Make this a wiki (experienced members and employees may edit it)
forum-post = Post
forum-edit-post = Edit post
forum-edit-body = Text
forum-save = Save
forum-comment-field = Comment (for clarifications; up to 600 characters)
forum-comment = Comment
forum-category-add-heading = Add a category
forum-category-slug = Address
forum-category-name = Name
forum-category-description = Description
forum-category-add = Add category
forum-category-edit = Edit or delete
forum-category-position = Position
forum-category-position-hint = Smaller numbers come first.
forum-category-save = Save category
forum-category-delete = Delete category
forum-category-delete-confirm = Delete this category? Its topics stay in the sub-community, without a category.

## Wikis, edit history and edit conflicts
forum-former-member = a former member
forum-diff-none = No changes to the text.
forum-history-title = Edit history
forum-history-wiki-note = Anyone who may edit this wiki may restore an older version; nothing is ever lost.
forum-history-never-edited = Never edited
forum-history-current = Current version
forum-history-version = Version { $number }
forum-history-written-by = written by { $name }
forum-history-edited-by = edited by { $name }
forum-history-show-changes = Show changes
forum-history-restore = Restore this version
forum-diff-title = Changes
forum-diff-heading = Changes in version { $number }
forum-diff-by = By { $name }
forum-diff-title-label = Title:
forum-back-to-topic = Back to the topic
forum-conflict-title = Edit conflict
forum-conflict-heading = Someone else saved this post while you were editing
forum-conflict-notice = Your changes were not saved, and nothing was overwritten. Your text is still in the form below: compare it with the current version, merge what you want to keep, and save again.
forum-conflict-theirs = Their changes
forum-conflict-base-unknown = The version you started from is not known.
forum-conflict-current = The current version
forum-conflict-mine-compared = Your text compared with the current version
forum-conflict-mine = Your text
forum-conflict-save = Save my version
forum-wiki-requests-heading = Wiki requests in { $community }
forum-wiki-requests-empty = No open requests
forum-wiki-requested-by = Asked by { $name }
forum-wiki-make-it = Make it a wiki
forum-wiki-decline = Decline
forum-wiki-stop = Stop being a wiki
forum-wiki-make = Make this a wiki
forum-wiki-request-hint = A wiki can be improved by experienced members and employees. A moderator decides.
forum-wiki-request = Ask to make this a wiki

## Feeds (seo::head, feeds)
forum-feed-latest = Latest topics (Atom)
forum-feed-named = { $name } (Atom)
forum-feed-tag = { $name }: #{ $tag } (Atom)
forum-feed-tag-title = { $name }: #{ $tag }
forum-feed-in = In { $name }
forum-feed-re = Re: { $title }
forum-held-new-member = the first posts of new members are reviewed by a moderator
forum-held-flagged = members flagged it and a moderator will review it
forum-held-found = it appears to contain: { $labels }
