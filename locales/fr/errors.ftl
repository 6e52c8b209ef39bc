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
