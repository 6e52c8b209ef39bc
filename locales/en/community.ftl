# The home page's list of sub-communities and a sub-community's settings and members
# (src/communities/views.rs). English.

community-home-title = Home
community-list-heading = Communities
community-new = New sub-community
community-create = Create a sub-community
community-list-empty = No communities yet
community-list-empty-admin = Create the first sub-community for one of your product groups.
community-list-empty-public = Nothing is public here yet.
community-sign-in = Sign in
community-sign-in-to-see = to see the communities you belong to.
community-list-empty-member = There is no community you can see yet.
community-team = Team
community-team-empty = No moderators appointed yet.
community-role-member = Member
community-role-moderator = Moderator
community-role-manager = Manager
community-visibility-public = Public
community-visibility-members = Signed-in members
community-visibility-employees = Employees only
community-visibility-invite_only = Invite only

## Settings
community-settings-title = Settings: { $name }
community-field-slug = Address
community-field-slug-hint = Lowercase letters, digits and hyphens; the page will be /c/<address>.
community-field-name = Name
community-field-description = Description
community-field-accent = Accent colour
community-field-logo = Logo
community-field-logo-hint = An https:// address or a path on this site (/…), shown beside the name. Leave empty for none.
community-field-visibility = Who can see it
community-field-position = Position
community-field-position-hint = Lower numbers are listed first.
community-field-watch = Watching level for new members
community-field-watch-hint = Members who join from now on start at this level; they can change it. Existing members keep theirs.
community-field-language = Default language
community-field-language-hint = The language new topics are written in and pages are shown in when the reader has not chosen one (it also chooses how search understands them).
community-field-wiki-rep = Reputation needed to edit wikis
community-field-wiki-rep-hint = Members with at least this reputation may edit this sub-community's wikis; employees and moderators always may. Empty: 100.
community-save = Save
community-categories = Categories
community-categories-empty = No categories yet: topics are listed together.
community-embedding = Embedding
community-embedding-link = Put this sub-community on your website
community-embedding-rest = : allowed origins, page comments and the snippets to paste.
community-results = Results and growth
community-outcomes = Outcomes
community-outcomes-rest = : questions answered and solved, response times, escalations, lead users.
community-invitations = Invitations
community-invitations-rest = : links with a source label and personal invitations; which channels bring members who take part.
community-search-insights = Search insights
community-search-insights-rest = : what people searched for and did not find.

## Members
community-members-title = Members of { $name }
community-members-heading = Moderators, managers and members
community-members-empty = Nobody holds a role here yet.
community-members-member = Member
community-members-role = Role
community-members-actions = Actions
community-members-remove = Remove
community-members-remove-label = Remove { $name }
community-members-add-heading = Add someone
community-members-username = Username
community-members-as-member = Member (can see an invite-only community)
community-members-add = Add
