# Le tableau de bord des résultats (outcomes::views, outcomes::charts). Français.

## Chiffres
outcomes-none = –
outcomes-still-waiting = plus de { $duration } (toujours en attente)
outcomes-count-with-time = { $count } ({ $duration })

## Indicateurs du résumé : libellé et définition
outcomes-m-questions = Questions posées
outcomes-m-questions-def = Questions publiées sur la période (une question retenue compte une fois approuvée ; une question supprimée compte jusqu’au recalcul de sa journée).
outcomes-m-answered-24 = Réponse en moins de 24 h
outcomes-m-answered-24-def = Part de ces questions dont la première réponse d’une autre personne que l’auteur est arrivée en moins de 24 heures.
outcomes-m-answered-72 = Réponse en moins de 72 h
outcomes-m-answered-72-def = La même chose, en moins de 72 heures.
outcomes-m-solved = Résolues
outcomes-m-solved-def = Part de ces questions ayant une réponse acceptée écrite par une autre personne que l’auteur.
outcomes-m-first-median = Délai de première réponse, médiane
outcomes-m-first-median-def = La moitié des questions ont reçu une première réponse d’une autre personne dans ce délai ; les questions encore en attente comptent avec leur ancienneté actuelle.
outcomes-m-first-p90 = Délai de première réponse, 90e centile
outcomes-m-first-p90-def = Neuf questions sur dix ont reçu une première réponse dans ce délai (les questions en attente comptent comme en attente).
outcomes-m-solution-median = Délai de résolution, médiane
outcomes-m-solution-median-def = La moitié des questions ont eu une réponse acceptée dans ce délai (les questions non résolues comptent avec leur ancienneté actuelle).
outcomes-m-solution-p90 = Délai de résolution, 90e centile
outcomes-m-solution-p90-def = Neuf questions sur dix ont été résolues dans ce délai (les non résolues comptent comme en attente).
outcomes-m-employee-first = Première réponse par un employé
outcomes-m-employee-first-def = Questions dont la première réponse est venue d’un employé ; délai médian entre parenthèses.
outcomes-m-member-first = Première réponse par un membre
outcomes-m-member-first-def = Questions dont la première réponse est venue d’un membre ; délai médian entre parenthèses.
outcomes-m-coverage = Couverture par les employés
outcomes-m-coverage-def = Parmi les questions auxquelles aucun membre n’a répondu dans le délai cible (elles relevaient de la file des employés), la part à laquelle un employé a répondu dans ce délai.
outcomes-m-brand = Réponses au nom de la marque
outcomes-m-brand-def = Part des réponses publiées au nom de l’entreprise (réponses officielles).
outcomes-m-deflected = Questions évitées (explicitement)
outcomes-m-deflected-def = Visiteurs qui ont cliqué sur une réponse suggérée en posant leur question, puis n’ont rien publié : un décompte, pas une estimation.
outcomes-m-no-result = Recherches sans résultat
outcomes-m-no-result-def = Recherches qui n’ont rien trouvé : du contenu à écrire.
outcomes-m-flags = Signalements pour 1 000 messages
outcomes-m-flags-def = Signalements émis pour mille messages publiés sur la période.
outcomes-m-review = Délai de traitement de la file de modération
outcomes-m-review-def = Temps moyen d’attente d’un élément de la file avant qu’un modérateur ne le traite.
outcomes-m-new-members = Nouveaux membres (ayant publié)
outcomes-m-new-members-def = Comptes créés sur la période (pour tout le site uniquement) et, entre parenthèses, combien d’entre eux ont publié depuis.

