# Escalades : le bandeau du sujet, la page d’escalade, /admin/teams et la file d’une
# équipe (escalations::views, escalations::team_views). Français.

## Statuts
escalations-status-open = Ouverte
escalations-status-in_progress = En cours
escalations-status-resolved = Résolue
escalations-status-declined = Refusée

## Le bandeau du sujet
escalations-banner-team = Transmis à l’équipe { $team }
escalations-banner-product = Transmis à l’équipe produit
escalations-banner-ticket = Ticket
escalations-banner-owner = Responsable : { $owner }
escalations-resolution = Résolution :
escalations-internal-note = Note interne :
escalations-update = Mettre à jour
escalations-escalate-button = Transmettre à une équipe produit

## La page d’escalade
escalations-page-title = Transmettre
escalations-heading = Escalade
escalations-escalate-this = Transmettre ce sujet
escalations-escalate-again = Transmettre à nouveau
escalations-escalate-help = Confiez le sujet à l’équipe produit capable de régler le problème, et/ou notez le ticket de votre outil de suivi. Toute personne qui voit le sujet en voit le statut ; la note interne reste réservée à l’équipe.
escalations-team = Équipe
escalations-no-team-option = (aucune équipe : référence externe seulement)
escalations-no-team-covers = Aucune équipe ne couvre encore { $community } : un administrateur configure les équipes sur /admin/teams.
escalations-ticket-id-tracker = Numéro du ticket dans votre outil de suivi
escalations-ticket-url = URL du ticket
escalations-internal-note-field = Note interne (réservée à l’équipe)
escalations-escalate = Transmettre
escalations-team-suffix = Équipe { $team }
escalations-external-reference = Référence externe
escalations-ticket-line = Ticket :
escalations-resolution-note = Note de résolution :
escalations-history = Historique
escalations-history-updated = mise à jour
escalations-history-opened = ouverture
escalations-status = Statut
escalations-owner-field = Responsable (nom d’utilisateur)
escalations-ticket-id = Numéro du ticket
escalations-resolution-note-field = Note de résolution (affichée dans la discussion une fois l’escalade résolue ou refusée)
escalations-what-changed = Ce qui a changé (conservé dans l’historique)
escalations-save = Enregistrer

## /admin/teams
escalations-teams-title = Équipes produit
escalations-teams-help = Les employés et les modérateurs transmettent les sujets à l’équipe capable de les régler. Une équipe couvre certaines sous-communautés ; ses membres traitent sa file.
escalations-teams-empty-title = Aucune équipe pour l’instant
escalations-teams-empty-body = Créez la première équipe ci-dessous : par exemple Facturation, couvrant les sous-communautés où l’on pose des questions de facturation.
escalations-col-team = Équipe
escalations-col-members = Membres
escalations-col-covers = Couvre
escalations-col-notifications = Notifications
escalations-col-actions = Actions
escalations-edit = Modifier
escalations-edit-team = Modifier l’équipe
escalations-new-team = Nouvelle équipe
escalations-field-name = Nom
escalations-field-slug = Adresse (/teams/…)
escalations-field-slug-hint = Lettres minuscules, chiffres et tirets, par exemple facturation.
escalations-field-members = Membres (noms d’utilisateur)
escalations-field-members-hint = Séparés par des virgules ou des espaces.
escalations-field-covers = Couvre ces sous-communautés
escalations-field-notify = Adresse de notification
escalations-field-notify-hint = Facultatif : un courriel y est envoyé à chaque nouvelle escalade.
escalations-field-webhook = URL du webhook
escalations-field-webhook-hint = Facultatif : Parley y envoie les événements topic.escalated et escalation.updated de cette équipe, signés (Standard Webhooks) ; le secret de signature est affiché une seule fois après l’enregistrement, et les envois sont journalisés sur /admin/webhooks. Videz le champ pour arrêter.
escalations-save-team = Enregistrer l’équipe
escalations-create-team = Créer l’équipe

## Le secret du webhook de l’équipe
escalations-hook-title = Webhook de l’équipe
escalations-hook-heading = Webhook de { $team }
escalations-hook-saved = Équipe enregistrée. Parley envoie désormais les événements d’escalade de cette équipe à { $url }, signés avec ce secret.
escalations-hook-copy = Copiez le secret de signature maintenant : il ne sera plus affiché.
escalations-hook-secret = Secret de signature
escalations-hook-back = Retour aux équipes
escalations-hook-log = Journal des envois

## La file d’une équipe
escalations-queue-title = File de l’équipe { $team }
escalations-queue-heading = Équipe { $team }
escalations-filter-status = Statut
escalations-filter-any = Tous
escalations-filter-community = Sous-communauté
escalations-filter-all = Toutes
escalations-filter = Filtrer
escalations-queue-empty-title = La file est vide
escalations-queue-empty-body = Aucune escalade ne correspond. Les sujets transmis à cette équipe apparaissent ici, les ouverts en premier.
escalations-col-topic = Sujet
escalations-col-community = Sous-communauté
escalations-col-status = Statut
escalations-col-owner = Responsable
escalations-col-ticket = Ticket
escalations-col-opened = Ouverte le
escalations-queue-update = (mettre à jour)
escalations-ticket-link = lien
escalations-first = ← Première page
escalations-next = Suivante →
escalations-delete-team = Supprimer l’équipe
escalations-delete-team-help = Supprimer l’équipe retire ses membres, les sous-communautés qu’elle couvre et son webhook. Ses remontées restent, sans équipe.
