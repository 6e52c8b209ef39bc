# Messages de validation des formulaires et des champs `fields` des problèmes de l'API
# (AppError::field_t, error::Msg). Français.

## Comptes : domain::{Email, Password, Username}
validation-email-too-long = Cette adresse e-mail est trop longue.
validation-email-invalid = Saisissez une adresse e-mail comme nom@exemple.com.
validation-password-too-short = Le mot de passe doit comporter au moins { $min } caractères.
validation-password-too-long = Le mot de passe doit comporter au plus { $max } caractères.
validation-username-too-long = Le nom d'utilisateur doit comporter au plus { $max } caractères.
validation-username-length = Le nom d'utilisateur doit comporter de { $min } à { $max } caractères.
validation-username-characters = Utilisez uniquement des lettres, des chiffres, « _ », « - » et « . », sans espaces ni symboles.
validation-username-character-refused = Le caractère { $character } n'est pas autorisé dans un nom d'utilisateur.
validation-username-start = Le nom d'utilisateur doit commencer par une lettre ou un chiffre.
validation-username-scripts = Le nom d'utilisateur ne peut pas mélanger plusieurs écritures (par exemple latin et cyrillique).
validation-username-reserved = Ce nom d'utilisateur est réservé.
validation-language = Choisissez English, Français ou automatique.

## Dans les services
validation-role-unknown = Rôle inconnu.
validation-url-or-path = Indiquez une adresse https:// ou un chemin commençant par /.
validation-choose-sanction = Choisissez une sanction.
validation-days-range = Indiquez un nombre de jours entre 1 et 3650.
validation-choose-rule-kind = Choisissez mot, expression ou expression régulière.
validation-choose-rule-action = Choisissez ce qui se passe en cas de correspondance.
validation-choose-action = Choisissez une action.
validation-choose-flag-reason = Choisissez pourquoi vous signalez ce message.
validation-choose-detector-actions = Choisissez une action pour chaque détecteur.
validation-choose-status = Choisissez un statut.
validation-choose-category = Choisissez une catégorie.
validation-choose-destination-category = Choisissez une catégorie de la destination.
validation-original-topic-required = Indiquez le lien ou l'identifiant du sujet d'origine.
validation-topic-self-duplicate = Un sujet ne peut pas être son propre doublon.
validation-topic-unknown = Ce sujet n'existe pas.
validation-category-slug-taken = Cette sous-communauté a déjà une catégorie à cette adresse.
validation-choose-community-category = Choisissez une catégorie de cette sous-communauté.
validation-choose-topic-kind = Choisissez le type de ce sujet.
validation-date-from = Saisissez la date de début au format AAAA-MM-JJ.
validation-date-to = Saisissez la date de fin au format AAAA-MM-JJ.
validation-date-order = La date de fin précède la date de début.
validation-token-name-community = Ce jeton est limité à plusieurs sous-communautés : indiquez-en une.
validation-choose-watch-level = Choisissez un niveau de suivi.
validation-watch-new-topics-scope = Le suivi des nouveaux sujets s'applique aux catégories et aux sous-communautés.
validation-choose-digest = Choisissez à quelle fréquence recevoir un résumé.
validation-choose-role = Choisissez un rôle.
validation-assignee-not-covering = Choisissez un employé qui s'occupe de cette sous-communauté.
validation-community-slug-taken = Une autre sous-communauté utilise déjà cette adresse.
validation-member-unknown = Aucun membre n'a ce nom d'utilisateur.
validation-choose-visibility = Choisissez qui peut voir cette sous-communauté.
validation-position-range = Indiquez un nombre entier entre 0 et 10000.
validation-choose-default-watch-level = Choisissez un niveau de suivi pour les nouveaux membres.
validation-choose-language = Choisissez English ou Français.
validation-origins-required = Indiquez au moins une origine, une par ligne.
validation-origins-too-many = 20 origines au plus par site.
validation-embed-not-public = Cette sous-communauté n'est pas publique : elle ne peut jamais être intégrée.
validation-hours-range = Indiquez un nombre d'heures entre 1 et 720.
validation-choose-visible-community = Choisissez une sous-communauté que vous pouvez voir.
validation-account-email-required = Saisissez l'adresse e-mail de votre compte.
validation-current-password-wrong = Ce n'est pas votre mot de passe actuel.
validation-scopes-required = Choisissez au moins une portée.
validation-email-unchanged = C'est déjà votre adresse.
validation-username-taken = Ce nom d'utilisateur est déjà pris (ou trop proche d'un nom existant).
validation-email-taken = Cette adresse e-mail a déjà un compte.
validation-community-unknown = Cette sous-communauté n'existe pas.
validation-team-slug-taken = Une autre équipe utilise cette adresse.
validation-team-name = Donnez un nom à l'équipe (80 caractères au plus).
validation-team-unknown = Cette équipe n'existe pas.
validation-team-not-covering = L’équipe { $team } ne couvre pas { $community }.
validation-team-unknown-members = Aucun membre n’a ce nom d’utilisateur : { $names }.
validation-team-or-reference = Choisissez une équipe, ou indiquez la référence du ticket dans votre outil de suivi.
validation-choose-escalation-status = Choisissez ouvert, en cours, résolu ou refusé.
validation-sso-name = Indiquez un nom de 1 à 40 lettres minuscules, chiffres ou tirets.
validation-sso-issuer-required = Indiquez l'URL de l'émetteur.
validation-sso-client-id-required = Indiquez l'identifiant client.
validation-sso-secret-too-long = Ce secret est trop long.
validation-sso-scopes-too-many = 20 portées au plus.
validation-sso-button-label = Indiquez un libellé de bouton de 1 à 60 caractères.
validation-sso-claim-too-long = Ce nom de revendication est trop long.
validation-sso-client-secret-required = Indiquez le secret client.
validation-sso-group-required = Indiquez le nom du groupe tel que le fournisseur l'envoie.
validation-sso-choose-community = Choisissez la sous-communauté de ce rôle.
validation-sso-choose-grant = Choisissez ce que le groupe accorde.
validation-sso-unknown = Ce fournisseur ou cette sous-communauté n'existe pas.

