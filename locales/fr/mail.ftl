# Every mail Parley sends (mail::templates, escalations::notify, outcomes::mail,
# sso::accounts), written in the recipient's language. French.

## Shared parts
mail-hello = Bonjour { $name },
mail-hello-anonymous = Bonjour,
mail-footer-account = Vous recevez ce message à la suite d'une action sur votre compte { $site }.
mail-paste-link = Ou copiez ce lien dans votre navigateur :
mail-open-link = Ouvrez ce lien :

## Sign-up confirmation
mail-confirm-subject = Confirmez votre adresse e-mail pour { $site }
mail-confirm-heading = Confirmez votre adresse e-mail
mail-confirm-text = Pour confirmer votre adresse e-mail sur { $site }, ouvrez ce lien :
mail-confirm-lead = Confirmez votre adresse e-mail pour terminer la création de votre compte.
mail-confirm-button = Confirmer mon adresse
mail-confirm-expiry = Le lien ne sert qu'une fois et expire dans 48 heures. Si vous ne vous êtes pas inscrit, ignorez ce message.

## Sign-up with an address that already has an account
mail-signup-existing-subject = Tentative d'inscription sur { $site }
mail-signup-existing-heading = Vous avez déjà un compte
mail-signup-existing-text = Quelqu'un (peut-être vous) a essayé de s'inscrire sur { $site } avec cette adresse e-mail, qui a déjà un compte.
mail-signup-existing-lead = Quelqu'un (peut-être vous) a essayé de s'inscrire avec cette adresse e-mail, qui a déjà un compte.
mail-signup-existing-reset = Si c'était vous et que vous avez oublié votre mot de passe, vous pouvez demander un lien de réinitialisation :
mail-signup-existing-button = Réinitialiser mon mot de passe
mail-signup-existing-ignore = Sinon, vous pouvez ignorer ce message.

## Password reset
mail-reset-subject = Réinitialisez votre mot de passe { $site }
mail-reset-heading = Réinitialisez votre mot de passe
mail-reset-text = Quelqu'un a demandé à réinitialiser le mot de passe de votre compte { $site }. Pour choisir un nouveau mot de passe, ouvrez :
mail-reset-lead = Quelqu'un a demandé à réinitialiser le mot de passe de votre compte. Pour choisir un nouveau mot de passe :
mail-reset-button = Choisir un nouveau mot de passe
mail-reset-expiry = Le lien ne sert qu'une fois et expire dans une heure. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe n'a pas changé.

## Email change
mail-change-confirm-subject = Confirmez votre nouvelle adresse e-mail pour { $site }
mail-change-confirm-heading = Confirmez votre nouvelle adresse e-mail
mail-change-confirm-text = Pour faire de cette adresse celle de votre compte { $site }, ouvrez :
mail-change-confirm-lead = Pour faire de cette adresse celle de votre compte :
mail-change-confirm-button = Utiliser cette adresse
mail-change-confirm-expiry = Le lien ne sert qu'une fois et expire dans 48 heures.
mail-change-requested-subject = L'adresse e-mail de votre compte { $site } va changer
mail-change-requested-heading = Changement d'adresse demandé
mail-change-requested-body = Quelqu'un de connecté à votre compte { $site } a demandé à en changer l'adresse e-mail. Si ce n'était pas vous, changez votre mot de passe dès maintenant.
mail-address-in-use-subject = Changement d'adresse sur { $site }
mail-address-in-use-heading = Cette adresse a déjà un compte
mail-address-in-use-body = Quelqu'un a demandé à transférer un compte { $site } vers cette adresse, mais elle appartient déjà à un compte. Rien n'a été modifié.

## Notification mail (one topic)
mail-notification-new-replies = { $count ->
    [one] { $count } nouvelle réponse dans ce sujet
   *[other] { $count } nouvelles réponses dans ce sujet
}
mail-notification-new-updates = { $count ->
    [one] { $count } nouveauté dans ce sujet
   *[other] { $count } nouveautés dans ce sujet
}
mail-notification-read-it = Lire le message : { $link }
mail-notification-view-post = Voir le message
mail-notification-more = { $count ->
    [one] …et { $count } autre
   *[other] …et { $count } autres
}
mail-unsubscribe-from = Se désabonner : { $what }
mail-preferences = Préférences d'e-mail

