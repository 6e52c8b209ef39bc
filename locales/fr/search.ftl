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

# Les pages des manques de contenu (src/search/insights_views.rs).
search-insights-title = Statistiques de recherche
search-insights-title-for = Statistiques de recherche : { $name }
search-insights-lead = Ce que les gens ont cherché ces { $days } derniers jours, ce qui n'a rien donné, et ce qui a donné des résultats que personne n'a ouverts. Chaque recherche peut devenir un sujet wiki qui y répond. Le journal n'enregistre jamais qui a cherché.
search-insights-period = Période
search-insights-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
search-insights-empty = Aucune recherche sur cette période
search-insights-empty-hint = Les recherches faites sur la page de recherche, par l'API, dans les questions similaires du formulaire de rédaction et dans le champ de question intégré apparaissent ici.
search-insights-top = Recherches les plus fréquentes
search-insights-no-results = Recherches sans résultat
search-insights-no-results-none = Chaque recherche a trouvé quelque chose.
search-insights-no-clicks = Recherches avec résultats mais sans clic
search-insights-no-clicks-none = Pour chaque recherche fructueuse, un résultat a été ouvert.
search-insights-query = Recherche
search-insights-community = Sous-communauté
search-insights-searches = Recherches
search-insights-action = Action
search-insights-all = Toutes
search-insights-write = Rédiger la réponse
search-insights-community-for = Sous-communauté pour « { $query } »
search-insights-chart-title = Recherches les plus fréquentes, par nombre de recherches
search-insights-chart-caption = Les { $n } recherches les plus fréquentes ; le tableau contient les mêmes chiffres.
