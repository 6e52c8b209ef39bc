# Inscription, connexion, réinitialisation du mot de passe et pages de paramètres
# (accounts::views, members::views::edit). Français.

## Inscription
account-signup-title = Inscription
account-signup-heading = Créer votre compte
account-signup-lead = Posez vos questions et obtenez des réponses de l'équipe et de la communauté.
account-username = Nom d'utilisateur
account-username-hint = De 3 à 30 lettres, chiffres, « _ », « - » ou « . ». Visible publiquement.
account-email = Adresse e-mail
account-email-hint = Nous envoyons un lien de confirmation. Jamais affichée publiquement.
account-password = Mot de passe
account-password-hint = De { $min } à { $max } caractères ; les espaces et tous les caractères sont acceptés.
account-weekly-digest = M'envoyer chaque semaine un résumé des questions populaires et sans réponse
account-signup-button = S'inscrire
account-have-account = Vous avez déjà un compte ?
account-sign-in-link = Se connecter

## Confirmation de l'adresse
account-confirm-title = Confirmer votre adresse e-mail
account-confirm-heading = Confirmez votre adresse e-mail
account-confirm-lead = Un clic pour terminer : confirmez que cette adresse est bien la vôtre.
account-confirm-button = Confirmer mon adresse

## Connexion
account-login-title = Connexion
account-login-field = Nom d'utilisateur ou adresse e-mail
account-login-button = Se connecter
account-forgot-password = Mot de passe oublié ?
account-new-here = Nouveau ici ?
account-create-account = Créer un compte
account-login-incorrect = Nom d'utilisateur, adresse e-mail ou mot de passe incorrect.
account-login-banned = Ce compte est banni.
account-login-suspended = Ce compte est suspendu jusqu'au { $date }.
account-login-reason = Motif : { $reason }

## Réinitialisation du mot de passe
account-reset-title = Réinitialiser votre mot de passe
account-reset-lead = Saisissez l'adresse e-mail de votre compte. Si un compte l'utilise, nous lui envoyons un lien pour choisir un nouveau mot de passe.
account-reset-button = Envoyer le lien
account-new-password-title = Choisir un nouveau mot de passe
account-new-password = Nouveau mot de passe
account-new-password-button = Enregistrer le nouveau mot de passe
account-new-password-hint = Toutes les sessions de ce compte seront déconnectées.

## Changement d'adresse
account-email-change-title = Confirmer votre nouvelle adresse
account-email-change-heading = Utiliser cette adresse e-mail ?
account-email-change-lead = Confirmez pour en faire l'adresse de votre compte. Vous devrez vous reconnecter.
account-email-change-button = Utiliser cette adresse

## Paramètres
account-settings-title = Paramètres du compte
account-settings-tabs = Paramètres
account-tab-profile = Profil
account-tab-account = Compte
account-tab-tokens = Jetons d'API
account-email-heading = Adresse e-mail
account-current-address = Adresse actuelle :
account-confirmed = confirmée
account-not-confirmed = non confirmée
account-resend-confirmation = Renvoyer le lien de confirmation
account-new-email = Nouvelle adresse e-mail
account-current-password = Mot de passe actuel
account-change-email = Changer d'adresse
account-password-heading = Mot de passe
account-new-password-change-hint = Le changer déconnecte toutes vos autres sessions.
account-change-password = Changer le mot de passe
account-sessions-heading = Sessions
account-session-device = Appareil
account-session-address = Adresse
account-session-last-active = Dernière activité
account-session-unknown = Inconnu
account-session-this-browser = ce navigateur
account-sign-out-everywhere = Se déconnecter de toutes les sessions

## Profil (/settings/profile)
account-profile-title = Modifier le profil
account-profile-heading = Paramètres du profil
account-display-name = Nom affiché
account-display-name-hint = 60 caractères au plus. Laissez vide pour afficher votre nom d'utilisateur.
account-profile-title-field = Fonction
account-profile-title-hint = Par exemple votre métier ou votre rôle, 80 caractères au plus.
account-bio = Présentation
account-bio-hint = Le Markdown est pris en charge. 4000 caractères au plus.
account-language = Langue
account-language-automatic = Automatique (selon votre navigateur ou la sous-communauté)
account-language-hint = La langue des pages et des e-mails que nous vous envoyons.
account-save-profile = Enregistrer le profil
account-view-profile = Voir le profil

## Jetons d'API
account-tokens-title = Jetons d'API
account-tokens-heading = Vos jetons d'API
account-tokens-lead = Un jeton permet à un script ou à un autre système d'utiliser l'API en votre nom, dans la limite des portées que vous lui accordez. Il ne peut jamais faire plus que vous.
account-tokens-empty = Aucun jeton pour l'instant
account-tokens-empty-hint = Créez-en un ci-dessous pour connecter un script ou un autre système.
account-token-name = Nom
account-token-name-hint = À quoi il sert, par exemple « Synchro CRM ». 80 caractères au plus.
account-token-secret-column = Jeton
account-token-scopes = Portées
account-token-communities = Sous-communautés
account-token-expires = Expiration
account-token-last-used = Dernière utilisation
account-token-actions = Actions
account-token-from = depuis { $ip }
account-token-never = Jamais
account-token-revoked = révoqué
account-token-expired = expiré
account-token-revoke = Révoquer
account-token-revoke-label = Révoquer { $name }
account-token-limit = Limiter à certaines sous-communautés
account-token-limit-hint = Aucune cochée : pas de limite (tout ce que son propriétaire peut voir).
account-token-no-limit = Tout ce que son propriétaire peut voir
account-token-expires-days = Expire au bout de (jours)
account-token-expires-days-hint = De 1 à 365 jours.
account-token-new = Nouveau jeton
account-token-create = Créer le jeton
account-token-created-title = Jeton créé
account-token-copy-now = Copiez dès maintenant le jeton { $name }.
account-token-shown-once = Il n'est affiché qu'une seule fois
account-token-fingerprint = : Parley n'en conserve qu'une empreinte.
account-token-yours = Votre nouveau jeton
account-token-copy-hint = Sélectionnez-le et copiez-le (Ctrl+C ou ⌘C) dans votre coffre à secrets. Envoyez-le sous la forme
account-token-summary = Portées : { $scopes }. Expire le { $date }.
account-token-back = Retour aux jetons
account-scope-topics-read = lire les sujets et messages que vous pouvez voir
account-scope-topics-write = créer et modifier des sujets
account-scope-posts-write = répondre, commenter, modifier et voter
account-scope-answers-accept = accepter des réponses
account-scope-moderation-read = lire les files de modération que vous traitez
account-scope-moderation-write = agir sur les files de modération que vous traitez
account-scope-users-read = lire votre profil et les profils publics des membres
account-scope-notifications-read = lire vos notifications
account-scope-notifications-write = marquer vos notifications comme lues
account-scope-webhooks-manage = gérer les webhooks (administrateurs)
