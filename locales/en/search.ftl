# The search page (src/search/views.rs). English.

search-title = Search
search-title-for = Search: { $text }
search-intro = Type a few words: every sub-community you may see is searched.
search-for = Search for
search-button = Search
search-filters = Filters
search-community = Sub-community
search-all-communities = All sub-communities
search-kind = Kind
search-any = Any
search-questions = Questions
search-tag = Tag
search-author = Author (username)
search-from = From
search-to = To
search-order = Order
search-order-relevance = Most relevant
search-order-newest = Newest
search-apply-filters = Apply filters
search-clear-filters = Clear filters
search-facets = Results by sub-community
search-facet-all = All
search-results-for = { $count ->
    [one] { $count } result for “{ $text }”
   *[other] { $count } results for “{ $text }”
}
search-no-results = No results for “{ $text }”
search-unknown-author = Nobody is called “{ $name }”: check the author's username.
search-filters-narrow = Filters narrow the search:
search-without-filters = search without them
search-tip-fewer = Try fewer or more general words.
search-tip-phrase = Put a phrase in "double quotes" to find those words together.
search-tip-minus = Put a minus before a word to leave it out:
search-tip-ask = Still nothing? Ask the community: your question helps the next person.
search-in-reply = in a reply
search-pages = Result pages
search-previous = Previous
search-next = Next
search-page-number = Page { $number }

# The content-gaps pages (src/search/insights_views.rs).
search-insights-title = Search insights
search-insights-title-for = Search insights: { $name }
search-insights-lead = What people searched for in the last { $days } days, what found nothing, and what found something nobody opened. Each query can become a wiki topic that answers it. The log never records who searched.
search-insights-period = Period
search-insights-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
search-insights-empty = No searches in this period
search-insights-empty-hint = Searches made on the search page, through the API, in the composer's similar questions and in the embedded ask box appear here.
search-insights-top = Top queries
search-insights-no-results = Queries with no results
search-insights-no-results-none = Every query found something.
search-insights-no-clicks = Queries with results but no clicks
search-insights-no-clicks-none = Every query that found something had a result opened.
search-insights-query = Query
search-insights-community = Sub-community
search-insights-searches = Searches
search-insights-action = Action
search-insights-all = All
search-insights-write = Write the answer
search-insights-community-for = Sub-community for “{ $query }”
search-insights-chart-title = Top queries by number of searches
search-insights-chart-caption = Top { $n } queries; the table holds the same numbers.
