# Pages d'administration (src/admin, src/setup.rs, src/api/docs_page.rs). Français.

## Onglets
admin-nav-label = Administration
admin-nav-overview = Vue d'ensemble
admin-nav-settings = Marque et inscription
admin-nav-users = Membres
admin-nav-outbox = File d'envoi
admin-nav-inbound = Courrier entrant
admin-nav-webhooks = Webhooks
admin-nav-moderation = Politique de modération
admin-nav-tokens = Jetons d'API
admin-nav-embedding = Intégration
admin-nav-sso = Authentification unique
admin-nav-audit = Journal d'audit
admin-nav-search = Analyse des recherches
admin-nav-outcomes = Résultats
admin-nav-teams = Équipes
admin-nav-invitations = Invitations

## Vue d'ensemble
admin-title = Administration
admin-stat-members = { $n ->
    [one] membre
   *[other] membres
}
admin-stat-communities = { $n ->
    [one] sous-communauté
   *[other] sous-communautés
}
admin-stat-queued = { $n ->
    [one] e-mail en attente
   *[other] e-mails en attente
}
admin-stat-failed = { $n ->
    [one] e-mail en échec
   *[other] e-mails en échec
}
admin-new-community = Nouvelle sous-communauté

## Marque et inscription
admin-settings-title = Marque et inscription
admin-settings-site-name = Nom du site
admin-settings-tagline = Slogan
admin-settings-logo = Adresse du logo
admin-settings-logo-hint = Adresse https:// d'une image, affichée dans l'en-tête.
admin-settings-color = Couleur de la marque
admin-settings-domains = Domaines de messagerie des employés
admin-settings-domains-hint = Un par ligne, par exemple example.com. Les membres qui confirment une adresse sur ces domaines deviennent employés.
admin-settings-origins = Origines autorisées pour l'API (CORS)
admin-settings-origins-hint = Une par ligne, par exemple https://www.example.com. Les scripts de ces sites peuvent appeler /api/v1 avec un jeton ; aucune par défaut.
admin-settings-language = Langue par défaut
admin-settings-language-hint = Proposée aux visiteurs quand rien de plus précis ne décide : leur propre choix, le réglage de leur compte, la langue de la sous-communauté ou celle de leur navigateur passent avant.
admin-settings-save = Enregistrer
admin-error-language = Choisissez l'anglais ou le français comme langue par défaut.
admin-error-logo = Indiquez une adresse https:// ou un chemin commençant par /.
admin-error-domain = { $domain } n'est pas un domaine comme example.com.
admin-error-origin = { $origin } n'est pas une origine comme https://www.example.com (sans chemin).
admin-error-own-role = Vous ne pouvez pas modifier votre propre rôle.
admin-error-role = Rôle inconnu.
admin-error-date = Les dates s'écrivent comme 2026-11-23.

## Membres
admin-users-title = Membres
admin-users-search-label = Rechercher par début de nom d'utilisateur ou d'e-mail
admin-users-search = Rechercher
admin-users-none = Aucun membre trouvé
admin-users-none-hint = Essayez une autre recherche.
admin-users-col-member = Membre
admin-users-col-email = E-mail
admin-users-col-role = Rôle
admin-users-col-employee = Employé
admin-users-sanctions = sanctions
admin-users-unconfirmed = non confirmée
admin-users-bouncing = rejets
admin-users-bouncing-title = Rejets définitifs répétés : plus aucun e-mail n'est envoyé à cette adresse
admin-users-role-of = Rôle de { $name }
admin-users-set-role = Appliquer
admin-users-unmark-employee = Retirer le statut d'employé
admin-users-mark-employee = Marquer comme employé
admin-role-member = membre
admin-role-moderator = modérateur
admin-role-admin = administrateur

