# Les pages publiques du forum (src/forums/views, seo::head, feeds). Français.

## Listes de sujets
forum-by = par { $name }
forum-new-replies = { $count ->
    [one] { $count } nouvelle
   *[other] { $count } nouvelles
}
forum-new-replies-title = Nouvelles réponses depuis votre dernière visite de ce sujet
forum-votes-title = Votes
forum-replies-title = Réponses
forum-votes-count = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
forum-answers-count = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
forum-replies-count = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
forum-filters = Trier et filtrer
forum-sort-latest = Activité récente
forum-sort-new = Nouveaux
forum-sort-top = Populaires
forum-filter-all = Tous
forum-filter-unanswered = Sans réponse
forum-filter-answered = Avec réponse
forum-filter-solved = Résolues
forum-filter-remove-tag = Retirer le filtre par mot-clé
forum-period = Période
forum-period-week = Semaine
forum-period-month = Mois
forum-period-year = Année
forum-period-all = Depuis le début
forum-period-30-days = 30 derniers jours
forum-more-topics = Plus de sujets
forum-categories = Catégories
forum-new-topic = Poser une question ou lancer un sujet
forum-official-posts = Messages officiels
forum-leaderboard = Classement
forum-community-settings = Paramètres
forum-community-members = Modérateurs et membres
forum-community-moderation = Modération
forum-review-queue = File de modération
forum-wiki-requests = Demandes de wiki
forum-community-empty = Aucun sujet pour l'instant
forum-community-empty-body = Les questions, discussions et idées sur { $community } apparaîtront ici.
forum-ask-first = Poser la première question
forum-sign-in = Connectez-vous
forum-sign-in-to-ask = pour poser une question.
forum-sign-in-to-reply = pour répondre.
forum-latest-title = Récents
forum-latest-heading = Les derniers sujets de la communauté
forum-latest-empty = Rien pour l'instant
forum-latest-empty-body = Les nouvelles questions et discussions de toutes les sous-communautés que vous pouvez voir apparaîtront ici.
forum-category-empty = Aucun sujet dans cette catégorie pour l'instant
forum-queue-title = Questions sans réponse
forum-queue-heading = Questions en attente de réponse
forum-queue-lead = Les questions non résolues des sous-communautés dont vous vous occupez, les plus anciennes d'abord.
forum-queue-empty = Rien en attente
forum-queue-empty-body = Toutes les questions de vos sous-communautés sont résolues. Bravo !
forum-queue-age = Ancienneté
forum-queue-question = Question
forum-queue-community = Communauté
forum-queue-state = État
forum-queue-claimed-by = Prise en charge par
forum-queue-nobody = personne
forum-queue-filters = Filtrer la file
forum-queue-all-communities = Toutes celles dont vous vous occupez
forum-queue-who-any = Quelqu'un ou personne
forum-queue-who-nobody = Personne pour l'instant
forum-queue-who-mine = Moi
forum-queue-state-any = Sans réponse ou avec réponse
forum-queue-state-unanswered = Aucune réponse encore
forum-queue-state-answered = Réponses, non résolue
forum-queue-filter = Filtrer
forum-queue-none-here = Aucune question ouverte ne correspond à ces filtres
forum-queue-clear = Voir toute la file
forum-queue-next = Questions suivantes
forum-leaderboard-title = Classement · { $community }
forum-leaderboard-empty = Aucun point de réputation gagné pour l'instant
forum-leaderboard-empty-body = Les membres gagnent de la réputation quand leurs réponses sont acceptées ou reçoivent des votes positifs.
forum-points = { $count ->
    [one] { $count } point
   *[other] { $count } points
}
forum-official-title = Messages officiels · { $community }
forum-official-empty = Aucun message officiel pour l'instant
forum-official-empty-body = Les messages publiés par les employés au nom de la marque apparaissent ici.