## Why a notification or digest mail came, and what its unsubscribe link stops
mail-reason-replies = Vous recevez ce message parce que quelqu'un vous a répondu.
mail-reason-mentions = Vous recevez ce message parce que quelqu'un vous a mentionné.
mail-reason-watching = Vous recevez ce message parce que vous suivez ce sujet, sa catégorie ou sa sous-communauté.
mail-reason-updates = Vous recevez ce message parce qu'il concerne votre message ou une idée que vous soutenez.
mail-reason-digest = Vous recevez ce résumé parce que vous l'avez demandé.
mail-category-replies = e-mails sur les réponses qui vous sont adressées
mail-category-mentions = e-mails sur les mentions
mail-category-watching = e-mails sur ce que vous suivez
mail-category-updates = e-mails sur les réponses acceptées, l'avancement des idées et la modération
mail-category-digest = le résumé

## Digest
mail-digest-subject = { $period ->
    [weekly] Votre résumé hebdomadaire de { $site }
   *[daily] Votre résumé quotidien de { $site }
}
mail-digest-active = Les plus actifs
mail-digest-unanswered = En attente d'une réponse
mail-digest-replies = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
# Les actions en un clic sous chaque sujet d'un résumé (src/invitations/digest_actions.rs).
mail-digest-action-helped = Cette réponse m'a été utile
mail-digest-action-vote-idea = Voter pour cette idée
mail-digest-action-follow = Suivre ce sujet
mail-digest-action-answer = Répondre à cette question

## Personal invitation
mail-invitation-subject = { $inviter } vous invite à rejoindre { $community } sur { $site }
mail-invitation-heading = Vous êtes invité
mail-invitation-lead = { $inviter } vous invite à rejoindre { $community } sur { $site }.
mail-invitation-note = { $inviter } a écrit :
mail-invitation-accept-text = Pour accepter, ouvrez :
mail-invitation-button = Accepter l'invitation
mail-invitation-once = Le lien ne sert qu'une fois. Si vous ne souhaitez pas nous rejoindre, ignorez ce message.

## Suspension and ban
mail-suspended-subject = Votre compte { $site } est suspendu
mail-suspended-heading = Votre compte est suspendu
mail-suspended-lead = Un modérateur de { $site } a suspendu votre compte jusqu'au { $until }.
mail-banned-subject = Votre compte { $site } est banni
mail-banned-heading = Votre compte est banni
mail-banned-lead = Un modérateur de { $site } a banni votre compte définitivement.
mail-sanction-reason = Motif : { $reason }
mail-sanction-signed-out = Vous avez été déconnecté et ne pouvez pas vous reconnecter pendant cette période. Si vous pensez qu'il s'agit d'une erreur, répondez à l'équipe de la communauté.

## Webhook switched off
mail-webhook-subject = Un webhook de { $site } a été désactivé
mail-webhook-heading = Un webhook a été désactivé
mail-webhook-stopped = { $site } a cessé d'envoyer des webhooks à { $url } : { $reason }.
mail-webhook-enable = Quand le destinataire fonctionnera de nouveau, réactivez l'abonnement sur { $link } (les envois manqués peuvent être relancés depuis son journal).

## Single sign-on: prove an existing account
mail-sso-subject = Liez votre compte { $site } à l'authentification unique
mail-sso-heading = Liez votre compte
mail-sso-lead = Quelqu'un s'est connecté avec le fournisseur d'identité { $provider } en utilisant cette adresse et a demandé à le lier à votre compte { $site }.
mail-sso-text = Pour le lier, ouvrez :
mail-sso-button = Lier mon compte
mail-sso-expiry = Le lien ne sert qu'une fois et expire dans une heure. Si ce n'était pas vous, ignorez ce message : rien n'est lié.

## Escalation to a team's address
mail-escalation-subject = [{ $team }] { $status } : { $title }
mail-escalation-lead = Un sujet a été transmis à l'équipe { $team } sur { $site }.
mail-escalation-topic = Sujet : { $title }
mail-escalation-status = Statut : { $status }
mail-escalation-reference = Référence externe : { $reference }
mail-escalation-queue = La file de l'équipe : { $link }
mail-escalation-open-queue = Ouvrir la file de l'équipe

## Monthly outcome mail to managers
mail-outcomes-subject = { $community } : résultats de { $month }
mail-outcomes-lead = Ce que { $community } a accompli en { $month } :
mail-outcomes-asked = Questions posées : { $count }
mail-outcomes-answered-24h = Répondues en moins de 24 heures : { $share }
mail-outcomes-solved = Résolues : { $share }
mail-outcomes-median = Délai médian avant la première réponse : { $time }
mail-outcomes-deflected = Questions évitées (visiteurs qui ont trouvé une réponse sans demander) : { $count }
mail-outcomes-no-questions = aucune question
mail-outcomes-more-than = plus de { $time }
mail-outcomes-dashboard = Le tableau de bord : { $link }
mail-outcomes-open-dashboard = Ouvrir le tableau de bord
mail-outcomes-why = Vous recevez ce message parce que vous gérez { $community } ; vous pouvez l'arrêter depuis le tableau de bord.
