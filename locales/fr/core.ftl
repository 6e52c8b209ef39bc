# L'enveloppe des pages (views::layout), les avis après une redirection
# (views::page::Notice), les dates et durées (i18n::format). Français.

-brand = Parley

## En-tête et pied de page
skip-to-content = Aller au contenu
nav-latest = Récents
nav-queue = File d'attente
nav-review = Modération
nav-admin = Administration
nav-notifications = Notifications
nav-notifications-label = Notifications, { $n ->
    [one] { $n } non lue
   *[other] { $n } non lues
}
nav-settings = Paramètres
nav-sign-out = Se déconnecter
nav-sign-in = Se connecter
nav-sign-up = S'inscrire
nav-account = Compte
nav-search-label = Rechercher
nav-search-placeholder = Rechercher…
nav-search-site = Recherche sur le site
footer-api = API
footer-powered = Propulsé par { -brand }
language-menu = Langue
language-menu-current = { $language } (actuelle)

## Avis sur le compte du visiteur
notice-read-only = Un modérateur a mis votre compte en lecture seule jusqu'au { $date }. Vous pouvez lire, mais ni publier, ni répondre, ni signaler.
notice-confirm-email = Veuillez confirmer votre adresse e-mail : nous avons envoyé un lien à { $email }.
notice-confirm-email-link = Renvoyer le lien ou changer d'adresse
notice-bouncing = Les messages envoyés à { $email } sont rejetés : nous avons cessé de vous écrire.
notice-bouncing-link = Changer d'adresse

## Avis d'une ligne après une redirection (?notice=)
notice-check-email = Merci ! Si cette adresse peut être utilisée, nous lui avons envoyé un lien. Consultez votre boîte de réception pour confirmer votre compte.
notice-email-confirmed = Votre adresse e-mail est confirmée. Bienvenue !
notice-signed-out = Vous êtes déconnecté.
notice-signed-out-everywhere = Toutes vos sessions ont été fermées.
notice-password-changed = Votre mot de passe a été changé. Vos autres sessions ont été fermées.
notice-password-reset = Votre mot de passe a été réinitialisé. Connectez-vous avec le nouveau.
notice-reset-sent = Si un compte utilise cette adresse, nous lui avons envoyé un lien pour réinitialiser le mot de passe.
notice-email-change-sent = Nous avons envoyé un lien de confirmation à la nouvelle adresse. Le changement prendra effet quand vous l'aurez suivi.
notice-email-changed = Votre adresse e-mail a été changée. Veuillez vous reconnecter.
notice-profile-saved = Profil enregistré.
notice-saved = Enregistré.
notice-link-invalid = Ce lien n'est pas valide, a déjà servi ou a expiré. Demandez-en un nouveau.
notice-welcome = Votre compte d'administrateur est prêt.
notice-flagged = Merci. Les modérateurs examineront ce message.
notice-held = Votre message attend la validation d'un modérateur. D'ici là, seuls vous et les modérateurs pouvez le voir.
notice-token-revoked = Le jeton a été révoqué. Les requêtes qui l'utilisent sont désormais refusées.

## Dates et nombres (i18n::format)
time-just-now = à l'instant
time-minutes-ago = { $n ->
    [one] il y a { $n } minute
   *[other] il y a { $n } minutes
}
time-hours-ago = { $n ->
    [one] il y a { $n } heure
   *[other] il y a { $n } heures
}
time-days-ago = { $n ->
    [one] il y a { $n } jour
   *[other] il y a { $n } jours
}
duration-minutes = { $m } min
duration-hours-minutes = { $h } h { $m } min
duration-days-hours = { $d } j { $h } h
count-members = { $n ->
    [one] { $n } membre
   *[other] { $n } membres
}
