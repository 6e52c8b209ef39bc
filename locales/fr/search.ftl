# La page de recherche (src/search/views.rs). Français.

search-title = Recherche
search-title-for = Recherche : { $text }
search-intro = Saisissez quelques mots : la recherche porte sur toutes les sous-communautés que vous pouvez voir.
search-for = Rechercher
search-button = Rechercher
search-filters = Filtres
search-community = Sous-communauté
search-all-communities = Toutes les sous-communautés
search-kind = Type
search-any = Tous
search-questions = Questions
search-tag = Mot-clé
search-author = Auteur (nom d'utilisateur)
search-from = Du
search-to = Au
search-order = Ordre
search-order-relevance = Les plus pertinents
search-order-newest = Les plus récents
search-apply-filters = Appliquer les filtres
search-clear-filters = Effacer les filtres
search-facets = Résultats par sous-communauté
search-facet-all = Toutes
search-results-for = { $count ->
    [one] { $count } résultat pour « { $text } »
   *[other] { $count } résultats pour « { $text } »
}
search-no-results = Aucun résultat pour « { $text } »
search-unknown-author = Personne ne s'appelle « { $name } » : vérifiez le nom d'utilisateur de l'auteur.
search-filters-narrow = Les filtres restreignent la recherche :
search-without-filters = rechercher sans eux
search-tip-fewer = Essayez avec moins de mots, ou des mots plus généraux.
search-tip-phrase = Mettez une expression entre "guillemets droits" pour trouver ces mots ensemble.
search-tip-minus = Mettez un signe moins devant un mot pour l'exclure :
search-tip-ask = Toujours rien ? Posez la question à la communauté : elle aidera la personne suivante.
search-in-reply = dans une réponse
search-pages = Pages de résultats
search-previous = Précédente
search-next = Suivante
search-page-number = Page { $number }
