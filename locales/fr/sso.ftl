# Pages et e-mail de l'authentification unique (src/sso/views.rs). Français.

sso-sign-in-with = Ou connectez-vous avec votre compte d'entreprise :

## /admin/sso
sso-title = Authentification unique
sso-no-provider = Aucun fournisseur d'identité pour l'instant
sso-no-provider-hint = Ajoutez ci-dessous le fournisseur OpenID Connect de votre entreprise.
sso-col-name = Nom
sso-col-issuer = Émetteur
sso-col-client-id = Identifiant client
sso-col-button = Bouton
sso-col-signup = Inscription
sso-col-logout = Déconnexion back-channel
sso-col-status = État
sso-signup-allowed = autorisée
sso-signup-existing = comptes existants uniquement
sso-logout-supported = prise en charge :
sso-logout-not-announced = non annoncée :
sso-enabled = actif
sso-disabled = désactivé
sso-redirect-uri = URI de redirection à enregistrer chez le fournisseur :
sso-redirect-name = nom
sso-no-mapping = Aucune correspondance pour l'instant : la connexion ne donne aucun rôle.
sso-col-provider = Fournisseur
sso-col-group = Groupe
sso-col-grants = Accorde
sso-col-actions = Actions
sso-grant-employee = Employé (badge et voix de la marque)
sso-grant-moderator-of = Modérateur de { $community }
sso-grant-manager-of = Responsable de { $community }
sso-remove = Retirer
sso-delete-provider = Supprimer
sso-delete-provider-hint = Supprimer un fournisseur retire les rôles qu'il a accordés, efface ses correspondances et délie les comptes qui se sont connectés par lui ; leurs membres gardent leur compte et se connectent avec un mot de passe (ou un autre fournisseur).
sso-secret-hint = Stocké chiffré. Laissez vide pour conserver le secret enregistré d'un fournisseur existant.
sso-key-needed = Clé de chiffrement requise
sso-key-problem = L'authentification unique ne peut pas encore être configurée : { $reason }.
sso-key-help = Les secrets clients et les jetons de rafraîchissement sont stockés chiffrés : définissez { $setting } (ou { $env }) avec 32 octets aléatoires encodés en base64, par exemple la sortie de { $command }, puis redémarrez. D'ici là, aucun fournisseur ne peut être enregistré.
sso-providers = Fournisseurs d'identité
sso-provider-form = Ajouter ou modifier un fournisseur
sso-field-name = Nom
sso-field-name-hint = Lettres minuscules, chiffres et tirets, utilisés dans les URL (par exemple keycloak). Un nom existant modifie ce fournisseur.
sso-field-issuer = URL de l'émetteur
sso-field-issuer-hint = Son document de découverte est lu à l'adresse ISSUER/.well-known/openid-configuration.
sso-field-client-id = Identifiant client
sso-field-client-secret = Secret client
sso-field-scopes = Portées
sso-field-scopes-hint = Séparées par des espaces ; openid est ajouté s'il manque.
sso-field-button = Libellé du bouton
sso-field-groups = Attribut des groupes
sso-field-groups-hint = L'attribut du jeton d'identité qui liste les groupes du membre (par exemple groups).
sso-field-allow-signup = Une première connexion crée un compte
sso-field-enabled = Actif (son bouton figure sur la page de connexion)
sso-save-provider = Enregistrer le fournisseur
sso-mappings = Rôles selon les groupes
sso-mappings-intro = À chaque connexion, les groupes du membre lui donnent ces rôles, et les rôles donnés auparavant par l'authentification unique lui sont retirés quand il ne fait plus partie du groupe. Les rôles attribués à la main ne sont pas modifiés.
sso-field-provider = Fournisseur
sso-field-group = Groupe
sso-field-grants = Accorde
sso-grant-moderator = Modérateur d'une sous-communauté
sso-grant-manager = Responsable d'une sous-communauté
sso-field-community = Sous-communauté (modérateur ou responsable)
sso-add-mapping = Ajouter la correspondance
sso-require = Les employés se connectent par authentification unique
sso-employee-domains = Domaines de messagerie des employés :
sso-none-set = aucun
sso-change = modifier
sso-require-field = Exiger l'authentification unique pour les adresses des domaines des employés : leur connexion et leur réinitialisation par mot de passe sont refusées, et leur badge d'employé ne vient que des groupes du fournisseur
sso-save = Enregistrer

## Associer un compte existant
sso-link-title = Associer votre compte
sso-link-intro = Un compte avec l'adresse e-mail de votre identité { $provider } existe déjà ({ $username }). Pour l'utiliser avec l'authentification unique, prouvez qu'il vous appartient : une adresse e-mail seule n'associe jamais des comptes.
sso-link-mailed = Si ce compte vous appartient, un lien pour terminer est en route vers son adresse. Il fonctionne une seule fois, pendant une heure.
sso-link-password = Mot de passe de ce compte
sso-link-submit = Associer et se connecter
sso-link-by-mail = M'envoyer plutôt un lien par e-mail
sso-link-confirm = Associer votre compte à votre identité { $provider } et vous connecter ?

## L'e-mail qui prouve un compte
