# A member's public profile and profile settings (src/members/views.rs). English.

member-joined = Joined
member-stat-reputation = { $count ->
    [one] reputation
   *[other] reputation
}
member-stat-answers = { $count ->
    [one] answer
   *[other] answers
}
member-stat-accepted = { $count ->
    [one] accepted
   *[other] accepted
}
member-stat-topics = { $count ->
    [one] topic
   *[other] topics
}
member-edit-profile = Edit profile
member-moderate = Moderate this member
member-no-bio = No bio yet.
member-topics = Questions and topics
member-answers = Answers
member-none-yet = None yet.
member-accepted = accepted
member-settings-heading = Profile settings
member-settings-tabs = Settings
member-tab-profile = Profile
member-tab-account = Account
member-tab-tokens = API tokens
member-display-name = Display name
member-display-name-hint = Up to 60 characters. Leave empty to show your username.
member-title = Title
member-title-hint = For example your job or role, up to 80 characters.
member-bio = Bio
member-bio-hint = Markdown is supported. Up to 4000 characters.
member-save-profile = Save profile
member-view-profile = View profile
