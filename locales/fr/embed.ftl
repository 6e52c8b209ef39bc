# Les widgets publics et les cadres intégrés à d'autres sites (embed::{fragments,
# comments, frame_views, session_views}). Français.

embed-no-topics = Aucun sujet pour l'instant.
embed-more-in = Plus dans { $community } →
embed-answers = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
embed-replies = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
embed-state-unanswered = Sans réponse
embed-state-answered = Répondu
embed-state-solved = Résolu
