# The public widgets and frames on other sites (embed::{fragments, comments,
# frame_views, session_views}). English.

embed-no-topics = No topics yet.
embed-more-in = More in { $community } →
embed-answers = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
}
embed-replies = { $count ->
    [one] { $count } reply
   *[other] { $count } replies
}
embed-state-unanswered = Unanswered
embed-state-answered = Answered
embed-state-solved = Solved

# /admin/embedding (src/embed/sites_views.rs).
embed-admin-title = Embedding
embed-admin-connect = Parley Connect
embed-admin-connect-about = Parley Connect signs in the visitors of your own website inside the embedded widgets, even when the browser blocks third-party cookies: your server signs a short assertion about its signed-in visitor with the site's secret, and Parley checks it and links the visitor to a community account by your site's user id (never by email alone).
embed-admin-connect-secrets = Each host site below has its own secret, shown once when it is created or rotated.
embed-admin-sites = Host sites
embed-admin-no-sites = No host sites yet
embed-admin-no-sites-hint = Add your website below to use Parley Connect.
embed-admin-name = Name
embed-admin-site-id = Site id
embed-admin-origins = Origins
embed-admin-origins-hint = One per line, like https://www.example.com: the pages whose widgets may sign visitors in.
embed-admin-created = Created
embed-admin-status = Status
embed-admin-actions = Actions
embed-admin-revoked = revoked { $date }
embed-admin-active = active
embed-admin-rotate = Rotate secret
embed-admin-rotate-for = Rotate secret for { $name }
embed-admin-revoke = Revoke
embed-admin-revoke-for = Revoke { $name }
embed-admin-new = New host site
embed-admin-create = Create host site
embed-admin-on-server = On your server
embed-admin-snippet-where = Put the assertion in the widget's connect attribute:
embed-admin-snippet-each = Make a new one for each page view.
embed-admin-secret-title = Host site secret
embed-admin-secret-of = Secret of { $name }
embed-admin-secret-copy = Copy it now: it will not be shown again.
embed-admin-secret-keep = Keep it on your server only (an environment variable), never in a page.
embed-admin-site-id-label = Site id:
embed-admin-secret-label = Secret:
embed-admin-done = Done

# A sub-community's Embedding section (src/embed/settings.rs).
embed-settings-title = Embedding: { $community }
embed-settings-back = Settings: { $community }
embed-settings-heading = Put { $community } on your website
embed-settings-off = Embedding is off: this sub-community is not public. Widgets, fragments and counts only ever show public content, so a private sub-community can never be embedded. An admin can make it public on its settings page.
embed-settings-origins = Allowed origins
embed-settings-origins-hint = One per line, as scheme://host[:port], for example https://www.example.com. No path, no wildcard. None: nothing can embed this sub-community.
embed-settings-prefixes = URL prefixes for page comments
embed-settings-prefixes-hint = One absolute http(s) URL per line, for example https://www.example.com/products/. A page's comment thread starts only under one of these.
embed-settings-anonymous-ask = Anonymous visitors see the ask box (they sign in to post)
embed-settings-save = Save
embed-settings-snippets = Snippets
embed-settings-no-origin = Add an allowed origin first: until then every widget of this sub-community answers “not found”.
embed-settings-paste = Paste the loader once, then any of the components. Theme them with the CSS custom properties:
embed-settings-line = line { $line } (“{ $text }”): { $why }
embed-settings-too-many = at most { $max } lines
embed-settings-fix = Fix { $problems }.
embed-settings-why-wildcard = wildcards are not allowed: list each origin
embed-settings-why-too-long = longer than 300 characters
embed-settings-why-not-origin = not an origin: write scheme://host[:port]
embed-settings-why-scheme = only http and https origins can embed
embed-settings-why-no-host = no host
embed-settings-why-credentials = an origin has no user name or password
embed-settings-why-path = an origin has no path, query or fragment: write scheme://host[:port]
embed-settings-why-not-url = not an absolute http(s) URL
# The snippets' headings (settings page, the demo's host page).
embed-snippet-loader = The loader (once per page)
embed-snippet-solved = Latest solved questions
embed-snippet-unanswered-count = Unanswered questions count
embed-snippet-ask = Ask the community
embed-snippet-comments = This page's comments
embed-snippet-comment-count = This page's comment count