# Textes bornés (src/domain/text.rs) : { $field } est l'un des noms de champ ci-dessous,
# avec son article, ce qui évite tout accord.
validation-text-required = { $field } est obligatoire.
validation-text-too-short = { $field } doit comporter au moins { $min } caractères.
validation-text-too-long = { $field } doit comporter au plus { $max } caractères.
validation-text-single-line = { $field } doit tenir sur une seule ligne.
validation-text-control = { $field } contient des caractères de contrôle.
validation-field-title = Le titre
validation-field-post = Le message
validation-field-comment = Le commentaire
validation-field-site-name = Le nom du site
validation-field-tagline = Le slogan
validation-field-reason = Le motif
validation-field-explanation = L'explication
validation-field-note = La note
validation-field-name = Le nom
validation-field-description = La description
validation-field-display-name = Le nom affiché
validation-field-bio = La biographie
# Mots-clés, adresses et couleurs (src/domain/).
validation-tag-invalid = « { $tag } » n'est pas un mot-clé : utilisez des lettres, des chiffres et des traits d'union (30 au plus).
validation-tags-too-many = Utilisez au plus { $max } mots-clés.
validation-slug-shape = Utilisez de 2 à 40 lettres minuscules, chiffres et traits d'union simples (par exemple widgets ou programme-partenaires).
validation-slug-reserved = Cette adresse est réservée.
validation-color = Utilisez une couleur comme #3355cc.
validation-text-blocked = Impossible d’enregistrer ce texte : il contient { $found }. Retirez-le et réessayez.
validation-post-blocked = Votre message n’a pas été publié car il contient { $found }. Retirez-le et réessayez.
validation-new-account-links = Les nouveaux comptes peuvent mettre au plus { $max } liens dans un message. Retirez-en et réessayez.
validation-edit-still-held = Le texte modifié contient encore { $found }.
validation-move-blocked = { $what } contient { $found }, ce que { $community } n’autorise pas. Modifiez-le, puis déplacez le sujet.
validation-move-unchecked = { $what } : { $reason }
validation-move-title = Le titre
validation-move-opening = Le message d’ouverture
validation-move-post = Le message nᵒ { $number }

# Abonnements webhook (/admin/webhooks, l'API, le webhook d'une équipe).
validation-webhook-url = Saisissez une URL complète, par exemple https://crm.example.com/hooks/parley.
validation-webhook-url-scheme = L'URL doit commencer par https:// (ou http://).
validation-webhook-url-credentials = Placez les identifiants dans les contrôles du destinataire, pas dans l'URL.
validation-webhook-url-unresolved = { $host } est introuvable depuis ce serveur.
validation-webhook-url-internal = { $host } est une adresse de bouclage, privée, lien-local ou de métadonnées ; Parley n'y envoie pas de webhooks sauf si l'opérateur inscrit l'hôte dans webhooks.allow_hosts.
validation-webhook-unknown-event = Événement inconnu « { $name } ».
validation-webhook-no-event = Choisissez au moins un événement.
validation-origins-invalid = Ce n'est pas une origine comme https://www.example.com (schéma, hôte et port facultatif seulement) : { $origins }
