# Pages d'erreur et titres des problèmes de l'API (error.rs, http::errors,
# views::error_page). Français.

errors-not-found-title = Page introuvable
errors-not-found-message = Il n'y a rien ici, ou vous n'avez pas le droit de le voir.
errors-forbidden-title = Action non autorisée
errors-forbidden-message = Vous n'avez pas l'autorisation de faire cela.
errors-sign-in-required-title = Connexion requise
errors-sign-in-required-message = Vous devez vous connecter pour faire cela.
errors-validation-failed-title = Veuillez vérifier le formulaire
errors-validation-failed-message = Certains champs sont à corriger.
errors-bad-request-title = Requête incorrecte
errors-bad-request-message = La requête n'a pas pu être comprise.
errors-conflict-title = Existe déjà
errors-conflict-message = Cet élément existe déjà.
errors-csrf-failed-title = Formulaire expiré
errors-csrf-failed-message = Ce formulaire a expiré ou a été envoyé depuis un autre site. Revenez en arrière, rechargez la page et réessayez.
errors-rate-limited-title = Trop de requêtes
errors-rate-limited-message = { $seconds ->
    [one] Veuillez patienter { $seconds } seconde avant de réessayer.
   *[other] Veuillez patienter { $seconds } secondes avant de réessayer.
}
errors-unavailable-title = Service momentanément indisponible
errors-unavailable-message = Le service est momentanément indisponible. Veuillez réessayer dans quelques instants.
errors-payload-too-large-title = Trop volumineux
errors-payload-too-large-message = Ce que vous avez envoyé dépasse la taille autorisée.
errors-idempotency-in-progress-title = Requête en cours
errors-idempotency-in-progress-message = Une requête avec cette clé Idempotency-Key est encore en cours. Réessayez quand elle sera terminée.
errors-idempotency-key-reused-title = Clé d'idempotence réutilisée
errors-idempotency-key-reused-message = Cette clé Idempotency-Key a servi à une autre requête. Utilisez une nouvelle clé pour une nouvelle requête.
errors-internal-error-title = Une erreur s'est produite
errors-internal-error-message = Une erreur inattendue s'est produite. Elle a été enregistrée.

## La page d'erreur
errors-page-request-id = Identifiant de la requête :
errors-page-request-id-hint = (indiquez-le si vous contactez l'assistance)
errors-page-home = Aller à la page d'accueil

## Ce que dit une requête refusée (AppError::BadRequest et ::Conflict).
errors-body-unreadable = Le corps de la requête n'a pas pu être lu.
errors-vote-value = Un vote est positif, négatif ou nul.
errors-accept-not-answer = Seule une réponse à cette question peut être acceptée.
errors-unaccept-not-answer = Seule une réponse à cette question peut perdre son acceptation.
errors-status-ideas-only = Seules les idées ont un statut.
errors-wiki-current-version = C'est la version actuelle ; choisissez-en une plus ancienne.
errors-comment-placement = Les commentaires se placent sous une question ou une réponse.
errors-history-edited = Quelqu'un a modifié ce message pendant que vous lisiez son historique. Consultez de nouveau l'historique avant de restaurer une version.
errors-review-resolved = Un autre modérateur a déjà traité cet élément.
errors-unsubscribe-invalid = Ce lien de désabonnement n'est pas valide.
errors-link-invalid = Ce lien n'est pas valide, a déjà servi ou a expiré. Demandez-en un nouveau.
errors-webhook-delivery-queued = Cet envoi est déjà en file d'attente ; il sera tenté de nouveau.
errors-embed-event-kind = kind doit valoir similar_clicked
errors-embed-url = url doit être une URL http(s) absolue
errors-api-edit-conflict = Le message a été modifié depuis la version dont est partie cette modification ; rien n'a été enregistré.
errors-api-json-content-type = Envoyez le corps en JSON, avec Content-Type: application/json.
errors-api-cursor = Ce curseur n'a pas été fourni par cette API.
errors-api-notifications-body = Envoyez soit {"{"}"ids": [...]{"}"}, soit {"{"}"all": true{"}"}.
errors-api-limit = limit doit être un nombre de 1 à { $max }.
errors-api-limit-range = limit est un nombre de 1 à { $max }.
errors-api-idempotency-key = Idempotency-Key doit comporter de 1 à { $max } caractères ASCII visibles.
errors-sso-logout-token = Le jeton de déconnexion n'est pas valide.
errors-sso-suspended = Ce compte est suspendu.
errors-sso-identity-linked = Cette identité est déjà liée à un compte.
errors-sso-signup-closed = La connexion par authentification unique a échoué : ce fournisseur ne crée pas de comptes ici. Adressez-vous à un administrateur.
errors-sso-no-email = La connexion par authentification unique a échoué : le fournisseur d'identité n'a envoyé aucune adresse e-mail.
errors-sso-provider-answered = La connexion par authentification unique a échoué : le fournisseur d'identité a répondu { $error }.
errors-sso-other-browser = La connexion par authentification unique a échoué : cette connexion n'a pas été commencée dans ce navigateur. Recommencez.
errors-sso-expired = La connexion par authentification unique a échoué : cette connexion a expiré ou a déjà servi. Recommencez.
errors-sso-no-code = La connexion par authentification unique a échoué : le fournisseur d'identité n'a envoyé aucun code.
errors-sso-not-confirmed = La connexion par authentification unique a échoué : le fournisseur d'identité n'a pas confirmé la connexion.
errors-sso-no-id-token = La connexion par authentification unique a échoué : le fournisseur d'identité n'a envoyé aucun jeton d'identité.
errors-sso-invalid-token = La connexion par authentification unique a échoué : le jeton d'identité n'était pas valide.

## Un paramètre de requête que l'API ou un fragment ne comprend pas (les valeurs
## possibles restent celles de l'API).
errors-param = { $name } doit être { $expected }.
errors-expect-kind = question, discussion, idea ou announcement
errors-expect-state = unanswered, answered ou solved
errors-expect-sort-search = relevance ou newest
errors-expect-sort-list = latest, new ou top
errors-expect-sort-embed = latest ou top
errors-expect-tag = un seul mot-clé
errors-expect-date = une date au format AAAA-MM-JJ
errors-expect-cursor = un curseur fourni par cette API
errors-expect-category = un identifiant de catégorie
errors-expect-limit-embed = un nombre entier de 1 à 20
errors-expect-lang = en ou fr
errors-expect-who = mine ou nobody
errors-expect-queue-state = unanswered ou answered
errors-expect-covered = le slug d'une sous-communauté que vous couvrez
errors-embed-page-key = page doit comporter de 1 à 300 caractères, sans caractère de contrôle
errors-embed-page-or-url = indiquez la clé stable de la page (page) ou son URL canonique (url)
errors-embed-url-too-long = url dépasse 300 caractères
