# Le profil public d'un membre et ses paramètres de profil (src/members/views.rs).
# Français.

member-joined = Membre depuis le
member-stat-reputation = { $count ->
    [one] point de réputation
   *[other] points de réputation
}
member-stat-answers = { $count ->
    [one] réponse
   *[other] réponses
}
member-stat-accepted = { $count ->
    [one] acceptée
   *[other] acceptées
}
member-stat-topics = { $count ->
    [one] sujet
   *[other] sujets
}
member-edit-profile = Modifier le profil
member-moderate = Modérer ce membre
member-no-bio = Pas encore de présentation.
member-topics = Questions et sujets
member-answers = Réponses
member-none-yet = Rien pour l'instant.
member-accepted = acceptée
member-settings-heading = Paramètres du profil
member-settings-tabs = Paramètres
member-tab-profile = Profil
member-tab-account = Compte
member-tab-tokens = Jetons d'API
member-display-name = Nom affiché
member-display-name-hint = 60 caractères au plus. Laissez vide pour afficher votre nom d'utilisateur.
member-title = Fonction
member-title-hint = Par exemple votre métier ou votre rôle, 80 caractères au plus.
member-bio = Présentation
member-bio-hint = Le Markdown est accepté. 4 000 caractères au plus.
member-save-profile = Enregistrer le profil
member-view-profile = Voir le profil