## Badges et noms (type de sujet, état d'une question, statut d'une idée)
forum-official = Officiel
forum-suspended = Suspendu
forum-suspended-title = Ce compte est suspendu et ne peut pas répondre
forum-reputation = Réputation
forum-kind-discussion = Discussion
forum-kind-question = Question
forum-kind-idea = Idée
forum-kind-announcement = Annonce
forum-kind-comment = Commentaires de page
forum-state-unanswered = Sans réponse
forum-state-answered = Avec réponse
forum-state-solved = Résolue
forum-idea-under_review = À l'étude
forum-idea-planned = Prévue
forum-idea-shipped = Livrée
forum-idea-declined = Refusée
forum-badge-official-answer = Réponse officielle
forum-badge-pinned = Épinglé
forum-badge-locked = Verrouillé
forum-badge-duplicate = Doublon
forum-badge-wiki = Wiki
forum-badge-wiki-title = Tenu à jour par la communauté : les membres expérimentés peuvent le modifier

## La page d'un sujet
forum-vote-group = Votes
forum-vote-up = Voter pour ({ $count ->
    [one] { $count } vote
   *[other] { $count } votes
})
forum-vote-down = Voter contre ({ $count ->
    [one] { $count } vote
   *[other] { $count } votes
})
forum-score = Score : { $count }
forum-post-hidden = Masqué par les modérateurs
forum-post-awaiting = En attente de validation
forum-post-edited = modifié
forum-accepted-answer = Réponse acceptée
forum-post-deleted = Supprimé
forum-post-pending = Pas encore publié : { $reason }.
forum-post-quote = Citer
forum-accept = Accepter cette réponse
forum-unaccept = Retirer l’acceptation
forum-post-edit = Modifier
forum-post-delete = Supprimer
forum-post-delete-confirm = Supprimer ce message ?
forum-post-flag = Signaler
forum-post-hide = Masquer
forum-post-approve = Approuver
forum-post-restore = Restaurer
forum-add-comment = Ajouter un commentaire
forum-duplicate-of = Cette question a été fermée comme doublon de :
forum-status-note = Note sur le statut :
forum-claimed-by = { $name } s'occupe de cette question.
forum-locked-notice = Ce sujet est verrouillé : il n'accepte plus de réponses.
forum-first-page = Première page
forum-more-answers = Plus de réponses
forum-more-replies = Plus de réponses
forum-your-answer = Votre réponse
forum-reply = Répondre
forum-answer-field = Réponse
forum-answer-as-brand = Répondre au nom de { $brand } (officiel)
forum-preview = Aperçu
forum-post-answer = Publier la réponse
forum-employee-tools = Outils des employés
forum-release = Libérer
forum-claim = Prendre en charge cette question
forum-assign-link = Confier…
forum-assign-title = Confier cette question
forum-assign-lead = Confiez la question à un collègue qui s'occupe de sa sous-communauté : elle apparaît comme la sienne dans la file, et il en est averti.
forum-assign-to = Collègue
forum-assign = Confier
forum-assign-nobody = Aucun employé ne s'occupe de cette sous-communauté
forum-idea-status = Statut de l'idée
forum-status = Statut
forum-none = (aucun)
forum-status-note-field = Note (affichée dans le fil)
forum-set-status = Changer le statut
forum-moderation = Modération
forum-pin = Épingler
forum-unpin = Désépingler
forum-lock = Verrouiller
forum-unlock = Déverrouiller
forum-move-community = Déplacer vers la sous-communauté (adresse)
forum-category = Catégorie
forum-move = Déplacer
forum-duplicate-field = Fermer comme doublon de (lien ou identifiant)
forum-close-duplicate = Fermer comme doublon
forum-merge-field = Fusionner avec (lien ou identifiant)
forum-merge = Fusionner
forum-merge-hint = Tous les messages passent dans ce sujet, après les siens ; celui-ci y renvoie ensuite.