## File d'envoi
admin-outbox-title = File d'envoi
admin-outbox-notification-mail = E-mails de notification
admin-outbox-notification-mail-hint = Ce qu'il est advenu de l'e-mail de chaque notification avant son arrivée dans la file d'envoi.
admin-mail-state-none = non envoyé (désactivé ou adresse non confirmée)
admin-mail-state-pending = en attente du regroupement
admin-mail-state-sent = envoyé
admin-mail-state-skipped-read = ignoré : déjà lu sur le site
admin-mail-state-dropped = abandonné : plus visible pour le membre
admin-mail-state-capped = retenu par la limite quotidienne
admin-mail-state-unsubscribed = ignoré : désabonné
admin-outbox-filter = Filtrer par état
admin-outbox-all = Tous
admin-outbox-status-queued = en attente
admin-outbox-status-sent = envoyé
admin-outbox-status-failed = en échec
admin-outbox-status-dropped = abandonné
admin-outbox-empty = Rien ici
admin-outbox-empty-hint = Les e-mails en attente de livraison, envoyés ou en échec apparaîtront ici.
admin-outbox-col-created = Créé
admin-outbox-col-to = Destinataire
admin-outbox-col-subject = Objet
admin-outbox-col-status = État
admin-outbox-col-attempts = Tentatives
admin-outbox-col-error = Dernière erreur
admin-outbox-retry = Réessayer

## Journal d'audit
admin-audit-title = Journal d'audit
admin-audit-actor = Qui (nom d'utilisateur)
admin-audit-action = Action (par exemple review. ou user.suspend)
admin-audit-target = Identifiant de la cible
admin-audit-community = Sous-communauté (adresse)
admin-audit-from = Du
admin-audit-to = Au
admin-audit-filter = Filtrer
admin-audit-export = Exporter en CSV
admin-audit-empty = Aucune action enregistrée
admin-audit-empty-hint = Chaque action des modérateurs et des administrateurs apparaîtra ici.
admin-audit-col-when = Quand
admin-audit-col-who = Qui
admin-audit-col-action = Action
admin-audit-col-target = Cible
admin-audit-col-details = Détails
admin-audit-col-before = Avant
admin-audit-col-after = Après
admin-audit-system = système

## Jetons d'API
admin-tokens-title = Jetons d'API
admin-tokens-all = Tous les jetons d'API
admin-tokens-intro = Les jetons personnels appartiennent aux membres qui les ont créés ; les jetons de service, à l'administrateur qui les a créés. Un jeton ne peut jamais faire plus que ce que son propriétaire peut faire aujourd'hui.
admin-tokens-empty = Aucun jeton pour l'instant
admin-tokens-empty-hint = Créez ci-dessous un jeton de service pour connecter un système.
admin-tokens-col-name = Nom
admin-tokens-col-owner = Propriétaire
admin-tokens-col-kind = Type
admin-tokens-col-token = Jeton
admin-tokens-col-scopes = Portées
admin-tokens-col-communities = Sous-communautés
admin-tokens-col-last-used = Dernière utilisation
admin-tokens-col-expires = Expiration
admin-tokens-col-actions = Actions
admin-tokens-kind-personal = personnel
admin-tokens-kind-service = service
admin-tokens-kind-embed = intégration
admin-tokens-from = depuis { $ip }
admin-tokens-never = Jamais
admin-tokens-revoked = révoqué
admin-tokens-expired = expiré
admin-tokens-revoke = Révoquer
admin-tokens-revoke-label = Révoquer { $name }
admin-tokens-new = Nouveau jeton de service
admin-tokens-new-intro = Pour une intégration (CRM, outil de support, site web). Il agit avec vos permissions et ne peut répondre au nom de la marque que dans les sous-communautés auxquelles vous le limitez.
admin-tokens-create = Créer le jeton de service

## Premier administrateur (/setup)
admin-setup-title = Installer { -brand }
admin-setup-heading = Créer le premier administrateur
admin-setup-intro = Ce lien ne fonctionne qu'une fois. Le compte que vous créez ici pourra configurer les sous-communautés, la marque et les autres membres.
admin-setup-username = Nom d'utilisateur
admin-setup-email = E-mail
admin-setup-password = Mot de passe
admin-setup-submit = Créer l'administrateur

## Référence de l'API (/api/docs)
admin-api-title = Référence de l'API
admin-api-machine = Version lisible par une machine :
admin-api-token = Créez un jeton dans
admin-api-token-link = Paramètres → Jetons d'API
admin-api-empty = Aucun point d'accès n'est encore documenté.
admin-api-endpoints = Points d'accès
admin-api-schemas = Schémas
admin-api-public = Aucun jeton nécessaire.
admin-api-col-parameter = Paramètre
admin-api-col-in = Emplacement
admin-api-col-type = Type
admin-api-col-required = Obligatoire
admin-api-col-about = Description
admin-api-col-field = Champ
admin-api-yes = oui
admin-api-no = non
admin-api-body = Corps (JSON) :
