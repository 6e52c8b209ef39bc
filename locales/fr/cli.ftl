# Messages de la commande `parley` (cli.rs, la barre de progression de la démo), dans la
# langue de PARLEY_LANG ou de LANG. Français.

cli-error = erreur : { $error }
cli-config-error = erreur : configuration : { $error }
cli-migrations-applied = { $count ->
    [one] { $count } migration appliquée à { $database }
   *[other] { $count } migrations appliquées à { $database }
}
cli-database-up-to-date = La base de données est à jour.
cli-schema-current = Le schéma est à jour ({ $database }).
cli-migrations-pending = { $count ->
    [one] { $count } migration en attente sur { $database } :
   *[other] { $count } migrations en attente sur { $database } :
}
cli-reindexed = Index de recherche reconstruit : { $count } messages en { $seconds } s.
cli-user-created = Compte { $role } { $username } créé ({ $id }).
cli-token-created = Jeton { $name } créé pour { $username } (portées : { $scopes } ; expire le { $date }).
cli-token-shown-once = Il n'est affiché qu'une seule fois :
cli-token-no-member = aucun membre ne s'appelle { $username }
cli-token-no-community = aucune sous-communauté parmi { $communities } n'est visible par { $username }
cli-token-refused = { $username } ne peut pas avoir de jetons d'API { $kind } (l'adresse est-elle confirmée ? les jetons de service sont réservés aux administrateurs)
cli-serve-addresses = Parley : { $url }
cli-serve-demo-host = Page hôte de démonstration (un autre site qui intègre les widgets) : { $url }
cli-demo-brand = marque
cli-demo-roles = rôles
cli-demo-topics = sujets
cli-demo-done = terminé