## Écrire
forum-new-topic-title = Nouveau sujet
forum-new-topic-heading = Nouveau sujet dans { $community }
forum-composer-kind = De quoi s'agit-il ?
forum-composer-title = Titre
forum-composer-title-hint = Une question ou un résumé en une phrase (de 5 à 150 caractères).
forum-similar = Questions similaires
forum-similar-hint = L'une d'elles y répond peut-être déjà (elles s'ouvrent dans un nouvel onglet) :
forum-composer-tags = Mots-clés
forum-composer-tags-hint = Cinq au plus, séparés par des espaces ou des virgules.
forum-composer-language = Langue du sujet
forum-composer-language-hint = La langue dans laquelle vous écrivez : les navigateurs et les lecteurs d'écran de vos lecteurs s'en servent, et la recherche l'utilise pour analyser les mots.
forum-composer-body = Détails
forum-composer-body-hint = Markdown : **gras**, `code`, listes, tableaux, liens, @mentions.
forum-post-as-brand = Publier au nom de { $brand } (officiel)
forum-composer-wiki = En faire un wiki (les membres expérimentés et les employés pourront le modifier)
forum-post = Publier
forum-edit-post = Modifier le message
forum-edit-body = Texte
forum-save = Enregistrer
forum-comment-field = Commentaire (pour une précision ; 600 caractères au plus)
forum-comment = Commenter
forum-category-add-heading = Ajouter une catégorie
forum-category-slug = Adresse
forum-category-name = Nom
forum-category-description = Description
forum-category-add = Ajouter la catégorie
forum-category-edit = Modifier ou supprimer
forum-category-position = Ordre d’affichage
forum-category-position-hint = Les plus petits nombres viennent en premier.
forum-category-save = Enregistrer la catégorie
forum-category-delete = Supprimer la catégorie
forum-category-delete-confirm = Supprimer cette catégorie ? Ses sujets restent dans la sous-communauté, sans catégorie.

## Wikis, historique des modifications et conflits
forum-former-member = un ancien membre
forum-diff-none = Aucune modification du texte.
forum-history-title = Historique des modifications
forum-history-wiki-note = Toute personne qui peut modifier ce wiki peut restaurer une version antérieure : rien n'est jamais perdu.
forum-history-never-edited = Jamais modifié
forum-history-current = Version actuelle
forum-history-version = Version { $number }
forum-history-written-by = écrit par { $name }
forum-history-edited-by = modifié par { $name }
forum-history-show-changes = Voir les modifications
forum-history-restore = Restaurer cette version
forum-diff-title = Modifications
forum-diff-heading = Modifications de la version { $number }
forum-diff-by = Par { $name }
forum-diff-title-label = Titre :
forum-back-to-topic = Retour au sujet
forum-conflict-title = Conflit de modification
forum-conflict-heading = Quelqu'un d'autre a enregistré ce message pendant que vous le modifiiez
forum-conflict-notice = Vos modifications n'ont pas été enregistrées et rien n'a été écrasé. Votre texte se trouve toujours dans le formulaire ci-dessous : comparez-le à la version actuelle, fusionnez ce que vous voulez garder, puis enregistrez à nouveau.
forum-conflict-theirs = Ses modifications
forum-conflict-base-unknown = La version dont vous êtes parti n'est pas connue.
forum-conflict-current = La version actuelle
forum-conflict-mine-compared = Votre texte comparé à la version actuelle
forum-conflict-mine = Votre texte
forum-conflict-save = Enregistrer ma version
forum-wiki-requests-heading = Demandes de wiki dans { $community }
forum-wiki-requests-empty = Aucune demande en cours
forum-wiki-requested-by = Demandé par { $name }
forum-wiki-make-it = En faire un wiki
forum-wiki-decline = Refuser
forum-wiki-stop = Ne plus en faire un wiki
forum-wiki-make = En faire un wiki
forum-wiki-request-hint = Un wiki peut être amélioré par les membres expérimentés et les employés. Un modérateur décide.
forum-wiki-request = Demander à en faire un wiki

## Flux (seo::head, feeds)
forum-feed-latest = Derniers sujets (Atom)
forum-feed-named = { $name } (Atom)
forum-feed-tag = { $name } : #{ $tag } (Atom)
forum-feed-tag-title = { $name } : #{ $tag }
forum-feed-in = Dans { $name }
forum-feed-re = Re : { $title }
forum-held-new-member = les premiers messages des nouveaux membres sont relus par un modérateur
forum-held-flagged = des membres l’ont signalé et un modérateur va le relire
forum-held-found = il semble contenir : { $labels }