# The demo's example corporate page (src/embed/demo_host.rs): the company's own text.
embed-demo-title = Widget Pro 3000 — Acme Widgets
embed-demo-products = Products
embed-demo-community = Community
embed-demo-signed-in = Signed in on the Acme website as Dana Visitor: the widgets sign Dana in to the community with Parley Connect.
embed-demo-sign-out = Sign out
embed-demo-guest = Browsing as a guest.
embed-demo-sign-in = Sign in on the Acme website as Dana (demo)
embed-demo-sign-in-why = to comment and ask without a community account.
embed-demo-lead = Our fastest widget yet: twice the sync speed, audit exports built in, and an API your team already knows.
embed-demo-price = € 299
embed-demo-price-unit = per seat, per year
embed-demo-note = This is an example corporate page on another site ({ $origin }) embedding the community at { $parley }.
embed-demo-questions = Questions from customers
embed-demo-unanswered = Unanswered right now:
embed-demo-solved = Latest solved questions
embed-demo-french = In French
embed-demo-ask = Ask the community
embed-demo-comments = Comments on this page
embed-demo-events = Widget events on this page
embed-demo-events-help = The widgets dispatch parley:asked, parley:similar-clicked and parley:commented as DOM events: your analytics can listen to them.
embed-demo-snippets = The snippets on this page
embed-demo-snippet-french = A French list

# The comments (src/embed/comments.rs) and the frames (src/embed/frame_views.rs,
# assets/embed/frame.js through data-texts).
embed-official = Official
embed-score = Score
embed-no-comments = No comments yet. Be the first.
embed-earlier-comments = { $count ->
    [one] { $count } earlier comment in the community
   *[other] { $count } earlier comments in the community
}
embed-view-discussion = View this discussion in the community
embed-visit-community = Visit the community
embed-frame-comments-title = Comments
embed-frame-ask-title = Ask the community
embed-frame-sign-in = Sign in
embed-frame-continue = Continue in the community
embed-frame-replying = Replying to a comment.
embed-frame-cancel = Cancel
embed-frame-your-comment = Your comment
embed-frame-post-comment = Post comment
embed-frame-sign-in-to-ask-short = Sign in to ask
embed-frame-your-question = Your question
embed-frame-similar = Similar questions
embed-frame-details = Details
embed-frame-ask = Ask
embed-frame-thanks = Thanks — you will be emailed when someone answers.
embed-frame-see-question = See your question
embed-frame-refused-title = Not allowed
embed-frame-refused = This page may not show the community.
embed-frame-error = Something went wrong ({ $status }). Please try again.
embed-frame-unreachable = The community could not be reached. Check your connection.
embed-frame-signed-in-as = Signed in as { $name }
embed-frame-popup-blocked = Allow pop-ups to sign in, or continue in the community.
embed-frame-session-ended = Your session has ended. Sign in again.
embed-frame-vote-up = Vote up
embed-frame-reply = Reply
embed-frame-reload-failed = The comments could not be reloaded. Reload the page.
embed-frame-sign-in-to-vote = Sign in to vote.
embed-frame-sign-in-to-comment = Sign in to comment.
embed-frame-sign-in-to-ask = Sign in to ask your question.
embed-frame-comment-held = Your comment will appear after review
embed-frame-question-held = Your question will appear after review

# The sign-in popup (src/embed/session_views.rs).
embed-signin-title = Continue on the page
embed-signin-heading = Continue as { $name } on { $community }?
embed-signin-explain = The page that opened this window will be able to post in { $community } as you, until you close it or for 12 hours.
embed-signin-continue = Continue as { $name }
embed-signin-done-title = Signed in
embed-signin-done-heading = You are signed in
embed-signin-done-return = You are signed in; return to the page.

# The embed loader (parley.js): a topic list that could not be loaded.
embed-loader-failed = The community's topics could not be loaded.
embed-admin-edit = Edit
embed-admin-edit-for = Edit { $name }
embed-admin-edit-title = Edit host site
embed-admin-save = Save changes
embed-admin-back = ← Embedding
