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