## Tableaux
outcomes-t-summary = Résumé
outcomes-h-metric = Indicateur
outcomes-h-this-period = Cette période
outcomes-h-previous-period = Période précédente
outcomes-h-definition = Définition
outcomes-t-daily = Questions par jour
outcomes-h-day = Jour
outcomes-t-waiting = Questions en attente, par ancienneté
outcomes-h-waiting-for = En attente depuis
outcomes-h-questions = Questions
outcomes-t-escalations = Escalades par équipe
outcomes-h-team = Équipe
outcomes-h-opened = Ouvertes
outcomes-h-resolved = Résolues
outcomes-h-median-resolution = Délai médian de résolution
outcomes-no-team = (sans équipe)
outcomes-t-ideas = Idées par nouveau statut
outcomes-h-status = Statut
outcomes-h-ideas-moved = Idées passées à ce statut
outcomes-idea-under_review = à l’étude
outcomes-idea-planned = prévue
outcomes-idea-shipped = livrée
outcomes-idea-declined = refusée
outcomes-t-lead-users = Membres moteurs
outcomes-h-member = Membre
outcomes-h-accepted = Réponses acceptées
outcomes-h-replies-to-others = Réponses aux autres
outcomes-t-sources = Membres par provenance
outcomes-h-source = Provenance
outcomes-h-signed-up = Inscrits
outcomes-h-posted = Dont ayant publié
outcomes-h-answered = Dont ayant répondu à quelqu’un
outcomes-t-at-risk = Questions en souffrance
outcomes-h-question = Question
outcomes-h-community = Sous-communauté
outcomes-age-under-1-day = moins d’un jour
outcomes-age-1-3-days = 1 à 3 jours
outcomes-age-3-7-days = 3 à 7 jours
outcomes-age-7-30-days = 7 à 30 jours
outcomes-age-over-30-days = plus de 30 jours

## La page
outcomes-nothing = Rien sur cette période.
outcomes-export = Exporter « { $table } » en CSV
outcomes-export-plain = Exporter en CSV
outcomes-title = Résultats
outcomes-title-community = Résultats : { $community }
outcomes-lead = Ce que la communauté a accompli du { $from } au { $to }, comparé à la période du { $prev_from } au { $prev_to }. Les chiffres viennent des faits quotidiens, recalculés toutes les quelques minutes pour les derniers jours.
outcomes-from = Du
outcomes-to = Au
outcomes-show = Afficher
outcomes-empty-title = Aucune activité sur cette période
outcomes-empty-body = Questions, réponses, réponses acceptées et le reste apparaîtront ici dès que les membres commenceront à poser des questions. Rien à mesurer pour l’instant.
outcomes-waiting-now = En attente : { $count }
outcomes-waiting-help = Questions auxquelles personne d’autre que leur auteur n’a répondu, selon leur temps d’attente.
outcomes-at-risk-help = Sans réponse au-delà du délai cible de première réponse ({ $hours } h).
outcomes-at-risk-help-site = Sans réponse au-delà du délai cible de première réponse ({ $hours } h, sauf si une sous-communauté a fixé le sien).
outcomes-open-queue = Ouvrir la file des employés
outcomes-none-at-risk = Aucune question n’a dépassé son délai cible.
outcomes-waiting-since = en attente depuis { $duration }
outcomes-lead-users-help = Les membres les plus utiles par réponses acceptées, puis par réponses aux autres (pas par leurs propres messages). Sur les { $before } de la période précédente, { $again } ont de nouveau aidé sur celle-ci.
outcomes-settings = Réglages
outcomes-target-hours = Délai cible de première réponse (heures)
outcomes-monthly-mail = M’envoyer le courriel mensuel des résultats de { $community }
outcomes-save = Enregistrer

## Graphiques
outcomes-chart-daily-title = Questions posées par jour, et celles ayant reçu une réponse en moins de 24 heures
outcomes-chart-daily-desc = { $day } : { $asked } posée(s), dont { $answered } avec réponse en moins de 24 h
outcomes-chart-daily-caption = Clair : posées ; foncé : réponse en moins de 24 h. Le tableau contient les mêmes chiffres.
outcomes-chart-age-title = Questions en attente, par ancienneté
outcomes-chart-caption = Le tableau contient les mêmes chiffres.
