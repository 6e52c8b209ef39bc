# La liste des sous-communautés de l'accueil, les paramètres et les membres d'une
# sous-communauté (src/communities/views.rs). Français.

community-home-title = Accueil
community-list-heading = Communautés
community-new = Nouvelle sous-communauté
community-create = Créer une sous-communauté
community-list-empty = Aucune communauté pour l'instant
community-list-empty-admin = Créez la première sous-communauté pour l'une de vos gammes de produits.
community-list-empty-public = Rien n'est encore public ici.
community-sign-in = Connectez-vous
community-sign-in-to-see = pour voir les communautés dont vous faites partie.
community-list-empty-member = Vous ne pouvez encore voir aucune communauté.
community-team = Équipe
community-team-empty = Aucun modérateur nommé pour l'instant.
community-role-member = Membre
community-role-moderator = Modérateur
community-role-manager = Responsable
community-visibility-public = Publique
community-visibility-members = Membres connectés
community-visibility-employees = Employés uniquement
community-visibility-invite_only = Sur invitation

## Paramètres
community-settings-title = Paramètres : { $name }
community-field-slug = Adresse
community-field-slug-hint = Lettres minuscules, chiffres et tirets ; la page sera /c/<adresse>.
community-field-name = Nom
community-field-description = Description
community-field-accent = Couleur d'accent
community-field-logo = Logo
community-field-logo-hint = Une adresse https:// ou un chemin sur ce site (/…), affiché à côté du nom. Laissez vide pour aucun.
community-field-visibility = Qui peut la voir
community-field-position = Position
community-field-position-hint = Les plus petits nombres sont listés en premier.
community-field-watch = Niveau de suivi des nouveaux membres
community-field-watch-hint = Les membres qui arrivent à partir de maintenant commencent à ce niveau et peuvent le changer. Les membres actuels gardent le leur.
community-field-language = Langue par défaut
community-field-language-hint = La langue des nouveaux sujets et des pages quand le lecteur n'en a pas choisi (elle détermine aussi la façon dont la recherche les comprend).
community-field-wiki-rep = Réputation nécessaire pour modifier les wikis
community-field-wiki-rep-hint = Les membres qui ont au moins cette réputation peuvent modifier les wikis de cette sous-communauté ; les employés et les modérateurs le peuvent toujours. Vide : 100.
community-save = Enregistrer
community-categories = Catégories
community-categories-empty = Aucune catégorie pour l'instant : les sujets sont listés ensemble.
community-embedding = Intégration
community-embedding-link = Afficher cette sous-communauté sur votre site
community-embedding-rest = {" "}: origines autorisées, commentaires de page et extraits de code à coller.
community-results = Résultats et croissance
community-outcomes = Résultats
community-outcomes-rest = {" "}: questions traitées et résolues, délais de réponse, escalades, membres moteurs.
community-invitations = Invitations
community-invitations-rest = {" "}: liens avec une source et invitations personnelles ; quels canaux amènent des membres qui participent.
community-search-insights = Analyse des recherches
community-search-insights-rest = {" "}: ce que les gens ont cherché sans le trouver.

## Membres
community-members-title = Membres de { $name }
community-members-heading = Modérateurs, responsables et membres
community-members-empty = Personne n'a encore de rôle ici.
community-members-member = Membre
community-members-role = Rôle
community-members-actions = Actions
community-members-remove = Retirer
community-members-remove-label = Retirer { $name }
community-members-add-heading = Ajouter quelqu'un
community-members-username = Nom d'utilisateur
community-members-as-member = Membre (peut voir une communauté sur invitation)
community-members-add = Ajouter
