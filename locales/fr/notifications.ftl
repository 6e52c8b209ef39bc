# The notifications page, email preferences, unsubscribe pages and the watch control
# (notifications::views), and the line describing each notification (page and mail).
# French.

## One line per notification (the page and the notification mail)
notifications-someone = Quelqu'un
notifications-describe-reply = { $actor } a répondu
notifications-describe-answered = { $actor } a répondu à votre question
notifications-describe-mention = { $actor } vous a mentionné
notifications-describe-posted = { $actor } a publié dans un sujet que vous suivez
notifications-describe-new-topic = { $actor } a ouvert un sujet dans un espace que vous suivez
notifications-describe-accepted = { $actor } a accepté votre réponse
notifications-describe-idea-status = { $actor } a changé le statut d'une idée que vous soutenez
notifications-describe-moderation = { $actor } a pris une mesure de modération sur votre message
notifications-describe-escalation = { $actor } a transmis un sujet ou modifié sa transmission
notifications-describe-assigned = { $actor } vous a confié une question

## /notifications
notifications-title = Notifications
notifications-mark-all-read = Tout marquer comme lu
notifications-preferences = Préférences
notifications-empty-title = Aucune notification pour l'instant
notifications-empty-body = Quand quelqu'un vous répond, vous mentionne, répond à votre question ou publie dans ce que vous suivez, cela s'affiche ici.
notifications-mark-read = Marquer comme lu
notifications-older = Notifications plus anciennes

## The watch control
notifications-watch-label = Notifications
notifications-watch-save = Enregistrer
notifications-level-watching = Suivi complet
notifications-level-new-topics = Nouveaux sujets
notifications-level-tracking = Suivi discret
notifications-level-normal = Normal
notifications-level-muted = Silencieux
notifications-level-watching-help = Vous êtes prévenu de chaque nouveau message.
notifications-level-new-topics-help = Vous êtes prévenu de chaque nouveau sujet, pas de chaque réponse.
notifications-level-tracking-help = Vous voyez combien de messages sont nouveaux ; vous êtes prévenu quand quelqu'un vous répond ou vous mentionne.
notifications-level-normal-help = Vous êtes prévenu quand quelqu'un vous répond ou vous mentionne.
notifications-level-muted-help = Vous n'êtes jamais prévenu de rien ici.
notifications-inherited-category = (d'après votre réglage sur la catégorie)
notifications-inherited-community = (d'après votre réglage sur la sous-communauté)

## /settings/notifications
notifications-prefs-title = E-mails et notifications
notifications-prefs-unconfirmed = Les e-mails ne partent que vers des adresses confirmées : confirmez la vôtre pour recevoir ceux-ci.
notifications-prefs-email-me = M'écrire à propos de
notifications-prefs-immediately = Immédiatement (quelques minutes plus tard, sauf si vous l'avez déjà lu ici)
notifications-prefs-digest = Résumé des sujets les plus actifs et sans réponse dans ce que vous suivez
notifications-digest-off = Jamais
notifications-digest-daily = Quotidien
notifications-digest-weekly = Hebdomadaire
notifications-prefs-save = Enregistrer les préférences
notifications-prefs-communities = Sous-communautés
notifications-prefs-communities-help = { $count ->
    [one] Le suivi complet vous prévient de chaque message, « nouveaux sujets » de chaque nouveau sujet. Vous suivez { $count } sujet directement.
   *[other] Le suivi complet vous prévient de chaque message, « nouveaux sujets » de chaque nouveau sujet. Vous suivez { $count } sujets directement.
}
notifications-prefs-no-communities = Il n'y a pas encore de sous-communauté.
notifications-category-replies = Les réponses qui vous sont adressées
notifications-category-mentions = Les mentions
notifications-category-watching = Ce que vous suivez
notifications-category-updates = Réponses acceptées, avancement des idées et modération
notifications-category-digest = Le résumé

## Unsubscribe
notifications-unsubscribe-title = Se désabonner
notifications-unsubscribe-question = Ne plus recevoir d'e-mails à propos de : { $what } ?
notifications-unsubscribe-button = Se désabonner
notifications-unsubscribed-title = Désabonné
notifications-unsubscribed-heading = Vous êtes désabonné
notifications-unsubscribed-body = Vous ne recevrez plus d'e-mails à propos de : { $what }.
notifications-unsubscribed-change = Vous pouvez changer cela à tout moment dans vos
notifications-unsubscribed-prefs-link = préférences d'e-mail

# Avis du système (notifications::Notice) : le titre du sujet, et ce qui s'est passé.
notice-published = Votre message dans « { $title } » a été approuvé et publié
notice-edited = Votre message dans « { $title } » a été modifié par un modérateur
notice-hidden = Votre message dans « { $title } » a été masqué par un modérateur
notice-removed = Votre message dans « { $title } » a été supprimé par un modérateur
notice-moved = « { $title } » a été déplacé vers { $place }
notice-duplicate = « { $title } » a été fermé comme doublon
notice-idea-status = « { $title } » est maintenant : { $status }
notice-idea-status-cleared = « { $title } » : son statut a été retiré
notice-restored = Votre message dans « { $title } » a été rétabli par un modérateur
notice-assigned = « { $title } » vous est confiée
notice-merged = Votre sujet a été fusionné avec « { $title } »
notice-escalated = « { $title } » a été transmis à { $team }
notice-escalation-open = « { $title } » : rouvert auprès de { $team }
notice-escalation-in-progress = « { $title } » : { $team } s'en occupe
notice-escalation-resolved = « { $title } » : résolu par { $team }
notice-escalation-declined = « { $title } » : refusé par { $team }
notice-team-named = l'équipe { $name }
notice-team-product = l'équipe produit
