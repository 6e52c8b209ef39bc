# File de modération, politique de contenu, signalements et sanctions (src/moderation). Français.

## File de modération
moderation-queue-title = File de modération
moderation-queue-communities = Sous-communautés
moderation-queue-all = Toutes les miennes
moderation-queue-empty = Rien à examiner
moderation-queue-empty-hint = Les messages signalés, ceux retenus par la politique de contenu et les premiers messages des nouveaux membres apparaissent ici.
moderation-queue-in = dans { $community }
moderation-queue-by = par
moderation-queue-sanctions = sanctions
moderation-queue-matched = Éléments détectés
moderation-queue-flags = Signalements
moderation-queue-trusted = membre de confiance
moderation-action-approve = Approuver
moderation-action-ignore = Ignorer les signalements
moderation-action-hide = Masquer
moderation-action-delete = Supprimer
moderation-edit-summary = Modifier et approuver
moderation-edit-text = Texte
moderation-edit-reason = Motif de la modification
moderation-edit-save = Enregistrer et approuver
moderation-sanction-summary = Sanctionner l'auteur
moderation-sanction-submit = Masquer le message et sanctionner

## Pourquoi un message est dans la file, et son état
moderation-reason-flagged = Signalé par des membres
moderation-reason-policy = Contraire à la politique de contenu
moderation-reason-new-member = Premiers messages d'un nouveau membre
moderation-state-published = Publié
moderation-state-held = En attente d'approbation
moderation-state-hidden = Masqué

## Motifs de signalement
moderation-flag-spam = Spam
moderation-flag-inappropriate = Inapproprié
moderation-flag-off-topic = Hors sujet
moderation-flag-confidential = Données confidentielles ou personnelles
moderation-flag-other = Autre

## Détecteurs, règles et actions
moderation-detector-email = Adresses e-mail
moderation-detector-phone = Numéros de téléphone
moderation-detector-card = Numéros de carte bancaire (vérifiés par l'algorithme de Luhn)
moderation-detector-iban = IBAN (clé de contrôle vérifiée)
moderation-detector-secret = Clés d'API et secrets
moderation-detector-code-name = Noms de code internes
moderation-detector-marker = Mentions « Confidentiel / usage interne »
moderation-match-rule = la règle « { $pattern } »
moderation-policy-action-censor = Censurer (remplacer le passage)
moderation-policy-action-flag = Signaler pour examen
moderation-policy-action-hold = Retenir pour examen
moderation-policy-action-block = Bloquer (l'auteur doit le modifier)
moderation-rule-kind-word = mot
moderation-rule-kind-phrase = expression
moderation-rule-kind-regex = expression régulière

## Sanctions
moderation-sanction = Sanction
moderation-sanction-silence = Réduire au silence (lecture seule)
moderation-sanction-suspend = Suspendre
moderation-sanction-ban = Bannir
moderation-sanction-days = Jours (silence et suspension)
moderation-sanction-reason = Motif (envoyé au membre)
moderation-member-title = Sanctions · { $name }
moderation-member-suspended = Suspendu
moderation-member-silenced = Réduit au silence
moderation-member-until = jusqu'au { $date }
moderation-member-none = Aucune sanction en cours.
moderation-member-apply = Appliquer
moderation-member-lift = Lever toutes les sanctions

## Page de la politique
moderation-policy-title = Politique de modération
moderation-policy-community-title = Modération · { $community }
moderation-premod = Modération a priori
moderation-premod-field = Retenir les premiers messages de chaque nouveau membre
moderation-premod-hint = 0 désactive la modération a priori. Les messages retenus ne sont visibles que par leur auteur et les modérateurs jusqu'à leur approbation.
moderation-save = Enregistrer
moderation-open-queue = Ouvrir la file de modération
moderation-detectors = Détecteurs et limites
moderation-col-detector = Détecteur
moderation-col-on = Actif
moderation-col-action = Action
moderation-col-skip = Ignorer dans les espaces réservés aux employés
moderation-enable = Activer : { $detector }
moderation-action-for = Action pour : { $detector }
moderation-skip-for = Ignorer dans les espaces réservés aux employés : { $detector }
moderation-code-names = Noms de code internes
moderation-one-per-line = Un par ligne.
moderation-markers = Mentions de confidentialité
moderation-markers-hint = Une expression par ligne, par exemple usage interne.
moderation-flag-threshold = Signalements de membres de confiance qui masquent un message
moderation-new-account-hours = Un compte est nouveau pendant (heures)
moderation-new-account-posts = Messages par heure pour les nouveaux comptes
moderation-new-account-links = Liens par message pour les nouveaux comptes
moderation-rules-community = Règles de cette sous-communauté
moderation-rules-all = Règles pour toutes les sous-communautés
moderation-rules-add = Ajouter ou tester une règle
moderation-rules-none = Aucune règle pour l'instant.
moderation-col-kind = Type
moderation-col-pattern = Motif
moderation-col-employee-only = Espaces réservés aux employés
moderation-rule-skipped = ignorée
moderation-rule-applies = appliquée
moderation-rule-delete = Supprimer
moderation-rule-kind = Type
moderation-rule-pattern = Mot, expression ou expression régulière
moderation-rule-pattern-hint = Les mots et expressions correspondent à des mots entiers, sans tenir compte de la casse. Les expressions régulières suivent la syntaxe en temps linéaire (ni assertions avant/arrière, ni références arrière).
moderation-rule-action = Action
moderation-rule-skip = Ne pas appliquer dans les sous-communautés réservées aux employés
moderation-rule-sample = Texte d'exemple à tester
moderation-rule-sample-hint = Le test applique cette règle (ou, sans motif, la politique en vigueur) à l'exemple, sans rien enregistrer.
moderation-rule-test = Tester
moderation-rule-save = Enregistrer la règle
moderation-test-title = Résultat du test
moderation-test-nothing = Aucune correspondance : ce texte serait publié tel quel.
moderation-test-outcome = Résultat :
moderation-test-censored = Après censure

## Page de signalement
moderation-flag-title = Signaler un message
moderation-flag-why = Pourquoi les modérateurs devraient-ils examiner ce message ?
moderation-flag-note = Explication (obligatoire pour « Autre »)
moderation-flag-submit = Signaler

## Erreurs
moderation-error-action = Choisissez une action.
moderation-found = { $what } (« { $text } »)
moderation-found-rule = la règle « { $pattern } » (« { $text } »)
