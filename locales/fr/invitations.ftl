# Invitations, chiffres par provenance et actions en un clic depuis un courriel
# (invitations::views, invitations::stats_views, les refus dans invitations::*). Français.

## États
invitations-state-revoked = révoquée
invitations-state-accepted = acceptée
invitations-state-expired = expirée
invitations-state-used-up = épuisée
invitations-state-sent = envoyée
invitations-state-active = active

## La page de gestion
invitations-title = Invitations à { $community }
invitations-new-link = Votre nouveau lien d’invitation
invitations-new-link-once = Copiez-le maintenant : il n’est affiché qu’une fois.
invitations-link-label = Lien d’invitation
invitations-queued = { $count ->
    [one] { $count } invitation en cours d’envoi.
   *[other] { $count } invitations en cours d’envoi.
}
invitations-create-heading = Créer un lien d’invitation
invitations-create-help = Partagez-le là où vous rencontrez des gens (un réseau social, une lettre d’information, un événement). Toute personne qui s’inscrit par ce lien rejoint { $community }, et le libellé de provenance vous indique ensuite d’où elle vient.
invitations-source = Libellé de provenance
invitations-source-hint = Par exemple twitter, linkedin, newsletter-2026-12, event-paris : lettres minuscules, chiffres, « - », « _ » et « . ».
invitations-expires = Expire après (jours)
invitations-expires-hint = Laissez vide pour un lien qui n’expire pas.
invitations-max-uses = Nombre d’utilisations maximal
invitations-max-uses-hint = Laissez vide pour ne fixer aucune limite.
invitations-create-link = Créer le lien
invitations-personal-heading = Envoyer des invitations personnelles
invitations-addresses = Adresses électroniques
invitations-addresses-hint = Une par ligne ou séparées par des virgules ; 200 au plus à la fois. Chaque invitation ne sert qu’une fois.
invitations-note = Votre mot
invitations-note-hint = Inclus dans le courriel, jusqu’à 2 000 caractères.
invitations-personal-source-hint = Où vous avez rencontré ces personnes, par exemple event-paris.
invitations-send = Envoyer les invitations
invitations-links = Liens
invitations-no-links = Aucun lien pour l’instant.
invitations-col-source = Provenance
invitations-col-created = Créé le
invitations-col-expires = Expire le
invitations-col-uses = Utilisations
invitations-col-state = État
invitations-col-actions = Actions
invitations-col-address = Adresse
invitations-col-sent = Envoyée le
invitations-never = jamais
invitations-uses-of = { $used } sur { $max }
invitations-revoke = Révoquer
invitations-personal = Invitations personnelles
invitations-none-sent = Aucune envoyée pour l’instant.
invitations-by-source = Par provenance
invitations-download-csv = Télécharger en CSV

## Chiffres par provenance
invitations-stats-empty = Aucune invitation pour l’instant : créez un lien ou envoyez quelques invitations, et les chiffres apparaîtront ici par provenance.
invitations-stats-caption = Invitations et membres par provenance
invitations-stats-sent = Invitations envoyées
invitations-stats-signups = Inscriptions
invitations-stats-posters = Membres ayant publié
invitations-stats-answerers = Membres ayant répondu à quelqu’un
invitations-chart-desc = { $source } : { $signups } inscriptions, { $posters } ont publié, { $answerers } ont répondu
invitations-chart-title = Inscriptions par provenance, avec les membres ayant publié et ceux ayant répondu
invitations-chart-caption = Barres : inscriptions (clair), membres ayant publié (moyen), membres ayant répondu à quelqu’un (foncé). Le tableau contient les mêmes chiffres.
invitations-stats-title = Invitations par provenance
invitations-stats-lead = Quels canaux amènent des membres qui participent, et pas seulement des clics : inscriptions, membres ayant publié et membres ayant répondu à quelqu’un, par libellé de provenance.

## La page d’invitation
invitations-join-title = Rejoindre { $community }
invitations-invited = Vous êtes invité à rejoindre { $community }
invitations-already-member = Vous êtes déjà membre.
invitations-go-to = Aller à { $community }
invitations-join = Rejoindre { $community }
invitations-create-account = Créer un compte
invitations-have-account = Vous avez déjà un compte ?
invitations-sign-in = Connectez-vous
invitations-come-back = puis revenez sur cette page pour rejoindre la communauté.
invitations-refused-title = Invitation
invitations-refused-heading = Cette invitation ne peut pas être utilisée
invitations-home = Aller à l’accueil

## Refus et erreurs de formulaire
invitations-refusal-unknown = Ce lien d’invitation n’est pas valide. Vérifiez qu’il a été copié en entier.
invitations-refusal-expired = Cette invitation a expiré. Demandez-en une nouvelle à la personne qui vous a invité.
invitations-refusal-revoked = Cette invitation a été retirée. Demandez-en une nouvelle à la personne qui vous a invité.
invitations-refusal-used-up = Cette invitation a déjà été utilisée autant de fois qu’elle le permet.
invitations-refusal-other-address = Cette invitation a été envoyée à une autre adresse. Utilisez l’adresse qui l’a reçue, ou demandez votre propre invitation.
invitations-error-source-empty = Donnez un libellé à la provenance, par exemple twitter ou event-paris.
invitations-error-source-long = Un libellé de provenance compte au plus { $max } caractères.
invitations-error-source-chars = Utilisez uniquement des lettres minuscules, des chiffres, « - », « _ » et « . ».
invitations-error-count = Saisissez un nombre entier de 1 à { $max }, ou laissez vide.
invitations-error-not-email = Adresse électronique non valide : { $addresses }.
invitations-error-no-address = Saisissez au moins une adresse.
invitations-error-too-many = { $max } adresses au plus à la fois ({ $given } saisies).
invitations-error-note-long = { $max } caractères au plus.

## Actions en un clic depuis un courriel
invitations-oc-accept = Accepter cette réponse à votre question
invitations-oc-upvote = Voter pour cette réponse : elle vous a aidé
invitations-oc-vote-idea = Voter pour cette idée
invitations-oc-follow = Suivre ce sujet : recevoir un courriel à chaque nouvelle réponse
invitations-oc-confirm-title = Confirmer
invitations-oc-topic = Sujet :
invitations-oc-confirm = Confirmer
invitations-oc-nothing-yet = Rien ne se passe tant que vous n’appuyez pas sur le bouton. Le lien ne sert qu’une fois.
invitations-oc-accepted = La réponse est acceptée. Merci !
invitations-oc-upvoted = Votre vote est compté. Merci !
invitations-oc-voted = Votre vote est compté.
invitations-oc-followed = Vous suivez désormais ce sujet.
invitations-oc-done-title = C’est fait
invitations-oc-open = Ouvrir « { $title } »
invitations-oc-invalid = Ce lien n’est pas valide ou a expiré. Ouvrez plutôt le sujet sur le site.
invitations-oc-used = Ce lien a déjà été utilisé : son action est faite.
